// A small static file server for the release build (dist/), using only node's http module.
// Binds to 127.0.0.1 only. Used by the end-to-end tests (imported) and by `scripts/serve.sh --release`.
//
//   node tests/serve.mjs [dir=dist] [port=8080]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The Content-Security-Policy the page must work under (embeds go into blogs with strict
 * policies). No inline scripts, no eval except WebAssembly compilation, nothing from elsewhere.
 */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/**
 * Serves `dir` on 127.0.0.1:`port` (0 = any free port).
 * Options: `headers` (added to every response from `dir`, e.g. `{ 'content-security-policy': STRICT_CSP }`)
 * and `mounts` (`{ '/docs/': 'docs' }`: URL prefixes served from other directories, without `headers`).
 * Resolves to { server, port, url, close() }.
 */
export async function startServer(dir = 'dist', port = 0, options = {}) {
  const headers = options.headers ?? {};
  const mounts = Object.entries(options.mounts ?? {}).map(([prefix, d]) => [prefix, resolve(d)]);
  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
      const mount = mounts.find(([prefix]) => pathname.startsWith(prefix));
      const root = mount ? mount[1] : resolve(dir);
      const extra = mount ? {} : headers;
      const path = mount ? pathname.slice(mount[0].length) : pathname;
      let rel = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
      let file = join(root, rel);
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        ...extra,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const actual = server.address().port;
  return {
    server,
    port: actual,
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 8080);
  const { url } = await startServer(dir, port);
  console.log(`Serving ${resolve(dir)} at ${url}  (Ctrl-C to stop)`);
}
