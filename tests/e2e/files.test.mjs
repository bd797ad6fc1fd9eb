// End-to-end: files. The scenario as JSON (download, upload, validation errors with JSON paths, a
// bad file keeps the current work), the charts as PNG, and the run as CSV, which must equal what
// the headless runner prints for the same link:
//   target/debug/scaleout run '<link>' --until <t> --format csv
// Every test opens its own browser context and builds the run it needs itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ROOT, WAIT_MS, buildRunner, closeChecked, freshDownloadPage, launch, nextPayload, payloadInUrl, ready,
  runner, setSlider, step, text, tid,
} from './support.mjs';

await buildRunner();
const { server, browser } = await launch();

/** A fresh page that accepts downloads, and a fresh directory to save them in. */
async function open(t) {
  const s = await freshDownloadPage(browser, t, 'scaleout-files-');
  await s.page.goto(server.url);
  await ready(s.page);
  return s;
}

/** Clicks `id` and returns the downloaded file's name and bytes. */
async function download({ page, dir }, id) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.locator(tid(id)).click(),
  ]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path, bytes: await readFile(path) };
}

/** Waits until share-url shows the link to `payload`, and returns the link. */
async function shownLink(page, payload) {
  await page.waitForFunction(
    ([sel, p]) => document.querySelector(sel)?.value.endsWith(`#s=${p}`), [tid('share-url'), payload],
    { timeout: WAIT_MS },
  );
  return page.locator(tid('share-url')).inputValue();
}

/**
 * The work the file tests start from: the CodeDeploy story, three minutes in, with a live action
 * (the slider to 700 req/s) recorded in the link. Resolves to the link payload with the action.
 */
async function codedeployWithAction(page) {
  const initial = await nextPayload(page, '');
  await page.locator(tid('preset-select')).selectOption('codedeploy');
  const preset = await nextPayload(page, initial);
  await step(page, 3);
  await setSlider(page, 700); // a live action, recorded in the link
  return nextPayload(page, preset);
}

test('the CSV export equals the runner\'s CSV for the same link', async (t) => {
  const s = await open(t);
  const { page } = s;
  const withAction = await codedeployWithAction(page);
  await step(page, 37);
  assert.equal(await text(page, 'sim-clock'), '00:40:00');
  assert.equal(await payloadInUrl(page), withAction, 'stepping does not change the link');
  const link = await shownLink(page, withAction);

  const csv = await download(s, 'export-csv');
  assert.match(csv.name, /\.csv$/);
  const fromPage = csv.bytes.toString('utf8').trimEnd().split('\n');

  const { stdout } = await runner(['run', link, '--until', '40m', '--format', 'csv']);
  const fromRunner = stdout.trimEnd().split('\n');
  assert.equal(fromPage[0], fromRunner[0], 'same columns');
  assert.equal(fromPage.length, 41, 'a header and one row per minute');
  assert.deepEqual(fromPage, fromRunner, 'same per-minute samples');
  // The slider move is in the run: the load changed at minute 3.
  const loads = fromPage.slice(6).map((row) => Number(row.split(',')[9]));
  assert.ok(loads.every((l) => Math.abs(l - 700) < 70), `the live load is in the samples: ${loads}`);
  await closeChecked(s);
});

test('the scenario downloads as the runner\'s JSON and uploads again', async (t) => {
  const s = await open(t);
  const { page } = s;
  const withAction = await codedeployWithAction(page);
  assert.equal(await text(page, 'sim-clock'), '00:03:00');
  const json = await download(s, 'download-json');
  assert.match(json.name, /\.json$/);
  const scenario = JSON.parse(json.bytes.toString('utf8'));
  assert.ok(Array.isArray(scenario.actions) && scenario.actions.length > 0, 'live actions are in the file');
  const { stdout } = await runner(['validate', json.path]);
  assert.match(stdout, /valid/, 'the runner accepts the file');

  await page.locator(tid('upload-json')).setInputFiles(json.path);
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '00:00:00',
    tid('sim-clock'), { timeout: WAIT_MS });
  assert.equal(await page.locator(tid('preset-select')).inputValue(), 'codedeploy', 'the story is recognised');
  assert.equal(await page.locator(tid('error-banner')).count(), 0);
  // Exactly the same scenario (every field, the 64-bit seed, the live actions): the same link.
  await shownLink(page, withAction);
  await closeChecked(s);
});

test('a bad file shows error-banner with JSON paths and keeps the current work', async (t) => {
  const s = await open(t);
  const { page, dir } = s;
  const withAction = await codedeployWithAction(page);
  await step(page, 2);
  const clock = await text(page, 'sim-clock');
  assert.equal(clock, '00:05:00');
  const link = await shownLink(page, withAction);

  const broken = join(dir, 'broken.json');
  await writeFile(broken, '{ "group": { "min_size": 2, ');
  await page.locator(tid('upload-json')).setInputFiles(broken);
  await page.locator(tid('error-banner')).waitFor({ timeout: WAIT_MS });
  assert.match(await text(page, 'error-banner'), /line \d+/, 'the parser says where');
  assert.equal(await text(page, 'sim-clock'), clock, 'the run was kept');

  const invalid = join(dir, 'invalid.json');
  await writeFile(invalid, JSON.stringify({ group: { min_size: 5, max_size: 2, desired_capacity: 3 } }));
  await page.locator(tid('upload-json')).setInputFiles(invalid);
  await page.waitForFunction((sel) => /group\.\w+/.test(document.querySelector(sel)?.textContent ?? ''),
    tid('error-banner'), { timeout: WAIT_MS });
  assert.equal(await text(page, 'sim-clock'), clock, 'the run was kept');
  assert.equal(await page.locator(tid('share-url')).inputValue(), link, 'the link was kept');
  assert.equal(await page.locator(tid('preset-select')).inputValue(), 'codedeploy', 'the story was kept');
  assert.equal(await payloadInUrl(page), withAction, 'the URL was kept');
  await closeChecked(s);
});

test('the charts export as a PNG', async (t) => {
  const s = await open(t);
  await step(s.page, 5); // something drawn on every chart
  const png = await download(s, 'export-png');
  assert.match(png.name, /\.png$/);
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.bytes.length > 5000, `${png.bytes.length} bytes`);
  await closeChecked(s);
});
