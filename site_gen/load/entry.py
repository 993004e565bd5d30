"""One content file -> a Loaded: its front matter read and checked against the schema, its body
rendered, or every problem of the file at once. Depends only on the file's bytes, the config and
the words bodies get, so that content.py may cache it; `read_claim` reads a claim's front matter
alone, as `check --since` needs for an earlier revision."""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from site_gen.load import frontmatter, markdown
from site_gen.load.invisible import field_at, invisible_characters
from site_gen.load.placeholders import placeholders
from site_gen.load.reader import KEY_RE, Fields, Reader, Record, read_document
from site_gen.load.schema import check_claim, check_tables, claim_from, claim_schema, page_from
from site_gen.load.versions import in_language, split_language
from site_gen.model import Claim, ContentError, Page, Problem, SiteConfig, Source


@dataclass(frozen=True)
class Loaded:
    """What one source file turned into: an item and its body HTML, or its problems (or both,
    for warnings). Depends only on the file's bytes and the config, so it can be cached."""

    path: str
    digest: str
    item: Claim | Page | None
    meta: str  # digest of the path and the front matter only (the body shows on the entry's page alone)
    html: str | None
    problems: tuple[Problem, ...]
    slug_at: tuple[int, int] = (1, 1)  # (line, col) of the `slug:` value; (1, 1) when the file name gives it
    claimant_at: tuple[str, int, int] = ("claimant", 1, 1)  # (field, line, col) of the claimant's name
    verdict_at: tuple[int, int] = (1, 1)  # (line, col) of the `verdict:` value (a claim's)
    draws_on_at: tuple[tuple[int, int], ...] = ()  # (line, col) of each `draws_on:` slug (a page's)


@dataclass(frozen=True)
class BodyTexts:
    """The interface's words that rendered bodies hold, in the site's language."""

    references: Mapping[str, str]  # reference-link targets (contact.references): prefilled reports' words
    cite_label: str  # before a citation's number, for screen readers: "source [2]"


def load_entry(root: Path, rel: str, config: SiteConfig, *, is_claim: bool, schema: Record,
              texts: Mapping[str, BodyTexts], md: MarkdownIt | None = None) -> Loaded:
    path = root / rel
    try:
        raw = path.read_bytes()
    except OSError as err:
        return Loaded(rel, "", None, "", None, (Problem(rel, 1, 1, "", f"expected a readable file, got {err.strerror}"),))
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = frontmatter.decode(rel, raw)
        doc = frontmatter.split(rel, text)
    except ContentError as err:
        return Loaded(rel, digest, None, digest, None, tuple(err.problems))
    meta = hashlib.sha256(f"{rel}\0{text[: len(text) - len(doc.body)]}".encode("utf-8", "surrogatepass")).hexdigest()
    fields, reader = read_document(rel, doc.node, doc.first_line, schema)
    reader.problems += (Problem(rel, line, col, "body" if line >= doc.body_line else field_at(doc.node, doc.first_line, line),
                                message) for line, col, message in invisible_characters(text))
    if fields is None:
        return Loaded(rel, digest, None, meta, None, tuple(reader.problems))
    if is_claim:
        check_claim(fields, reader)
    else:
        check_tables(fields, reader)
    _check_placeholders(doc, fields, reader)
    slug, language = _slug(fields, path, reader, config)
    # The body is checked even when fields failed, so one run reports every problem in the file.
    words = texts.get(language, texts[""])  # (its language's: a French version's reports are in French)
    rendered = markdown.render(doc.body, _citable_sources(fields), config.base_path,
                               words.references, words.cite_label, language.lower() + "/" if language else "", md)
    problems = tuple(reader.problems) + tuple(
        Problem(rel, doc.body_line + p.line - 1, p.col, "body", p.message) for p in rendered.problems)
    if rendered.problems or any(not p.warning for p in reader.problems):
        return Loaded(rel, digest, None, meta, None, problems)
    if is_claim:
        item: Claim | Page = in_language(claim_from(fields, path=rel, slug=slug, config=config), language)
    else:
        item = in_language(page_from(fields, path=rel, slug=slug, body=doc.body), language)
    slug_at = reader.where(fields.nodes["slug"]) if "slug" in fields.nodes else (1, 1)
    return Loaded(rel, digest, item, meta, rendered.html, problems, slug_at,
                  _claimant_at(fields, reader) if is_claim else ("claimant", 1, 1),
                  reader.where(fields.nodes["verdict"]) if is_claim else (1, 1),
                  () if is_claim or "draws_on" not in fields.nodes else
                  tuple(reader.where(node) for node in getattr(fields.nodes["draws_on"], "value", ())))


@dataclass(frozen=True)
class ReadClaim:
    """A claim file's front matter as read (at some revision): the Claim, and the read fields with
    each value's YAML node, to locate a problem in the file (node lines start at `first_line`)."""

    claim: Claim
    fields: Fields
    first_line: int


def read_claim(rel: str, raw: bytes, config: SiteConfig) -> ReadClaim | None:
    """A claim's bytes read as a build reads them, front matter only; None when that fails (the
    problems are `check`'s to report)."""
    try:
        doc = frontmatter.split(rel, frontmatter.decode(rel, raw))
    except ContentError:
        return None
    fields, reader = read_document(rel, doc.node, doc.first_line, claim_schema(tuple(v.key for v in config.verdicts), tuple(p.name for p in config.team)))
    if fields is None:
        return None
    check_claim(fields, reader)
    slug, language = _slug(fields, Path(rel), reader, config)
    if any(not p.warning for p in reader.problems):
        return None
    return ReadClaim(in_language(claim_from(fields, path=rel, slug=slug, config=config), language), fields, doc.first_line)


def _check_placeholders(doc: frontmatter.Document, fields: Fields, reader: Reader) -> None:
    """The scaffold's TODOs: errors in a published entry, warnings in a draft."""
    draft = fields.get("draft") is True
    for line, col, where, message in placeholders(doc.node, doc.source, doc.body):
        offset = doc.body_line if where == "body" else doc.first_line
        reader.problems.append(Problem(doc.path, line + offset, col + 1, where, message, draft))


def _citable_sources(fields: Fields) -> tuple[Source, ...]:
    """The sources as far as they could be read, for resolving `[^id]` citations in the body."""
    return tuple(Source(title=s.get("title", ""), id=s.get("id"), publisher=s.get("publisher"), date=s.get("date"))
                 for s in fields.get("sources", ()) if s is not None)


def _slug(fields: Fields, path: Path, reader: Reader, config: SiteConfig) -> tuple[str, str]:
    """The entry's slug and the language of its version ("" for the default): `x.fr.md` is the French
    version of x (versions.py)."""
    stem, language, problem = split_language(path.stem, config)
    if problem is not None:
        reader.report(fields.node, "", problem)
    slug = fields.get("slug")
    if slug:
        return slug, language
    if problem is None and not KEY_RE.fullmatch(stem):
        reader.report(fields.node, "slug", f"expected a file name usable as a slug (a-z, 0-9 and single hyphens) "
                      f"or a slug field, got the file name {stem!r}")
    return stem, language


def _claimant_at(fields: Fields, reader: Reader) -> tuple[str, int, int]:
    """Where the claimant's name is written: `claimant: X`, or `name: X` in its mapping."""
    claimant = fields.get("claimant")
    if isinstance(claimant, Fields) and "name" in claimant.nodes:
        return ("claimant.name", *reader.where(claimant.nodes["name"]))
    return ("claimant", *reader.where(fields.nodes["claimant"]))
