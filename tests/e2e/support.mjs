// Shared pieces of the issue-6 end-to-end tests (links, embed, files): the browser, the server, and a
// console/response watcher that turns console errors, page errors and HTTP errors into a list the
// tests assert empty. Not a test file itself (node --test only runs *.test.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = process.env.DIST ?? join(ROOT, 'dist');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Generous: CI is 2 cores and also compiles; waits return as soon as their condition holds.
export const WAIT_MS = 120_000;

/**
 * True when dist/ was built with issue 6 (the cargo feature `share`, see web/Cargo.toml): only then
 * does the wasm-bindgen glue bind IntersectionObserver. Without it the issue-6 tests are skipped
 * (and say so); build with `TRUNK_BUILD_FEATURES=share` to run them.
 */
export const SHARE_BUILT = existsSync(DIST) && readdirSync(DIST)
  .filter((f) => f.endsWith('.js'))
  .some((f) => readFileSync(join(DIST, f), 'utf8').includes('IntersectionObserver'));
export const UNLESS_SHARE = {
  skip: SHARE_BUILT ? false : 'issue 6 is not in this build: cargo feature `share` off (web/Cargo.toml)',
};

export const tid = (id) => `[data-testid="${id}"]`;

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

/** The `s=` payload of the page's current URL. */
export async function payloadInUrl(page) {
  const hash = await page.evaluate(() => location.hash);
  const m = /[#&]s=([^&]*)/.exec(hash);
  return m ? m[1] : '';
}
