#!/usr/bin/env python3
"""Search benchmark: the bytes a reader's browser fetches for a first and a second search query.

    python bench/search_bench.py                # 1,000 entries, seed 1
    python bench/search_bench.py --entries 10000 --json bench/out/search-10000.json

Writes a synthetic project (bench/generate.py: the repo's site.yaml, templates and static files,
N valid entries with varied words) into a temporary folder, builds it with its Pagefind index,
serves it under /sub/ on 127.0.0.1 (tests/browser.py's server) and opens /sub/search/ in Chromium
(/usr/bin/chromium, or $CHROMIUM) with a cold cache. It then types a first query, waits for its
results and for the network to settle, and types a second query. Every response the page and
Pagefind's web worker receive is summed by its encoded body size (what the server sent; headers
left out), grouped as:

    page       the search page's HTML, CSS, icon and static/search.js
    js         pagefind.js and pagefind-worker.js
    wasm       Pagefind's WebAssembly (wasm.<lang>.pagefind)
    index      pagefind-entry.json, the .pf_meta metadata, .pf_index word chunks, .pf_filter chunks
    fragments  one .pf_fragment per result shown (url, title, meta, excerpt source)

The local server does not compress. Pagefind's index files are gzipped already; the "js" row also
gives gzip -9 sizes, about what a compressing host (GitHub Pages) sends. This is a measurement to
read, not a test: nothing here asserts a budget.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(BENCH)]

import generate  # noqa: E402  bench/generate.py
from browser import CHROMIUM, CHROMIUM_ARGS, build_project, serve_site  # noqa: E402  tests/browser.py

GROUPS = ("page", "js", "wasm", "index", "fragments")
QUERIES = ("export controls", "invoice")


def group_of(url: str, base_path: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
    path = "/" + path
    if not path.startswith(base_path + "pagefind/"):
        return "page"
    name = path.rsplit("/", 1)[-1]
    if name.endswith(".js"):
        return "js"
    if name.startswith("wasm."):
        return "wasm"
    if name.endswith(".pf_fragment"):
        return "fragments"
    return "index"


class Traffic:
    """Requests seen by a browser context (pages and their workers), settled and summed."""

    def __init__(self, context, base_path: str):
        self.base_path = base_path
        self.pending: set = set()
        self.finished: list = []
        self.failed: list[str] = []
        context.on("request", lambda r: self.pending.add(r))
        context.on("requestfinished", self._done)
        context.on("requestfailed", lambda r: (self.pending.discard(r), self.failed.append(r.url)))

    def _done(self, request) -> None:
        self.pending.discard(request)
        self.finished.append(request)

    def settle(self, page, quiet_ms: int = 400, timeout_s: float = 30) -> None:
        """Wait until no request has been in flight for `quiet_ms`."""
        deadline = time.monotonic() + timeout_s
        quiet_since = None
        while time.monotonic() < deadline:
            page.wait_for_timeout(50)
            if self.pending:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return
        raise TimeoutError(f"requests still in flight: {[r.url for r in self.pending]}")

    def take(self) -> dict[str, dict]:
        """Bytes and request counts per group since the last take()."""
        taken, self.finished = self.finished, []
        out: dict[str, dict] = {g: {"bytes": 0, "requests": 0, "files": []} for g in GROUPS}
        for request in taken:
            sizes = request.sizes()
            group = out[group_of(request.url, self.base_path)]
            group["bytes"] += max(sizes.get("responseBodySize", 0), 0)
            group["requests"] += 1
            group["files"].append(request.url.rsplit("/", 1)[-1].split("?", 1)[0])
        return out


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def run(entries: int, seed: int, workdir: Path) -> dict:
    from playwright.sync_api import sync_playwright

    t0 = time.monotonic()
    generate.generate(entries, seed, workdir / "gen", formats=("ours",))
    project = workdir / "gen" / "ours"
    report: dict = {"entries": entries, "seed": seed, "queries": list(QUERIES)}
    with serve_site(build_project(project), workdir) as site:
        report["build_s"] = round(time.monotonic() - t0, 1)
        bundle = site.folder / "pagefind"
        report["index_on_disk"] = {
            "fragments": len(list((bundle / "fragment").iterdir())),
            "index_chunks": len(list((bundle / "index").iterdir())),
            "filter_chunks": len(list((bundle / "filter").iterdir())),
            "bytes": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and "-ui" not in p.name
                         and "highlight" not in p.name),
        }
        report["js_gzip"] = {name: gzip_size(bundle / name) for name in ("pagefind.js", "pagefind-worker.js")}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context()  # a fresh profile: cold cache
            traffic = Traffic(context, site.base_path)
            page = context.new_page()
            page.goto(site.url("search/"))
            page.wait_for_selector("#search-form[data-state=ready]")
            traffic.settle(page)
            load = traffic.take()  # the page and Pagefind's start-up (pagefind.filters() for the counts)
            phases = {}
            for _n, query in enumerate(QUERIES, 1):
                page.fill("#search-input", query)
                page.press("#search-input", "Enter")
                page.wait_for_function("q => document.querySelector('#search-status').textContent.includes(q)",
                                       arg=f"“{query}”")
                traffic.settle(page)
                phases[query] = traffic.take()
                phases[query]["results"] = page.locator("#search-status").inner_text()
            browser.close()
    first, second = QUERIES
    # The first query is what a reader pays before seeing results: Pagefind's start-up + the query.
    first_total = {g: {"bytes": load[g]["bytes"] + phases[first][g]["bytes"],
                       "requests": load[g]["requests"] + phases[first][g]["requests"]} for g in GROUPS}
    report["page_load"] = {g: {k: load[g][k] for k in ("bytes", "requests", "files")} for g in GROUPS}
    report["first_query"] = first_total
    report["first_query_only"] = phases[first]
    report["second_query"] = phases[second]
    if traffic.failed:
        report["failed_requests"] = traffic.failed
    return report


def kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def table(report: dict) -> str:
    first, second = report["queries"]
    rows = ["| what | first query (cold, incl. page load) | second query |", "|---|---:|---:|"]
    for g in GROUPS:
        a, b = report["first_query"][g], report["second_query"][g]
        rows.append(f"| {g} | {kb(a['bytes'])} ({a['requests']} req) | {kb(b['bytes'])} ({b['requests']} req) |")
    total_a = sum(report["first_query"][g]["bytes"] for g in GROUPS)
    total_b = sum(report["second_query"][g]["bytes"] for g in GROUPS)
    search_a = total_a - report["first_query"]["page"]["bytes"]
    rows.append(f"| **total** | **{kb(total_a)}** | **{kb(total_b)}** |")
    rows.append(f"| total without the page itself | {kb(search_a)} | {kb(total_b - report['second_query']['page']['bytes'])} |")
    disk = report["index_on_disk"]
    notes = [
        f"{report['entries']:,} entries (seed {report['seed']}); queries: first “{first}” "
        f"({report['first_query_only']['results']}), second “{second}” ({report['second_query']['results']})",
        f"index on disk: {kb(disk['bytes'])} in {disk['fragments']:,} fragments, {disk['index_chunks']} word "
        f"chunks, {disk['filter_chunks']} filter chunks (Pagefind's own UI files not counted)",
        "js gzip -9 (a compressing host): " + ", ".join(f"{k} {kb(v)}" for k, v in report["js_gzip"].items()),
        f"build with the index: {report['build_s']} s",
    ]
    return "\n".join(rows) + "\n\n" + "\n".join(f"- {n}" for n in notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the full report (with file names) here")
    parser.add_argument("--keep", type=Path, help="work in this folder (kept) instead of a temporary one")
    args = parser.parse_args(argv)
    if not CHROMIUM.is_file():
        parser.error(f"no Chromium at {CHROMIUM} (apt-get install -y chromium, or set $CHROMIUM)")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        report = run(args.entries, args.seed, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
            report = run(args.entries, args.seed, Path(tmp))
    print(table(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
