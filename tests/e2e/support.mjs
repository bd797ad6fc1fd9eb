// Shared pieces of the end-to-end tests: the browser, the server, a fresh browser context per test,
// and a console/response watcher that turns console errors, page errors and HTTP errors into a list
// each test asserts empty when it closes its context. Not a test file itself (node --test only runs
// *.test.mjs).
//
// The pattern every test follows (one browser and one server per file, one context per test):
//
//   test('...', async (t) => {
//     const s = await freshPage(browser, { viewport: ... }, { t });
//     await s.page.goto(server.url);
//     ...
//     await closeChecked(s); // closes the context, then asserts no console/page/HTTP errors
//   });
//
// A fresh context has empty storage (no autosave, no cookies), so no test sees another's state.
// Every wait is on a condition with WAIT_MS as its limit; there are no fixed sleeps.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from '../serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.DIST ?? join(ROOT, 'dist');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Generous: CI is 2 cores and also compiles; waits return as soon as their condition holds.
export const WAIT_MS = 120_000;
export const VIEWPORT = { width: 1280, height: 900 };

export const tid = (id) => `[data-testid="${id}"]`;

// The headless runner the file, import/export and compare tests hold the page to (`SCALEOUT_CLI`, or
// the debug build).
const exec = promisify(execFile);
const CLI = process.env.SCALEOUT_CLI
  ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug', 'scaleout');

/** Builds the runner unless `SCALEOUT_CLI` names one (a no-op when the build is fresh). */
export async function buildRunner() {
  if (!process.env.SCALEOUT_CLI) {
    await exec('cargo', ['build', '-q', '-p', 'scaleout-cli'], { cwd: ROOT, maxBuffer: 1 << 24 });
  }
  await access(CLI);
}

/** Runs `scaleout <args>` in the repository's root; resolves to its `{ stdout, stderr }`. */
export function runner(args) {
  return exec(CLI, args, { cwd: ROOT, maxBuffer: 1 << 26 });
}

/**
 * Serves dist/ on 127.0.0.1 and starts headless Chromium for one test file: call it at the
 * file's top level (`const { server, browser } = await launch();`). Both are closed after the
 * file's last test.
 */
export async function launch(serverOptions = {}) {
  await access(join(DIST, 'index.html')).catch(() => {
    throw new Error(`${DIST}/index.html is missing: run the release build first (scripts/test.sh build)`);
  });
  const server = await startServer(DIST, 0, serverOptions);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  after(async () => {
    await browser.close();
    await server.close();
  });
  return { server, browser };
}

/** Collects console errors, page errors and HTTP errors of `page` (and its frames) into `problems`. */
export function watch(page, problems, warnings = []) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    if (msg.type() === 'warning') warnings.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.url()}`);
  });
  return page;
}

/**
 * A new browser context (empty storage) with one page, for one test. Every page of the context
 * (popups too) is watched into `problems` (console errors, page errors, HTTP errors) and
 * `warnings` (console warnings); every request URL goes to `requests`. Waits and actions default
 * to WAIT_MS. With `t` (the test's context), the context is also closed after the test when the
 * test failed before `closeChecked`, so a failure never leaks a context into the next test.
 * Resolves to { context, page, problems, warnings, requests }.
 */
export async function freshPage(browser, contextOptions = {}, { problems = [], warnings = [], t } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, ...contextOptions });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const requests = [];
  const watched = new WeakSet();
  const watchOnce = (p) => {
    if (watched.has(p)) return;
    watched.add(p);
    watch(p, problems, warnings);
    p.on('request', (req) => requests.push(req.url()));
  };
  context.on('page', watchOnce);
  const fresh = { context, page: null, problems, warnings, requests, closed: false };
  t?.after(async () => {
    if (fresh.closed) return;
    fresh.closed = true;
    if (problems.length > 0) console.error(`problems seen in the failed test's page:\n  ${problems.join('\n  ')}`);
    await context.close().catch(() => {});
  });
  const page = await context.newPage();
  watchOnce(page);
  fresh.page = page;
  return fresh;
}

/** `freshPage` at `url`, resolved once the simulator is on screen (see `ready`). */
export async function openPage(browser, url, t, contextOptions = {}) {
  const s = await freshPage(browser, contextOptions, { t });
  await s.page.goto(url);
  await ready(s.page);
  return s;
}

