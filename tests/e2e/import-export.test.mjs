// End-to-end: importing real configuration and traffic, and exporting infrastructure code, in the
// page. The importers and exporters run in a worker the page starts on first use; every result
// must equal what the headless runner gives for the same files:
//   target/debug/scaleout import FILES... --base CURRENT.json
//   target/debug/scaleout export --to cloudformation|terraform|kubernetes [--json] SCENARIO.json
// Every test opens its own browser context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ROOT, WAIT_MS, buildRunner, closeChecked, freshDownloadPage, launch, ready, runner, step, tid,
} from './support.mjs';

await buildRunner();
const { server, browser } = await launch();

async function open(t) {
  const s = await freshDownloadPage(browser, t, 'scaleout-tools-');
  s.toolRequests = [];
  s.page.on('request', (r) => {
    if (r.url().includes('scaleout-tools')) s.toolRequests.push(r.url());
  });
  await s.page.goto(server.url);
  await ready(s.page);
  return s;
}

/** Clicks `id` and returns the downloaded file's suggested name, path and text. */
async function download({ page, dir }, id) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.locator(tid(id)).click(),
  ]);
  const path = join(dir, `${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path, text: await readFile(path, 'utf8') };
}

async function cli(args) {
  const { stdout } = await runner(args);
  return stdout;
}

/** The page's current scenario, as the runner's JSON (parsed) and its file. */
async function currentScenario(s) {
  const file = await download(s, 'download-json');
  return { json: JSON.parse(file.text), path: file.path };
}

/** Imports `paths` in the page and waits for the notes the import leaves. */
async function importFiles(page, paths) {
  await page.locator(tid('import-button')).setInputFiles(paths.map((p) => join(ROOT, p)));
  await page.locator(tid('import-notes')).waitFor({ timeout: WAIT_MS });
}

/** Writes `text` to `name` in the test's folder, imports it in the page, and waits until the
 * notes say it was imported; returns the file's path. */
async function importBack({ page, dir }, name, text) {
  const path = join(dir, name);
  await writeFile(path, text);
  await page.locator(tid('import-button')).setInputFiles(path);
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent.includes('Imported'),
    tid('import-notes'),
    { timeout: WAIT_MS },
  );
  return path;
}

const SAMPLES = [
  ['AWS CLI output (seven files)', async () => (await readdir(join(ROOT, 'examples/import/aws-cli')))
    .sort().map((f) => `examples/import/aws-cli/${f}`)],
  ['CloudFormation YAML', async () => ['examples/import/cloudformation/web-stack.yaml']],
  ['CloudFormation JSON', async () => ['examples/import/cloudformation/legacy-stack.json']],
  ['Terraform', async () => ['examples/import/terraform/main.tf']],
];

for (const [what, files] of SAMPLES) {
  test(`importing ${what} gives the runner's scenario, lists what is not simulated, and runs`, async (t) => {
    const s = await open(t);
    try {
      const { page } = s;
      assert.deepEqual(s.toolRequests, [], 'the tools are not loaded before they are used');
      const paths = await files();
      const base = await currentScenario(s);
      await importFiles(page, paths);
      assert.ok(s.toolRequests.some((u) => u.includes('scaleout-tools')), 'the worker loaded on use');

      const want = JSON.parse(await cli(['import', ...paths, '--base', base.path]));
      const got = (await currentScenario(s)).json;
      assert.deepEqual(got, want);
      assert.notDeepEqual(got.group, base.json.group, 'the import changed the group');

      const notes = await page.locator(`${tid('import-notes')} li`).allTextContents();
      assert.ok(notes.length > 0);
      await step(page, 3);
      await ready(page);
    } finally {
      await closeChecked(s);
    }
  });
}

