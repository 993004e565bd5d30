"""What an incremental build remembers between runs, in one place.

`build --incremental` keeps a BuildCache on disk in .cache/ (a cache that is missing, stale or from
another generator version is simply ignored: the build is then a clean one, with the same bytes);
`serve` keeps one in memory, with more in it (`Serving`). Two tiers of reuse:

1. **Keys** (disk and memory): every output file has a key that changes whenever anything it shows
   changes (site_gen/pages.py); the write stage reuses the previous build's file under an unchanged
   key, a whole group under an unchanged group key. Entries are re-parsed only when their file's size
   or time changed (load/content.py's EntryCache).
2. **Identity** (memory, serve only): the loader keeps an entry's Claim object while the file's path
   and front matter are unchanged (load/content.py), and make_site keeps a tuple of claims (an
   index, a listing's members) while every claim in it is kept (site.py). So *the very same tuple of
   claims has the very same front matter*: KeyMemo remembers keys, the claim pages' names and the
   /costs/ plan by tuple identity, and after an edit of an entry's text nothing but its page is
   looked at again. Nothing here is module-level state, and nothing depends on which worker
   renders what.

Before either, `build --incremental` asks whether anything at all changed: a fingerprint of the
inputs (every content, template and static file's size and time, site.yaml, the generator's code,
the options) against the one recorded by the last build into the same folder. Equal: the output is
already what a build would write, and the 100 MB cache of a 10,000-entry site is not even loaded.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import operator
import os
import pickle
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, TypeVar

from site_gen import generator_key, paths
from site_gen.csp import CONTENT_SECURITY_POLICY
from site_gen.i18n import PACKAGE_CATALOGUES
from site_gen.load.content import Content, EntryCache
from site_gen.model import Claim, Verdict
from site_gen.present import explorer
from site_gen.theme import STATIC, TEMPLATES, theme_dir
from site_gen.write.jobs import ListingKeys
from site_gen.write.stage import GroupRecord

if TYPE_CHECKING:
    import jinja2

    from site_gen.site import Site

CACHE_DIR = ".cache"
CACHE_FILE = "site-gen.pickle"
LAST_BUILD_FILE = "last-build.json"
INPUT_FOLDERS = ("content/claims", "content/pages", "templates", "static", "locale", "plugins")  # with site.yaml: every input
V = TypeVar("V")  # what KeyMemo remembers: a key, a listing's keys
M = TypeVar("M", bound="tuple[object, ...]")  # what it was made for: claims, or /costs/ entries
# The environment a build reads (config.py: in GitHub Actions, the contact route).
INPUT_ENVIRONMENT = ("GITHUB_ACTIONS", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY")


@dataclass
class KeyMemo:
    """Keys and plans made from tuples of claims, remembered while each tuple is the very same object
    (tier 2 above). Made under one base key (templates, configuration, assets): a new base key
    forgets everything."""

    base: str = ""
    members: dict[tuple[str, ...], tuple[tuple[Claim, ...], str]] = field(default_factory=dict)
    listings: dict[tuple[str, ...], tuple[tuple[object, ...], ListingKeys]] = field(default_factory=dict)  # by members' identity
    order: tuple[tuple[Claim, ...], tuple[list[str], list[str]]] | None = None  # claim pages' names, sources
    plan: tuple[tuple[Claim, ...], explorer.Plan] | None = None

    def under(self, base: str) -> KeyMemo:
        if base != self.base:
            self.base, self.members, self.listings, self.order, self.plan = base, {}, {}, None, None
        return self

    def members_key(self, head: tuple[str, ...], claims: tuple[Claim, ...], make: Callable[[], str]) -> str:
        """The key of `head` and `claims`' front matter, made by `make` unless remembered."""
        return _remembered(self.members, head, claims, make)

    def listing_keys(self, head: tuple[str, ...], members: tuple[object, ...], make: Callable[[], ListingKeys]) -> ListingKeys:
        """The keys of the listing `head` of `members` (claims, or /costs/ entries), made by `make`
        unless remembered for the very same tuple."""
        return _remembered(self.listings, head, members, make)

    def claims_order(self, claims: tuple[Claim, ...]) -> tuple[list[str], list[str]]:
        """The claim pages' group names and source paths, remembered while the claims' paths and slugs
        are the same place by place (an edit that changes neither, the common one, keeps them)."""
        if self.order is not None and (self.order[0] is claims or _placed_alike(self.order[0], claims)):
            self.order = (claims, self.order[1])
            return self.order[1]
        made = ([paths.claim(claim.slug) for claim in claims], [claim.path for claim in claims])
        self.order = (claims, made)
        return made

    def explorer_plan(self, site: Site) -> explorer.Plan:
        """The /costs/ plan; after an edit that leaves every comparison in its place (the common one:
        a summary, a figure), the last plan with the edited claims swapped in."""
        claims = site.claims
        if self.plan is not None and self.plan[0] is claims:
            return self.plan[1]
        if self.plan is not None and len(self.plan[0]) == len(claims):
            old, last = self.plan
            edited = [(a, b) for a, b in zip(old, claims) if a is not b]
            if all(explorer.same_place(a, b) for a, b in edited):
                news = [b for _, b in edited]
                lead = last.featured and next((explorer.Entry(b, last.featured.number) for b in news
                                               if b.path == last.featured.claim.path), last.featured)
                made = explorer.Plan(lead, tuple(g.swapped(news) for g in last.groups))
                self.plan = (claims, made)
                return made
        made = explorer.plan(claims, site.featured, site.config.locale)
        self.plan = (claims, made)
        return made


