// End-to-end: share links, `t=`, hashchange, bad links, the length meter, copy, autosave, reset and
// presets. Every test opens its own browser context (empty storage: no autosave from another test)
// and makes the links it opens itself. Every wait is on a condition in the DOM or the URL, never a
// fixed sleep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ROOT, closeChecked, freshPage, launch, makePayload, nextPayload, payloadInUrl, ready, setSlider,
  step, text, tid, waitText, WAIT_MS,
} from './support.mjs';

const { server, browser } = await launch();

test('the URL holds the scenario, the share field shows it, and copy copies it', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await s.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(server.url);
  await ready(page);
  const first = await nextPayload(page, '');
  assert.ok(first.length > 100, `a payload in the URL (${first.length} chars)`);
  await page.waitForFunction(
    ([sel, p]) => document.querySelector(sel)?.value.endsWith(`#s=${p}`),
    [tid('share-url'), first],
    { timeout: WAIT_MS },
  );
  const shown = await page.locator(tid('share-url')).inputValue();
  assert.equal(shown, `${server.url}#s=${first}`);
  const length = Number(await page.locator(tid('share-length')).getAttribute('data-length'));
  assert.equal(length, shown.length, 'the meter counts the link');
  console.log(`demo link: ${shown.length} characters (payload ${first.length})`);
  assert.equal(await page.locator(tid('share-warning')).count(), 0, 'no warning under 2,000 characters');

  await page.locator(tid('share-button')).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, shown, 'share-button copies the link');

  await page.locator(tid('embed-button')).click();
  const snippet = await page.locator(tid('embed-code')).inputValue();
  assert.ok(snippet.startsWith('<iframe src="'), snippet);
  assert.ok(snippet.includes(`?embed=1&amp;lang=en#s=${first}"`), snippet);
  await closeChecked(s);
});

test('acting updates the link (debounced); a reload replays the same run', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  const before = await nextPayload(page, '');
  await setSlider(page, 'max');
  const after = await nextPayload(page, before);
  assert.notEqual(after, before, 'the slider move is in the link');

  await step(page, 5);
  const clockBefore = await text(page, 'sim-clock');
  const desiredBefore = await text(page, 'desired-capacity');
  assert.equal(clockBefore, '00:05:00');

  await page.reload();
  await ready(page);
  assert.equal(await payloadInUrl(page), after, 'the reload kept the link');
  assert.equal(await text(page, 'sim-clock'), '00:00:00');
  await step(page, 5);
  assert.equal(await text(page, 'desired-capacity'), desiredBefore, 'same run, same desired capacity');
  await closeChecked(s);
});

test('t= opens the run at that time (fragment or query)', async (t) => {
  // A link with a live action in it (the slider at its maximum), made in a context of its own.
  const payload = await makePayload(browser, server.url, (p) => setSlider(p, 'max'));
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(`${server.url}#s=${payload}&t=600`);
  await ready(page);
  await waitText(page, 'sim-clock', '00:10:00');
  assert.equal(await payloadInUrl(page), payload, 'opening a link does not rewrite it');
  assert.match(await page.evaluate(() => location.hash), /&t=600$/, 'the link keeps its t=');

  await page.goto('about:blank');
  await page.goto(`${server.url}?t=2m#s=${payload}`);
  await ready(page);
  await waitText(page, 'sim-clock', '00:02:00');
  await closeChecked(s);
});

test('a bad or truncated link shows error-banner and the default scenario, never a blank page', async (t) => {
  const good = await makePayload(browser, server.url);
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  for (const bad of ['AQ', good.slice(0, Math.floor(good.length / 2)), '!!!not-base64', 'Ag']) {
    await page.goto('about:blank');
    await page.goto(`${server.url}#s=${bad}`);
    await page.locator(tid('error-banner')).waitFor({ timeout: WAIT_MS });
    await ready(page);
    const banner = await text(page, 'error-banner');
    assert.match(banner, /link/i, `the banner says what was wrong: ${banner}`);
  }
  await closeChecked(s);
});

