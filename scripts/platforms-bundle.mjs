// Trunk post_build hook: the page's second bundle (docs/size.md, "Two bundles").
//
// Trunk builds index.html's bundle: the page without the `platforms` feature (EC2 only, the
// first load). This hook builds the same crate with the feature (the ECS and EKS runtimes and
// views) the way Trunk builds the first (cargo with the same profile, wasm-bindgen --target web,
// wasm-opt -Oz in the release build), names it `scaleout-web-platforms`, and writes
// `platforms.html`: index.html loading that bundle instead (`scaleout-web-platforms-<hash>`). The EC2 bundle opens platforms.html
// when it meets an ECS or EKS scenario (web/src/share/bundle.rs).
//
// Runs in TRUNK_STAGING_DIR (or the directory given as the first argument), before
// scripts/no-inline-scripts.mjs, which minifies the JS, refreshes every integrity hash and moves
// the inline loader out of both pages.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('platforms-bundle: set TRUNK_STAGING_DIR or pass the directory');
  process.exit(2);
}
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';

// 1. cargo: the profile index.html names for the release build (`web`), the dev profile otherwise.
const cargoArgs = ['build', '--target', 'wasm32-unknown-unknown', '-p', 'scaleout-web',
  '--bin', 'scaleout-web', '--message-format', 'json-render-diagnostics'];
if (release) cargoArgs.push('--profile', 'web');
const messages = execFileSync('cargo', cargoArgs, { maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'inherit'] })
  .toString().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const wasm = messages
  .filter((m) => m.reason === 'compiler-artifact' && m.target?.name === 'scaleout-web'
    && m.target.kind.includes('bin'))
  .flatMap((m) => m.filenames).find((f) => f.endsWith('.wasm'));
if (!wasm) throw new Error('platforms-bundle: cargo built no scaleout-web.wasm');
// Named by content, as Trunk names the first bundle, so a browser never pairs a cached copy with a
// new page (the pages' integrity hashes would refuse it).
const NAME = `scaleout-web-platforms-${createHash('sha256').update(await readFile(wasm)).digest('hex').slice(0, 16)}`;

// 2. wasm-bindgen (the version Cargo.lock pins, installed by scripts/setup.sh), then wasm-opt
// with the flags index.html gives Trunk for the first bundle.
execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', dir,
  '--out-name', NAME, wasm], { stdio: 'inherit' });
if (release) {
  const html = await readFile(join(process.env.TRUNK_SOURCE_DIR ?? '.', 'index.html'), 'utf8');
  const params = /data-bin="scaleout-web"[\s\S]*?data-wasm-opt-params="([^"]*)"/.exec(html)?.[1] ?? '';
  const out = join(dir, `${NAME}_bg.wasm`);
  execFileSync('wasm-opt', ['-Oz', ...params.split(/\s+/).filter(Boolean), out, '-o', out],
    { stdio: 'inherit' });
}

// 3. platforms.html: index.html with the first bundle's files renamed to this one's (the
// integrity hashes are refreshed by the next hook).
const index = await readFile(join(dir, 'index.html'), 'utf8');
// Trunk writes its content hash in hex without leading zeros: any length.
const first = /scaleout-web-[0-9a-f]+(?=(_bg\.wasm|\.js))/.exec(index)?.[0];
if (!first) throw new Error('platforms-bundle: index.html names no scaleout-web bundle');
await writeFile(join(dir, 'platforms.html'), index.replaceAll(first, NAME));
const files = (await readdir(dir)).filter((f) => f.startsWith(NAME));
console.log(`platforms-bundle: ${files.join(', ')} and platforms.html (from ${wasm})`);
