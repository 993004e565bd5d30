"""The finished site folder -> a Pagefind index in <site>/pagefind/ (one run over all the HTML).

Pagefind reads the data-pagefind-* attributes the templates put on claim pages (data-pagefind-body
marks the only pages indexed). Result URLs are stored relative to the site root, and the search script
(static/search.js) passes the base path as Pagefind's baseUrl, so the same index works from a sub-path.

The search page drives Pagefind's JS API (pagefind.js, its worker, the WebAssembly and the index);
Pagefind's ready-made UI bundles are never loaded, so they are removed from the output.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .model import ContentError, Problem

# Pagefind's prebuilt UIs and its highlight script: written by every run, unused by this site.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def index_site(site_dir: Path) -> None:
    """Run Pagefind's CLI once over `site_dir` (its own process: a crash cannot take the build down
    mid-write, and it is far faster than adding pages one at a time through the Python API)."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ContentError([Problem("pagefind", 1, 1, "", f"search index: expected Pagefind to run, got {err}")]) from None
    if result.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ContentError([Problem("pagefind", 1, 1, "",
                                    f"search index: expected Pagefind to exit 0, got {result.returncode}: {detail[0]}")])
    for name in UNUSED_BUNDLE_FILES:
        (site_dir / "pagefind" / name).unlink(missing_ok=True)
