// End-to-end: EKS on the page, against the release build in headless Chromium. One test per EKS
// preset (the platform and preset selects, then the step button or "run to the end"), checking
// what the story shows: pods inside their nodes (`instance` tiles with the pod phase in
// `data-state` and the ReplicaSet revision in `data-revision`), Pending pods apart, the HPA's
// decision log in Kubernetes' words, the Argo CD Application's sync and health. Without the
// EKS runtime in the page every one of them fails (the page refuses a scenario with a
// `kubernetes` section and shows the default EC2 scenario). Plus axe-core on an EKS view and a
// share link that reproduces an EKS run. Every wait is on a condition, never a sleep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ROOT, WAIT_MS, closeChecked, freshPage, launch, nextPayload, ready, setPlaying, step, stepUntil,
  text, tid,
} from './support.mjs';

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

const { server, browser } = await launch();

/** A fresh page with the EKS preset `id` loaded (through the platform and preset selects), paused at 0. */
async function openPreset(t, id) {
  const s = await freshPage(browser, {}, { t });
  const { page } = s;
  await page.goto(server.url);
  await ready(page);
  await setPlaying(page, false);
  await page.locator(tid('platform-select')).selectOption('EKS');
  await page.locator(tid('hpa-card')).waitFor({ timeout: WAIT_MS });
  await page.locator(tid('preset-select')).selectOption(id);
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.value === want,
    [tid('preset-select'), id],
    { timeout: WAIT_MS },
  );
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '00:00:00',
    tid('sim-clock'), { timeout: WAIT_MS });
  assert.equal(await page.locator(tid('error-banner')).count(), 0, 'the EKS scenario runs');
  return s;
}

/** Runs to the scenario's end and waits until it is there. */
async function runToEnd(page) {
  await page.locator(tid('run-to-end')).click();
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'false',
    tid('run-to-end'),
    { timeout: WAIT_MS },
  );
}

/** The HPA decision log, oldest first: { when, desired, rescale, text }. */
async function hpaLog(page) {
  return page.evaluate((sel) => [...document.querySelectorAll(`${sel} li`)].reverse().map((li) => ({
    when: li.querySelector('.when')?.textContent ?? '',
    desired: Number(li.dataset.desired),
    rescale: li.dataset.rescale === 'true',
    text: li.textContent ?? '',
  })), tid('hpa-log'));
}

/** Pod tiles: { state, revision, ready, pending (outside every node) }. */
async function pods(page) {
  return page.evaluate((sel) => [...document.querySelectorAll(`${sel} [data-testid="instance"]`)].map((p) => ({
    state: p.dataset.state,
    revision: p.dataset.revision,
    ready: p.dataset.ready === 'true',
    unscheduled: !!p.closest('[data-testid="pending-pods"]'),
  })), tid('instance-grid'));
}

test('EKS HPA on a spike: 2 → 4 → 8 → 9 in Kubernetes words, back to 2 after the window', async (t) => {
  const s = await openPreset(t, 'eks-hpa-spike');
  const { page } = s;
  // Before the spike: two Ready pods on three nodes.
  await step(page, 2);
  assert.ok(await stepUntil(page, (sel) => [...document.querySelectorAll(`${sel} [data-testid="instance"]`)]
    .filter((p) => p.dataset.state === 'Running' && p.dataset.ready === 'true').length === 2, tid('instance-grid')));
  assert.equal(await page.locator(`${tid('instance-grid')} ${tid('node')}`).count(), 3);
  await runToEnd(page);
  const log = await hpaLog(page);
  const rescales = log.filter((r) => r.rescale);
  assert.deepEqual(rescales.map((r) => r.desired), [4, 8, 9, 2], JSON.stringify(rescales));
  assert.match(rescales[0].text,
    /New size: 4; reason: cpu resource utilization \(percentage of request\) above target/);
  assert.match(rescales[3].text, /New size: 2; reason: All metrics below target/);
  // Five minutes of downscale stabilization after the spike ends at 01:00.
  assert.equal(rescales[3].when, '01:05:00');
  await closeChecked(s);
});

test('EKS scale-down window: the dip keeps 7 pods until the window passes', async (t) => {
  const s = await openPreset(t, 'eks-scale-down-window');
  const { page } = s;
  await runToEnd(page);
  const rescales = (await hpaLog(page)).filter((r) => r.rescale);
  const firstToThree = rescales.find((r) => r.desired === 3);
  assert.ok(firstToThree, JSON.stringify(rescales));
  // The load dips at 00:30; the 10-minute window holds the replicas until 00:39:45.
  assert.ok(firstToThree.when >= '00:39:00', firstToThree.when);
  assert.ok(rescales.some((r) => r.desired === 7 && r.when === '00:40:00'), 'the rebound scales up at once');
  assert.match(await text(page, 'hpa-conditions'), /ScalingActive=True/);
  await closeChecked(s);
});

