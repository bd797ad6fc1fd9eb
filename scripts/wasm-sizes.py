#!/usr/bin/env python3
"""Where the page's wasm bytes go: function body sizes by crate and the largest functions.

    python3 scripts/wasm-sizes.py target/wasm32-unknown-unknown/web/scaleout-web.wasm [TOP]

Reads the module before wasm-bindgen and wasm-opt (it still has its name section), so the figures
are raw code bytes before `wasm-opt -Oz`: use them to compare, and the budget step's gzip -9 of
dist/ for the real cost. Needs `wasm-objdump` (Debian package wabt).
"""
import re
import subprocess
import sys
from collections import Counter


def demangle(name):
    m = re.match(r"_ZN((?:\d+[^\d].*?)+)E$", name)
    if not m:
        return name
    body, parts, i = m.group(1), [], 0
    while i < len(body):
        j = i
        while j < len(body) and body[j].isdigit():
            j += 1
        if j == i:
            break
        n = int(body[i:j])
        parts.append(body[j:j + n])
        i = j + n
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    s = "::".join(parts)
    for a, b in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$C$", ","), ("$RF$", "&"),
                 ("..", "::"), ("$u7b$", "{"), ("$u7d$", "}"), ("$BP$", "*"), ("$u27$", "'")):
        s = s.replace(a, b)
    return s


def crate_of(name):
    s = name.lstrip("<&*").replace("impl ", "")
    return s.split("::")[0] if "::" in s else "(other)"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    out = subprocess.run(["wasm-objdump", "-x", "-j", "Code", path], capture_output=True,
                         text=True, check=True).stdout
    funcs = []
    for line in out.splitlines():
        m = re.match(r"\s*- func\[\d+\] size=(\d+)(?: <(.*)>)?", line)
        if m:
            funcs.append((int(m.group(1)), demangle(m.group(2) or "?")))
    total = sum(s for s, _ in funcs)
    by_crate = Counter()
    for s, n in funcs:
        by_crate[crate_of(n)] += s
    print(f"{len(funcs)} functions, {total} code bytes\n\nby crate:")
    for c, s in by_crate.most_common(25):
        print(f"  {s:8d} {100 * s / total:5.1f}%  {c}")
    print(f"\nlargest {top} functions:")
    for s, n in sorted(funcs, reverse=True)[:top]:
        print(f"  {s:8d}  {n[:150]}")


main()
