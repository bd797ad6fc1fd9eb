// End-to-end: the post's stories, built through the page's own cards and controls (no presets,
// no links), against the release build in headless Chromium. Each test opens the page in a browser
// context of its own (empty storage), picks a delivery method in the CodeDeploy card, releases
// revisions with the Deploy button, raises the load and watches the instance tiles (`data-state`,
// `data-revision`). Every wait is on a condition in the DOM, never a fixed sleep; each test ends by
// asserting that its context saw no console errors, page errors or HTTP errors. Screenshots in
// English and Korean land in tests/artifacts/. The performance figures (p95 frame time at 1x with
// 200 instances, navigation to first simulated frame) are printed, not asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ROOT, WAIT_MS, closeChecked, freshPage, launch, openPage, setField, setPlaying, setSlider, step,
  stepUntil, tid,
} from './support.mjs';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');

await mkdir(ARTIFACTS, { recursive: true });
const { server, browser } = await launch();
const open = (t, query = '', contextOptions = {}) =>
  openPage(browser, `${server.url}${query}`, t, contextOptions);

const allInService = (sel) => {
  const tiles = [...document.querySelectorAll(sel)];
  return tiles.length > 0 && tiles.every((t) => t.dataset.state === 'InService');
};

/** Records, on every animation frame, each tile's states and the revision it had in each state. */
async function watchTiles(page) {
  await page.evaluate((sel) => {
    window.__initial = new Set([...document.querySelectorAll(sel)].map((t) => t.title));
    window.__tiles = new Map();
    window.__gone = new Set();
    const look = () => {
      const now = new Set();
      for (const el of document.querySelectorAll(sel)) {
        now.add(el.title);
        const rec = window.__tiles.get(el.title) ?? { states: new Set(), inService: new Set() };
        rec.states.add(el.dataset.state);
        if (el.dataset.state === 'InService') rec.inService.add(el.dataset.revision);
        window.__tiles.set(el.title, rec);
      }
      for (const id of window.__tiles.keys()) if (!now.has(id)) window.__gone.add(id);
      window.__raf = requestAnimationFrame(look);
    };
    look();
  }, tid('instance'));
}

async function stopWatching(page) {
  await page.evaluate(() => cancelAnimationFrame(window.__raf));
}

async function deploy(page, revision) {
  await page.locator(tid('revision-picker')).selectOption(revision);
  await page.locator(tid('deploy-button')).click();
}

async function waitDeployment(page, revision, status = 'Succeeded') {
  await page.locator(`${tid('deployments')} li[data-revision="${revision}"][data-status="${status}"]`)
    .first().waitFor({ timeout: WAIT_MS });
}

async function setSpeed(page, multiplier) {
  await page.locator(tid('speed')).selectOption(String(multiplier));
}

async function setLang(page, lang) {
  await page.locator(tid('lang-select')).selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: WAIT_MS });
}

