#!/usr/bin/env python3
"""How long `serve` takes to show an edit. One process keeps a Preview, as `python build.py serve`
does, and rebuilds after each edit of one entry, passing the changed file as serve's watcher
(watchfiles) does. Two figures per edit: the pages (what the browser reloads after) and the
background part (site-wide files: feeds, sitemap, exports; Pagefind is left out, see bench/README.md).

    python bench/generate.py 10000 --out bench/out/n10000 --formats ours   # once
    python bench/serve_edit.py bench/out/n10000/ours --edits 7
    python bench/serve_edit.py bench/out/n10000/ours --edits 7 --template-edits 1   # and a template edit

As in serve, a thread runs beside the rebuilds after the first build (serve's server and watcher:
site_gen/serve.py renders in its own process then, without forked workers). `--template-edits N`
also times N edits of templates/claim.html (a comment added, then taken out): every page is
rendered again, the one kind of edit where workers would matter.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import resource
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_gen.serve import PREVIEW_DIR, Preview  # noqa: E402

EDITS = {
    "body": lambda text, i: text.replace("\n\n", f"\n\nEdit {i}. ", 1),  # a sentence added to the text
    "summary": lambda text, i: text.replace("\nsummary: ", f"\nsummary: Edit {i}. ", 1),  # front matter
}


def cpu_time() -> float:
    """CPU seconds of this process and of its children that have ended (a build's forked workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a generated project (bench/out/n10000/ours)")
    parser.add_argument("--edits", type=int, default=7, help="edits of each kind")
    parser.add_argument("--template-edits", type=int, default=0, help="edits of templates/claim.html (default 0)")
    args = parser.parse_args()
    entries = sorted((args.project / "content/claims").glob("*.md"))
    preview = Preview(args.project, "http://127.0.0.1:8000/", drafts=False, search=False)
    shutil.rmtree(args.project / PREVIEW_DIR, ignore_errors=True)

    def rebuild(changed: list[Path] | None) -> tuple[float, float, int, float]:
        """Wall ms of the pages, wall ms of the background part, files written, CPU ms of the pages
        (this process's CPU time and its forked workers': steadier than wall time on a shared host;
        nothing else runs)."""
        started, cpu = time.perf_counter(), cpu_time()
        with contextlib.redirect_stdout(io.StringIO()) as said:
            assert preview.rebuild(None if changed is None else [str(p) for p in changed]), "build failed"
            pages, pages_cpu = time.perf_counter(), cpu_time()
            preview.settle()
        done = time.perf_counter()
        written = int(said.getvalue().split(" fact-checks, ")[1].split(" of ")[0])
        return (pages - started) * 1000, (done - pages) * 1000, written, (pages_cpu - cpu) * 1000

    cold = rebuild(None)
    serving = threading.Event()  # stands for serve's server and watcher threads, from here on
    threading.Thread(target=serving.wait, name="stands-for-serve", daemon=True).start()
    warm = rebuild([])
    print(f"{len(entries)} entries: first build {sum(cold[:2]):.0f} ms, no-change rebuild {warm[0]:.0f} ms")
    template = args.project / "templates/claim.html"
    kinds = [(kind, args.edits, lambda i: entries[(i * 7919) % len(entries)], change) for kind, change in EDITS.items()]
    if args.template_edits:
        kinds.append(("template", args.template_edits, lambda i: template,
                      lambda text, i: f"{text}{{# Edit {i}. #}}\n"))  # a Jinja comment: the pages' bytes stay
    for kind, count, target, change in kinds:
        results = []
        for i in range(count):
            entry = target(i)
            text = entry.read_text(encoding="utf-8")
            try:
                entry.write_text(change(text, i), encoding="utf-8")
                results.append(rebuild([entry]))
            finally:
                entry.write_text(text, encoding="utf-8")
                rebuild([entry])
        pages, rest, written, cpu = (statistics.median(r[k] for r in results) for k in range(4))
        print(f"  {kind} edit, median of {count}: pages {pages:.0f} ms (min {min(r[0] for r in results):.0f}, "
              f"max {max(r[0] for r in results):.0f}; CPU {cpu:.0f} ms; {written:.0f} files written), "
              f"then site-wide files {rest:.0f} ms")
    serving.set()
    shutil.rmtree(args.project / PREVIEW_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
