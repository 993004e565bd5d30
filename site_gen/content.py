"""content/ -> validated Claims and Pages with their rendered bodies, or every problem at once."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from . import frontmatter, markdown
from .model import Claim, ContentError, Page, Problem, SiteConfig, Source
from .parallel import map_chunks, worker_count
from .reader import KEY_RE, Fields, Reader, read_document
from .schema import PAGE_SCHEMA, check_claim, claim_from, claim_schema, page_from

CLAIMS_DIR = "content/claims"
PAGES_DIR = "content/pages"
# Site paths that a page slug must not take over.
RESERVED_PAGE_SLUGS = {"claims", "verdicts", "tags", "claimants", "costs", "search", "static", "pagefind",
                       "corrections", "feeds", "page"}


@dataclass(frozen=True)
class Content:
    claims: tuple[Claim, ...]  # published (and drafts with --drafts), in file order
    pages: tuple[Page, ...]
    html: Mapping[str, str]  # source path -> rendered body
    warnings: tuple[Problem, ...]
    digests: Mapping[str, str]  # source path -> sha256 of its bytes (keys for incremental builds)


@dataclass(frozen=True)
class Loaded:
    """What one source file turned into: an item and its body HTML, or its problems (or both,
    for warnings). Depends only on the file's bytes and the config, so it can be cached."""

    path: str
    digest: str
    item: Claim | Page | None
    html: str | None
    problems: tuple[Problem, ...]


@dataclass
class EntryCache:
    """Loaded files of an earlier run, reused while the file's size and mtime are unchanged and the
    configuration is the same. Kept in memory by `serve`, on disk by `build --incremental`."""

    config_key: str = ""
    files: dict[str, tuple[tuple[int, int], Loaded]] = field(default_factory=dict)


def load_content(root: Path, config: SiteConfig, *, drafts: bool = False, cache: EntryCache | None = None,
                 jobs: int | None = None) -> Content:
    problems: list[Problem] = []
    claim_files = _markdown_files(root, CLAIMS_DIR, problems)
    page_files = _markdown_files(root, PAGES_DIR, problems)
    loaded = _load_all(root, config, claim_files + page_files, len(claim_files), cache, jobs)
    claims: list[Claim] = []
    pages: list[Page] = []
    html: dict[str, str] = {}
    for result in loaded:
        problems.extend(result.problems)
        if result.item is None or (isinstance(result.item, Claim) and result.item.draft and not drafts):
            continue
        (claims if isinstance(result.item, Claim) else pages).append(result.item)  # type: ignore[arg-type]
        html[result.path] = result.html or ""
    problems += _slug_collisions(claims) + _slug_collisions(pages)
    problems += [Problem(p.path, 1, 1, "slug", f"expected a slug not reserved by the site ({', '.join(sorted(RESERVED_PAGE_SLUGS))}), got {p.slug!r}")
                 for p in pages if p.slug in RESERVED_PAGE_SLUGS]
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(problems)
    return Content(tuple(claims), tuple(pages), html, tuple(sorted(problems, key=str)),
                   {r.path: r.digest for r in loaded})


def config_key(config: SiteConfig) -> str:
    return hashlib.sha256(repr(config).encode()).hexdigest()


