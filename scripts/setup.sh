#!/usr/bin/env bash
# Installs what `make serve` and `make test` need, skipping whatever is already present.
# Safe to run again and again: on a warm machine it only checks versions (a second or two).
#
# Everything comes from crates.io, npm, PyPI or Debian (the only registries these machines reach):
#   - rustup target wasm32-unknown-unknown, rustfmt, clippy
#   - trunk 0.21.14            (cargo install --locked; 0.22 needs a newer rustc)
#   - wasm-bindgen-cli         (exactly the wasm-bindgen version in Cargo.lock; no --locked, see TOOLCHAIN notes)
#   - binaryen (wasm-opt), terser (the release build minifies the wasm-bindgen JS),
#     playwright-core and axe-core (the end-to-end accessibility check), pinned in
#     package-lock.json, via `npm ci`
#   - chromium + chromium-driver from Debian (for wasm-bindgen-test and the end-to-end tests)
#   - cfn-lint, python-hcl2 and kubernetes-validate from PyPI into .venv-tools (checks of the
#     exported templates and manifests)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\n\033[1m==> setup: %s\033[0m\n' "$*"; }
ok() { printf '    ok: %s\n' "$*"; }

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is not installed and this script cannot install it" >&2; exit 1; }
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
        apt_updated=1
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# --- Rust toolchain pieces ---------------------------------------------------------------
need cargo
need rustup
say "rust: wasm32 target, rustfmt, clippy"
# Outputs are captured before grep so that `grep -q` closing a pipe early can never fail a check.
installed_targets="$(rustup target list --installed)"
if grep -qx 'wasm32-unknown-unknown' <<<"$installed_targets"; then
    ok "wasm32-unknown-unknown target"
else
    rustup target add wasm32-unknown-unknown
fi
installed_components="$(rustup component list --installed 2>/dev/null || true)"
for comp in rustfmt clippy; do
    if grep -q "^${comp}" <<<"$installed_components"; then
        ok "$comp"
    else
        rustup component add "$comp"
    fi
done

# --- trunk -------------------------------------------------------------------------------
say "trunk $TRUNK_VERSION"
trunk_have="$(trunk --version 2>/dev/null || true)"
if [ "$trunk_have" = "trunk ${TRUNK_VERSION}" ]; then
    ok "$trunk_have"
else
    cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# --- wasm-bindgen-cli, exactly the version in Cargo.lock -------------------------------------
if [ ! -f Cargo.lock ]; then
    say "Cargo.lock missing: generating it"
    cargo generate-lockfile
fi
WBG_VERSION="$(awk '
    $0 == "[[package]]" { name = "" }
    /^name = / { gsub(/"/, "", $3); name = $3 }
    /^version = / && name == "wasm-bindgen" { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
if [ -z "$WBG_VERSION" ]; then
    echo "error: no wasm-bindgen package in Cargo.lock" >&2
    exit 1
fi
say "wasm-bindgen-cli $WBG_VERSION (from Cargo.lock)"
wbg_have="$(wasm-bindgen --version 2>/dev/null || true)"
if [ "$wbg_have" = "wasm-bindgen ${WBG_VERSION}" ] && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    ok "$wbg_have"
else
    # No --locked: the lock file shipped with the crate pins a webpki-roots that crates.io no longer serves.
    cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# --- node tools (wasm-opt, playwright-core, axe-core) --------------------------------------
say "npm packages (package-lock.json)"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
fi
# npm writes node_modules/.package-lock.json on every install; if it is newer than our lock
# file and the tools are there, the tree is current.
if [ -x node_modules/.bin/wasm-opt ] && [ -d node_modules/playwright-core ] && [ -d node_modules/terser ] \
    && [ -d node_modules/axe-core ] \
    && [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    ok "node_modules up to date ($(node_modules/.bin/wasm-opt --version))"
else
    npm ci --no-audit --no-fund
fi

# --- Chromium + chromedriver -------------------------------------------------------------
say "chromium + chromedriver (Debian)"
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    ok "$(/usr/bin/chromium --version 2>/dev/null | head -n1)"
else
    apt_install chromium chromium-driver
fi

# --- A Korean font ------------------------------------------------------------------------
# Without one, headless Chromium draws Hangul as empty boxes in the Korean screenshots (the page
# ships no font files; its CSS falls back to the system's).
say "Korean font (Debian fonts-nanum)"
fonts="$(fc-list 2>/dev/null || true)"
if grep -qi nanum <<<"$fonts"; then
    ok "fonts-nanum"
else
    apt_install fonts-nanum
fi

# --- Python checkers of the exported infrastructure code ----------------------------------
# cli/tests/interchange.rs lints the CloudFormation export with cfn-lint, parses the Terraform
# export with python-hcl2 and validates the Kubernetes manifests with kubernetes-validate (its
# JSON schemas of every Kubernetes release ship in the package, so it works offline), all from
# PyPI, from this local venv (docs/import-export.md).
say "cfn-lint, python-hcl2 and kubernetes-validate (PyPI, in .venv-tools)"
if [ -x .venv-tools/bin/cfn-lint ] && [ -x .venv-tools/bin/kubernetes-validate ] \
    && .venv-tools/bin/python -c "import hcl2" 2>/dev/null; then
    ok "$(.venv-tools/bin/cfn-lint --version 2>/dev/null | head -n1), python-hcl2, kubernetes-validate"
else
    need python3
    python3 -m venv .venv-tools && .venv-tools/bin/pip install cfn-lint python-hcl2 kubernetes-validate
fi

say "setup done"