test('a recorded day of traffic replaces the load, from CSV and from CloudWatch JSON', async (t) => {
  const s = await open(t);
  try {
    const { page } = s;
    for (const p of [
      'examples/traffic/shop-web-2026-01-05.csv',
      'examples/traffic/shop-web-2026-01-05.get-metric-data.json',
    ]) {
      const base = await currentScenario(s);
      await page.locator(tid('import-button')).setInputFiles(join(ROOT, p));
      // The note names its file: the previous file's note is still shown until this import lands.
      const name = p.split('/').pop();
      await page.waitForFunction(
        ([sel, file]) => [...document.querySelectorAll(`${sel} li`)]
          .some((li) => li.textContent.includes(`${file}: `) && li.textContent.includes('s of traffic')),
        [tid('import-notes'), name],
        { timeout: WAIT_MS },
      );
      const got = (await currentScenario(s)).json;
      // The runner replays the same file on the same scenario.
      const replayed = JSON.parse(await cli(['import-traffic', p]));
      assert.deepEqual(got.load, replayed.load, p);
      assert.equal(got.start_unix_s, replayed.start_unix_s, p);
      assert.deepEqual(got.group, base.json.group, 'traffic leaves the configuration alone');
    }
  } finally {
    await closeChecked(s);
  }
});

test('each export equals the runner\'s and imports back to the same group', async (t) => {
  const s = await open(t);
  try {
    const { page } = s;
    const current = await currentScenario(s);
    for (const [format, args, ext] of [
      ['cloudformation-yaml', ['--to', 'cloudformation'], 'yaml'],
      ['cloudformation-json', ['--to', 'cloudformation', '--json'], 'json'],
      ['terraform', ['--to', 'terraform'], 'tf'],
    ]) {
      await page.locator(tid('export-format')).selectOption(format);
      const file = await download(s, 'export-button');
      assert.ok(file.name.endsWith(`.${ext}`), file.name);
      assert.equal(file.text, await cli(['export', ...args, current.path]), format);
      await page.locator(tid('import-notes')).waitFor({ timeout: WAIT_MS });

      // Round trip through the page: the exported file imported over the current scenario.
      await importBack(s, `back.${ext}`, file.text);
      assert.deepEqual((await currentScenario(s)).json.group, current.json.group, format);
    }
  } finally {
    await closeChecked(s);
  }
});

test('an EKS run exports its Kubernetes manifests as the runner does, and they import back', async (t) => {
  const s = await freshDownloadPage(browser, t, 'scaleout-tools-');
  try {
    const { page } = s;
    await page.goto(`${server.url}platforms.html`);
    await ready(page);
    await page.locator(tid('preset-select')).selectOption('eks-hpa-spike');
    // The manifests are offered for an EKS run only.
    await page.locator(`${tid('export-format')} option[value="kubernetes"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
    const current = await currentScenario(s);
    assert.ok(current.json.kubernetes, 'an EKS scenario');
    await page.locator(tid('export-format')).selectOption('kubernetes');
    const file = await download(s, 'export-button');
    assert.ok(file.name.endsWith('.yaml'), file.name);
    assert.equal(file.text, await cli(['export', '--to', 'kubernetes', current.path]));
    await page.locator(tid('import-notes')).waitFor({ timeout: WAIT_MS });

    // The manifests imported over the run, as the runner imports them.
    const back = await importBack(s, 'manifests.yaml', file.text);
    const got = (await currentScenario(s)).json;
    assert.deepEqual(got, JSON.parse(await cli(['import', back, '--base', current.path])));
    assert.deepEqual(got.kubernetes, current.json.kubernetes, 'the manifests carry the whole section');
  } finally {
    await closeChecked(s);
  }
});

test('a broken file is refused with its file, line and reason, and the run is kept', async (t) => {
  const s = await open(t);
  try {
    const { page } = s;
    await step(page, 2);
    const before = await currentScenario(s);
    const bad = join(s.dir, 'broken-stack.yaml');
    await writeFile(bad, 'Resources:\n  Web:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: [\n');
    await page.locator(tid('import-button')).setInputFiles(bad);
    const banner = page.locator(tid('error-banner'));
    await banner.waitFor({ timeout: WAIT_MS });
    assert.match(await banner.textContent(), /broken-stack\.yaml:\d+/);
    assert.deepEqual((await currentScenario(s)).json, before.json, 'the current work stays');
    await ready(page);
  } finally {
    await closeChecked(s);
  }
});
