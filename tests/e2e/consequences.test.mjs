// End-to-end: what the page shows of a run's consequences and causes, on the release build.
//
// Overload has a cost on screen (the run summary, the latency chart, broken tiles); the charts
// are readable (sized for the device, labels clear of each other, clock times on long runs, a
// legend entry per alarm, memory and disk charted when an alarm watches them); the markers of alarm
// changes, policy decisions and activities never overlap and take you to their moment; the why
// strip, the grid and the charts are on the first screen; scrubbing moves the whole page.
// Every wait is on a condition; no console errors, page errors or HTTP errors are allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, WAIT_MS, closeChecked, launch, openPage, setPlaying, setSlider, step, text, tid,
} from './support.mjs';

const { server, browser } = await launch();
const open = (t, query = '', contextOptions = {}) =>
  openPage(browser, `${server.url}${query}`, t, contextOptions);

const num = async (page, id) => Number.parseFloat((await text(page, id)).replace(/[^0-9.]/g, ''));

async function waitNumber(page, id, pred) {
  await page.waitForFunction(([sel, src]) => {
    const v = Number.parseFloat((document.querySelector(sel)?.textContent ?? '').replace(/[^0-9.]/g, ''));
    return new Function('v', `return ${src}`)(v);
  }, [tid(id), pred], { timeout: WAIT_MS });
}

async function choosePreset(page, id) {
  await page.locator(tid('preset-select')).selectOption(id);
}

/** The canvas of the chart whose caption is `caption`. */
const canvasOf = (page, caption) => page.locator('figure.chart', { hasText: caption }).locator('canvas');

test('overload shows: dropped requests, p95 latency, under-provisioned and MaxSize minutes, cost', async (t) => {
  const s = await open(t);
  const { page } = s;
  assert.equal(await text(page, 'sum-dropped'), '0', 'nothing dropped before the load rises');
  await setSlider(page, 'max');
  await page.locator(tid('speed')).selectOption('600');
  await setPlaying(page, true);
  // The group reaches MaxSize and the load is still above what it can serve.
  await waitNumber(page, 'sum-at-max', 'v > 0');
  await setPlaying(page, false);
  assert.ok(await num(page, 'sum-dropped') > 0, 'dropped requests counted');
  assert.ok(await num(page, 'sum-under') > 0, 'under-provisioned minutes counted');
  assert.match(await text(page, 'sum-p95'), /^\d+ ms$/);
  assert.ok(await num(page, 'sum-hours') > 0 && await num(page, 'sum-cost') > 0, 'instance-hours and cost');
  // The latency chart draws and names what it shows.
  const latency = page.locator('figure.chart', { hasText: 'p95 latency' });
  assert.equal(await latency.count(), 1);
  assert.match(await latency.locator('.chart-legend').textContent(), /requests dropped/);
  await closeChecked(s);
});

