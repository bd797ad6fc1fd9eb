// End-to-end: Amazon ECS on the page, one test per ECS preset, against the release build in
// headless Chromium. Each test makes the preset's link in a context of its own (the platform or
// preset select, as a user picks it), opens it in a fresh context at a moment of the story (`t=`),
// and steps the simulation minute by minute until the state the story is about shows up: task tiles
// (`data-testid="instance"` with ECS's lastStatus in `data-state` and the task definition revision in
// `data-revision`), the service's cards and AWS's service events in the activity history. Without
// the page's ECS runtime (the core feature `ecs`) the page refuses these scenarios, so every test
// here fails. Also: axe-core on an ECS view, and a share link of an ECS run reproduces it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ROOT, WAIT_MS, buildRunner, closeChecked, freshDownloadPage, freshPage, launch, makePayload,
  runner, setPlaying, step, stepUntil, text, tid, waitText,
} from './support.mjs';

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

await buildRunner();
const { server, browser } = await launch();

const TASK_STATES = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING',
  'DEPROVISIONING', 'STOPPED'];

/** The link payload of ECS preset `id`, picked in the preset select of a page of its own. */
function presetPayload(id) {
  return makePayload(browser, server.url, async (page) => {
    await page.locator(tid('preset-select')).selectOption(id);
  });
}

/** Opens `payload` at `seconds` in a fresh context, paused, with its task tiles on screen. */
async function openAt(t, payload, seconds) {
  const s = await freshPage(browser, {}, { t });
  await s.page.goto(`${server.url}#s=${payload}&t=${seconds}`);
  const clock = new Date(seconds * 1000).toISOString().slice(11, 19);
  await waitText(s.page, 'sim-clock', clock);
  await s.page.waitForFunction(
    ([sel, states]) => [...document.querySelectorAll(sel)].some((e) => states.includes(e.dataset.state)),
    [tid('instance'), TASK_STATES],
    { timeout: WAIT_MS },
  );
  await setPlaying(s.page, false);
  return s;
}

/** The task tiles now: [state, revision] pairs. */
function tiles(page) {
  return page.evaluate(
    (sel) => [...document.querySelectorAll(sel)].map((e) => [e.dataset.state, e.dataset.revision]),
    tid('instance'),
  );
}

const activityHas = ([sel, needle]) => [...document.querySelectorAll(`${sel} li`)]
  .some((li) => li.textContent.includes(needle));

/** The deployments the service card lists: [status, rolloutState, text]. */
function deployments(page) {
  return page.evaluate(
    (sel) => [...document.querySelectorAll(sel)].map((e) => [e.dataset.status, e.dataset.rolloutState, e.textContent]),
    tid('ecs-deployment'),
  );
}

test('ECS rolling deploy under load: web:2 waits for capacity, completes, then scale-in', async (t) => {
  const payload = await presetPayload('ecs-rolling-deploy');
  const s = await openAt(t, payload, 1830);
  const { page } = s;
  // The platform select follows the scenario; the cards show the service and its capacity.
  assert.equal(await page.locator(tid('platform-select')).inputValue(), 'ECS');
  assert.match(await text(page, 'capacity-kind'), /ecs-asg-cp/);
  assert.match(await text(page, 'service-scaling-card'), /web-cpu75-target-tracking/);
  const early = await tiles(page);
  assert.ok(early.some(([st, rev]) => st === 'PROVISIONING' && rev === 'web:2'),
    `web:2 tasks wait in PROVISIONING for container instances: ${JSON.stringify(early)}`);
  assert.ok(early.some(([st, rev]) => st === 'RUNNING' && rev === 'web:1'), 'web:1 keeps running');
  assert.ok(await page.evaluate(activityHas, [tid('activity-log'), 'Setting desired count to 10.']),
    'service auto scaling scaled out before the deploy');
  // Managed scaling adds instances; the deployment completes with web:2 as PRIMARY.
  const done = await stepUntil(page, (sel) => [...document.querySelectorAll(sel)]
    .some((e) => e.dataset.status === 'PRIMARY' && e.dataset.rolloutState === 'COMPLETED'
      && e.textContent.includes('web:2')), tid('ecs-deployment'), 12);
  assert.ok(done, `the deployment completes: ${JSON.stringify(await deployments(page))}`);
  assert.ok(await page.locator(tid('container-instance')).count() >= 3, 'more container instances');
  assert.ok(await page.evaluate(activityHas, [tid('activity-log'), '(service web) has reached a steady state.']));
  // Scale-in waited for the deployment: now it comes.
  const scaledIn = await stepUntil(page, activityHas, [tid('activity-log'), 'Setting desired count to 5.'], 4);
  assert.ok(scaledIn, 'scale-in after the deployment');
  await step(page, 1);
  const after = await tiles(page);
  assert.ok(after.filter(([st]) => st === 'RUNNING').every(([, rev]) => rev === 'web:2'),
    `only web:2 tasks run: ${JSON.stringify(after)}`);
  assert.ok(after.some(([st]) => st === 'DEACTIVATING'), 'stopped tasks drain from the target group first');
  await closeChecked(s);
});

