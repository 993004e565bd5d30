"""The typed, frozen data every stage after the loader works on.

Front matter as written (Claim and its parts) is kept apart from what the site derives from it
(site.py). Nothing here does I/O or knows about YAML.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

ROW_KINDS = ("disclosed", "estimate", "reported", "claimed")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, pointing at the place to fix it."""

    path: str  # as shown to the editor, relative to the project root
    line: int  # 1-based
    col: int  # 1-based
    field: str  # dotted path into the front matter, e.g. "sources[1].url"; "" for the file itself
    message: str  # "expected ..., got ..."
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {'warning: ' if self.warning else ''}{what}"

    def annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown on the PR's diff."""
        level = "warning" if self.warning else "error"
        text = f"{self.field}: {self.message}" if self.field else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::{level} file={path},line={self.line},col={self.col}::{text}"


class ContentError(Exception):
    """Raised when inputs have problems; carries every problem found, in a stable order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col, p.field, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # so a worker process can hand it back intact
        return (ContentError, (self.problems,))


@dataclass(frozen=True)
class Verdict:
    key: str
    label: str
    rating: int | None  # ClaimReview ratingValue; None for verdicts off the scale (unproven)
    meaning: str


@dataclass(frozen=True)
class Organisation:
    name: str
    url: str | None


@dataclass(frozen=True)
class Contact:
    """How readers reach the editors. Either may be unknown; with neither the build warns."""

    repository: str | None = None  # e.g. "https://github.com/owner/repo": its issue forms take reports
    email: str | None = None

    @property
    def known(self) -> bool:
        return bool(self.repository or self.email)


@dataclass(frozen=True)
class RequiredPage:
    """A page the site must keep (methodology, corrections policy, contact), and where site.yaml asks for it."""

    slug: str
    line: int = 1
    col: int = 1


DATE_FORMATS = ("day-month-year", "month-day-year", "iso")


@dataclass(frozen=True)
class SiteConfig:
    title: str
    description: str
    base_url: str  # absolute, always ends with "/", e.g. "https://owner.github.io/repo/"
    language: str  # BCP 47, e.g. "en"
    locale: str  # number formatting, e.g. "en-US"
    organisation: Organisation
    verdicts: tuple[Verdict, ...]  # truest first
    per_page: int
    date_format: str = "month-day-year"  # one of DATE_FORMATS: how every page shows a date
    contact: Contact = Contact()
    required_pages: tuple[RequiredPage, ...] = ()

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/repo/"."""
        from urllib.parse import urlsplit

        return urlsplit(self.base_url).path or "/"

    def verdict(self, key: str) -> Verdict:
        return self._verdicts_by_key[key]

    @functools.cached_property
    def _verdicts_by_key(self) -> dict[str, Verdict]:
        return {v.key: v for v in self.verdicts}


@dataclass(frozen=True)
class Claimant:
    name: str
    url: str | None = None
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    title: str
    id: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: dt.date | None = None
    accessed: dt.date | None = None
    archive: str | None = None
    quote: str | None = None


@dataclass(frozen=True)
class CostRow:
    """One figure in a comparison. Exactly one of: value; min; max; min and max."""

    label: str
    kind: str  # one of ROW_KINDS
    id: str | None = None
    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    approx: bool = False
    basis: str | None = None
    source: str | None = None  # a Source.id of the same claim


@dataclass(frozen=True)
class Comparison:
    title: str
    unit: str  # ISO 4217 code ("USD") or a count unit ("GPUs", "GPU-hours")
    rows: tuple[CostRow, ...]
    baseline: str | None = None  # a CostRow.id
    note: str | None = None
    total: str | None = None  # a CostRow.id: the other rows are its parts (a breakdown)


@dataclass(frozen=True)
class Correction:
    date: dt.date
    note: str


@dataclass(frozen=True)
class Claim:
    """One fact-check's front matter as its editor wrote it (validated), plus where it came from.
    The body is not here: it shows on the entry's own page only, as HTML rendered by the loader, so a
    Claim depends on the path and front matter alone (incremental builds rely on that)."""

    path: str  # source file, relative to the project root
    slug: str
    title: str
    claim: str
    claimant: Claimant
    verdict: str  # a Verdict.key
    summary: str
    published: dt.date
    author: str
    sources: tuple[Source, ...]
    claim_date: dt.date | None = None
    claim_excerpt: str | None = None  # the claim's own words, cut with "…": shown where space is short
    appearances: tuple[str, ...] = ()
    updated: dt.date | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    featured: bool = False  # shown first on the home page and on /costs/
    comparisons: tuple[Comparison, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def modified(self) -> dt.date:
        return self.updated or self.published


@dataclass(frozen=True)
class Page:
    """A plain page from content/pages (about, methodology, ...)."""

    path: str
    slug: str
    title: str
    description: str
    body: str
    body_line: int
    nav_order: int | None = None  # shown in the footer navigation when set
    verdict_scale: bool = False  # append the site's verdict scale (methodology)
    contact: bool = False  # append the contact routes from site.yaml (the Contact page)
