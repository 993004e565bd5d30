"""content/ -> validated Claims and Pages with their rendered bodies, or every problem at once: the
folders listed, each file loaded (entry.py) on every core and cached, the versions and checks
across entries joined."""
from __future__ import annotations

import hashlib
import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_gen import contact, paths
from site_gen.i18n import Messages, messages
from site_gen.load import markdown
from site_gen.load.across import claimant_url_clashes, missing_required_pages, slug_collisions, unknown_checks_drawn_on
from site_gen.load.entry import BodyTexts, Loaded, load_entry
from site_gen.load.inputs import stays_inside
from site_gen.load.reader import Field
from site_gen.load.schema import PAGE_SCHEMA, claim_schema
from site_gen.load.versions import (
    edition_key,
    keep_claimant_key,
    of_language,
    verdict_mismatches,
    with_originals_claimant_keys,
)
from site_gen.model import Claim, ContentError, Page, Problem, SiteConfig
from site_gen.parallel import map_chunks, worker_count

CLAIMS_DIR = "content/claims"
PAGES_DIR = "content/pages"


@dataclass(frozen=True)
class Content:
    claims: tuple[Claim, ...]  # published (and drafts with --drafts), in file order
    pages: tuple[Page, ...]
    html: Mapping[str, str]  # source path -> rendered body
    warnings: tuple[Problem, ...]
    digests: Mapping[str, str]  # source path -> sha256 of its bytes (keys for incremental builds)
    # source path -> sha256 of its path and front matter: what every page but the entry's own shows
    meta_digests: Mapping[str, str]


@dataclass
class EntryCache:
    """Loaded files of an earlier run, reused while the file's size and mtime are unchanged and the
    configuration is the same. Kept in memory by `serve`, on disk by `build --incremental`."""

    config_key: str = ""
    files: dict[str, tuple[tuple[int, int], Loaded]] = field(default_factory=dict)
    listing: tuple[list[str], list[str]] | None = None  # claim and page files found by the last scan
    assembled: tuple[list[Loaded], bool, Content] | None = None  # the last run's files and result (memory only)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "assembled": None}


@dataclass(frozen=True)
class Extensions:
    """What the site's plugins add to reading entries (plugins.Registry.reading): front-matter
    fields of fact-checks, markdown-it plugins, and the key of their code (in every entry's key)."""

    fields: Mapping[str, Field] = field(default_factory=dict)
    markdown: tuple[markdown.PluginUse, ...] = ()  # (plugin, options) pairs
    key: str = ""


NO_EXTENSIONS = Extensions()


def load_content(root: Path, config: SiteConfig, *, drafts: bool = False, cache: EntryCache | None = None,
                 jobs: int | None = None, changed: Collection[str] | None = None,
                 msg: Messages | None = None, extensions: Extensions = NO_EXTENSIONS) -> Content:
    """`changed`: the files (relative to root) known to have changed since the run that filled the
    cache, as `serve`'s watcher reports them; every other cached file is then taken as it is, without
    listing or stat-ing the folders. Without it, every file is listed and stat-ed. `msg`: the
    interface's messages in the site's language (the build's), for the words bodies get: the
    contact routes' reference links and the citations' labels; without it, the site's are read."""
    texts = _texts_by_language(root, config, msg)
    problems: list[Problem] = []
    if cache is not None and cache.listing is not None and changed is not None \
            and cache.config_key == config_key(config, texts, extensions):
        claim_files, page_files = (_update_listing(root, folder, names, changed, problems)
                                   for folder, names in zip((CLAIMS_DIR, PAGES_DIR), cache.listing))
    else:
        claim_files = _markdown_files(root, CLAIMS_DIR, problems)
        page_files = _markdown_files(root, PAGES_DIR, problems)
        changed = None
    loaded = _load_all(root, config, claim_files + page_files, len(claim_files), cache, jobs,
                       None if changed is None else set(changed), texts=texts, extensions=extensions)
    if cache is not None:  # the shortcut above only while every file listed is acceptable
        cache.listing = None if problems else (claim_files, page_files)
    last = cache.assembled if cache is not None else None
    content = _entries_edited(last, loaded, drafts) if last is not None and not problems else None
    if content is None:
        content = _assemble(loaded, drafts, problems, config)
    if cache is not None:
        cache.assembled = (loaded, drafts, content)
    return content


