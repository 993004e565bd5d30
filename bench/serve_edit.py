#!/usr/bin/env python3
"""How long `serve` takes to show an edit. One process keeps a Preview, as `python build.py serve`
does, and rebuilds after each edit of one entry, passing the changed file as livereload's watcher
does. Two figures per edit: the pages (what the browser reloads after) and the background part
(site-wide files: feeds, sitemap, exports; Pagefind is left out, see bench/README.md).

    python bench/generate.py 10000 --out bench/out/n10000 --formats ours   # once
    python bench/serve_edit.py bench/out/n10000/ours --edits 7
"""
from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_gen.serve import PREVIEW_DIR, Preview  # noqa: E402

EDITS = {
    "body": lambda text, i: text.replace("\n\n", f"\n\nEdit {i}. ", 1),  # a sentence added to the text
    "summary": lambda text, i: text.replace("\nsummary: ", f"\nsummary: Edit {i}. ", 1),  # front matter
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a generated project (bench/out/n10000/ours)")
    parser.add_argument("--edits", type=int, default=7, help="edits of each kind")
    args = parser.parse_args()
    entries = sorted((args.project / "content/claims").glob("*.md"))
    preview = Preview(args.project, "http://127.0.0.1:8000/", drafts=False, search=False)
    shutil.rmtree(args.project / PREVIEW_DIR, ignore_errors=True)

    def rebuild(changed: list[Path] | None) -> tuple[float, float, int, float]:
        """Wall ms of the pages, wall ms of the background part, files written, CPU ms of the pages
        (this process's CPU time: steadier than wall time on a shared host; nothing else runs)."""
        started, cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(io.StringIO()) as said:
            assert preview.rebuild(None if changed is None else [str(p) for p in changed]), "build failed"
            pages, pages_cpu = time.perf_counter(), time.process_time()
            preview.settle()
        done = time.perf_counter()
        written = int(said.getvalue().split(" fact-checks, ")[1].split(" of ")[0])
        return (pages - started) * 1000, (done - pages) * 1000, written, (pages_cpu - cpu) * 1000

    cold = rebuild(None)
    warm = rebuild([])
    print(f"{len(entries)} entries: first build {sum(cold[:2]):.0f} ms, no-change rebuild {warm[0]:.0f} ms")
    for kind, change in EDITS.items():
        results = []
        for i in range(args.edits):
            entry = entries[(i * 7919) % len(entries)]
            text = entry.read_text(encoding="utf-8")
            try:
                entry.write_text(change(text, i), encoding="utf-8")
                results.append(rebuild([entry]))
            finally:
                entry.write_text(text, encoding="utf-8")
                rebuild([entry])
        pages, rest, written, cpu = (statistics.median(r[k] for r in results) for k in range(4))
        print(f"  {kind} edit, median of {args.edits}: pages {pages:.0f} ms (min {min(r[0] for r in results):.0f}, "
              f"max {max(r[0] for r in results):.0f}; CPU {cpu:.0f} ms; {written:.0f} files written), "
              f"then site-wide files {rest:.0f} ms")
    shutil.rmtree(args.project / PREVIEW_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