test('EKS GitOps rollout: a new ReplicaSet under load, Degraded on the broken image, undo', async (t) => {
  const s = await openPreset(t, 'eks-gitops-rollout');
  const { page } = s;
  await step(page, 1);
  assert.equal(await text(page, 'argocd-sync'), 'Synced');
  // The commit at 00:20 is synced at the next poll (00:21): pods of revision 2 appear.
  assert.ok(await stepUntil(page, (sel) => [...document.querySelectorAll(`${sel} [data-testid="instance"]`)]
    .some((p) => p.dataset.revision === '2'), tid('instance-grid'), 30), 'revision 2 pods');
  const mixed = await pods(page);
  assert.ok(mixed.some((p) => p.revision === '1'), 'both revisions during the rollout');
  assert.ok(await stepUntil(page, (sel) => /synced/.test(document.querySelector(sel)?.textContent ?? ''),
    tid('argocd-message'), 3), 'the operation is reported');
  // The broken 1.2 (commit at 00:50) never becomes Ready: Degraded at the progress deadline.
  assert.ok(await stepUntil(page, (sel) => document.querySelector(sel)?.textContent === 'Degraded',
    tid('argocd-health'), 45), 'Degraded');
  await runToEnd(page);
  // After the broken 1.2 and kubectl rollout undo: 1.1 again, out of sync with Git (no selfHeal).
  assert.equal(await text(page, 'argocd-sync'), 'OutOfSync');
  assert.equal(await text(page, 'argocd-health'), 'Healthy');
  assert.match(await text(page, 'deployment-image'), /web:1\.1$/);
  await closeChecked(s);
});

test('EKS HPA vs Argo CD: selfHeal puts replicas 3 back, the fix commit ends the fight', async (t) => {
  const s = await openPreset(t, 'eks-argocd-hpa-fight');
  const { page } = s;
  await step(page, 2);
  assert.ok((await hpaLog(page)).some((r) => r.rescale && r.desired === 5), 'the HPA wants 5');
  // Played slowly, the Deployment's replicas flip between the HPA's 5 and Git's 3, again and again.
  await page.locator(tid('speed')).selectOption('10');
  await page.evaluate((sel) => {
    window.__flips = 0;
    let last = null;
    const look = () => {
      const v = document.querySelector(sel)?.textContent;
      if (last !== null && v !== last) window.__flips += 1;
      last = v;
      window.__raf = requestAnimationFrame(look);
    };
    look();
  }, tid('deployment-replicas'));
  await setPlaying(page, true);
  await page.waitForFunction(() => window.__flips >= 4, null, { timeout: WAIT_MS });
  await setPlaying(page, false);
  await page.evaluate(() => cancelAnimationFrame(window.__raf));
  await runToEnd(page);
  assert.equal(await text(page, 'deployment-replicas'), '5');
  assert.equal(await text(page, 'argocd-sync'), 'Synced');
  assert.match(await text(page, 'git-card'), /let the HPA own replicas/);
  await closeChecked(s);
});

test('EKS pods Pending until the Cluster Autoscaler adds nodes, then unneeded nodes go', async (t) => {
  const s = await openPreset(t, 'eks-pods-pending');
  const { page } = s;
  assert.ok(await stepUntil(page, (sel) => document.querySelector(sel)?.textContent === '1',
    tid('node-count'), 5), 'the one node joins');
  await step(page, 16 - Number((await text(page, 'sim-clock')).split(':')[1]));
  const pending = (await pods(page)).filter((p) => p.unscheduled);
  assert.ok(pending.length > 0 && pending.every((p) => p.state === 'Pending'), JSON.stringify(pending));
  assert.ok(await stepUntil(page, (sel) => document.querySelector(sel)?.textContent === '4',
    tid('node-count'), 5), 'the new nodes join');
  assert.ok(await stepUntil(page, (sel) => document.querySelectorAll(`${sel} [data-testid="instance"]`).length > 0
    && !document.querySelector(`${sel} [data-testid="pending-pods"] [data-testid="instance"]`), tid('instance-grid'), 5));
  await runToEnd(page);
  assert.equal(await text(page, 'node-count'), '1');
  await closeChecked(s);
});

test('an EKS view has no serious or critical axe-core violation', async (t) => {
  const s = await openPreset(t, 'eks-gitops-rollout');
  const { page } = s;
  await step(page, 22);
  await page.addScriptTag({ path: AXE });
  const problems = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(problems, []);
  await closeChecked(s);
});

test('a share link of an EKS run reproduces it', async (t) => {
  const a = await freshPage(browser, {}, { t });
  await a.page.goto(server.url);
  await ready(a.page);
  await setPlaying(a.page, false);
  const before = await nextPayload(a.page, '');
  // The platform's first EKS story is the HPA on a spike.
  await a.page.locator(tid('platform-select')).selectOption('EKS');
  const payload = await nextPayload(a.page, before);
  await a.page.locator(tid('hpa-card')).waitFor({ timeout: WAIT_MS });
  assert.equal(await a.page.locator(tid('preset-select')).inputValue(), 'eks-hpa-spike');
  await step(a.page, 32);
  const logA = await hpaLog(a.page);
  const podsA = await pods(a.page);
  await closeChecked(a);
  assert.ok(logA.some((r) => r.rescale), 'the run has rescaled');

  const b = await freshPage(browser, {}, { t });
  await b.page.goto(`${server.url}#s=${payload}`);
  await b.page.locator(tid('hpa-card')).waitFor({ timeout: WAIT_MS });
  await setPlaying(b.page, false);
  assert.equal(await b.page.locator(tid('preset-select')).inputValue(), 'eks-hpa-spike');
  assert.equal(await b.page.locator(tid('platform-select')).inputValue(), 'EKS');
  await step(b.page, 32);
  assert.deepEqual(await hpaLog(b.page), logA);
  assert.deepEqual(await pods(b.page), podsA);
  await closeChecked(b);
});