def _load_all(root: Path, config: SiteConfig, files: list[Path], claim_count: int, cache: EntryCache | None,
              jobs: int | None) -> list[Loaded]:
    """Every file's Loaded, in file order: from the cache where it still holds, else parsed (in
    parallel when there are many)."""
    key = config_key(config)
    if cache is not None and cache.config_key != key:
        cache.config_key, cache.files = key, {}
    results: list[Loaded | None] = [None] * len(files)
    stats: list[tuple[int, int]] = []
    todo: list[int] = []
    for i, path in enumerate(files):
        st = path.stat()
        stats.append((st.st_size, st.st_mtime_ns))
        hit = cache.files.get(_rel(root, path)) if cache is not None else None
        if hit is not None and hit[0] == stats[i]:
            results[i] = hit[1]
        else:
            todo.append(i)
    schema = claim_schema(tuple(v.key for v in config.verdicts))

    def task(start: int, end: int) -> list[Loaded]:
        return [_load_one(root, files[i], config, is_claim=i < claim_count,
                          schema=schema if i < claim_count else PAGE_SCHEMA) for i in todo[start:end]]

    chunks = map_chunks(task, len(todo), worker_count(len(todo), jobs))
    for i, result in zip(todo, (r for chunk in chunks for r in chunk)):
        results[i] = result
        if cache is not None:
            cache.files[result.path] = (stats[i], result)
    if cache is not None:  # forget deleted files
        present = {_rel(root, f) for f in files}
        for gone in [p for p in cache.files if p not in present]:
            del cache.files[gone]
    return [r for r in results if r is not None]


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _markdown_files(root: Path, folder: str, problems: list[Problem]) -> list[Path]:
    """The folder's *.md files, sorted; a link pointing outside content/ is an error."""
    base = root / folder
    if not base.is_dir():
        return []
    content_root = (root / "content").resolve()
    files = []
    for path in sorted(base.glob("*.md")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink() and not path.resolve().is_relative_to(content_root):
            problems.append(Problem(rel, 1, 1, "", "expected a file inside content/, got a symbolic link pointing outside it"))
            continue
        if not path.is_file():
            problems.append(Problem(rel, 1, 1, "", "expected a regular file, got something else (a folder or a broken link?)"))
            continue
        files.append(path)
    return files


def _load_one(root: Path, path: Path, config: SiteConfig, *, is_claim: bool, schema) -> Loaded:
    rel = _rel(root, path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return Loaded(rel, "", None, None, (Problem(rel, 1, 1, "", f"expected a readable file, got {err.strerror}"),))
    digest = hashlib.sha256(raw).hexdigest()
    try:
        doc = frontmatter.split(rel, frontmatter.decode(rel, raw))
    except ContentError as err:
        return Loaded(rel, digest, None, None, tuple(err.problems))
    fields, reader = read_document(rel, doc.node, doc.first_line, schema)
    if fields is None:
        return Loaded(rel, digest, None, None, tuple(reader.problems))
    if is_claim:
        check_claim(fields, reader)
    slug = _slug(fields, path, reader)
    # The body is checked even when fields failed, so one run reports every problem in the file.
    rendered = markdown.render(doc.body, _citable_sources(fields) if is_claim else (), config.base_path)
    problems = tuple(reader.problems) + tuple(
        Problem(rel, doc.body_line + p.line - 1, 1, "body", p.message) for p in rendered.problems)
    if rendered.problems or any(not p.warning for p in reader.problems):
        return Loaded(rel, digest, None, None, problems)
    if is_claim:
        item: Claim | Page = claim_from(fields, path=rel, slug=slug, body=doc.body, body_line=doc.body_line,
                                        config=config)
    else:
        item = page_from(fields, path=rel, slug=slug, body=doc.body, body_line=doc.body_line)
    return Loaded(rel, digest, item, rendered.html, problems)


def _citable_sources(fields: Fields) -> tuple[Source, ...]:
    """The sources as far as they could be read, for resolving `[^id]` citations in the body."""
    return tuple(Source(title=s.get("title", ""), id=s.get("id"), publisher=s.get("publisher"), date=s.get("date"))
                 for s in fields.get("sources", ()) if s is not None)


def _slug(fields: Fields, path: Path, reader: Reader) -> str:
    slug = fields.get("slug")
    if slug:
        return slug
    if not KEY_RE.fullmatch(path.stem):
        reader.report(fields.node, "slug", f"expected a file name usable as a slug (a-z, 0-9 and single hyphens) "
                      f"or a slug field, got the file name {path.stem!r}")
    return path.stem


def _slug_collisions(items: list[Claim] | list[Page]) -> list[Problem]:
    first: dict[str, Claim | Page] = {}
    problems = []
    for item in items:
        key = item.slug.lower()
        if key in first:
            problems.append(Problem(item.path, 1, 1, "slug",
                                    f"expected a slug no other entry uses, got {item.slug!r}, already used by {first[key].path}"))
        else:
            first[key] = item
    return problems
