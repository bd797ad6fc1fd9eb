// End-to-end: the release build (dist/) in headless Chromium, driven by playwright-core.
//
// The story a user sees: raise the load, play fast, watch the group launch instances (Pending tiles,
// then more InService), lower the load, watch it scale in. Every test opens its own browser context
// and starts from the bare page. Every wait is on a condition in the DOM, never a fixed sleep; no
// console errors, page errors or HTTP errors are allowed along the way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
// The browser, server, DIST (dist/ or $DIST) and timeouts are shared with the other E2E files.
import {
  ROOT, WAIT_MS, closeChecked, freshPage, launch, ready, setPlaying, setSlider, step, stepUntil, tid,
} from './support.mjs';

const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const DOCS_SCREENSHOT = join(ROOT, 'docs', 'screenshot.png');

await mkdir(ARTIFACTS, { recursive: true });
const { server, browser } = await launch();

async function readNumber(page, id) {
  const text = (await page.locator(tid(id)).textContent()) ?? '';
  const n = Number.parseInt(text.trim(), 10);
  assert.ok(Number.isFinite(n), `${id} should show a number, got ${JSON.stringify(text)}`);
  return n;
}

/** True when every tile is InService and the in-service count equals the desired capacity. */
const settled = ([tileSel, inSel, desSel]) => {
  const tiles = [...document.querySelectorAll(tileSel)];
  const inService = Number.parseInt(document.querySelector(inSel)?.textContent ?? '', 10);
  const desired = Number.parseInt(document.querySelector(desSel)?.textContent ?? '', 10);
  return tiles.length > 0 && tiles.every((t) => t.dataset.state === 'InService')
    && inService === desired && inService > 0;
};
const SETTLED_ARG = [tid('instance'), tid('in-service-count'), tid('desired-capacity')];

/**
 * The group starts with instances still booting. Presses step (a fixed 60 s of simulated time,
 * waiting for the clock each time) until every instance is InService, so a scale-out is measured
 * from a settled group.
 */
async function settle(page) {
  await step(page, 1);
  return stepUntil(page, settled, SETTLED_ARG, 30);
}

test('the page loads with the controls and the instance grid', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  for (const id of ['load-slider', 'play-pause', 'step', 'speed', 'sim-clock', 'instance-grid',
    'desired-capacity', 'in-service-count', 'activity-log']) {
    await page.locator(tid(id)).waitFor({ state: 'attached', timeout: WAIT_MS });
  }
  assert.equal(await page.locator(tid('error-banner')).count(), 0, 'no error banner for the demo scenario');
  assert.match((await page.locator(tid('sim-clock')).textContent()) ?? '', /^\d{2}:\d{2}:\d{2}$/);
  await ready(page);
  await closeChecked(s);
});

test('step lets the initial instances boot; the group settles', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  assert.ok(await settle(page), 'the initial instances are all InService after 30 simulated minutes');
  await closeChecked(s);
});

test('high load scales out through Pending, low load scales back in', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  assert.ok(await settle(page), 'the group settles before the load rises');
  const startInService = await readNumber(page, 'in-service-count');

  // Record every lifecycle state a tile shows, checked on every animation frame: a Pending tile
  // lives for a few simulated minutes, which is several frames at 60x however slow the frames are
  // (one frame advances at most 250 ms x 60 = 15 simulated seconds).
  await page.evaluate((sel) => {
    window.__seenStates = new Set();
    const look = () => {
      for (const el of document.querySelectorAll(sel)) window.__seenStates.add(el.dataset.state);
      window.__seenRaf = requestAnimationFrame(look);
    };
    look();
  }, tid('instance'));

  await setSlider(page, 'max');
  await page.locator(tid('speed')).selectOption('60');
  await setPlaying(page, true);

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
  // Pause to read a consistent fleet (the run goes on where it was when played again).
  await setPlaying(page, false);
  const peak = await readNumber(page, 'in-service-count');
  assert.ok(peak > startInService, `in service grew: ${startInService} -> ${peak}`);
  assert.ok((await readNumber(page, 'desired-capacity')) >= peak, 'desired capacity is at least the in-service count');
  assert.ok((await page.locator(`${tid('activity-log')} li`).count()) > 0, 'the scale-out is in the activity log');

  const scaleOutShot = join(ARTIFACTS, 'scale-out.png');
  await page.screenshot({ path: scaleOutShot, fullPage: true });
  const docsMissing = await access(DOCS_SCREENSHOT).then(() => false, () => true);
  if (docsMissing || process.env.UPDATE_SCREENSHOT === '1') {
    await mkdir(dirname(DOCS_SCREENSHOT), { recursive: true });
    await copyFile(scaleOutShot, DOCS_SCREENSHOT);
  }

  // Scale-in waits out longer alarm windows and cooldowns: run faster.
  await setSlider(page, 'min');
  await page.locator(tid('speed')).selectOption('600');
  await setPlaying(page, true);
  await page.waitForFunction(
    ([sel, top]) => Number.parseInt(document.querySelector(sel)?.textContent ?? '', 10) < top,
    [tid('in-service-count'), peak],
    { timeout: WAIT_MS, polling: 100 },
  );
  await setPlaying(page, false);
  const after = await readNumber(page, 'in-service-count');
  assert.ok(after < peak, `in service shrank: ${peak} -> ${after}`);

  await page.evaluate(() => cancelAnimationFrame(window.__seenRaf));
  await page.screenshot({ path: join(ARTIFACTS, 'scale-in.png'), fullPage: true });
  await closeChecked(s);
});