def _remembered(table: dict[tuple[str, ...], tuple[M, V]], head: tuple[str, ...], members: M,
                make: Callable[[], V]) -> V:
    """table[head]'s value if it was made for the very same `members` tuple, else a new one."""
    hit = table.get(head)
    if hit is not None and hit[0] is members:
        return hit[1]
    made = make()
    table[head] = (members, made)
    return made


def _placed_alike(old: tuple[Claim, ...], new: tuple[Claim, ...]) -> bool:
    """Whether the claims have the same paths and slugs, place by place. Only the claims that are
    not the very same objects are looked at (serve's edits swap in one or two)."""
    if len(old) != len(new):
        return False
    edited = itertools.compress(range(len(new)), map(operator.is_not, old, new))
    return all(old[i].path == new[i].path and old[i].slug == new[i].slug for i in edited)


class ExportsMemo(TypedDict, total=False):
    """Each entry's part of the site-wide exports, kept between serve's builds (outputs/site_files.py)."""
    costs: dict[tuple[Claim, str], tuple[str, tuple[str, ...]]]  # costs/all.*: present.downloads.combined_files's memo
    claims: dict[tuple[Claim, Verdict, str], str]  # claims.json: outputs.site_files.claims_json's memo


@dataclass
class Serving:
    """How `serve` builds: in place, in the folder it serves, told by its watcher which files
    changed, the pages first and the site-wide files after; and what it keeps in memory between
    builds (tier 2): the compiled templates, the last content and site, the keys."""

    changed: Collection[str] | None = None  # the files changed since the last build (None: look at all)
    pages_first: bool = False  # leave the site-wide files as they were, for the next build to bring up to date
    csp: str = CONTENT_SECURITY_POLICY  # (serve passes "": its preview pages carry the reload script)
    environment: jinja2.Environment | None = None
    derived: tuple[Content, Site] | None = None
    keys: KeyMemo = field(default_factory=KeyMemo)
    # each entry's part of costs/all.* and claims.json, by its (frozen, value-equal) Claim: an edit
    # re-encodes one entry (outputs/site_files.py)
    exports: ExportsMemo = field(default_factory=ExportsMemo)


