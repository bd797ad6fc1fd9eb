// End-to-end: the page's two bundles (docs/size.md, "Two bundles"), against the release build in
// headless Chromium under the strict Content-Security-Policy. index.html loads the EC2 bundle only
// (the first load); an ECS or EKS scenario, whichever way it arrives (the platform select, a link,
// the autosave, an embed), opens platforms.html, which loads the platforms bundle, with the same
// view options and the same run. Without the hand-over (web/src/share/bundle.rs) the EC2 bundle
// cannot run these scenarios and every test here fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STRICT_CSP } from '../serve.mjs';
import {
  DIST, ROOT, WAIT_MS, closeChecked, freshPage, launch, makePayload, nextPayload, payloadInUrl, ready,
  setPlaying, step, text, tid, waitText,
} from './support.mjs';

const { server, browser } = await launch({ headers: { 'content-security-policy': STRICT_CSP } });

const PLATFORMS_WASM = /scaleout-web-platforms-[0-9a-f]+_bg\.wasm$/;
const EC2_WASM = /scaleout-web-[0-9a-f]+_bg\.wasm$/;

/** Waits until the page is platforms.html and shows tiles in one of `states`. */
async function onPlatformsPage(page, states) {
  await page.waitForFunction(() => location.pathname.endsWith('/platforms.html'), null,
    { timeout: WAIT_MS });
  await page.waitForFunction(
    ([sel, want]) => [...document.querySelectorAll(sel)].some((e) => want.includes(e.dataset.state)),
    [tid('instance'), states],
    { timeout: WAIT_MS },
  );
}

const ECS_STATES = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING'];
const POD_PHASES = ['Pending', 'Running'];

test('both pages are built without inline scripts, each loading its own bundle', async () => {
  for (const [page, wasm] of [['index.html', EC2_WASM], ['platforms.html', PLATFORMS_WASM]]) {
    const html = await readFile(join(DIST, page), 'utf8');
    const inline = [...html.matchAll(/<script\b([^>]*)>/g)].filter(([, attrs]) => !/\bsrc=/.test(attrs));
    assert.deepEqual(inline.map(([tag]) => tag), [], `${page} has no inline script`);
    const named = [...html.matchAll(/href="\.\/([^"]+_bg\.wasm)"/g)].map(([, f]) => f);
    assert.equal(named.length, 1, `${page} preloads one wasm bundle`);
    assert.match(named[0], wasm, `${page} loads its own bundle`);
  }
});

test('the EC2 page loads the EC2 bundle only; the platform select hands ECS over with the view options', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(`${server.url}?lang=ko&theme=dark`);
  await ready(page);
  assert.ok(s.requests.some((u) => EC2_WASM.test(u)), 'the EC2 bundle loaded');
  assert.ok(!s.requests.some((u) => PLATFORMS_WASM.test(u)), 'the platforms bundle did not');
  await page.locator(tid('platform-select')).selectOption('ECS');
  await onPlatformsPage(page, ECS_STATES);
  assert.ok(s.requests.some((u) => PLATFORMS_WASM.test(u)), 'the platforms bundle loaded');
  assert.equal(await page.evaluate(() => location.search), '?lang=ko&theme=dark', 'the view options came along');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  assert.equal(await page.locator(tid('platform-select')).inputValue(), 'ECS');
  await closeChecked(s);
});

test('an EKS link opened on index.html lands on platforms.html with the same run at its time', async (t) => {
  // The link is made on platforms.html in a context of its own, as its share link would be.
  const payload = await makePayload(browser, `${server.url}platforms.html`, async (page) => {
    await page.locator(tid('preset-select')).selectOption('eks-hpa-spike');
  });
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(`${server.url}#s=${payload}&t=300`);
  await onPlatformsPage(page, POD_PHASES);
  await waitText(page, 'sim-clock', '00:05:00');
  assert.equal(await page.evaluate(() => location.hash), `#s=${payload}&t=300`, 'the same link');
  await closeChecked(s);
});

test('an EKS link pasted into the EC2 page\'s address bar goes over whole, its time included', async (t) => {
  const payload = await makePayload(browser, `${server.url}platforms.html`, async (page) => {
    await page.locator(tid('preset-select')).selectOption('eks-pods-pending');
  });
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(`${server.url}?lang=ko`);
  await ready(page);
  await page.evaluate((hash) => { location.hash = hash; }, `#s=${payload}&t=120`);
  await onPlatformsPage(page, POD_PHASES);
  await waitText(page, 'sim-clock', '00:02:00');
  assert.equal(await page.evaluate(() => location.search), '?lang=ko');
  assert.equal(await page.evaluate(() => location.hash), `#s=${payload}&t=120`);
  await closeChecked(s);
});