/** Commits a value in a card field (found by its JSON path) the way a reader does: the value, then change. */
export async function setField(frameOrPage, path, value) {
  await frameOrPage.locator(`[data-path="${path}"]`).first().evaluate((el, v) => {
    if (el.tagName === 'SELECT') {
      el.value = v;
    } else {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      setter.call(el, v);
    }
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, String(value));
}

/** Closes a context from `freshPage`, then asserts it saw no console errors, page errors or HTTP errors. */
export async function closeChecked(fresh) {
  if (!fresh.closed) {
    fresh.closed = true;
    await fresh.context.close();
  }
  assert.deepEqual(fresh.problems, [], 'no console errors, page errors or HTTP errors');
}

/** Waits until the simulator is on screen (the instance grid has tiles). */
export async function ready(frameOrPage) {
  await frameOrPage.waitForFunction(
    (sel) => document.querySelectorAll(sel).length > 0,
    tid('instance'),
    { timeout: WAIT_MS },
  );
}

export async function text(frameOrPage, id) {
  return ((await frameOrPage.locator(tid(id)).first().textContent()) ?? '').trim();
}

/** Waits until the element `id` shows exactly `want` (trimmed). */
export async function waitText(frameOrPage, id, want) {
  await frameOrPage.waitForFunction(
    ([sel, w]) => document.querySelector(sel)?.textContent?.trim() === w,
    [tid(id), want],
    { timeout: WAIT_MS },
  );
}

/** Waits until play-pause says playing (`true`) or paused (`false`). */
export async function waitPlaying(frameOrPage, want) {
  await frameOrPage.waitForFunction(
    ([sel, w]) => document.querySelector(sel)?.getAttribute('aria-pressed') === w,
    [tid('play-pause'), String(want)],
    { timeout: WAIT_MS },
  );
}

/** Presses play-pause if needed so that the page plays (`true`) or pauses (`false`), and waits for it. */
export async function setPlaying(frameOrPage, want) {
  const button = frameOrPage.locator(tid('play-pause'));
  if (((await button.getAttribute('aria-pressed')) === 'true') !== want) await button.click();
  await waitPlaying(frameOrPage, want);
}

/** Waits until the simulated clock shows something other than it does now. */
export async function clockMoves(frameOrPage) {
  const before = await text(frameOrPage, 'sim-clock');
  await frameOrPage.waitForFunction(
    ([sel, was]) => document.querySelector(sel)?.textContent?.trim() !== was,
    [tid('sim-clock'), before],
    { timeout: WAIT_MS },
  );
}

/** Sets a range input's value the way a drag does: value, then `input` and `change` events. */
export async function setSlider(frameOrPage, value) {
  await frameOrPage.locator(tid('load-slider')).evaluate((el, v) => {
    const target = v === 'max' ? el.max : v === 'min' ? el.min : String(v);
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setter.call(el, target);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

/** Presses `step` `n` times, waiting for the clock to move after each press. */
export async function step(page, n) {
  for (let i = 0; i < n; i++) {
    const before = await text(page, 'sim-clock');
    await page.locator(tid('step')).click();
    await page.waitForFunction(
      ([sel, was]) => document.querySelector(sel)?.textContent?.trim() !== was,
      [tid('sim-clock'), before],
      { timeout: WAIT_MS },
    );
  }
}

/**
 * Presses `step` (one simulated minute, waiting for the clock each time) until `cond(arg)` holds
 * in the page, at most `max` times. Resolves to whether it holds.
 */
export async function stepUntil(page, cond, arg, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(cond, arg)) return true;
    await step(page, 1);
  }
  return page.evaluate(cond, arg);
}

/** The `s=` payload of the page's current URL. */
export async function payloadInUrl(page) {
  const hash = await page.evaluate(() => location.hash);
  const m = /[#&]s=([^&]*)/.exec(hash);
  return m ? m[1] : '';
}

/** Waits until the URL holds a link payload different from `previous` ('' = any), and returns it. */
export async function nextPayload(page, previous) {
  await page.waitForFunction(
    (was) => {
      const m = /[#&]s=([^&]*)/.exec(location.hash);
      return m && m[1] !== was;
    },
    previous,
    { timeout: WAIT_MS },
  );
  return payloadInUrl(page);
}

/**
 * A link payload made by the full page in a context of its own (closed, and checked for errors,
 * before this resolves): the bare page's scenario, or, with `act(page)`, the scenario after that
 * action changed the link. For tests that open a link without the page that made it having
 * touched their own context's storage.
 */
export async function makePayload(browser, url, act) {
  const s = await freshPage(browser);
  let payload;
  try {
    await s.page.goto(url);
    await ready(s.page);
    payload = await nextPayload(s.page, '');
    if (act) {
      await act(s.page);
      payload = await nextPayload(s.page, payload);
    }
  } catch (err) {
    await s.context.close().catch(() => {});
    throw err;
  }
  await closeChecked(s);
  return payload;
}

/** `freshPage` that accepts downloads, with a fresh directory `s.dir` to save them in. */
export async function freshDownloadPage(browser, t, dirPrefix) {
  const s = await freshPage(browser, { acceptDownloads: true }, { t });
  s.dir = await mkdtemp(join(tmpdir(), dirPrefix));
  return s;
}
