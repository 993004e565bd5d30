"""What an incremental build remembers between runs: parsed entries and the key of every page.

`serve` keeps one BuildCache in memory; `build --incremental` loads it from and saves it to
.cache/ in the project (a cache that is missing, stale or from another generator version is
simply ignored: the build is then a clean one, with the same bytes).
"""
from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .content import EntryCache

CACHE_DIR = ".cache"
CACHE_FILE = "site-gen.pickle"


@dataclass
class BuildCache:
    entries: EntryCache = field(default_factory=EntryCache)
    out: str = ""  # the output folder the page keys describe
    pages: dict[str, str] = field(default_factory=dict)
    search: bool = False  # whether that output has its search index
    version: str = __version__

    def remember(self, out: Path, keys: dict[str, str], search: bool) -> None:
        self.out, self.pages, self.search = str(out.resolve()), dict(keys), search


def load_cache(root: Path) -> BuildCache:
    path = root / CACHE_DIR / CACHE_FILE
    try:
        with open(path, "rb") as handle:
            cache = pickle.load(handle)  # our own file in the project folder, written below
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return BuildCache()
    return cache if isinstance(cache, BuildCache) and cache.version == __version__ else BuildCache()


def save_cache(root: Path, cache: BuildCache) -> None:
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=CACHE_FILE)
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(cache, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, folder / CACHE_FILE)  # atomic: a killed build leaves the old cache or the new