test('an ECS run in the autosave reopens on platforms.html from the bare page', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  await page.locator(tid('preset-select')).selectOption('ecs-circuit-breaker');
  await onPlatformsPage(page, ECS_STATES);
  // The platforms page autosaves the run; the bare page (no link) hands the autosave over.
  await page.waitForFunction(
    () => localStorage.getItem('scaleout.autosave.v1') === /[#&]s=([^&]*)/.exec(location.hash)?.[1],
    null,
    { timeout: WAIT_MS },
  );
  await page.goto(server.url);
  await onPlatformsPage(page, ECS_STATES);
  assert.equal(await page.locator(tid('platform-select')).inputValue(), 'ECS');
  await closeChecked(s);
});

test('an embed of an ECS run stays an embed on platforms.html', async (t) => {
  const payload = await makePayload(browser, `${server.url}platforms.html`, async (page) => {
    await page.locator(tid('platform-select')).selectOption('ECS');
  });
  const s = await freshPage(browser, { viewport: { width: 700, height: 420 } }, { t });
  const { page } = s;
  await page.goto(`${server.url}?embed=1#s=${payload}`);
  await onPlatformsPage(page, ECS_STATES);
  assert.equal(await page.evaluate(() => location.search), '?embed=1');
  assert.equal(await page.locator(tid('share-url')).isVisible(), false, 'no share bar in an embed');
  assert.equal(await page.locator(tid('open-full')).getAttribute('href'),
    `${server.url}platforms.html#s=${payload}`, 'the way out opens the platforms page');
  await closeChecked(s);
});

test('a comparison of ECS runs opened on index.html goes over with its A and compares there', async (t) => {
  // B is the ECS preset; A is the same run before B's desired count changed.
  const s0 = await freshPage(browser, {}, { t });
  let link;
  {
    const { page } = s0;
    await page.goto(`${server.url}platforms.html`);
    await ready(page);
    await page.locator(tid('preset-select')).selectOption('ecs-circuit-breaker');
    await page.locator(tid('compare-button')).click();
    await page.waitForFunction(() => /[#&]a=/.test(location.hash), null, { timeout: WAIT_MS });
    link = await page.evaluate(() => location.hash);
  }
  await closeChecked(s0);
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(`${server.url}${link}`);
  await onPlatformsPage(page, ECS_STATES);
  assert.equal(await page.evaluate(() => location.hash), link, 'the same fragment, A included');
  await page.locator(`${tid('compare-table')} tbody tr`).first().waitFor({ timeout: WAIT_MS });
  assert.ok(await page.locator(tid('compare-end')).isVisible(), 'the page compares');
  await closeChecked(s);
});

test('a host that answers platforms.html with index.html gets one load and the reason, not a reload loop', async (t) => {
  const payload = await makePayload(browser, `${server.url}platforms.html`, async (page) => {
    await page.locator(tid('platform-select')).selectOption('ECS');
  });
  const indexHtml = await readFile(join(DIST, 'index.html'), 'utf8');
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  // Such a host serves the EC2 page under platforms.html's name.
  await page.route(/\/platforms\.html(\?.*)?$/, (route) => route.fulfill({
    status: 200, contentType: 'text/html', body: indexHtml,
  }));
  let loads = 0;
  page.on('load', () => { loads += 1; });
  await page.goto(`${server.url}platforms.html#s=${payload}`);
  await page.locator(tid('error-banner')).waitFor({ timeout: WAIT_MS });
  assert.match(await page.locator(tid('error-banner')).innerText(), /EC2 scenarios only/);
  await ready(page);
  assert.equal(loads, 1, 'the page loaded once');
  assert.ok(!s.requests.some((u) => PLATFORMS_WASM.test(u)), 'the EC2 bundle ran it');
  assert.equal(await page.evaluate(() => location.pathname), '/platforms.html');
  await closeChecked(s);
});

test('an ECS file too large for a link is refused on the EC2 page with the reason; the current run stays', async (t) => {
  // 6,000 load changes: over the link's 64 KiB, within the simulator's limits.
  const scenario = JSON.parse(await readFile(join(ROOT, 'examples', 'ecs-rolling-deploy.json'), 'utf8'));
  scenario.actions = Array.from({ length: 6000 }, (_, i) => ({
    at_ms: 600 * i, action: { SetLoad: { rps: 100.25 + i } },
  }));
  const dir = await mkdtemp(join(tmpdir(), 'scaleout-bundles-'));
  const file = join(dir, 'ecs-too-large.json');
  await writeFile(file, JSON.stringify(scenario));
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  await setPlaying(page, false);
  await step(page, 3);
  const clock = await text(page, 'sim-clock');
  const payload = await nextPayload(page, '');
  await page.locator(tid('upload-json')).setInputFiles(file);
  await page.locator(tid('error-banner')).waitFor({ timeout: WAIT_MS });
  assert.match(await page.locator(tid('error-banner')).innerText(), /too large to pass on as a link/);
  // A restart would put the clock back to 00:00:00 and start another run.
  assert.equal(await text(page, 'sim-clock'), clock, 'the current run stays where it was');
  assert.equal(await page.evaluate(() => location.pathname), '/');
  assert.equal(await payloadInUrl(page), payload, 'the link is the same run');
  assert.ok(!s.requests.some((u) => PLATFORMS_WASM.test(u)), 'the platforms bundle was not loaded');
  await closeChecked(s);
});
