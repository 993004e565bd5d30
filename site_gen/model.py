"""The typed, frozen data every stage after the loader works on.

Front matter as written (Claim and its parts) is kept apart from what the site derives from it
(site.py). Nothing here does I/O or knows about YAML.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from site_gen.paths import slugify

# The kinds of figure a cost-table row may be (front matter `kind:`), in the order listings show them.
# The one list: the schema's choice and its JSON Schema, and present/kinds.py's words, follow it.
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
    end_line: int | None = None  # where the offending text ends (inclusive), when known
    end_col: int | None = None  # known only when the text ends on end_line

    def __str__(self) -> str:
        where = f"{printable(self.path)}:{self.line}:{self.col}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {'warning: ' if self.warning else ''}{printable(what)}"

    def annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown on the PR's diff: titled
        with the field (or the file's name), spanning the offending text where its end is known."""
        level = "warning" if self.warning else "error"
        text = f"{self.field}: {self.message}" if self.field else self.message
        props = [f"file={_property(self.path)}", f"line={self.line}"]
        if self.end_line is not None:
            props.append(f"endLine={self.end_line}")
        props.append(f"col={self.col}")
        if self.end_col is not None and self.end_line in (None, self.line):  # columns span one line only
            props.append(f"endColumn={self.end_col}")
        props.append(f"title={_property(self.field or self.path.rsplit('/', 1)[-1])}")
        return f"::{level} {','.join(props)}::{_data(text)}"


# Characters that must not reach a terminal or a CI log as they are: C0 and C1 controls (a line
# break would start a new log line, which the Actions runner reads for `::` workflow commands; ESC
# starts terminal escape sequences), and the invisible ones that reorder or hide text (bidi
# controls, zero-width characters, line and paragraph separators).
_UNPRINTABLE = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7F, 0xA0))} | {
    c: f"\\u{c:04x}" for c in (0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B,
                                0x202C, 0x202D, 0x202E, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF)}
