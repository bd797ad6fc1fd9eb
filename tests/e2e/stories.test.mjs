// End-to-end: the post's stories, built through the page's own cards and controls (no presets,
// no links), against the release build in headless Chromium. Each story reloads the page, picks a
// delivery method in the CodeDeploy card, releases revisions with the Deploy button, raises the
// load and watches the instance tiles (`data-state`, `data-revision`). Every wait is on a condition
// in the DOM. Screenshots in English and Korean land in tests/artifacts/. The performance figures
// (p95 frame time at 1x with 200 instances, navigation to first simulated frame) are printed, not
// asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'dist');
const ARTIFACTS = join(ROOT, 'tests', 'artifacts');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WAIT_MS = 120_000;

let server;
let browser;
let page;
const consoleErrors = [];
const tid = (id) => `[data-testid="${id}"]`;

before(async () => {
  await access(join(DIST, 'index.html'));
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startServer(DIST, 0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page (no fragment, no saved scenario) with the grid on screen. */
async function open(query = '') {
  await page.goto(`${server.url}${query}`);
  await page.evaluate(() => { try { localStorage.clear(); } catch { /* none */ } });
  await page.goto(`${server.url}${query}`);
  await page.locator(tid('instance')).first().waitFor({ timeout: WAIT_MS });
}

/** Commits a value in a card field (found by its JSON path) the way a user does: value, then change. */
async function setField(path, value) {
  await page.locator(`[data-path="${path}"]`).first().evaluate((el, v) => {
    if (el.tagName === 'SELECT') {
      el.value = v;
    } else {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      setter.call(el, v);
    }
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, String(value));
}

async function setSlider(value) {
  await page.locator(tid('load-slider')).evaluate((el, v) => {
    const target = v === 'max' ? el.max : v === 'min' ? el.min : String(v);
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setter.call(el, target);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

async function setPlaying(on) {
  const button = page.locator(tid('play-pause'));
  if (((await button.getAttribute('aria-pressed')) === 'true') !== on) await button.click();
}

/** Presses step (60 simulated seconds) until `cond` holds in the page, at most `max` times. */
async function stepUntil(cond, arg, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(cond, arg)) return true;
    await page.locator(tid('step')).click();
  }
  return page.evaluate(cond, arg);
}

const allInService = (sel) => {
  const tiles = [...document.querySelectorAll(sel)];
  return tiles.length > 0 && tiles.every((t) => t.dataset.state === 'InService');
};

/** Records, on every animation frame, each tile's states and the revision it had in each state. */
async function watchTiles() {
  await page.evaluate((sel) => {
    window.__initial = new Set([...document.querySelectorAll(sel)].map((t) => t.title));
    window.__tiles = new Map();
    window.__gone = new Set();
    const look = () => {
      const now = new Set();
      for (const el of document.querySelectorAll(sel)) {
        now.add(el.title);
        const rec = window.__tiles.get(el.title) ?? { states: new Set(), inService: new Set() };
        rec.states.add(el.dataset.state);
        if (el.dataset.state === 'InService') rec.inService.add(el.dataset.revision);
        window.__tiles.set(el.title, rec);
      }
      for (const id of window.__tiles.keys()) if (!now.has(id)) window.__gone.add(id);
      window.__raf = requestAnimationFrame(look);
    };
    look();
  }, tid('instance'));
}

async function stopWatching() {
  await page.evaluate(() => cancelAnimationFrame(window.__raf));
}

async function deploy(revision) {
  await page.locator(tid('revision-picker')).selectOption(revision);
  await page.locator(tid('deploy-button')).click();
}

async function waitDeployment(revision, status = 'Succeeded') {
  await page.locator(`${tid('deployments')} li[data-revision="${revision}"][data-status="${status}"]`)
    .first().waitFor({ timeout: WAIT_MS });
}

async function screenshots(name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}-en.png`), fullPage: true });
  await page.locator(tid('lang-select')).selectOption('ko');
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  await page.screenshot({ path: join(ARTIFACTS, `${name}-ko.png`), fullPage: true });
  await page.locator(tid('lang-select')).selectOption('en');
}

test('no automation: after Deploy v2, scale-out brings v1 back', async () => {
  await open();
  await setField('delivery.method', 'NoAutomation');
  assert.ok(await stepUntil(allInService, tid('instance')), 'the group settles');
  await deploy('v2');
  // By hand, one server after another: step until every running server shows v2.
  assert.ok(await stepUntil((sel) => [...document.querySelectorAll(sel)]
    .every((t) => t.dataset.revision === 'v2'), tid('instance'), 20), 'the fleet runs v2');
  await watchTiles();
  await setSlider('max');
  await page.locator(tid('speed')).selectOption('600');
  await setPlaying(true);
  await page.waitForFunction(() => [...window.__tiles.entries()]
    .some(([id, r]) => !window.__initial.has(id) && r.inService.has('v1')), null, { timeout: WAIT_MS });
  await setPlaying(false);
  await stopWatching();
  const stale = await page.locator(`${tid('instance')}[data-revision="v1"]`).count();
  assert.ok(stale > 0, 'scale-out tiles show data-revision v1');
  await screenshots('story-no-automation');
});

test('CodeDeploy: new instances pass Pending:Wait and get the last successful revision', async () => {
  await open();
  await setField('delivery.method', 'CodeDeploy');
  assert.ok(await stepUntil(allInService, tid('instance')), 'the group settles');
  await deploy('v2');
  await page.locator(tid('speed')).selectOption('60');
  await setPlaying(true);
  await waitDeployment('v2');
  await watchTiles();
  await setSlider('max');
  await page.locator(tid('speed')).selectOption('300');
  await page.waitForFunction(() => {
    const fresh = [...window.__tiles.entries()].filter(([id]) => !window.__initial.has(id));
    return fresh.filter(([, r]) => r.states.has('Pending:Wait') && r.inService.has('v2')).length >= 2;
  }, null, { timeout: WAIT_MS });
  await setPlaying(false);
  await stopWatching();
  const wrong = await page.evaluate(() => [...window.__tiles.entries()]
    .filter(([id, r]) => !window.__initial.has(id) && r.inService.has('v1')).map(([id]) => id));
  assert.deepEqual(wrong, [], 'no scale-out instance serves v1');
  await screenshots('story-codedeploy');
});

test('a broken last revision loops: launched, failed, terminated, never InService on it', async () => {
  await open();
  await setField('delivery.method', 'CodeDeploy');
  assert.ok(await stepUntil(allInService, tid('instance')), 'the group settles');
  await page.locator(tid('speed')).selectOption('60');
  await deploy('v2');
  await setPlaying(true);
  await waitDeployment('v2');
  await deploy('v3-jdk11');
  await waitDeployment('v3-jdk11');
  await watchTiles();
  await setSlider('max');
  await page.locator(tid('speed')).selectOption('600');
  await page.waitForFunction(() => [...window.__gone].filter((id) => !window.__initial.has(id)).length >= 3,
    null, { timeout: WAIT_MS });
  await setPlaying(false);
  await stopWatching();
  const onBroken = await page.evaluate(() => [...window.__tiles.entries()]
    .filter(([id, r]) => !window.__initial.has(id) && r.inService.has('v3-jdk11')).map(([id]) => id));
  assert.deepEqual(onBroken, [], 'no new instance reaches InService on v3-jdk11');
  const failed = await page.locator(`${tid('deployments')} li[data-revision="v3-jdk11"][data-status="Failed"]`).count();
  assert.ok(failed > 0, 'the deployments panel shows the failed scale-out deployments');
  await screenshots('story-jdk11-loop');
});

test('user data: a broken instance reaches InService', async () => {
  await open();
  await setField('delivery.method', 'UserData');
  assert.ok(await stepUntil(allInService, tid('instance')), 'the group settles');
  await deploy('v4-broken');
  await watchTiles();
  await setSlider('max');
  await page.locator(tid('speed')).selectOption('600');
  await setPlaying(true);
  // A new instance (launched by the scale-out) pulls the broken artifact at boot and nothing
  // stops it from serving.
  await page.waitForFunction(() => [...window.__tiles.entries()]
    .some(([id, r]) => !window.__initial.has(id) && r.inService.has('v4-broken')), null, { timeout: WAIT_MS });
  await setPlaying(false);
  await stopWatching();
  assert.ok(await page.locator(`${tid('instance')}[data-state="InService"][data-revision="v4-broken"]`).count() > 0,
    'InService tiles show the broken revision');
  await screenshots('story-user-data');
});

test('run to the end, then scrub the timeline', async () => {
  await open();
  await setField('horizon_s', 2 * 86_400);
  await page.locator(tid('run-to-end')).click();
  await page.waitForFunction((sel) => document.querySelector(sel)?.value >= 100, tid('run-progress'),
    { timeout: WAIT_MS });
  assert.match((await page.locator(tid('sim-clock')).textContent()) ?? '', /^2d 00:00:00$/);
  const scrub = page.locator(tid('scrub'));
  assert.equal(await scrub.isDisabled(), false);
  const half = await scrub.evaluate((el) => {
    const v = Math.floor(Number(el.max) / 2);
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return v;
  });
  assert.ok(half > 1000, `a two-day run has a sample per minute (scrub max ${2 * half})`);
  await page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want,
    [tid('scrub-minute'), `${half} min`]);
  await page.screenshot({ path: join(ARTIFACTS, 'run-to-end-scrubbed.png'), fullPage: true });
});

test('keyboard: play, step and tile details work without a mouse', async () => {
  await open();
  await page.locator(tid('step')).focus();
  const before = await page.locator(tid('sim-clock')).textContent();
  await page.keyboard.press('Enter');
  await page.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent !== was,
    [tid('sim-clock'), before]);
  await page.locator(tid('instance')).first().focus();
  await page.keyboard.press('Enter');
  await page.locator(tid('instance-details')).waitFor();
  const label = await page.locator(tid('instance')).first().getAttribute('aria-label');
  assert.match(label ?? '', /^i-\S+ \S+ Revision /, 'each tile has a spoken label');
});

test('phone width: no sideways scrolling, tiles and controls still usable', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open('?lang=ko');
  await page.waitForFunction(() => document.documentElement.lang === 'ko');
  await page.locator(tid('step')).click();
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
  await page.locator(tid('instance')).first().click();
  await page.locator(tid('instance-details')).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'phone-ko.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('performance: first simulated frame and p95 frame time at 1x with 200 instances', async () => {
  // Times the page's own work in every animation frame: the rAF callback (advancing the
  // simulator) plus the microtasks it queues (Yew's render), by wrapping requestAnimationFrame.
  await page.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    window.__rawRaf = raf;
    window.__work = [];
    window.requestAnimationFrame = (cb) => raf((ts) => {
      const t0 = performance.now();
      cb(ts);
      queueMicrotask(() => queueMicrotask(() => queueMicrotask(() => {
        window.__work.push(performance.now() - t0);
      })));
    });
  });
  await page.goto(server.url);
  await page.locator(tid('instance')).first().waitFor({ timeout: WAIT_MS });
  const firstFrame = await page.evaluate(() =>
    performance.getEntriesByName('scaleout-first-frame')[0]?.startTime ?? NaN);
  await setField('group.max_size', 250);
  await setField('group.min_size', 200);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 200, tid('instance'),
    { timeout: WAIT_MS });
  await page.locator(tid('speed')).selectOption('1');
  await setPlaying(true);
  await page.evaluate(() => { window.__work = []; });
  const frames = await page.evaluate(() => new Promise((done) => {
    const out = [];
    let last = performance.now();
    const tick = (ts) => {
      out.push(ts - last);
      last = ts;
      if (out.length < 240) window.__rawRaf(tick); else done(out.slice(10));
    };
    window.__rawRaf(tick);
  }));
  const work = await page.evaluate(() => window.__work.slice());
  await setPlaying(false);
  const pct = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))];
  };
  const tiles = await page.locator(tid('instance')).count();
  console.log(`PERF first simulated frame after navigation: ${firstFrame.toFixed(0)} ms`);
  console.log(`PERF frame interval at 1x, ${tiles} instances: p50 ${pct(frames, 0.5).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms, max ${pct(frames, 1).toFixed(1)} ms (${frames.length} frames)`);
  console.log(`PERF page work per frame at 1x, ${tiles} instances: p50 ${pct(work, 0.5).toFixed(2)} ms, p95 ${pct(work, 0.95).toFixed(2)} ms, max ${pct(work, 1).toFixed(2)} ms (${work.length} frames)`);
  assert.ok(Number.isFinite(firstFrame));
});

test('no console errors', () => {
  assert.deepEqual(consoleErrors, []);
});
