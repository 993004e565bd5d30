#!/usr/bin/env python3
"""How long `serve` takes to show an edit: one process keeps its build cache in memory, as
`python build.py serve` does, and rebuilds after each edit of one entry (HTML only: serve indexes
search afterwards, in the background). Prints the median of several edits.

    python bench/generate.py 10000 --out bench/out/n10000 --formats ours   # once
    python bench/serve_edit.py bench/out/n10000/ours --edits 7
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_gen.build import build  # noqa: E402
from site_gen.cache import BuildCache  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a generated project (bench/out/n10000/ours)")
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()
    entries = sorted((args.project / "content/claims").glob("*.md"))
    cache = BuildCache()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "preview"

        def rebuild() -> tuple[float, int]:
            started = time.perf_counter()
            result = build(args.project, out, search=False, cache=cache, csp="", in_place=True)
            return (time.perf_counter() - started) * 1000, result.files - result.reused

        cold, _ = rebuild()
        warm, _ = rebuild()
        timings, rendered = [], []
        for i in range(args.edits):
            entry = entries[(i * 7919) % len(entries)]
            text = entry.read_text(encoding="utf-8")
            try:
                entry.write_text(text.replace("\n\n", f"\n\nEdit {i}. ", 1), encoding="utf-8")
                ms, files = rebuild()
                timings.append(ms)
                rendered.append(files)
            finally:
                entry.write_text(text, encoding="utf-8")
        rebuild()  # leave the project as it was, cache included
    print(f"{len(entries)} entries: first build {cold:.0f} ms, no-change rebuild {warm:.0f} ms, "
          f"one-entry edit median {statistics.median(timings):.0f} ms "
          f"(min {min(timings):.0f}, max {max(timings):.0f}; {statistics.median(rendered):.0f} files rewritten)")


if __name__ == "__main__":
    main()