async function screenshots(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}-en.png`), fullPage: true });
  await setLang(page, 'ko');
  await page.screenshot({ path: join(ARTIFACTS, `${name}-ko.png`), fullPage: true });
  await setLang(page, 'en');
}

test('no automation: after Deploy v2, scale-out brings v1 back', async (t) => {
  const s = await open(t);
  const { page } = s;
  await setField(page, 'delivery.method', 'NoAutomation');
  // A steady load while the release goes out by hand (the default load is a rising wave).
  await setSlider(page, 80);
  assert.ok(await stepUntil(page, allInService, tid('instance')), 'the group settles');
  await deploy(page, 'v2');
  // By hand, one server after another: step until every running server shows v2.
  assert.ok(await stepUntil(page, (sel) => [...document.querySelectorAll(sel)]
    .every((el) => el.dataset.revision === 'v2'), tid('instance'), 20), 'the fleet runs v2');
  await watchTiles(page);
  await setSlider(page, 'max');
  await setSpeed(page, 600);
  await setPlaying(page, true);
  await page.waitForFunction(() => [...window.__tiles.entries()]
    .some(([id, r]) => !window.__initial.has(id) && r.inService.has('v1')), null, { timeout: WAIT_MS });
  await setPlaying(page, false);
  await stopWatching(page);
  const stale = await page.locator(`${tid('instance')}[data-revision="v1"]`).count();
  assert.ok(stale > 0, 'scale-out tiles show data-revision v1');
  await screenshots(page, 'story-no-automation');
  await closeChecked(s);
});

test('CodeDeploy: new instances pass Pending:Wait and get the last successful revision', async (t) => {
  const s = await open(t);
  const { page } = s;
  await setField(page, 'delivery.method', 'CodeDeploy');
  assert.ok(await stepUntil(page, allInService, tid('instance')), 'the group settles');
  await deploy(page, 'v2');
  await setSpeed(page, 60);
  await setPlaying(page, true);
  await waitDeployment(page, 'v2');
  await watchTiles(page);
  await setSlider(page, 'max');
  await setSpeed(page, 300);
  await page.waitForFunction(() => {
    const fresh = [...window.__tiles.entries()].filter(([id]) => !window.__initial.has(id));
    return fresh.filter(([, r]) => r.states.has('Pending:Wait') && r.inService.has('v2')).length >= 2;
  }, null, { timeout: WAIT_MS });
  await setPlaying(page, false);
  await stopWatching(page);
  const wrong = await page.evaluate(() => [...window.__tiles.entries()]
    .filter(([id, r]) => !window.__initial.has(id) && r.inService.has('v1')).map(([id]) => id));
  assert.deepEqual(wrong, [], 'no scale-out instance serves v1');
  await screenshots(page, 'story-codedeploy');
  await closeChecked(s);
});

test('a broken last revision loops: launched, failed, terminated, never InService on it', async (t) => {
  const s = await open(t);
  const { page } = s;
  await setField(page, 'delivery.method', 'CodeDeploy');
  assert.ok(await stepUntil(page, allInService, tid('instance')), 'the group settles');
  await setSpeed(page, 60);
  await deploy(page, 'v2');
  await setPlaying(page, true);
  await waitDeployment(page, 'v2');
  await deploy(page, 'v3-jdk11');
  await waitDeployment(page, 'v3-jdk11');
  await watchTiles(page);
  await setSlider(page, 'max');
  await setSpeed(page, 600);
  await page.waitForFunction(() => [...window.__gone].filter((id) => !window.__initial.has(id)).length >= 3,
    null, { timeout: WAIT_MS });
  await setPlaying(page, false);
  await stopWatching(page);
  const onBroken = await page.evaluate(() => [...window.__tiles.entries()]
    .filter(([id, r]) => !window.__initial.has(id) && r.inService.has('v3-jdk11')).map(([id]) => id));
  assert.deepEqual(onBroken, [], 'no new instance reaches InService on v3-jdk11');
  const failed = await page.locator(`${tid('deployments')} li[data-revision="v3-jdk11"][data-status="Failed"]`).count();
  assert.ok(failed > 0, 'the deployments panel shows the failed scale-out deployments');
  await screenshots(page, 'story-jdk11-loop');
  await closeChecked(s);
});

test('user data: a broken instance reaches InService', async (t) => {
  const s = await open(t);
  const { page } = s;
  await setField(page, 'delivery.method', 'UserData');
  assert.ok(await stepUntil(page, allInService, tid('instance')), 'the group settles');
  await deploy(page, 'v4-broken');
  await watchTiles(page);
  await setSlider(page, 'max');
  await setSpeed(page, 600);
  await setPlaying(page, true);
  // A new instance (launched by the scale-out) pulls the broken artifact at boot and nothing
  // stops it from serving.
  await page.waitForFunction(() => [...window.__tiles.entries()]
    .some(([id, r]) => !window.__initial.has(id) && r.inService.has('v4-broken')), null, { timeout: WAIT_MS });
  await setPlaying(page, false);
  await stopWatching(page);
  assert.ok(await page.locator(`${tid('instance')}[data-state="InService"][data-revision="v4-broken"]`).count() > 0,
    'InService tiles show the broken revision');
  await screenshots(page, 'story-user-data');
  await closeChecked(s);
});

test('run to the end, then scrub the timeline', async (t) => {
  const s = await open(t);
  const { page } = s;
  await setField(page, 'horizon_s', 2 * 86_400);
  await page.locator(tid('run-to-end')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.value >= 100, tid('run-progress'),
    { timeout: WAIT_MS });
  assert.match((await page.locator(tid('sim-clock')).textContent()) ?? '', /^2d 00:00:00$/);
  const scrub = page.locator(tid('scrub'));
  assert.equal(await scrub.isDisabled(), false);
  const half = await scrub.evaluate((el) => {
    const v = Math.floor(Number(el.max) / 2);
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return v;
  });
  assert.ok(half > 1000, `a two-day run has a sample per minute (scrub max ${2 * half})`);
  await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want,
    [tid('scrub-minute'), `${half + 1} min`], { timeout: WAIT_MS });
  await page.screenshot({ path: join(ARTIFACTS, 'run-to-end-scrubbed.png'), fullPage: true });
  await closeChecked(s);
});

test('keyboard: play, step and tile details work without a mouse', async (t) => {
  const s = await open(t);
  const { page } = s;
  await page.locator(tid('step')).focus();
  const before = await page.locator(tid('sim-clock')).textContent();
  await page.keyboard.press('Enter');
  await page.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent !== was,
    [tid('sim-clock'), before], { timeout: WAIT_MS });
  await page.locator(tid('play-pause')).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true',
    tid('play-pause'), { timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'false',
    tid('play-pause'), { timeout: WAIT_MS });
  await page.locator(tid('instance')).first().focus();
  await page.keyboard.press('Enter');
  await page.locator(tid('instance-details')).waitFor({ timeout: WAIT_MS });
  const label = await page.locator(tid('instance')).first().getAttribute('aria-label');
  assert.match(label ?? '', /^i-\S+ \S+ Revision /, 'each tile has a spoken label');
  await closeChecked(s);
});

test('phone width: no sideways scrolling, tiles and controls still usable', async (t) => {
  const s = await open(t, '?lang=ko', { viewport: { width: 390, height: 844 } });
  const { page } = s;
  await page.waitForFunction(() => document.documentElement.lang === 'ko', null, { timeout: WAIT_MS });
  await step(page, 1);
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
  await page.locator(tid('instance')).first().click();
  await page.locator(tid('instance-details')).waitFor({ timeout: WAIT_MS });
  await page.screenshot({ path: join(ARTIFACTS, 'phone-ko.png'), fullPage: true });
  await closeChecked(s);
});

test('performance: first simulated frame and p95 frame time at 1x with 200 instances', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  // Times the page's own work in every animation frame: the rAF callback (advancing the
  // simulator) plus the microtasks it queues (Yew's render), by wrapping requestAnimationFrame.
  await page.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    window.__rawRaf = raf;
    window.__work = [];
    window.requestAnimationFrame = (cb) => raf((ts) => {
      const t0 = performance.now();
      cb(ts);
      queueMicrotask(() => queueMicrotask(() => queueMicrotask(() => {
        window.__work.push(performance.now() - t0);
      })));
    });
  });
  await page.goto(server.url);
  await page.locator(tid('instance')).first().waitFor({ timeout: WAIT_MS });
  const firstFrame = await page.evaluate(() =>
    performance.getEntriesByName('scaleout-first-frame')[0]?.startTime ?? NaN);
  await setField(page, 'group.max_size', 250);
  await setField(page, 'group.min_size', 200);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 200, tid('instance'),
    { timeout: WAIT_MS });
  await setSpeed(page, 1);
  await setPlaying(page, true);
  await page.evaluate(() => { window.__work = []; });
  const frames = await page.evaluate(() => new Promise((done) => {
    const out = [];
    let last = performance.now();
    const tick = (ts) => {
      out.push(ts - last);
      last = ts;
      if (out.length < 240) window.__rawRaf(tick); else done(out.slice(10));
    };
    window.__rawRaf(tick);
  }));
  const work = await page.evaluate(() => window.__work.slice());
  await setPlaying(page, false);
  const pct = (xs, p) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  };
  const tiles = await page.locator(tid('instance')).count();
  console.log(`PERF first simulated frame after navigation: ${firstFrame.toFixed(0)} ms`);
  console.log(`PERF frame interval at 1x, ${tiles} instances: p50 ${pct(frames, 0.5).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, max ${pct(frames, 1).toFixed(1)} ms (${frames.length} frames)`);
  console.log(`PERF page work per frame at 1x, ${tiles} instances: p50 ${pct(work, 0.5).toFixed(2)} ms, p95 ${pct(work, 0.95).toFixed(2)} ms, max ${pct(work, 1).toFixed(2)} ms (${work.length} frames)`);
  assert.ok(Number.isFinite(firstFrame));
  await closeChecked(s);
});
