// Benchmark, not a timed assertion: how long "run to the end" of a week takes in the page (the
// release build in headless Chromium) against the native runner (`cargo build --release`) on
// the same scenario, examples/week-hourly-wave.json. It prints both figures and their ratio;
// it asserts only what the run must produce (the page reaches the end of the week), never a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, WAIT_MS, closeChecked, freshPage, launch, ready, text, tid } from './support.mjs';

const run = promisify(execFile);
const EXAMPLE = join(ROOT, 'examples', 'week-hourly-wave.json');
const CLI = join(ROOT, 'target', 'release', 'scaleout');
const REPEATS = 3;

const { server, browser } = await launch();
await run('cargo', ['build', '-q', '--release', '-p', 'scaleout-cli'], { cwd: ROOT, maxBuffer: 1 << 24 });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Native: the whole week through the runner, CSV to a pipe, best and median of REPEATS. */
async function nativeMs() {
  const times = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = process.hrtime.bigint();
    // The run summary: the same simulation with the least output (the page formats no CSV).
    await run(CLI, ['run', EXAMPLE, '--format', 'summary'], { maxBuffer: 1 << 28 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

/**
 * Browser: open the example from a file in a fresh context, press "run to the end", time until the
 * progress is 100%.
 */
async function browserMs(t) {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  await page.locator(tid('upload-json')).setInputFiles(EXAMPLE);
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '00:00:00',
    tid('sim-clock'), { timeout: WAIT_MS });
  // Timed inside the page: from the click to the moment the page's DOM shows 100% (a mutation
  // observer on the progress bar, so the figure does not include the test's own polling).
  await page.evaluate((sel) => {
    const bar = document.querySelector(sel);
    window.scaleoutBenchDone = null;
    new MutationObserver(() => {
      if (window.scaleoutBenchDone === null && Number(bar.value) >= 100) {
        window.scaleoutBenchDone = performance.now();
      }
    }).observe(bar, { attributes: true });
    window.scaleoutBenchStart = performance.now();
    document.querySelector('[data-testid="run-to-end"]').click();
  }, tid('run-progress'));
  const handle = await page.waitForFunction(
    (sel) => window.scaleoutBenchDone !== null && {
      wall: window.scaleoutBenchDone - window.scaleoutBenchStart,
      busy: Number(document.querySelector(sel).dataset.busyMs),
    },
    tid('run-progress'),
    { timeout: 10 * WAIT_MS },
  );
  const figures = await handle.jsonValue();
  assert.match(await text(page, 'sim-clock'), /^7d 00:00:00$/, 'the page ran the whole week');
  await closeChecked(s);
  return figures;
}

test('benchmark: run to the end of a 7-day scenario, browser vs native', async (t) => {
  const native = await nativeMs();
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await browserMs(t));
  const n = Math.min(...native);
  const best = runs.reduce((a, r) => (r.wall < a.wall ? r : a));
  console.log(
    `run-to-end benchmark (examples/week-hourly-wave.json, 7 days): ` +
      `native best ${n.toFixed(0)} ms (median ${median(native).toFixed(0)}); ` +
      `browser best ${best.wall.toFixed(0)} ms, of which ${best.busy.toFixed(0)} ms simulating ` +
      `(runs ${runs.map((r) => r.wall.toFixed(0)).join(', ')}); ` +
      `browser/native ${(best.wall / n).toFixed(2)}x (simulating only: ${(best.busy / n).toFixed(2)}x)`,
  );
});