test('hashchange loads the new link', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  const demo = await nextPayload(page, '');
  await page.locator(tid('preset-select')).selectOption('stale-code');
  const stale = await nextPayload(page, demo);

  await page.evaluate((p) => { location.hash = `s=${p}&t=300`; }, demo);
  await waitText(page, 'sim-clock', '00:05:00');
  assert.equal(await page.locator(tid('preset-select')).inputValue(), '', 'back to the demo scenario');

  await page.evaluate((p) => { location.hash = `s=${p}`; }, stale);
  await page.waitForFunction((sel) => document.querySelector(sel)?.value === 'stale-code',
    tid('preset-select'), { timeout: WAIT_MS });
  assert.equal(await text(page, 'sim-clock'), '00:00:00');

  await page.evaluate(() => { location.hash = 's=AQ'; });
  await page.locator(tid('error-banner')).waitFor({ timeout: WAIT_MS });
  await ready(page);
  await closeChecked(s);
});

test('a long link gets a warning above 2,000 characters', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  // A scenario with a week of load steps (a slider dragged within one minute is one action, so
  // the long link comes from a long scenario).
  await page.locator(tid('upload-json')).setInputFiles(join(ROOT, 'examples', 'week-hourly-wave.json'));
  await page.locator(tid('share-warning')).waitFor({ timeout: WAIT_MS });
  const length = Number(await page.locator(tid('share-length')).getAttribute('data-length'));
  assert.ok(length > 2000, `${length} characters`);
  await closeChecked(s);
});

test('the autosave keeps edits across visits to the bare page; reset restores the default', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  const demo = await nextPayload(page, '');
  await page.locator(tid('preset-select')).selectOption('memory-step');
  const saved = await nextPayload(page, demo);
  await page.waitForFunction((p) => localStorage.getItem('scaleout.autosave.v1') === p, saved,
    { timeout: WAIT_MS });

  await page.goto('about:blank');
  await page.goto(server.url); // no fragment: the autosave brings the work back
  await ready(page);
  assert.equal(await page.locator(tid('preset-select')).inputValue(), 'memory-step');
  await page.waitForFunction((p) => location.hash === `#s=${p}`, saved, { timeout: WAIT_MS });

  await page.locator(tid('reset')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.value === '', tid('preset-select'),
    { timeout: WAIT_MS });
  const fresh = await nextPayload(page, saved);
  // The reset's default is what the bare page now brings back.
  await page.waitForFunction((p) => localStorage.getItem('scaleout.autosave.v1') === p, fresh,
    { timeout: WAIT_MS });
  await closeChecked(s);
});

test('presets: the sixteen stories (seven EC2, four ECS, five EKS) with their explanation, in the page language', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(`${server.url}?lang=ko`);
  await ready(page);
  const options = await page.locator(`${tid('preset-select')} option`).evaluateAll(
    (els) => els.map((e) => [e.value, (e.textContent ?? '').trim()]),
  );
  const presets = options.filter(([v]) => v);
  assert.equal(presets.length, 16, `sixteen presets: ${presets.map(([v]) => v)}`);
  for (const [id, title] of presets) {
    await page.locator(tid('preset-select')).selectOption(id);
    // The explanation starts with the chosen story's title: this one's, not the previous one's.
    await page.waitForFunction(
      ([sel, want]) => (document.querySelector(sel)?.textContent ?? '').trim().startsWith(want),
      [tid('preset-explanation'), title],
      { timeout: WAIT_MS },
    );
    const explanation = await text(page, 'preset-explanation');
    assert.match(explanation, /[\uac00-\ud7a3]/, `${id}: a Korean explanation: ${explanation}`);
  }
  await page.goto(`${server.url}?lang=en`);
  await ready(page);
  // (The bare page brings back the autosave: the last story chosen above.)
  const titleEn = ((await page.locator(`${tid('preset-select')} option[value="codedeploy"]`)
    .textContent()) ?? '').trim();
  await page.locator(tid('preset-select')).selectOption('codedeploy');
  await page.waitForFunction(
    ([sel, want]) => (document.querySelector(sel)?.textContent ?? '').trim().startsWith(want),
    [tid('preset-explanation'), titleEn],
    { timeout: WAIT_MS },
  );
  assert.match(await text(page, 'preset-explanation'), /CodeDeploy/);
  // The annotations are drawn on the charts once the run reaches them (minute 5 and 30).
  await step(page, 6);
  await closeChecked(s);
});
