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
from typing import Any

from site_gen import __version__
from site_gen.load.content import EntryCache
from site_gen.write.stage import GroupRecord

CACHE_DIR = ".cache"
CACHE_FILE = "site-gen.pickle"


@dataclass
class BuildCache:
    entries: EntryCache = field(default_factory=EntryCache)
    out: str = ""  # the output folder the group records describe
    groups: dict[str, GroupRecord] = field(default_factory=dict)
    search: bool = False  # whether that output has its search index
    search_key: str = ""  # search.index_key of the pages that index was made from
    version: str = __version__

    # serve's compiled templates, last derived site and group keys, kept in memory only (see __getstate__)
    environment: Any = field(default=None, compare=False)
    derived: Any = field(default=None, compare=False)
    keys_memo: dict = field(default_factory=dict, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "environment": None, "derived": None, "keys_memo": {}}

    def remember(self, out: Path, groups: dict[str, GroupRecord], search: bool, search_key: str = "") -> None:
        self.out, self.groups, self.search = str(out.resolve()), groups, search
        self.search_key = search_key if search else ""


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
