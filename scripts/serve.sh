#!/usr/bin/env bash
# `make serve`: build the page and serve it on 127.0.0.1.
#   default:    trunk serve (debug build, rebuilds on change)
#   --release:  trunk release build into dist/, then a static server (what CI's end-to-end tests load)
# PORT=8080 by default.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
PORT="${PORT:-8080}"

if [ "${1:-}" = "--release" ]; then
    trunk build --release --public-url ./
    echo
    echo "Scaleout (release build): http://127.0.0.1:${PORT}/"
    exec node tests/serve.mjs dist "$PORT"
fi

echo "Scaleout will be at: http://127.0.0.1:${PORT}/  (first build takes a minute; Ctrl-C to stop)"
exec trunk serve --address 127.0.0.1 --port "$PORT"