_UNPRINTABLE |= {ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"}


def printable(text: str) -> str:
    """`text` safe to print on one line of a terminal or CI log: every control and invisible
    character written as its escape (a newline as \\n, ESC as \\x1b, U+202E as \\u202e)."""
    return text.translate(_UNPRINTABLE)


# GitHub shows at most 10 error and 10 warning annotations of one step; the rest are dropped unseen.
ANNOTATIONS_PER_STEP = 10


def workflow_commands(problems: Sequence[Problem], limit: int = ANNOTATIONS_PER_STEP) -> list[str]:
    """The problems as workflow commands, at most `limit` errors and `limit` warnings (in file
    order): past that, the last one shown says how many more the step's log lists."""
    commands = []
    for warning in (False, True):
        kind = [p for p in problems if p.warning == warning]
        if len(kind) <= limit:
            commands += [p.annotation() for p in kind]
            continue
        commands += [p.annotation() for p in kind[: limit - 1]]
        rest, noun = len(kind) - (limit - 1), "warnings" if warning else "problems"
        commands.append(f"::{'warning' if warning else 'error'} title={_property(f'{rest} more {noun}')}::"
                        + _data(f"{rest} more {noun} are not shown as annotations (GitHub shows {limit} per step): "
                                f"the log of this step lists every one, as python build.py check does"))
    return commands


def _data(text: str) -> str:
    """A workflow command's message: everything up to the line end, so %, CR and LF are encoded
    (GitHub shows them as line breaks); other controls are escaped as in the terminal."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    """A workflow command's property value, which also ends at `,` and `:`."""
    return _data(text).replace(",", "%2C").replace(":", "%3A")


class ContentError(Exception):
    """Raised when inputs have problems; carries every problem found, in a stable order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.col, p.field, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:  # so a worker process can hand it back intact
        return (ContentError, (self.problems,))


@dataclass(frozen=True)
class Verdict:
    key: str
    label: str
    rating: int | None  # ClaimReview ratingValue; None for verdicts off the scale (unproven)
    meaning: str
    icon: str = "•"  # shown beside the label, so colour is never the only sign of a verdict
    colour: str | None = None  # "#rrggbb" in the light theme; None: from its place on the scale (present/verdict_colours.py)
    colour_dark: str | None = None  # "#rrggbb" in the dark theme; None: from `colour`'s hue, or the place


@dataclass(frozen=True)
class Organisation:
    name: str
    url: str | None


@dataclass(frozen=True)
class Person:
    """A member of the site's team (site.yaml `team:`), whom entries name as author or reviewer."""

    name: str
    role: str
    url: str | None = None
    bio: str | None = None


@dataclass(frozen=True)
class Contact:
    """How readers reach the editors. Either may be unknown; with neither the build warns. Both set:
    both are offered (load/config.py decides when GitHub Actions' repository stands in)."""

    repository: str | None = None  # e.g. "https://github.com/owner/repo": its issue forms take reports
    email: str | None = None  # prefilled mailto: reports
    repository_off: bool = False  # site.yaml said `repository: false`: no issue forms, not even in Actions

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
class Edition:
    """The site in one of its languages (site.yaml `languages:`): the first is the default, at the
    site's own URLs; each other one under /<language>/ (`prefix`)."""

    language: str  # BCP 47
    title: str
    description: str
    locale: str
    date_format: str
    prefix: str = ""  # "" for the default, else "fr/"


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
    search_hint: str | None = None  # the home page search box's placeholder (examples of what to search)
    # site.yaml `tags:`: (key, ((language or "*", label), ...)), in the file's order
    tag_labels: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # Every language the site is published in, the default first (one, unless site.yaml lists `languages:`)
    editions: tuple[Edition, ...] = ()
    team: tuple[Person, ...] = ()  # site.yaml `team:`, in its order: the people entries name
    plugins: tuple[str, ...] = ()  # site.yaml `plugins:`: the modules that extend the generator (plugins.py)

    def person(self, name: str | None) -> Person | None:
        """The team member of that name (an entry's author or reviewer), or None (the organisation)."""
        return next((p for p in self.team if p.name == name), None) if name else None

    @property
    def base_path(self) -> str:
        """The path part of base_url: "/" or "/repo/"."""
        from urllib.parse import urlsplit

        return urlsplit(self.base_url).path or "/"

    def verdict(self, key: str) -> Verdict:
        return self._verdicts_by_key[key]

    def edition(self, edition: Edition) -> SiteConfig:
        """The configuration of the site in one of its languages: its title, description, language,
        locale and dates, and its URLs under its prefix."""
        return replace(self, title=edition.title, description=edition.description, language=edition.language,
                       locale=edition.locale, date_format=edition.date_format,
                       base_url=self.base_url + edition.prefix)

    @property
    def multilingual(self) -> bool:
        return len(self.editions) > 1

    def tag_label(self, key: str) -> str:
        """How tag `key` is shown in this site's language: its label for the language (or its
        language without region), else its label for every language, else the key itself."""
        return self._tag_labels.get(key, key)

    @functools.cached_property
    def _tag_labels(self) -> dict[str, str]:
        base = self.language.split("-")[0]
        found = {}
        for key, labels in self.tag_labels:
            by_language = dict(labels)
            label = by_language.get(self.language) or by_language.get(base) or by_language.get("*")
            if label:
                found[key] = label
        return found

    @functools.cached_property
    def _verdicts_by_key(self) -> dict[str, Verdict]:
        return {v.key: v for v in self.verdicts}


@dataclass(frozen=True)
class Claimant:
    name: str
    url: str | None = None
    same_as: tuple[str, ...] = ()
    key: str = ""  # the URL key (/claimants/<key>/): the name's slug; a translation keeps its original's

    @property
    def url_key(self) -> str:
        return self.key or slugify(self.name)


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
class Retraction:
    """A published fact-check withdrawn: its page stays, with this notice, out of every listing."""

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
    author: str  # a team member's name (site.yaml `team:`), or the organisation's
    sources: tuple[Source, ...]
    reviewer: str | None = None  # a team member's name: who checked the check
    claim_date: dt.date | None = None
    claim_excerpt: str | None = None  # the claim's own words, cut with "…": shown where space is short
    appearances: tuple[str, ...] = ()
    updated: dt.date | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    featured: bool = False  # shown first on the home page and on /costs/
    comparisons: tuple[Comparison, ...] = ()
    corrections: tuple[Correction, ...] = ()
    retracted: Retraction | None = None
    language: str = ""  # a version in another language of the site (<slug>.<lang>.md); "" the default
    extra: tuple[tuple[str, object], ...] = ()  # the plugins' front-matter fields (plugins.py), by name

    def extra_field(self, name: str) -> object:
        """A plugin field's value, None when the entry leaves it out."""
        return next((value for key, value in self.extra if key == name), None)

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
    nav_order: int | None = None  # shown in the footer navigation when set
    verdict_scale: bool = False  # append the site's verdict scale (methodology)
    contact: bool = False  # append the contact routes from site.yaml (the Contact page)
    draft: bool = False  # built only with --drafts (the preview), like a draft claim
    language: str = ""  # a version in another language of the site (<slug>.<lang>.md); "" the default
    team: bool = False  # append the team from site.yaml (the about page)
    featured: bool = False  # linked from the home page
    draws_on: tuple[str, ...] = ()  # slugs of the fact-checks it draws on: each links back to it
    sources: tuple[Source, ...] = ()  # what its tables cite
    comparisons: tuple[Comparison, ...] = ()