test('ECS circuit breaker: a broken image fails the deployment and it rolls back to web:1', async (t) => {
  const payload = await presetPayload('ecs-circuit-breaker');
  const s = await openAt(t, payload, 660);
  const { page } = s;
  assert.match(await text(page, 'circuit-breaker'), /enable, rollback/);
  assert.match(await text(page, 'capacity-kind'), /FARGATE/);
  assert.ok((await tiles(page)).some(([, rev]) => rev === 'web:2'), 'web:2 tasks are tried');
  const failed = await stepUntil(page, activityHas,
    [tid('activity-log'), '(service web) deployment failed: tasks failed to start.'], 3);
  assert.ok(failed, 'the circuit breaker fails the deployment, in AWS words');
  assert.ok(await page.evaluate(activityHas, [tid('activity-log'), '(service web) rolling back to deployment']));
  const back = await stepUntil(page, (sel) => {
    const all = [...document.querySelectorAll(sel)];
    return all.length === 6 && all.every((e) => e.dataset.revision === 'web:1' && e.dataset.state === 'RUNNING');
  }, tid('instance'), 6);
  assert.ok(back, `six web:1 tasks run again: ${JSON.stringify(await tiles(page))}`);
  const deps = await deployments(page);
  assert.ok(deps.some(([st, roll, txt]) => st === 'PRIMARY' && roll === 'COMPLETED' && txt.includes('web:1')),
    `the rollback deployment completed: ${JSON.stringify(deps)}`);
  await closeChecked(s);
});

test('ECS blue/green canary: 10 % on green, a scaling event during the shift, then 100 %', async (t) => {
  const payload = await presetPayload('ecs-blue-green-canary');
  const s = await openAt(t, payload, 780);
  const { page } = s;
  assert.match(await text(page, 'deployment-config-card'), /CodeDeployDefault\.ECSCanary10Percent5Minutes/);
  assert.equal(await text(page, 'ecs-green-percent'), '10 %');
  const mixed = await tiles(page);
  assert.ok(mixed.some(([st, rev]) => st === 'RUNNING' && rev === 'web:1'), 'blue runs');
  assert.ok(mixed.some(([st, rev]) => st === 'RUNNING' && rev === 'web:2'), 'green runs');
  // The desired count goes from 4 to 6 during the shift: both task sets grow.
  const grew = await stepUntil(page, activityHas, [tid('activity-log'), 'has started 2 tasks'], 3);
  assert.ok(grew, 'both task sets start tasks');
  await waitText(page, 'ecs-desired', '6');
  // After the canary's 5 minutes the rest of the traffic moves and web:2 is the PRIMARY.
  const shifted = await stepUntil(page, (sel) => [...document.querySelectorAll(sel)]
    .some((e) => e.dataset.status === 'PRIMARY' && e.dataset.rolloutState === 'COMPLETED'
      && e.textContent.includes('web:2')), tid('ecs-deployment'), 8);
  assert.ok(shifted, `all traffic on green after the canary: ${JSON.stringify(await deployments(page))}`);
  // After the 10-minute termination wait the original (blue) tasks drain and stop.
  const gone = await stepUntil(page, (sel) => {
    const blue = [...document.querySelectorAll(sel)].filter((e) => e.dataset.revision === 'web:1');
    return blue.length > 0 && blue.every((e) => e.dataset.state !== 'RUNNING');
  }, tid('instance'), 14);
  assert.ok(gone, `the original task set stops after the wait: ${JSON.stringify(await tiles(page))}`);
  await closeChecked(s);
});

