// End-to-end: embedding. The page is served with a strict Content-Security-Policy
// (tests/serve.mjs STRICT_CSP: no inline scripts, WebAssembly allowed, nothing from elsewhere); the
// example host page docs/embed-example.html embeds two scenarios, which must both render and play,
// pause when scrolled away, obey the host's postMessage commands and report events. Every test opens
// its own browser context (an embed never sees another page's autosave) and ends by asserting that
// no request left the page's own origin and that there was no console error (CSP violations are
// console errors), page error or HTTP error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STRICT_CSP } from '../serve.mjs';
import {
  DIST, ROOT, WAIT_MS, clockMoves, closeChecked, freshPage, launch, makePayload, ready, setSlider,
  text, tid, waitPlaying, waitText,
} from './support.mjs';

const VIEWPORT = { width: 1100, height: 760 };

const { server, browser } = await launch({
  headers: { 'content-security-policy': STRICT_CSP },
  mounts: { '/docs/': join(ROOT, 'docs') },
});

/** A fresh context for one test, at the embed-friendly viewport. */
function fresh(t, options = {}) {
  return freshPage(browser, { viewport: VIEWPORT, ...options }, { t });
}

/** Asserts nothing left the page's own origin, then closes the context and checks for errors. */
async function closeEmbed(s) {
  const outside = s.requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:')
    && u !== 'about:blank');
  assert.deepEqual(outside, [], 'no network requests beyond the page\'s own files');
  await closeChecked(s);
}

/** The Frame of the iframe with this id (it has waitForFunction, locator, evaluate). */
async function frameOf(page, id) {
  const handle = await page.waitForSelector(`#${id}`, { timeout: WAIT_MS });
  const frame = await handle.contentFrame();
  assert.ok(frame, `#${id} has a frame`);
  return frame;
}

const playing = (frame) => frame.locator(tid('play-pause')).getAttribute('aria-pressed');

async function waitVisible(page) {
  await page.waitForFunction(() => document.documentElement.dataset.visible === 'true', null,
    { timeout: WAIT_MS });
}

test('the build has no inline script (it runs under script-src \'self\')', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  const inline = [...html.matchAll(/<script\b([^>]*)>/g)].filter(([, attrs]) => !/\bsrc=/.test(attrs));
  assert.deepEqual(inline.map(([tag]) => tag), []);
});

test('an embed link under the strict CSP: minimal chrome, autoplay, a way out, nothing stored', async (t) => {
  // The link is made by the full page in a context of its own: its autosave stays there.
  const payload = await makePayload(browser, server.url);
  const s = await fresh(t);
  const { page } = s;
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

  // Even once the run's link has changed (a live action): the way out follows it, but the
  // embed's own URL and storage stay as they were.
  await setSlider(page, 'max');
  await page.waitForFunction(
    ([sel, was]) => document.querySelector(sel)?.getAttribute('href') !== was,
    [tid('open-full'), `${server.url}#s=${payload}`],
    { timeout: WAIT_MS },
  );
  assert.match(await open.getAttribute('href'), new RegExp(`^${server.url}#s=[A-Za-z0-9_-]+$`));
  assert.equal(await page.evaluate(() => location.hash), `#s=${payload}`, 'an embed never rewrites its URL');
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'an embed stores nothing');
  await closeEmbed(s);
});

test('an embed with autoplay=0 waits for play', async (t) => {
  const payload = await makePayload(browser, server.url);
  const s = await fresh(t);
  const { page } = s;
  await page.goto(`${server.url}?embed=1&autoplay=0#s=${payload}`);
  await ready(page);
  await waitVisible(page);
  assert.equal(await playing(page), 'false', 'autoplay=0 waits for play');
  await page.locator(tid('play-pause')).click();
  await waitPlaying(page, true);
  await clockMoves(page);
  await closeEmbed(s);
});

test('an embed does not autoplay for readers who prefer reduced motion', async (t) => {
  const payload = await makePayload(browser, server.url);
  const s = await fresh(t, { reducedMotion: 'reduce' });
  const { page } = s;
  await page.goto(`${server.url}?embed=1#s=${payload}`);
  await ready(page);
  await waitVisible(page);
  assert.equal(await playing(page), 'false', 'no autoplay for readers who prefer reduced motion');
  await closeEmbed(s);
});

test('an embed takes the theme and the controls from the query', async (t) => {
  const payload = await makePayload(browser, server.url);
  const s = await fresh(t);
  const { page } = s;
  await page.goto(`${server.url}?embed=1&theme=dark&controls=full#s=${payload}`);
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.embed), 'full');
  await closeEmbed(s);
});

test('the example page: both embeds render and play while visible, and pause when scrolled away', async (t) => {
  const s = await fresh(t);
  const { page } = s;
  await page.goto(`${server.url}docs/embed-example.html`);
  const first = await frameOf(page, 'stale');
  await ready(first);
  await waitPlaying(first, true);
  await clockMoves(first);

  await page.locator('#codedeploy').scrollIntoViewIfNeeded();
  const second = await frameOf(page, 'codedeploy');
  await ready(second);
  await waitPlaying(second, true);
  await clockMoves(second);
  await waitPlaying(first, false);

  await page.locator('#stale').scrollIntoViewIfNeeded();
  await waitPlaying(first, true);
  await waitPlaying(second, false);
  await closeEmbed(s);
});

test('the host page drives the embed and hears its events; bad messages are ignored', async (t) => {
  const s = await fresh(t);
  const { page } = s;
  await page.goto(`${server.url}docs/embed-example.html`);
  await page.locator('#codedeploy').scrollIntoViewIfNeeded();
  const embed = await frameOf(page, 'codedeploy');
  await ready(embed);
  // The embed says `ready` once it listens to the host; it autoplays once it is on screen.
  await page.waitForFunction(() => document.querySelector('#events [data-type="ready"]'), null,
    { timeout: WAIT_MS });
  await waitPlaying(embed, true);

  const click = (label) => page.locator('.host-controls button', { hasText: label }).click();
  await click('Pause');
  await waitPlaying(embed, false);
  await click('Jump to 10:00');
  await waitText(embed, 'sim-clock', '00:10:00');
  await click('Load 900');
  await waitText(embed, 'load-value', '900');

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
  await waitText(embed, 'sim-clock', '00:11:00');
  assert.equal(await playing(embed), 'false', 'junk changed nothing');
  assert.equal(await text(embed, 'load-value'), '900', 'junk changed nothing');

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
  assert.ok(s.warnings.some((w) => /ignored a message/.test(w)), 'the junk was logged as a warning');
  await closeEmbed(s);
});