@dataclass
class BuildCache:
    """What the last build of an output folder parsed and wrote (tier 1). `serving` is serve's own
    (None for `build --incremental`); it is never written to disk."""

    entries: EntryCache = field(default_factory=EntryCache)
    out: str = ""  # the output folder the group records describe
    groups: dict[str, GroupRecord] = field(default_factory=dict)
    search: bool = False  # whether that output has its search index
    search_key: str = ""  # search.index_key of the pages that index was made from
    version: str = field(default_factory=generator_key)  # the code that wrote it
    serving: Serving | None = field(default=None, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "serving": None}

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
    return cache if isinstance(cache, BuildCache) and cache.version == generator_key() else BuildCache()


def save_cache(root: Path, cache: BuildCache) -> None:
    folder = root / CACHE_DIR
    folder.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=CACHE_FILE)
    with os.fdopen(fd, "wb") as handle:
        pickle.dump(cache, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, folder / CACHE_FILE)  # atomic: a killed build leaves the old cache or the new


# --- did anything change at all? ------------------------------------------------------------------


@dataclass(frozen=True)
class LastBuild:
    """What `build --incremental` records after a build, to answer the next one in a blink."""

    fingerprint: str
    claims: int
    files: int
    warnings: list[str]


def input_fingerprint(root: Path, out: Path, **options: object) -> str:
    """A digest of everything a build reads, by each file's path, size and time (as EntryCache
    judges a file unchanged), with the output folder, the options, the environment it reads and the
    code that builds. Taken before the build: a file saved during the build makes the next one
    differ, never the reverse."""
    from importlib import metadata

    digest = hashlib.sha256(json.dumps([generator_key(), metadata.version("pagefind"), str(out.resolve()),
                                        sorted((k, repr(v)) for k, v in options.items()),
                                        [os.environ.get(name) for name in INPUT_ENVIRONMENT]]).encode())
    _stat_into(digest, root / "site.yaml", "site.yaml")
    for folder in INPUT_FOLDERS:
        _walk_into(digest, root / folder, folder)
    theme = theme_dir()  # the theme's files too: a site's build reads those it does not override
    for folder in (TEMPLATES, STATIC):
        _walk_into(digest, theme / folder, f"theme:{folder}")
    _walk_into(digest, PACKAGE_CATALOGUES, "package:locale")  # the interface's messages
    return digest.hexdigest()


class _Digest(Protocol):
    """What the walks need of a hashlib object."""

    def update(self, data: bytes, /) -> None: ...


def _stat_into(digest: _Digest, path: Path | str, name: str) -> None:
    try:
        st = os.stat(path)
        digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
    except OSError:
        digest.update(f"{name}\0missing\n".encode("utf-8", "surrogatepass"))


def _walk_into(digest: _Digest, folder: Path, name: str) -> None:
    """Every file below `folder`, in name order, through os.scandir (one stat per file, none for
    listing: 10,000 entries in about a tenth of a second)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        digest.update(f"{name}/\0missing\n".encode())
        return
    for entry in entries:
        rel = f"{name}/{entry.name}"
        if entry.is_dir():
            _walk_into(digest, Path(entry.path), rel)
        else:
            _stat_into(digest, entry.path, rel)


def last_build(root: Path, fingerprint: str, out: Path) -> LastBuild | None:
    """The last build's record when it was made from exactly these inputs into an output folder that
    is still there; else None."""
    try:
        record = LastBuild(**json.loads((root / CACHE_DIR / LAST_BUILD_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    return record if record.fingerprint == fingerprint and out.is_dir() else None


def remember_build(root: Path, record: LastBuild | None) -> None:
    """Record (or, with None, forget) the last build's inputs; written atomically."""
    path = root / CACHE_DIR / LAST_BUILD_FILE
    if record is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=LAST_BUILD_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(record.__dict__, handle)
    os.replace(tmp, path)