test('an instance that serves errors looks broken, not green and healthy', async (t) => {
  const s = await open(t);
  const { page } = s;
  await choosePreset(page, 'user-data');
  await page.locator(tid('speed')).selectOption('300');
  await setPlaying(page, true);
  const broken = page.locator(`${tid('instance')}[data-broken="true"]`).first();
  await broken.waitFor({ timeout: WAIT_MS });
  await setPlaying(page, false);
  const look = await page.locator(`${tid('instance')}[data-broken="true"]`).first().evaluate((el) => ({
    image: getComputedStyle(el).backgroundImage,
    label: el.getAttribute('aria-label'),
  }));
  assert.match(look.image, /gradient/, 'striped, not the InService green');
  assert.match(look.label, /serving errors/);
  assert.doesNotMatch(look.label, /Healthy/);
  await closeChecked(s);
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  test(`charts are readable at ${width} px: device pixels, clear labels, whole-number ticks`, async (t) => {
    const s = await open(t, '', { viewport: { width, height }, deviceScaleFactor: 2 });
    const { page } = s;
    // Before the first minute the charts are empty: their axes still read sensibly.
    const empty = await canvasOf(page, 'Desired vs in service').getAttribute('data-y-ticks');
    assert.match(empty, /^(\d+\|)+$/, `whole instances on an empty chart: ${empty}`);
    await step(page, 3);
    await page.waitForFunction(() => [...document.querySelectorAll('figure.chart canvas')]
      .every((c) => c.hasAttribute('data-overlaps')), null, { timeout: WAIT_MS });
    const charts = await page.locator('figure.chart canvas').evaluateAll((cs) => cs.map((c) => ({
      label: c.getAttribute('aria-label'),
      px: c.width,
      css: c.getBoundingClientRect().width,
      overlaps: c.getAttribute('data-overlaps'),
      x: c.getAttribute('data-x-ticks'),
    })));
    assert.ok(charts.length >= 5, `${charts.length} charts`);
    for (const c of charts) {
      assert.ok(Math.abs(c.px - c.css * 2) <= 2, `${c.label}: ${c.px} device px for ${c.css} CSS px`);
      assert.equal(c.overlaps, '0', `${c.label}: no tick label or axis title overlaps another`);
      assert.ok(c.x.split('|').filter(Boolean).length >= 2, `${c.label}: time ticks ${c.x}`);
    }
    await closeChecked(s);
  });
}

test('long runs read in clock time; every alarm line has a legend entry in its direction colour', async (t) => {
  const s = await open(t);
  const { page } = s;
  await page.locator(tid('run-to-end')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'false'
    && Number(document.querySelector('[data-testid="run-progress"]')?.value) >= 100, tid('run-to-end'),
  { timeout: WAIT_MS });
  const x = await canvasOf(page, 'Load vs capacity').getAttribute('data-x-ticks');
  assert.match(x, /\d+:\d\d/, `a day-long run reads h:mm: ${x}`);
  const legend = await page.locator('figure.chart', { hasText: 'Average CPU' }).locator('.chart-legend li')
    .evaluateAll((lis) => lis.map((li) => ({ text: li.textContent, colour: getComputedStyle(li.querySelector('.key')).borderTopColor })));
  const high = legend.find((l) => /AlarmHigh > 50%/.test(l.text));
  const low = legend.find((l) => /AlarmLow < /.test(l.text));
  assert.ok(high && low, `both target-tracking alarms named: ${JSON.stringify(legend)}`);
  assert.equal(high.colour, 'rgb(235, 87, 87)', 'scale-out alarms are red');
  assert.equal(low.colour, 'rgb(31, 111, 180)', 'scale-in alarms are blue');
  await closeChecked(s);
});

test('an alarm on memory gets a memory chart with its threshold named', async (t) => {
  const s = await open(t);
  const { page } = s;
  await choosePreset(page, 'memory-step');
  const memory = page.locator('figure.chart', { hasText: 'Average memory' });
  await memory.waitFor({ timeout: WAIT_MS });
  assert.match(await memory.locator('.chart-legend').textContent(), /> 70%/);
  await closeChecked(s);
});

test('an alarm on disk gets a disk chart with its threshold named, and no memory chart', async (t) => {
  // The memory example with its alarm on the CloudWatch agent's disk_used_percent instead.
  const scenario = JSON.parse(await readFile(join(ROOT, 'examples/memory-alarm.json'), 'utf8'));
  scenario.alarms[0].metric = 'disk_used_percent';
  scenario.alarms[0].threshold = 60;
  const path = join(await mkdtemp(join(tmpdir(), 'scaleout-disk-')), 'disk-alarm.json');
  await writeFile(path, JSON.stringify(scenario));
  const s = await open(t);
  const { page } = s;
  await page.locator(tid('upload-json')).setInputFiles(path);
  const disk = page.locator('figure.chart', { hasText: 'Average disk use' });
  await disk.waitFor({ timeout: WAIT_MS });
  assert.match(await disk.locator('.chart-legend').textContent(), /mem-used-high > 60%/);
  assert.equal(await page.locator('figure.chart', { hasText: 'Average memory' }).count(), 0,
    'no alarm watches memory now');
  await closeChecked(s);
});

test('markers never overlap, sit at their moment, and take the page there when clicked', async (t) => {
  const s = await open(t);
  const { page } = s;
  // The default scenario's load moves by itself: no slider.
  await page.locator(tid('speed')).selectOption('600');
  await setPlaying(page, true);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 6
    && [...document.querySelectorAll('[data-testid="marker"][data-kind="activity"]')].some((m) => m.dataset.t > 0),
  tid('marker'), { timeout: WAIT_MS });
  await setPlaying(page, false);
  assert.ok(await num(page, 'desired-capacity') > 2, 'the daily wave scaled the group out');
  const { lane, xMax, boxes } = await page.evaluate(() => {
    const laneEl = document.querySelector('[data-testid="markers"]');
    return {
      lane: laneEl.getBoundingClientRect().toJSON(),
      xMax: Number(laneEl.dataset.xMax),
      boxes: [...laneEl.querySelectorAll('[data-testid="marker"]')].map((m) => ({
        ...m.getBoundingClientRect().toJSON(), t: Number(m.dataset.t), kind: m.dataset.kind,
      })),
    };
  });
  for (const [i, a] of boxes.entries()) {
    assert.ok(a.left >= lane.left - 0.5 && a.right <= lane.right + 0.5, `marker ${i} inside the lane`);
    const at = lane.left + (a.t / 60000 / xMax) * lane.width;
    assert.ok(a.left - 1 <= at && at <= a.right + 1 || a.left <= lane.left + 0.5 || a.right >= lane.right - 0.5,
      `marker ${i} sits over its moment (${at} in ${a.left}..${a.right})`);
    for (const b of boxes.slice(i + 1)) {
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      assert.ok(apart, `markers overlap: ${JSON.stringify([a, b])}`);
    }
  }
  // Clicking an activity's marker picks its entry and moves the page to its minute.
  const first = boxes.find((b) => b.kind === 'activity' && b.t > 0);
  await page.locator(`${tid('marker')}[data-kind="activity"][data-t="${first.t}"]`).first().click();
  const picked = page.locator(`${tid('activity-log')} li[aria-current="true"]`);
  await picked.waitFor({ timeout: WAIT_MS });
  const minute = Number.parseInt(await text(page, 'scrub-minute'), 10);
  assert.ok(minute >= first.t / 60000 && minute <= first.t / 60000 + 1,
    `the timeline is at the marker's minute (${minute} for ${first.t} ms)`);
  // The page shows that moment: the clock reads the timeline's minute.
  const clock = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00`;
  assert.equal(await text(page, 'sim-clock'), clock);
  await page.screenshot({ path: join(ROOT, 'tests', 'artifacts', 'marker-picked.png') });
  await closeChecked(s);
});

test('the first screen at 1280x800 holds play, the grid, the charts, the why strip and the summary', async (t) => {
  const s = await open(t, '', { viewport: { width: 1280, height: 800 } });
  const { page } = s;
  for (const sel of [tid('play-pause'), tid('why-strip'), tid('run-summary'), tid('instance-grid')]) {
    const box = await page.locator(sel).boundingBox();
    assert.ok(box && box.y >= 0 && box.y + Math.min(box.height, 40) <= 800, `${sel} on the first screen: ${JSON.stringify(box)}`);
  }
  const chart = await canvasOf(page, 'Load vs capacity').boundingBox();
  assert.ok(chart.y + chart.height <= 800, `the load chart is whole on the first screen: ${JSON.stringify(chart)}`);
  const [play, stepButton] = await Promise.all([tid('play-pause'), tid('step')].map((sel) =>
    page.locator(sel).evaluate((el) => getComputedStyle(el).backgroundColor)));
  assert.notEqual(play, stepButton, 'play is the primary button');
  // The why strip explains a scale-out in AWS's words once the wave has caused one.
  await page.locator(tid('speed')).selectOption('600');
  await setPlaying(page, true);
  await page.waitForFunction((sel) => /ALARM/.test(document.querySelector(sel)?.textContent ?? '')
    && /Launching a new EC2 instance/.test(document.querySelector(sel)?.textContent ?? ''),
  tid('why-strip'), { timeout: WAIT_MS });
  await setPlaying(page, false);
  assert.match(await text(page, 'why-policy'), /\S+ \S+/);
  await closeChecked(s);
});

test('scrubbing moves the grid, counters, why strip, activity and chart cursor; counters agree', async (t) => {
  const s = await open(t);
  const { page } = s;
  await page.locator(tid('speed')).selectOption('600');
  await setPlaying(page, true);
  await waitNumber(page, 'desired-capacity', 'v >= 4');
  await setPlaying(page, false);
  // Live counters agree: the average CPU follows load / capacity (CPU = idle + (100 - idle) x use).
  const [load, cap] = (await text(page, 'load-capacity')).split(/[ /]+/).map(Number);
  const cpu = await num(page, 'avg-cpu');
  const expected = 2 + 98 * Math.min(load / cap, 1);
  assert.ok(Math.abs(cpu - expected) <= 12, `avg CPU ${cpu}% with load/capacity ${load}/${cap}`);
  const before = {
    clock: await text(page, 'sim-clock'),
    tiles: await page.locator(tid('instance')).count(),
    activities: await page.locator(`${tid('activity-log')} li`).count(),
    why: await text(page, 'why-strip'),
  };
  await page.locator(tid('scrub')).evaluate((el) => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setter.call(el, '2');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '00:03:00', tid('sim-clock'), { timeout: WAIT_MS });
  assert.equal(await page.locator(tid('instance')).count(), 2, 'the grid shows the two instances of minute 3');
  assert.ok(await page.locator(`${tid('activity-log')} li`).count() < before.activities, 'fewer activities then');
  assert.notEqual(await text(page, 'why-strip'), before.why, 'the why strip shows that moment');
  assert.equal(await num(page, 'desired-capacity'), 2);
  assert.equal(await canvasOf(page, 'Load vs capacity').getAttribute('data-cursor'), '3', 'the charts draw a cursor');
  // Play returns to the live run.
  await setPlaying(page, true);
  await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length >= n, [tid('instance'), before.tiles],
    { timeout: WAIT_MS });
  await setPlaying(page, false);
  await closeChecked(s);
});

test('the launch deployments Auto Scaling creates are grouped, not listed one per instance', async (t) => {
  const s = await open(t);
  const { page } = s;
  await choosePreset(page, 'codedeploy');
  await page.locator(tid('run-to-end')).click();
  const group = page.locator(`${tid('deployments')} ${tid('deployment-group')}`).first();
  await group.waitFor({ timeout: WAIT_MS });
  assert.ok(Number(await group.getAttribute('data-count')) >= 2, 'one entry for several launch deployments');
  assert.match(await group.textContent(), /launch deployments by Auto Scaling/);
  await closeChecked(s);
});