def _entries_edited(last: tuple[list[Loaded], bool, Content], loaded: list[Loaded], drafts: bool) -> Content | None:
    """The last Content with the edited entries swapped in, when the same files are there and each
    edited one is still a valid entry under the same slug (and draft or not as before): serve's
    common edit, without a pass over every entry. None when that does not hold."""
    old, old_drafts, content = last
    if old_drafts != drafts or len(old) != len(loaded):
        return None
    edited = [(a, b) for a, b in zip(old, loaded) if a is not b]
    if not all(a.path == b.path and a.item is not None and b.item is not None and not a.problems and not b.problems
               and (a.item is b.item or _same_place(a.item, b.item)) for a, b in edited):
        return None
    html, digests, meta = dict(content.html), dict(content.digests), dict(content.meta_digests)
    swapped: dict[str, Claim | Page] = {}
    for before, new in edited:
        if new.path in html:  # (a draft left out of the site has no body here)
            html[new.path] = new.html or ""
        digests[new.path], meta[new.path] = new.digest, new.meta
        if new.item is not before.item:
            assert new.item is not None  # (every edited entry has its item: checked above)
            swapped[new.path] = new.item
    claims = content.claims
    if swapped:  # (by path: a translation's claim in `content` is its loaded one with its original's claimant key)
        claims = tuple([_swapped(claim, swapped[claim.path]) if claim.path in swapped else claim for claim in claims])
    return replace(content, claims=claims, html=html, digests=digests, meta_digests=meta)


def _swapped(old: Claim, new: Claim | Page) -> Claim:
    """`new` in `old`'s place, under the claimant key `old` was listed by (`_same_place`: same name)."""
    assert isinstance(new, Claim)
    return keep_claimant_key(new, old.claimant.url_key)


def _same_place(old: Claim | Page, new: Claim | Page) -> bool:
    """Whether `new` can take `old`'s place without changing which entries the site has."""
    return (isinstance(old, Claim) and isinstance(new, Claim) and old.slug == new.slug and old.draft == new.draft
            and old.claimant.name == new.claimant.name  # (a new name may share another's URL)
            and old.verdict == new.verdict and old.language == new.language)  # (versions agree on the verdict)


def _assemble(loaded: list[Loaded], drafts: bool, problems: list[Problem], config: SiteConfig) -> Content:
    claims: list[Claim] = []
    pages: list[Page] = []
    drafted: list[Claim | Page] = []
    html: dict[str, str] = {}
    for result in loaded:  # (kept lean: serve runs it over every entry after each edit)
        if result.problems:
            problems.extend(result.problems)
        item = result.item
        if item is None:
            continue
        if item.draft and not drafts:
            drafted.append(item)
            continue
        if isinstance(item, Claim):
            claims.append(item)
        else:
            pages.append(item)
        html[result.path] = result.html or ""
    if len(config.editions) > 1:
        claims = with_originals_claimant_keys(claims)
    slug_at = {result.path: result.slug_at for result in loaded}
    problems += slug_collisions(claims, slug_at) + slug_collisions(pages, slug_at)
    claimant_at = {result.path: result.claimant_at for result in loaded}
    for edition in config.editions or (None,):  # (per language: each has its own claimant pages)
        language = edition_key(config, edition.language) if edition else ""
        problems += claimant_url_clashes(list(of_language(claims, language)), claimant_at)
    problems += verdict_mismatches(claims, {result.path: result.verdict_at for result in loaded})
    problems += [Problem(p.path, 1, 1, "slug", f"expected a slug not reserved by the site ({', '.join(sorted(paths.SECTIONS))}), got {p.slug!r}")
                 for p in pages if p.slug in paths.SECTIONS]
    problems += missing_required_pages(config, pages, drafted)
    problems += unknown_checks_drawn_on(claims, pages, {result.path: result.draws_on_at for result in loaded})
    if (warning := contact.missing_route_warning(config)) is not None:
        problems.append(warning)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(problems)
    return Content(tuple(claims), tuple(pages), html, tuple(sorted(problems, key=str)),
                   {r.path: r.digest for r in loaded}, {r.path: r.meta for r in loaded})


def _texts_by_language(root: Path, config: SiteConfig, msg: Messages | None) -> dict[str, BodyTexts]:
    """The words bodies get, for each language's versions ("" the default's)."""
    found = {"": body_texts(config, msg or messages(config.language, root))}
    for edition in config.editions[1:]:
        found[edition_key(config, edition.language)] = body_texts(config.edition(edition), messages(edition.language, root))
    return found


def body_texts(config: SiteConfig, msg: Messages) -> BodyTexts:
    # Translators: read out by screen readers before a citation's number in the text: "source [2]".
    return BodyTexts(contact.references(config, msg), msg("source"))


def config_key(config: SiteConfig, texts: Mapping[str, BodyTexts], extensions: Extensions = NO_EXTENSIONS) -> str:
    """What every entry's loading depends on besides its file (the words bodies get, and the
    plugins' code, among it)."""
    words = [(language, sorted(t.references.items()), t.cite_label) for language, t in sorted(texts.items())]
    return hashlib.sha256(f"{config!r}\0{words!r}\0{extensions.key}".encode()).hexdigest()


