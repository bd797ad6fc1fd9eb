// The README's first command, tested as a new user meets it: copy the repository as a fresh clone
// would hold it (tracked and new, non-ignored files; no target/, dist/ or node_modules/), run the
// serve command exactly as the README writes it, wait for the URL it prints, and load that page in
// headless Chromium until the simulator is on screen.
//
//   node tests/serve-command.mjs
//
// Only the port is chosen (PORT, which scripts/serve.sh reads), so a developer's own `make serve`
// on 8080 does not collide, and CARGO_TARGET_DIR points at this checkout's target/ so the copy
// reuses compiled dependencies instead of building the world again.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// A cold debug build of the page on 2 busy cores takes minutes; the wait ends as soon as it serves.
const BUILD_WAIT_MS = 20 * 60_000;
const PAGE_WAIT_MS = 120_000;

/** The first command of the README's first code block, without its comment. */
export function readmeServeCommand(readme) {
  const block = /```sh\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no ```sh block at the top');
  const first = block[1].split('\n').find((l) => l.trim() !== '');
  return first.replace(/#.*$/, '').trim();
}

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function freshCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'scaleout-serve-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).split('\0').filter(Boolean);
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    try {
      cpSync(join(ROOT, f), join(dir, f));
    } catch (e) {
      // A file deleted in the work tree but still in the index: a clone of the tree would not have it.
      if (e.code !== 'ENOENT') throw e;
    }
  }
  return dir;
}

async function main() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const command = readmeServeCommand(readme);
  if (command !== 'make serve') {
    throw new Error(`the README's first command is '${command}'; this test expects 'make serve'`);
  }
  const dir = freshCopy();
  const port = await freePort();
  console.log(`serve-command: '${command}' in ${dir} (PORT=${port})`);
  const child = spawn('bash', ['-c', command], {
    cwd: dir,
    detached: true,
    env: { ...process.env, PORT: String(port), CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let printedUrl = null;
  const onData = (chunk) => {
    log += chunk.toString();
    const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
    if (m && !printedUrl) printedUrl = m[1];
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  child.on('exit', (code) => {
    exited = code;
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };

  let browser;
  try {
    // 1. The URL the command prints, then that URL answering with the page.
    const deadline = Date.now() + BUILD_WAIT_MS;
    let served = false;
    while (Date.now() < deadline) {
      if (exited !== null) throw new Error(`'${command}' exited with ${exited} before serving`);
      if (printedUrl) {
        const res = await fetch(printedUrl).catch(() => null);
        if (res?.ok && (await res.text()).includes('.wasm')) {
          served = true;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (!served) throw new Error(`'${command}' did not serve the page at ${printedUrl ?? '(no URL printed)'}`);
    if (printedUrl !== `http://127.0.0.1:${port}/`) {
      throw new Error(`the command printed ${printedUrl}, expected http://127.0.0.1:${port}/`);
    }

    // 2. The page it serves, in Chromium: the simulator on screen, no errors.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    await page.goto(printedUrl);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="instance"]').length > 0, null, {
      timeout: PAGE_WAIT_MS,
    });
    const tiles = await page.locator('[data-testid="instance"]').count();
    if (problems.length) throw new Error(`the served page logged errors:\n${problems.join('\n')}`);
    console.log(`serve-command: ok, ${printedUrl} shows the simulator (${tiles} instance tiles)`);
  } catch (e) {
    console.error(`serve-command: FAILED: ${e.message}\n--- output of '${command}' (last 4000 chars) ---\n${log.slice(-4000)}`);
    process.exitCode = 1;
  } finally {
    await browser?.close();
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
