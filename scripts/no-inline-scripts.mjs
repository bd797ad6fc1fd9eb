// Trunk post_build hook. In the release build it first minifies the wasm-bindgen JavaScript with
// terser (Trunk's own JS minifier fails on that file; the bundle budget counts it). Then, in each
// page (index.html, and platforms.html from scripts/platforms-bundle.mjs), it refreshes the
// integrity hashes and moves the inline module script Trunk writes (the wasm loader) into its own
// file, so the page runs under a Content-Security-Policy without
// 'unsafe-inline' for scripts (`script-src 'self' 'wasm-unsafe-eval'`); see docs/embedding.md.
// Trunk has no option for this yet (trunk-rs/trunk#288).
//
// Runs in TRUNK_STAGING_DIR (or the directory given as the first argument).
//
// The strict-CSP guarantee is the shipped release build's: there an inline script left over is an
// error. `trunk serve` (the debug build behind `make serve`) injects its own inline live-reload
// script, which is meant for the developer's browser only, so a debug build keeps it and says so.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('no-inline-scripts: set TRUNK_STAGING_DIR or pass the directory');
  process.exit(2);
}
// index.html, and platforms.html when scripts/platforms-bundle.mjs wrote it.
const pages = (await readdir(dir)).filter((f) => f.endsWith('.html'));
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const sri = (text) => 'sha384-' + createHash('sha384').update(text).digest('base64');

if (release) {
  // The page's own JS modules (wasm-bindgen snippets, imported by the bindgen JS) too.
  const snippets = (await readdir(join(dir, 'snippets'), { recursive: true }).catch(() => []))
    .filter((p) => p.endsWith('.js'))
    .map((p) => join('snippets', p));
  for (const name of [...await readdir(dir), ...snippets]) {
    if (!name.endsWith('.js') || name.startsWith('boot-')) continue;
    const path = join(dir, name);
    const source = await readFile(path, 'utf8');
    // The tools worker's JS is a classic script (wasm-bindgen's no-modules target) whose global
    // `wasm_bindgen` its loader calls: its top level must keep its names.
    const module = !name.startsWith('scaleout-tools');
    const result = await minify(source, { module, ecma: 2020, compress: true, mangle: true });
    if (!result.code) throw new Error(`terser returned nothing for ${name}`);
    await writeFile(path, result.code);
    console.log(`no-inline-scripts: minified ${name}: ${source.length} -> ${result.code.length} bytes`);
  }
}

for (const page of pages) {
  const path = join(dir, page);
  // Every file a tag names with an integrity hash gets the hash of what is there now (minified
  // above, or renamed by scripts/platforms-bundle.mjs).
  const html = await refreshIntegrity(await readFile(path, 'utf8'));
  const inline = /<script type="module">([\s\S]*?)<\/script>/g;
  let count = 0;
  let out = html;
  for (const match of html.matchAll(inline)) {
    const body = match[1].trim() + '\n';
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const name = `boot-${hash}.js`;
    await writeFile(join(dir, name), body);
    out = out.replace(match[0], `<script type="module" src="./${name}" integrity="${sri(body)}"></script>`);
    count += 1;
  }
  if (/<script(?![^>]*\bsrc=)[^>]*>/.test(out)) {
    if (release) {
      console.error(`no-inline-scripts: an inline script is left in ${page}`);
      process.exit(1);
    }
    console.log(`no-inline-scripts: debug build, keeping trunk serve's inline live-reload script in ${page}`);
  }
  await writeFile(path, out);
  console.log(`no-inline-scripts: moved ${count} inline script(s) out of ${page}`);
}

async function refreshIntegrity(html) {
  // `./x` in the release build (`--public-url ./`), `/x` under `trunk serve`.
  const tag = /<[^>]*\b(?:href|src)="\.?\/([^"]+)"[^>]*>/g;
  let out = html;
  for (const [whole, file] of html.matchAll(tag)) {
    if (!whole.includes('integrity="')) continue;
    const body = await readFile(join(dir, file));
    out = out.replace(whole, whole.replace(/integrity="[^"]*"/, `integrity="${sri(body)}"`));
  }
  return out;
}
