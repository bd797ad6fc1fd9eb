// End-to-end: accessibility and small screens. axe-core (pinned in package-lock.json) checks the
// page in light, dark, Korean, embed and 390 px phone views: no serious or critical violation.
// Phones never scroll sideways and show the fleet before the share and file blocks; an embed in a
// 700x420 iframe on a blog page shows the grid and a chart without scrolling inside the frame; the
// pressed buttons meet WCAG AA contrast in dark mode (computed colours).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ROOT, closeChecked, freshPage, launch, makePayload, ready, setPlaying, tid,
} from './support.mjs';

const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const PHONE = { width: 390, height: 844 };

const { server, browser } = await launch();

/** Runs axe-core in `frameOrPage`; resolves to the serious and critical violations, one line each. */
async function axeProblems(frameOrPage) {
  await frameOrPage.addScriptTag({ path: AXE });
  const violations = await frameOrPage.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}\n    ${v.nodes.join('\n    ')}`);
}

/** WCAG relative luminance contrast of two computed `rgb(...)` colours. */
function contrast(a, b) {
  const lum = (rgb) => {
    const [r, g, bl] = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const VIEWS = [
  ['light', '', { colorScheme: 'light' }],
  ['dark', '', { colorScheme: 'dark' }],
  ['Korean', '?lang=ko', {}],
  ['embed', '?embed=1&autoplay=0', { viewport: { width: 700, height: 420 } }],
  ['phone (390 px)', '', { viewport: PHONE }],
];

for (const [name, query, options] of VIEWS) {
  test(`axe-core finds no serious or critical problem: ${name}`, async (t) => {
    const s = await freshPage(browser, options, { t });
    const { page } = s;
    await page.goto(`${server.url}${query}`);
    await ready(page);
    const problems = await axeProblems(page);
    assert.deepEqual(problems, [], `axe-core (${name}):\n${problems.join('\n')}`);
    await closeChecked(s);
  });
}

test('phones: no sideways scrolling at 360 and 390 px, and the fleet comes before share and files', async (t) => {
  for (const width of [360, 390]) {
    const s = await freshPage(browser, { viewport: { width, height: 800 } }, { t });
    const { page } = s;
    await page.goto(server.url);
    await ready(page);
    // The widest parts open too: the embed code and the instance details.
    await page.locator(tid('embed-button')).click();
    await page.locator(tid('instance')).first().click();
    await page.locator(tid('instance-details')).waitFor();
    const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `at ${width} px the page is ${overflow} px wider than the screen`);
    const top = (sel) => page.locator(sel).first().evaluate((el) => el.getBoundingClientRect().top);
    const grid = await top(tid('instance-grid'));
    assert.ok(grid < await top(tid('share-url')), `at ${width} px the grid comes before the share link`);
    assert.ok(grid < await top('.file-menu'), `at ${width} px the grid comes before the file menu`);
    await closeChecked(s);
  }
});

test('an embed in a 700x420 iframe on a blog page shows the grid and a chart without scrolling', async (t) => {
  const payload = await makePayload(browser, server.url);
  const s = await freshPage(browser, { viewport: { width: 1000, height: 900 } }, { t });
  const { page } = s;
  // A blog post: some text, then the embed at the size docs/embedding.md gives.
  await page.route(`${server.url}blog.html`, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><title>A blog</title><body style="margin:0">
      <main style="width:700px;margin:0 auto"><h1>How scale-out works</h1><p>Press play.</p>
      <iframe id="sim" src="${server.url}?embed=1&amp;autoplay=0#s=${payload}" title="Scaleout"
        width="700" height="420" style="border:0"></iframe></main></body></html>`,
  }));
  await page.goto(`${server.url}blog.html`);
  const frame = await (await page.waitForSelector('#sim')).contentFrame();
  await ready(frame);
  const fit = await frame.evaluate(() => {
    const doc = document.scrollingElement;
    const inside = (el) => {
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
    };
    return {
      extraHeight: doc.scrollHeight - window.innerHeight,
      extraWidth: doc.scrollWidth - window.innerWidth,
      grid: inside(document.querySelector('[data-testid="instance-grid"]')),
      chart: [...document.querySelectorAll('.chart canvas')].some(inside),
      play: inside(document.querySelector('[data-testid="play-pause"]')),
    };
  });
  assert.deepEqual(fit, { extraHeight: 0, extraWidth: 0, grid: true, chart: true, play: true },
    'the frame holds the grid, a chart and play without scrolling');
  await closeChecked(s);
});

test('pressed buttons meet WCAG AA contrast in dark mode', async (t) => {
  for (const query of ['', '?theme=dark']) {
    const s = await freshPage(browser, { colorScheme: 'dark' }, { t });
    const { page } = s;
    await page.goto(`${server.url}${query}`);
    await ready(page);
    await setPlaying(page, true);
    const colours = await page.locator(`${tid('play-pause')}[aria-pressed="true"]`).evaluate((el) => {
      const cs = getComputedStyle(el);
      return [cs.color, cs.backgroundColor];
    });
    const ratio = contrast(...colours);
    assert.ok(ratio >= 4.5, `pressed play-pause ${colours.join(' on ')}: contrast ${ratio.toFixed(2)} < 4.5 (${query})`);
    const deploy = await page.locator(tid('deploy-button')).evaluate((el) => {
      const cs = getComputedStyle(el);
      return [cs.color, cs.backgroundColor];
    });
    assert.ok(contrast(...deploy) >= 4.5, `deploy-button ${deploy.join(' on ')}`);
    await setPlaying(page, false);
    await closeChecked(s);
  }
});
