// End-to-end (issue 6): embedding. The page is served with a strict Content-Security-Policy
// (tests/serve.mjs STRICT_CSP: no inline scripts, WebAssembly allowed, nothing from elsewhere); the
// example host page docs/embed-example.html embeds two scenarios, which must both render and play,
// pause when scrolled away, obey the host's postMessage commands and report events. No request may
// leave the page's own origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STRICT_CSP } from '../serve.mjs';
import { DIST, ROOT, SHARE_BUILT, UNLESS_SHARE, WAIT_MS, launch, ready, text, tid, watch } from './support.mjs';

let server;
let browser;
let page;
const problems = [];
const warnings = [];
const requests = [];

before(async () => {
  if (!SHARE_BUILT) return;
  ({ server, browser } = await launch({
    headers: { 'content-security-policy': STRICT_CSP },
    mounts: { '/docs/': join(ROOT, 'docs') },
  }));
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  page = watch(await context.newPage(), problems, warnings);
  page.on('request', (req) => requests.push(req.url()));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The Frame of the iframe with this id (it has waitForFunction, locator, evaluate). */
async function frameOf(id) {
  const handle = await page.waitForSelector(`#${id}`, { timeout: WAIT_MS });
  const frame = await handle.contentFrame();
  assert.ok(frame, `#${id} has a frame`);
  return frame;
}

const playing = (frame) => frame.locator(tid('play-pause')).getAttribute('aria-pressed');

async function waitPlaying(frame, want) {
  await frame.waitForFunction(
    ([sel, w]) => document.querySelector(sel)?.getAttribute('aria-pressed') === w,
    [tid('play-pause'), String(want)],
    { timeout: WAIT_MS },
  );
}

async function clockMoves(frame) {
  const before = await text(frame, 'sim-clock');
  await frame.waitForFunction(
    ([sel, was]) => document.querySelector(sel)?.textContent !== was,
    [tid('sim-clock'), before],
    { timeout: WAIT_MS },
  );
}

test('the build has no inline script (it runs under script-src \'self\')', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const inline = [...html.matchAll(/<script\b([^>]*)>/g)].filter(([, attrs]) => !/\bsrc=/.test(attrs));
  assert.deepEqual(inline.map(([tag]) => tag), []);
});

test('an embed link under the strict CSP: minimal chrome, autoplay, a way out', UNLESS_SHARE, async () => {
  await page.goto(server.url);
  await ready(page);
  const link = await page.locator(tid('share-url')).inputValue();
  const payload = /#s=([^&]*)/.exec(link)[1];

  await page.goto(`${server.url}?embed=1&lang=ko#s=${payload}`);
  await ready(page);
  await waitPlaying(page, true);
  await clockMoves(page);
  assert.equal(await page.locator(tid('share-url')).isVisible(), false, 'no share bar in an embed');
  const open = page.locator(tid('open-full'));
  assert.equal(await open.getAttribute('href'), `${server.url}#s=${payload}`);
  assert.equal(await open.getAttribute('target'), '_blank');
  assert.match(await open.textContent(), /전체 시뮬레이터/, 'in the embed\'s language');
  assert.equal(await page.evaluate(() => location.hash), `#s=${payload}`, 'an embed never rewrites its URL');
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'an embed stores nothing');

  await page.goto(`${server.url}?embed=1&autoplay=0#s=${payload}`);
  await ready(page);
  await page.waitForFunction(() => document.documentElement.dataset.visible === 'true', null,
    { timeout: WAIT_MS });
  assert.equal(await playing(page), 'false', 'autoplay=0 waits for play');

  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('about:blank');
  await page.goto(`${server.url}?embed=1#s=${payload}`);
  await ready(page);
  await page.waitForFunction(() => document.documentElement.dataset.visible === 'true', null,
    { timeout: WAIT_MS });
  assert.equal(await playing(page), 'false', 'no autoplay for readers who prefer reduced motion');
  await page.emulateMedia({ reducedMotion: 'no-preference' });

  await page.goto(`${server.url}?embed=1&theme=dark&controls=full#s=${payload}`);
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.embed), 'full');
});

test('the example page: both embeds render and play while visible, and pause when scrolled away', UNLESS_SHARE, async () => {
  await page.goto(`${server.url}docs/embed-example.html`);
  const first = await frameOf('stale');
  await ready(first);
  await waitPlaying(first, true);
  await clockMoves(first);

  await page.locator('#codedeploy').scrollIntoViewIfNeeded();
  const second = await frameOf('codedeploy');
  await ready(second);
  await waitPlaying(second, true);
  await clockMoves(second);
  await waitPlaying(first, false);

  await page.locator('#stale').scrollIntoViewIfNeeded();
  await waitPlaying(first, true);
  await waitPlaying(second, false);
});

test('the host page drives the embed and hears its events; bad messages are ignored', UNLESS_SHARE, async () => {
  await page.locator('#codedeploy').scrollIntoViewIfNeeded();
  const embed = await frameOf('codedeploy');
  const click = (label) => page.locator('.host-controls button', { hasText: label }).click();
  await click('Pause');
  await waitPlaying(embed, false);
  await click('Jump to 10:00');
  await embed.waitForFunction((sel) => document.querySelector(sel)?.textContent === '00:10:00',
    tid('sim-clock'), { timeout: WAIT_MS });
  await click('Load 900');
  await embed.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '900',
    tid('load-value'), { timeout: WAIT_MS });

  // Junk from the host: ignored with a warning, never an error.
  await page.evaluate(() => {
    const w = document.getElementById('codedeploy').contentWindow;
    for (const m of ['play', 42, null, { type: 'play' }, { scaleout: 1, type: 'explode' },
      { scaleout: 1, type: 'setLoad', rps: -3 }, { scaleout: 1, type: 'seek', t: 'soon' }]) {
      w.postMessage(m, '*');
    }
  });
  // Messages are handled in order: a valid one after the junk proves the junk was processed.
  await page.evaluate(() => document.getElementById('codedeploy').contentWindow
    .postMessage({ scaleout: 1, type: 'seek', t: 660 }, '*'));
  await embed.waitForFunction((sel) => document.querySelector(sel)?.textContent === '00:11:00',
    tid('sim-clock'), { timeout: WAIT_MS });
  assert.equal(await playing(embed), 'false', 'junk changed nothing');

  await click('Play');
  await waitPlaying(embed, true);
  // High load: the alarm fires and the group scales out; the host hears both.
  await page.waitForFunction(() => document.querySelector('#events [data-type="scale-out"]'), null,
    { timeout: WAIT_MS });
  await page.waitForFunction(() => document.querySelector('#events [data-type="alarm"]'), null,
    { timeout: WAIT_MS });
  await click('Deploy v2 again');
  await page.waitForFunction(() => document.querySelector('#events [data-type="deployment-finished"]'),
    null, { timeout: WAIT_MS });
  assert.equal(await page.locator('#events [data-type="ready"]').count(), 1, 'one ready event');
  assert.ok(warnings.some((w) => /ignored a message/.test(w)), 'the junk was logged as a warning');
});

test('no network requests beyond the page\'s own files', UNLESS_SHARE, () => {
  const outside = requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:')
    && u !== 'about:blank');
  assert.deepEqual(outside, []);
});

test('no console errors (CSP violations would be errors)', UNLESS_SHARE, () => {
  assert.deepEqual(problems, []);
});
