"""content/ -> validated Claims and Pages with their rendered bodies, or every problem at once."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from . import frontmatter, markdown
from .model import Claim, ContentError, Page, Problem, SiteConfig, Source
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


def load_content(root: Path, config: SiteConfig, *, drafts: bool = False) -> Content:
    problems: list[Problem] = []
    claims: list[Claim] = []
    pages: list[Page] = []
    html: dict[str, str] = {}
    schema = claim_schema(tuple(v.key for v in config.verdicts))
    for path in _markdown_files(root, CLAIMS_DIR, problems):
        loaded = _load_one(root, path, problems, config, is_claim=True, schema=schema)
        if loaded:
            claim, body_html = loaded
            if claim.draft and not drafts:
                continue
            claims.append(claim)
            html[claim.path] = body_html
    for path in _markdown_files(root, PAGES_DIR, problems):
        loaded = _load_one(root, path, problems, config, is_claim=False, schema=PAGE_SCHEMA)
        if loaded:
            page, body_html = loaded
            pages.append(page)
            html[page.path] = body_html
    problems += _slug_collisions(claims) + _slug_collisions(pages)
    problems += [Problem(p.path, 1, 1, "slug", f"expected a slug not reserved by the site ({', '.join(sorted(RESERVED_PAGE_SLUGS))}), got {p.slug!r}")
                 for p in pages if p.slug in RESERVED_PAGE_SLUGS]
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(problems)
    return Content(tuple(claims), tuple(pages), html, tuple(sorted(problems, key=str)))


def _markdown_files(root: Path, folder: str, problems: list[Problem]) -> list[Path]:
    """The folder's *.md files, sorted; a link pointing outside content/ is an error."""
    base = root / folder
    if not base.is_dir():
        return []
    content_root = (root / "content").resolve()
    files = []
    for path in sorted(base.glob("*.md")):
        rel = path.relative_to(root).as_posix()
        real = path.resolve()
        if path.is_symlink() and not real.is_relative_to(content_root):
            problems.append(Problem(rel, 1, 1, "", "expected a file inside content/, got a symbolic link pointing outside it"))
            continue
        if not real.is_file():
            problems.append(Problem(rel, 1, 1, "", "expected a regular file, got something else (a folder or a broken link?)"))
            continue
        files.append(path)
    return files


def _load_one(root: Path, path: Path, problems: list[Problem], config: SiteConfig, *, is_claim: bool,
              schema) -> tuple[Claim | Page, str] | None:
    rel = path.relative_to(root).as_posix()
    try:
        doc = frontmatter.split(rel, frontmatter.decode(rel, path.read_bytes()))
    except ContentError as err:
        problems.extend(err.problems)
        return None
    except OSError as err:
        problems.append(Problem(rel, 1, 1, "", f"expected a readable file, got {err.strerror}"))
        return None
    fields, reader = read_document(rel, doc.node, doc.first_line, schema)
    if fields is None:
        problems.extend(reader.problems)
        return None
    if is_claim:
        check_claim(fields, reader)
    slug = _slug(fields, path, reader)
    # The body is checked even when fields failed, so one run reports every problem in the file.
    rendered = markdown.render(doc.body, _citable_sources(fields) if is_claim else (), config.base_path)
    problems.extend(reader.problems)
    problems.extend(Problem(rel, doc.body_line + p.line - 1, 1, "body", p.message) for p in rendered.problems)
    if rendered.problems or any(not p.warning for p in reader.problems):
        return None
    if is_claim:
        return claim_from(fields, path=rel, slug=slug, body=doc.body, body_line=doc.body_line, config=config), rendered.html
    return page_from(fields, path=rel, slug=slug, body=doc.body, body_line=doc.body_line), rendered.html


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
