# The two commands (see README.md):
#   make serve   build the page and serve it on http://127.0.0.1:8080/ (RELEASE=1: release build, static server)
#   make test    every check CI runs: fmt, clippy, unit, component (headless Chromium), bundle budget, end-to-end
# Both first run scripts/setup.sh, which installs whatever is missing and is quick when everything is there.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c

.PHONY: setup serve test build e2e
.DEFAULT_GOAL := test

setup:
	bash scripts/setup.sh

serve: setup
	bash scripts/serve.sh $(if $(RELEASE),--release,)

test: setup
	bash scripts/test.sh

# Pieces of `make test`, for a faster loop while working on one layer.
build: setup
	bash scripts/test.sh build

e2e: setup
	bash scripts/test.sh build e2e
