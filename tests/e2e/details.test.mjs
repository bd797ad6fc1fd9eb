// End-to-end: what a careful reader notices, and one path per control. A validation message sits
// under the field the reader edited; "Instance type" appears once on the launch template card; a
// copied link opens at the moment it was copied; the Korean page has Korean chrome and Korean
// number spacing; a preset's chart notes sit at the moment of the event they explain; and every
// restart (here a card edit inside an embed) goes through the one path that keeps the host page
// informed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  WAIT_MS, closeChecked, freshPage, launch, makePayload, openPage, ready, setField, step, text,
  tid, waitText,
} from './support.mjs';

const { server, browser } = await launch();
const open = (t, query = '', contextOptions = {}) =>
  openPage(browser, `${server.url}${query}`, t, contextOptions);

/** The problem texts shown inside the field of `path`. */
function problemsAt(page, path) {
  return page.locator(`[data-path="${path}"]`).first().evaluate((el) =>
    [...el.closest('.field').querySelectorAll('[data-testid="field-problem"]')].map((p) => p.textContent));
}

test('a validation message sits under the field that caused it', async (t) => {
  const s = await open(t);
  const { page } = s;
  await setField(page, 'group.min_size', 3);
  await setField(page, 'group.max_size', 2);
  await page.locator(tid('field-problem')).first().waitFor();
  const atMax = await problemsAt(page, 'group.max_size');
  assert.ok(atMax.some((m) => /must be greater than or equal to min bound/.test(m)),
    `max size below min size: the message is under max size (${JSON.stringify(atMax)})`);
  assert.deepEqual(await problemsAt(page, 'group.min_size'), [], 'nothing under min size, which was valid');
  await closeChecked(s);
});

test('"Instance type" appears once on the launch template card', async (t) => {
  const s = await open(t);
  const labels = await s.page.locator('#card-launch label').evaluateAll((ls) => ls.map((l) => l.textContent.trim()));
  assert.equal(labels.filter((l) => l === 'Instance type').length, 1, JSON.stringify(labels));
  await closeChecked(s);
});

test('a copied link opens at the moment it was copied, and the dialog says so', async (t) => {
  const s = await open(t);
  const { page } = s;
  await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  assert.match(await text(page, 'share-opens-at'), /00:00:00/, 'before copying it says the link opens at 0:00');
  await step(page, 3);
  await page.locator(tid('share-button')).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /#s=[A-Za-z0-9_-]+&t=180$/, copied);
  assert.equal(await page.locator(tid('share-url')).inputValue(), copied, 'the field shows what was copied');
  assert.match(await text(page, 'share-opens-at'), /00:03:00/);
  const other = await freshPage(browser, {}, { t });
  await other.page.goto(copied);
  await waitText(other.page, 'sim-clock', '00:03:00');
  await closeChecked(other);
  await closeChecked(s);
});

test('the Korean page: Korean title, badges and labels, and Korean number spacing', async (t) => {
  const s = await open(t, '?lang=ko');
  const { page } = s;
  assert.match(await page.title(), /시뮬레이터/, 'the page title is Korean');
  const body = await page.evaluate(() => document.body.innerText);
  assert.ok(!/UNCONFIRMED|Instance type|Story\b|TargetTrackingScaling/.test(body), 'no English chrome left');
  assert.ok(!body.includes('이야기'), 'the preset picker has a better label than 이야기');
  assert.match(await text(page, 'share-length'), /^\d+자$/, 'characters: "750자"');
  await step(page, 2);
  await page.locator(tid('run-to-end')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.value >= 100, tid('run-progress'),
    { timeout: WAIT_MS });
  await page.locator(tid('scrub')).evaluate((el) => {
    el.value = '7';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  // Sample 7 is the end of the eighth minute, as the clock reads it.
  await waitText(page, 'scrub-minute', '8분');
  await setField(page, 'group.min_size', 'x');
  await page.waitForFunction((sel) => /^\d+개 문제/.test(document.querySelector(sel)?.textContent ?? ''),
    tid('edit-status'), { timeout: WAIT_MS });
  await closeChecked(s);
});

test('a preset\'s chart note sits at the moment of the event it explains (memory alarm, scale-out)', async (t) => {
  const s = await open(t);
  const { page } = s;
  await page.locator(tid('preset-select')).selectOption('memory-step');
  await page.locator(`${tid('chart-notes')} li`).first().waitFor({ state: 'attached' });
  const minute = Number(await page.locator(`${tid('chart-notes')} li`).first().getAttribute('data-minute'));
  await page.locator(tid('run-to-end')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.value >= 100, tid('run-progress'),
    { timeout: WAIT_MS });
  // The first scale-out the memory alarm triggers, as the activity history says it.
  const causes = await page.locator(`${tid('activity-log')} .cause`).allTextContents();
  const first = causes.map((c) => /T(\d\d):(\d\d):00Z a monitor alarm mem-high in state ALARM/.exec(c))
    .filter(Boolean).map(([, h, m]) => Number(h) * 60 + Number(m)).sort((a, b) => a - b)[0];
  assert.ok(Number.isFinite(first), 'the memory alarm scaled the group out');
  assert.equal(minute, first, `the note is at minute ${minute}, the scale-out at minute ${first}`);
  await closeChecked(s);
});

test('one restart path: after a card edit inside an embed the host still hears every event', async (t) => {
  const payload = await makePayload(browser, server.url);
  const s = await freshPage(browser, { viewport: { width: 1100, height: 900 } }, { t });
  const { page } = s;
  await page.route(`${server.url}host.html`, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><title>Host</title><body>
      <iframe id="sim" src="${server.url}?embed=1&amp;controls=full&amp;autoplay=0#s=${payload}"
        title="Scaleout" width="1000" height="800"></iframe></body></html>`,
  }));
  await page.goto(`${server.url}host.html`);
  await page.evaluate(() => {
    window.events = [];
    window.addEventListener('message', (e) => { if (e.data?.scaleout === 1) window.events.push(e.data); });
  });
  const frame = await (await page.waitForSelector('#sim')).contentFrame();
  await ready(frame);
  // A card edit restarts the run (the same path a preset, a link or a file takes).
  await setField(frame, 'group.max_size', 9);
  await waitText(frame, 'sim-clock', '00:00:00');
  await page.waitForFunction(() => document.querySelector('#sim')
    .contentDocument.querySelector('[data-path="group.max_size"]')?.value === '9', null, { timeout: WAIT_MS });
  await page.evaluate(() => {
    const w = document.querySelector('#sim').contentWindow;
    w.postMessage({ scaleout: 1, type: 'setSpeed', speed: 3600 }, '*');
    w.postMessage({ scaleout: 1, type: 'deploy', revision: 'v2' }, '*');
    w.postMessage({ scaleout: 1, type: 'play' }, '*');
  });
  await page.waitForFunction(() => window.events.some((e) => e.type === 'deployment-finished'), null,
    { timeout: WAIT_MS });
  await closeChecked(s);
});
