// End-to-end: every input costs bounded work, and the user's run is never lost silently. A dragged
// slider records one action per simulated minute (the link stays short and replays the run); a
// long seek moves a slice at a time with its progress on screen; a scenario over the work limit
// is refused with the reason and the current run stays; a refused autosave is said out loud.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, WAIT_MS, closeChecked, freshPage, launch, nextPayload, payloadInUrl, ready, text, tid,
} from './support.mjs';

const { server, browser } = await launch();
const dir = await mkdtemp(join(tmpdir(), 'scaleout-bounded-'));

async function scenarioFile(name, edit) {
  const s = JSON.parse(await readFile(join(ROOT, 'examples', 'target-tracking.json'), 'utf8'));
  edit(s);
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(s));
  return path;
}

async function upload(page, path) {
  await page.locator(tid('upload-json')).setInputFiles(path);
}

test('dragging the slider thousands of times records one action per minute; the link replays it', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  const first = await nextPayload(page, '');
  // 4,000 input events in one go (paused: all at the same simulated moment), then 3 minutes on.
  await page.locator(tid('load-slider')).evaluate((el) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    for (let i = 0; i < 4000; i++) {
      setter.call(el, String(100 + (i % 900)));
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  for (let i = 0; i < 3; i++) {
    const before = await text(page, 'sim-clock');
    await page.locator(tid('step')).click();
    await page.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent !== was,
      [tid('sim-clock'), before]);
  }
  const payload = await nextPayload(page, first);
  assert.ok(payload.length < first.length + 200,
    `4,000 drags add one action, not 4,000: ${first.length} -> ${payload.length} characters`);
  await page.waitForFunction((p) => localStorage.getItem('scaleout.autosave.v1') === p, payload);
  assert.equal(await page.locator(tid('save-notice')).count(), 0);
  // The link replays the run: the same load shown after the same steps.
  const loadHere = await page.locator(tid('load-slider')).inputValue();
  const s2 = await freshPage(browser, {}, { t });
  await s2.page.goto(`${server.url}#s=${payload}&t=180`);
  await ready(s2.page);
  await s2.page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('00:03:00'),
    tid('sim-clock'));
  assert.equal(await s2.page.locator(tid('load-slider')).inputValue(), loadHere);
  await closeChecked(s2);
  await closeChecked(s);
});

test('a long seek (t=7d on 2,000 instances) goes a slice at a time, with its progress shown', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  const before = await nextPayload(page, '');
  await upload(page, await scenarioFile('big.json', (x) => {
    x.horizon_s = 7 * 86400;
    x.group.min_size = 2000;
    x.group.max_size = 2000;
    x.group.desired_capacity = 2000;
  }));
  const big = await nextPayload(page, before);
  const s2 = await freshPage(browser, {}, { t });
  await s2.page.goto(`${server.url}#s=${big}&t=604800`);
  // Somewhere between the start and the end the progress bar shows where the seek is: the
  // page was drawing while the simulator worked.
  await s2.page.waitForFunction((sel) => {
    const v = Number(document.querySelector(sel)?.value);
    return v > 0 && v < 100;
  }, tid('run-progress'), { timeout: WAIT_MS, polling: 'raf' });
  await s2.page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '7d 00:00:00',
    tid('sim-clock'), { timeout: 5 * WAIT_MS });
  await closeChecked(s2);
  await closeChecked(s);
});

test('a file over the work limit is refused with the reason; the current run stays', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  const before = await nextPayload(page, '');
  await upload(page, await scenarioFile('huge.json', (x) => {
    x.horizon_s = 7 * 86400;
    x.group.max_size = 20000;
    x.delivery.method = 'CodeDeploy';
    x.delivery.deployment_type = 'BLUE_GREEN';
  }));
  await page.locator(tid('error-banner')).waitFor();
  const banner = await text(page, 'error-banner');
  assert.match(banner, /horizon_s/, banner);
  assert.match(banner, /work|limit/i, banner);
  assert.equal(await payloadInUrl(page), before, 'the run in the URL is unchanged');
  await closeChecked(s);
});

test('when the browser refuses the autosave, the page says so and the link still holds the run', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
  });
  await page.goto(server.url);
  await ready(page);
  const first = await nextPayload(page, '');
  assert.ok(first.length > 100);
  await page.locator(tid('save-notice')).waitFor();
  assert.match(await text(page, 'save-notice'), /autosave/i);
  await closeChecked(s);
});
