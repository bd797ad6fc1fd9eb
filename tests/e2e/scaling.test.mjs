// End-to-end: the release build (dist/) in headless Chromium, driven by playwright-core.
//
// The story a user sees: raise the load, play fast, watch the group launch instances (Pending tiles, then
// more InService), lower the load, watch it scale in. Every wait is on a condition in the DOM, never a
// fixed sleep. No console errors are allowed along the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { access, copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
// The browser, server, DIST (dist/ or $DIST) and timeouts are shared with the other E2E files.
import { ROOT, WAIT_MS, launch, tid } from './support.mjs';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const DOCS_SCREENSHOT = join(ROOT, 'docs', 'screenshot.png');

let server;
let browser;
let page;
const consoleErrors = [];


async function readNumber(id) {
  const text = (await page.locator(tid(id)).textContent()) ?? '';
  const n = Number.parseInt(text.trim(), 10);
  assert.ok(Number.isFinite(n), `${id} should show a number, got ${JSON.stringify(text)}`);
  return n;
}

/** Sets a range input's value the way a drag does: value, then `input` and `change` events. */
async function setSlider(value) {
  await page.locator(tid('load-slider')).evaluate((el, v) => {
    const target = v === 'max' ? el.max : v === 'min' ? el.min : String(v);
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setter.call(el, target);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

async function setSpeed(multiplier) {
  await page.locator(tid('speed')).selectOption(String(multiplier));
}

async function ensurePlaying() {
  const button = page.locator(tid('play-pause'));
  if ((await button.getAttribute('aria-pressed')) !== 'true') {
    await button.click();
  }
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true',
    tid('play-pause'),
  );
}

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  ({ server, browser } = await launch());
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) consoleErrors.push(`HTTP ${res.status()} ${res.url()}`);
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the page loads with the controls and the instance grid', async () => {
  await page.goto(server.url);
  for (const id of ['load-slider', 'play-pause', 'step', 'speed', 'sim-clock', 'instance-grid',
    'desired-capacity', 'in-service-count', 'activity-log']) {
    await page.locator(tid(id)).waitFor({ state: 'attached', timeout: WAIT_MS });
  }
  assert.equal(await page.locator(tid('error-banner')).count(), 0, 'no error banner for the demo scenario');
  assert.match((await page.locator(tid('sim-clock')).textContent()) ?? '', /^\d{2}:\d{2}:\d{2}$/);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length > 0, tid('instance'));
});

test('step lets the initial instances boot; the group settles', async () => {
  // The group starts with instances still booting. Press step (a fixed 60 s of simulated time) until
  // every instance is InService, so the scale-out below is measured from a settled group.
  const before = (await page.locator(tid('sim-clock')).textContent()) ?? '';
  await page.locator(tid('step')).click();
  await page.waitForFunction(
    ([sel, was]) => document.querySelector(sel)?.textContent !== was,
    [tid('sim-clock'), before],
  );
  for (let i = 0; i < 30 && !(await settled()); i++) {
    await page.locator(tid('step')).click();
  }
  assert.ok(await settled(), 'the initial instances are all InService after 30 simulated minutes');
});

/** True when every tile is InService and the in-service count equals the desired capacity. */
async function settled() {
  return page.evaluate(([tileSel, inSel, desSel]) => {
    const tiles = [...document.querySelectorAll(tileSel)];
    const inService = Number.parseInt(document.querySelector(inSel)?.textContent ?? '', 10);
    const desired = Number.parseInt(document.querySelector(desSel)?.textContent ?? '', 10);
    return tiles.length > 0 && tiles.every((t) => t.dataset.state === 'InService')
      && inService === desired && inService > 0;
  }, [tid('instance'), tid('in-service-count'), tid('desired-capacity')]);
}

test('high load scales out through Pending, low load scales back in', async () => {
  const startInService = await readNumber('in-service-count');

  // Record every lifecycle state a tile shows, checked on every animation frame: a Pending tile
  // lives for a few simulated minutes, which is well over a frame at 60x.
  await page.evaluate((sel) => {
    window.__seenStates = new Set();
    const look = () => {
      for (const el of document.querySelectorAll(sel)) window.__seenStates.add(el.dataset.state);
      window.__seenRaf = requestAnimationFrame(look);
    };
    look();
  }, tid('instance'));

  await setSlider('max');
  await setSpeed(60);
  await ensurePlaying();

  await page.waitForFunction(
    () => window.__seenStates.has('Pending'),
    null,
    { timeout: WAIT_MS, polling: 100 },
  );
  await page.waitForFunction(
    ([sel, start]) => Number.parseInt(document.querySelector(sel)?.textContent ?? '', 10) > start,
    [tid('in-service-count'), startInService],
    { timeout: WAIT_MS, polling: 100 },
  );
  assert.ok((await readNumber('in-service-count')) > startInService, 'in service grew');

  // Let the scale-out run on until the fleet is clearly bigger (or at its maximum size), so the
  // screenshot shows it.
  await page.waitForFunction(
    ([inSel, desSel, start]) => {
      const inService = Number.parseInt(document.querySelector(inSel)?.textContent ?? '', 10);
      const maxSize = Number.parseInt(document.querySelector(desSel)?.dataset.maxSize ?? '', 10);
      return inService >= Math.min(start + 4, maxSize);
    },
    [tid('in-service-count'), tid('desired-capacity'), startInService],
    { timeout: WAIT_MS, polling: 100 },
  );
  const peak = await readNumber('in-service-count');
  assert.ok(peak > startInService, `in service grew: ${startInService} -> ${peak}`);
  assert.ok((await readNumber('desired-capacity')) >= peak, 'desired capacity is at least the in-service count');
  assert.ok((await page.locator(`${tid('activity-log')} li`).count()) > 0, 'the scale-out is in the activity log');

  const scaleOutShot = join(ARTIFACTS, 'scale-out.png');
  await page.screenshot({ path: scaleOutShot, fullPage: true });
  const docsMissing = await access(DOCS_SCREENSHOT).then(() => false, () => true);
  if (docsMissing || process.env.UPDATE_SCREENSHOT === '1') {
    await mkdir(dirname(DOCS_SCREENSHOT), { recursive: true });
    await copyFile(scaleOutShot, DOCS_SCREENSHOT);
  }

  // Scale-in waits out longer alarm windows and cooldowns: run faster.
  await setSlider('min');
  await setSpeed(600);
  await page.waitForFunction(
    ([sel, top]) => Number.parseInt(document.querySelector(sel)?.textContent ?? '', 10) < top,
    [tid('in-service-count'), peak],
    { timeout: WAIT_MS, polling: 100 },
  );
  const after = await readNumber('in-service-count');
  assert.ok(after < peak, `in service shrank: ${peak} -> ${after}`);

  await page.evaluate(() => cancelAnimationFrame(window.__seenRaf));
  await page.screenshot({ path: join(ARTIFACTS, 'scale-in.png'), fullPage: true });
});

test('no console errors', () => {
  assert.deepEqual(consoleErrors, []);
});
