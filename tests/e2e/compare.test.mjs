// End-to-end: two configurations side by side. Forking keeps the current configuration as A and
// lets the run (B) change; the page's table must equal what the headless runner prints for the
// same two files:
//   target/debug/scaleout compare A.json B.json
// and a link (or an embed) holding the comparison shows it again. Every test opens its own
// browser context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ROOT, WAIT_MS, buildRunner, closeChecked, freshDownloadPage, launch, nextPayload, ready, runner, tid,
} from './support.mjs';

await buildRunner();
const { server, browser } = await launch();

async function open(t, url = server.url) {
  const s = await freshDownloadPage(browser, t, 'scaleout-compare-');
  await s.page.goto(url);
  await ready(s.page);
  return s;
}

async function downloadScenario({ page, dir }, name) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.locator(tid('download-json')).click(),
  ]);
  const path = join(dir, name);
  await file.saveAs(path);
  return path;
}

/** Opens a scenario file as the run, and waits until the link holds it. */
async function upload(page, path) {
  const before = await nextPayload(page, '');
  await page.locator(tid('upload-json')).setInputFiles(join(ROOT, path));
  await nextPayload(page, before);
}

/** Clicks `id` (a comparison control) and waits until the worker's next comparison is shown. */
async function compareAfter(page, id) {
  const runs = await page.evaluate((sel) => Number(document.querySelector(sel)?.dataset.runs ?? 0), tid('compare-panel'));
  await page.locator(tid(id)).click();
  await page.waitForFunction(
    ([sel, n]) => Number(document.querySelector(sel)?.dataset.runs ?? 0) > n, [tid('compare-panel'), runs],
    { timeout: WAIT_MS },
  );
  return table(page);
}

/** The comparison table's rows as [label, A, B, B − A] once the worker has drawn it. */
async function table(frame) {
  await frame.locator(`${tid('compare-table')} tbody tr`).first().waitFor({ timeout: WAIT_MS });
  return frame.locator(`${tid('compare-table')} tbody tr`).evaluateAll(
    (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())),
  );
}

/** The runner's `compare` table as the same rows. */
async function cliTable(a, b) {
  const { stdout } = await runner(['compare', a, b]);
  return stdout.split('\n').slice(4).filter((l) => l.trim()).map((l) => {
    const cells = l.trim().split(/\s{2,}/);
    return [cells.slice(0, -3).join(' '), ...cells.slice(-3)];
  });
}

/** Waits until the URL's fragment does (or does not) hold a comparison's A. */
async function linkHoldsA(page, want) {
  await page.waitForFunction((w) => /[#&]a=/.test(location.hash) === w, want, { timeout: WAIT_MS });
  return page.evaluate(() => location.href);
}

test('fork, change B, and the table equals the runner\'s compare of the same two files', async (t) => {
  const s = await open(t);
  try {
    const { page } = s;
    const a = await downloadScenario(s, 'a.json');
    // Just forked: the same configuration on both sides.
    const same = await compareAfter(page, 'compare-button');
    assert.ok(same.length >= 9, JSON.stringify(same));
    for (const [label, , , diff] of same) assert.match(diff, /^[+-]?0(\.0+)?$|^-$/, label);

    // B becomes step scaling (the file's own load and seed give way to A's in the comparison).
    await upload(page, 'examples/step-scaling.json');
    const b = await downloadScenario(s, 'b.json');
    assert.notEqual(await readFile(a, 'utf8'), await readFile(b, 'utf8'));
    const changed = await compareAfter(page, 'compare-run');
    assert.ok(changed.some(([, , , d]) => !/^[+-]?0(\.0+)?$|^-$/.test(d)), JSON.stringify(changed));
    assert.deepEqual(changed, await cliTable(a, b));
    assert.equal(await page.locator(`${tid('compare-panel')} svg`).count(), 3, 'three overlaid charts');
  } finally {
    await closeChecked(s);
  }
});

test('a link and an embed hold the comparison; ending it drops A from the link', async (t) => {
  const s = await open(t);
  let link;
  let rows;
  try {
    const { page } = s;
    await upload(page, 'examples/simple-scaling.json');
    await compareAfter(page, 'compare-button');
    await upload(page, 'examples/target-tracking.json');
    link = await linkHoldsA(page, true);
    rows = await compareAfter(page, 'compare-run');
  } finally {
    await closeChecked(s);
  }

  const reopened = await open(t, link);
  try {
    assert.deepEqual(await table(reopened.page), rows, 'the link reproduces the comparison');
    await reopened.page.locator(tid('compare-end')).click();
    await linkHoldsA(reopened.page, false);
    assert.equal(await reopened.page.locator(tid('compare-panel')).count(), 0);
  } finally {
    await closeChecked(reopened);
  }

  const u = new URL(link);
  const embed = await open(t, `${u.origin}${u.pathname}?embed=1${u.hash}`);
  try {
    assert.deepEqual(await table(embed.page), rows, 'the embed shows the same comparison');
    assert.equal(await embed.page.locator(tid('compare-button')).count(), 0, 'no fork button in an embed');
  } finally {
    await closeChecked(embed);
  }
});
