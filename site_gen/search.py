"""The finished site folder -> a Pagefind index in <site>/pagefind/ (one run over all the HTML).

Pagefind reads the data-pagefind-* attributes the templates put on claim pages (data-pagefind-body
marks the only pages indexed). Result URLs are stored relative to the site root, and the search script
(static/search.js) passes the base path as Pagefind's baseUrl, so the same index works from a sub-path.

The search page drives Pagefind's JS API (pagefind.js, its worker, the WebAssembly and the index);
Pagefind's ready-made UI bundles are never loaded, so they are removed from the output.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from site_gen import paths
from site_gen.model import ContentError, Problem
from site_gen.write.jobs import GroupBatch, JobGroup

# Pagefind's prebuilt UIs and its highlight script: written by every run, unused by this site.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                       "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


# Pagefind reads only the claim pages (paths.SEARCHED_PAGES: the pages with data-pagefind-body), no
# other file: at 10,000 entries that spares it tens of thousands of listing pages and downloads.
INDEX_FOLDER = paths.SEARCH_INDEX.rstrip("/")


def index_key(*groups: JobGroup | GroupBatch) -> str:
    """What the index depends on: Pagefind's version and the keys of the pages it reads, the groups
    of the catalogue's searched kinds (equal keys, byte-identical pages). Equal keys: the previous
    build's index can be kept as it is."""
    digest = hashlib.sha256(f"pagefind {metadata.version('pagefind')}\0{paths.SEARCHED_PAGES}".encode())
    for group in groups:
        keys = (group.base, *group.keys) if isinstance(group, GroupBatch) else (group.key,)
        for key in keys:
            digest.update(b"\0" + (key or "").encode())
    return digest.hexdigest()


def keep_index(previous: Path, site_dir: Path) -> bool:
    """Take the previous build's index into `site_dir` (hard links; nothing to do when building in
    place). False when it is not there to take (then the site is indexed afresh)."""
    source = previous / INDEX_FOLDER
    if not (source / "pagefind.js").is_file():
        return False
    if previous.resolve() == site_dir.resolve():
        return True
    try:
        for folder, _, files in os.walk(source):
            target = site_dir / INDEX_FOLDER / os.path.relpath(folder, source)
            target.mkdir(parents=True, exist_ok=True)
            for name in files:
                os.link(os.path.join(folder, name), target / name)
    except OSError:  # another file system, or a file gone: index afresh, from nothing
        shutil.rmtree(site_dir / INDEX_FOLDER, ignore_errors=True)
        return False
    return True


def searched_pages(prefixes: list[str] | None = None) -> str:
    """Pagefind's glob: the claim pages of every language's edition ("", "fr/" ...). Pagefind makes
    one index per language, chosen by each page's <html lang>."""
    found = [prefix + paths.SEARCHED_PAGES for prefix in prefixes or [""]]
    return found[0] if len(found) == 1 else "{" + ",".join(found) + "}"


def index_site(site_dir: Path, prefixes: list[str] | None = None) -> None:
    """Run Pagefind's CLI once over the claim pages of `site_dir` (its own process: a crash cannot
    take the build down mid-write, and it is far faster than adding pages one at a time through
    the Python API)."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", searched_pages(prefixes), "--silent"]
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise ContentError([Problem("pagefind", 1, 1, "", f"search index: expected Pagefind to run, got {err}")]) from None
    if result.returncode != 0 or not (site_dir / INDEX_FOLDER / "pagefind.js").is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ContentError([Problem("pagefind", 1, 1, "",
                                    f"search index: expected Pagefind to exit 0, got {result.returncode}: {detail[0]}")])
    for name in UNUSED_BUNDLE_FILES:
        (site_dir / INDEX_FOLDER / name).unlink(missing_ok=True)