def _update_listing(root: Path, folder: str, names: list[str], changed: Collection[str],
                    problems: list[Problem]) -> list[str]:
    """The last scan's files of `folder`, with the changed ones added, kept or dropped as they now are."""
    mine = [rel for rel in changed if rel.startswith(f"{folder}/") and _is_entry_name(rel[len(folder) + 1:])]
    if not mine:
        return names
    present = set(names).difference(mine)
    present.update(rel for rel in mine if (root / rel).exists() or (root / rel).is_symlink())
    return [rel for rel in sorted(present) if rel not in mine or _acceptable(root, rel, problems)]


def _load_all(root: Path, config: SiteConfig, files: list[str], claim_count: int, cache: EntryCache | None,
              jobs: int | None, changed: Collection[str] | None = None, *, texts: Mapping[str, BodyTexts],
              extensions: Extensions = NO_EXTENSIONS) -> list[Loaded]:
    """Every file's Loaded, in file order: from the cache where it still holds (unchanged size and
    mtime, or not among `changed` when that is given), else parsed (in parallel when there are many)."""
    key = config_key(config, texts, extensions)
    if cache is not None and cache.config_key != key:
        cache.config_key, cache.files = key, {}
    hits = list(map(cache.files.get, files)) if cache is not None else [None] * len(files)
    results: list[Loaded | None] = [None if hit is None else hit[1] for hit in hits]
    stats: list[tuple[int, int] | None] = [None] * len(files)
    todo: list[int] = []
    look: Iterable[int] = range(len(files))  # the files whose size and time to compare with the cache's
    if cache is None:  # nothing to compare with: every file is read
        todo, look = list(range(len(files))), ()
    elif changed is not None:  # (serve) only the changed files and those new to the cache
        look = [i for i, (rel, hit) in enumerate(zip(files, hits)) if hit is None or rel in changed]
    for i in look:
        st = os.stat(root / files[i])
        stats[i] = (st.st_size, st.st_mtime_ns)
        hit = hits[i]
        if hit is None or hit[0] != stats[i]:
            results[i] = None
            todo.append(i)
    schema = claim_schema(tuple(v.key for v in config.verdicts), tuple(p.name for p in config.team), extensions.fields)
    md = markdown.parser(extensions.markdown)

    def task(start: int, end: int) -> list[Loaded]:
        return [load_entry(root, files[i], config, is_claim=i < claim_count,
                          schema=schema if i < claim_count else PAGE_SCHEMA, texts=texts, md=md)
                for i in todo[start:end]]

    chunks = map_chunks(task, len(todo), worker_count(len(todo), jobs))
    for i, result in zip(todo, (r for chunk in chunks for r in chunk)):
        hit = cache.files.get(result.path) if cache is not None else None
        if hit is not None and isinstance(hit[1].item, Claim) and result.item is not None and hit[1].meta == result.meta:
            # Same path and front matter, so an equal Claim: keep the old object, which lets the
            # site's derived indexes be reused (site.py) when only entries' texts changed.
            result = replace(result, item=hit[1].item)
        results[i] = result
        if cache is not None:
            stat = stats[i]
            assert stat is not None  # (with a cache, every file read again was looked at above)
            cache.files[result.path] = (stat, result)
    if cache is not None and len(cache.files) > len(files):  # forget deleted files
        present = set(files)
        for gone in [p for p in cache.files if p not in present]:
            del cache.files[gone]
    return [r for r in results if r is not None]


def _markdown_files(root: Path, folder: str, problems: list[Problem]) -> list[str]:
    """The folder's *.md files (relative to root), sorted; a link pointing outside content/ is not read."""
    base = root / folder
    if not base.is_dir():
        return []
    names = sorted(f"{folder}/{entry.name}" for entry in os.scandir(base) if _is_entry_name(entry.name))
    return [rel for rel in names if _acceptable(root, rel, problems)]


def _is_entry_name(name: str) -> bool:
    """What `*.md` matches in a folder: not hidden (editors' lock files), not in a subfolder."""
    return name.endswith(".md") and not name.startswith(".") and "/" not in name


def _acceptable(root: Path, rel: str, problems: list[Problem]) -> bool:
    path = root / rel
    if not stays_inside(path, root / "content"):
        return False  # never read; inputs.py reports it
    if not path.is_file():
        problems.append(Problem(rel, 1, 1, "", "expected a regular file, got something else (a folder or a broken link?)"))
        return False
    return True