test('ECS two-level scaling: tasks wait in PROVISIONING, managed scaling adds instances, tasks start', async (t) => {
  const payload = await presetPayload('ecs-two-level-scaling');
  const s = await openAt(t, payload, 2010);
  const { page } = s;
  assert.ok(await page.evaluate(activityHas, [tid('activity-log'), 'Setting desired count to 6.']),
    'service auto scaling adds tasks on the spike');
  assert.ok((await tiles(page)).some(([st]) => st === 'PROVISIONING'), 'tasks wait for room');
  const above = await stepUntil(page, (sel) => Number.parseFloat(document.querySelector(sel)?.textContent) > 100,
    tid('capacity-provider-reservation'), 3);
  assert.ok(above, `CapacityProviderReservation above its target: ${await text(page, 'capacity-provider-reservation')}`);
  const instances = await page.locator(tid('container-instance')).count();
  const placed = await stepUntil(page, ([sel, box, n]) => document.querySelectorAll(box).length > n
    && [...document.querySelectorAll(sel)].every((e) => e.dataset.state === 'RUNNING'),
  [tid('instance'), tid('container-instance'), instances], 8);
  assert.ok(placed, `a new container instance runs the waiting tasks: ${JSON.stringify(await tiles(page))}`);
  await closeChecked(s);
});

test('axe-core finds no serious or critical problem in an ECS view', async (t) => {
  const payload = await presetPayload('ecs-rolling-deploy');
  const s = await openAt(t, payload, 1830);
  const { page } = s;
  await page.locator(tid('ecs-service-card')).waitFor({ timeout: WAIT_MS });
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, []);
  await closeChecked(s);
});

test('a share link of an ECS run reproduces it', async (t) => {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await page.locator(tid('instance')).first().waitFor({ timeout: WAIT_MS });
  // The platform select opens the first ECS story.
  await page.locator(tid('platform-select')).selectOption('ECS');
  await page.locator(tid('ecs-service-card')).waitFor({ timeout: WAIT_MS });
  await setPlaying(page, false);
  await step(page, 35);
  const clock = await text(page, 'sim-clock');
  const seen = await tiles(page);
  const log = await text(page, 'activity-log');
  const hash = await page.evaluate(() => location.hash);
  const m = /[#&]s=([^&]*)/.exec(hash);
  assert.ok(m, 'the URL holds the run');
  const [h, mi] = clock.split(':').map(Number);
  const other = await openAt(t, m[1], h * 3600 + mi * 60);
  assert.deepEqual(await tiles(other.page), seen, 'the same tasks in the same states and revisions');
  assert.equal(await text(other.page, 'activity-log'), log, 'the same service events');
  await closeChecked(other);
  await closeChecked(s);
});

test('the CSV export of an ECS run equals the runner\'s, the service\'s columns included', async (t) => {
  const payload = await presetPayload('ecs-circuit-breaker');
  const s = await freshDownloadPage(browser, t, 'scaleout-ecs-');
  const { page } = s;
  await page.goto(`${server.url}#s=${payload}&t=900`);
  await waitText(page, 'sim-clock', '00:15:00');
  await setPlaying(page, false);
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: WAIT_MS }),
    page.locator(tid('export-csv')).click(),
  ]);
  const path = join(s.dir, file.suggestedFilename());
  await file.saveAs(path);
  const fromPage = (await readFile(path, 'utf8')).trimEnd().split('\n');
  const { stdout } = await runner(['run', `https://scaleout.example/#s=${payload}`, '--until', '15m', '--format', 'csv']);
  const fromRunner = stdout.trimEnd().split('\n');
  assert.match(fromPage[0], /,ecs_desired,ecs_provisioning,/, 'the service\'s columns');
  assert.equal(fromPage.length, 16, 'a header and one row per minute');
  assert.deepEqual(fromPage, fromRunner, 'same per-minute samples');
  await closeChecked(s);
});
