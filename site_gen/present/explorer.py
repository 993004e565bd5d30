"""The /costs/ explorer: every comparison on the site in a few lines each, grouped by unit.

Full tables and charts live on the claim pages only; here a reader finds a comparison by what it
measures (US dollars, GPUs, GPU-hours ...), sees its fact-check's verdict and its headline figures,
and follows the link to the full table. /costs/ leads with the featured comparison and lists the
first FRONT_ITEMS of each unit; a unit with more has its own paginated pages (/costs/usd/,
/costs/usd/page/2/ ...), so that no page grows with the size of the archive.

Grouping (`plan`) is a pass over the claims' comparisons, cheap enough for every build and every
`serve` edit; the items a page shows (`item`) are made only when that page is rendered.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from site_gen import paths
from site_gen.figures.units import is_currency
from site_gen.i18n import Messages
from site_gen.model import Claim, Comparison, CostRow
from site_gen.present.comparison_chart import total_row
from site_gen.present.kinds import kind_texts, role_text
from site_gen.present.units import format_figure, unit_name
from site_gen.site import Pagination, paginate

FRONT_ITEMS = 10  # comparisons of each unit listed on /costs/ itself
PER_PAGE = 50  # comparisons on each page of a unit's own pages
HEADLINE_FIGURES = 3  # figures each listing shows; the rest are counted


class Entry(NamedTuple):
    """One comparison: its claim and its 1-based place among the claim's comparisons (a tuple: a
    10,000-entry archive has tens of thousands)."""

    claim: Claim
    number: int

    @property
    def comparison(self) -> Comparison:
        return self.claim.comparisons[self.number - 1]


@dataclass(frozen=True)
class UnitGroup:
    """The comparisons in one unit, newest fact-check first."""

    unit: str
    unit_name: str  # "US dollars", "GPUs": the heading says "In US dollars" (in the site's language)
    anchor: str  # "unit-usd": its section on /costs/
    path: str  # "costs/usd/": its own pages, when it has more than FRONT_ITEMS
    entries: tuple[Entry, ...]
    sources: tuple[str, ...]  # each entry's claim's source path (for keys, without a pass over entries)
    numbers: tuple[int, ...]  # each entry's number

    def swapped(self, edited: Iterable[Claim]) -> UnitGroup:
        """The group with these edited claims in their old versions' places (same paths)."""
        entries = None
        for claim in edited:
            at = -1
            while True:  # (C-speed lookups: a unit may hold thousands of entries, an edit touches one)
                try:
                    at = self.sources.index(claim.path, at + 1)
                except ValueError:
                    break
                entries = entries or list(self.entries)
                entries[at] = Entry(claim, entries[at].number)
        if entries is None:
            return self
        return UnitGroup(self.unit, self.unit_name, self.anchor, self.path, tuple(entries), self.sources, self.numbers)

    @property
    def front(self) -> tuple[Entry, ...]:
        return self.entries[:FRONT_ITEMS]

    @property
    def has_own_pages(self) -> bool:
        return len(self.entries) > FRONT_ITEMS

    def pages(self) -> tuple[Pagination[Entry], ...]:
        return paginate(self.entries, PER_PAGE, self.path) if self.has_own_pages else ()


@dataclass(frozen=True)
class Plan:
    featured: Entry | None  # the first comparison of the newest featured fact-check with one
    groups: tuple[UnitGroup, ...]  # most comparisons first

    @property
    def count(self) -> int:
        return sum(len(group.entries) for group in self.groups)


def plan(claims: Sequence[Claim], featured: Sequence[Claim], locale: str = "en-US") -> Plan:
    """`claims` newest first (Site.claims), `featured` likewise (Site.featured)."""
    by_unit: dict[str, list[Entry]] = {}
    for claim in claims:
        for number, comparison in enumerate(claim.comparisons, start=1):
            by_unit.setdefault(comparison.unit, []).append(Entry(claim, number))
    groups = sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), not is_currency(kv[0]), kv[0].lower()))
    lead = next((Entry(claim, 1) for claim in featured if claim.comparisons), None)
    return Plan(lead, tuple(UnitGroup(unit, unit_name(unit, locale), f"unit-{paths.slugify(unit)}",
                                      paths.costs_unit(unit), tuple(entries), tuple(e.claim.path for e in entries),
                                      tuple(e.number for e in entries)) for unit, entries in groups))


def same_place(old: Claim, new: Claim) -> bool:
    """Whether `new` (an edited `old`) has its comparisons where `old` had them: same claim, same
    units in the same order, featured or not alike. The plan then only swaps the claim in."""
    return (old.path == new.path and old.featured == new.featured
            and [c.unit for c in old.comparisons] == [c.unit for c in new.comparisons])


# --- what a page shows of each comparison -------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    label: str
    figure: str  # "about $1.6 billion"
    kind: str
    kind_label: str
    role: str | None  # "total" or "baseline"
    role_label: str | None  # the role as shown, in the site's language


@dataclass(frozen=True)
class Item:
    title: str
    path: str  # the full table on its claim page: "claims/<slug>/#cost-<slug>-<n>"
    claim_title: str
    claim_path: str
    card: object  # views.ClaimCard of the fact-check (its verdict badge)
    unit_name: str
    kinds: str  # "Disclosed and estimate" (in the site's language)
    figures: tuple[Figure, ...]
    more: int  # figures of the table not listed here
    breakdown: bool


def item(entry: Entry, locale: str, card: Callable[[Claim], object], *, msg: Messages) -> Item:
    claim, comparison = entry.claim, entry.comparison
    texts = kind_texts(msg)
    kinds = [texts[kind] for kind in dict.fromkeys(row.kind for row in comparison.rows)]
    shown = headline_rows(comparison)
    claim_path = paths.claim(claim.slug)
    return Item(
        title=comparison.title,
        path=f"{claim_path}#cost-{claim.slug}-{entry.number}",
        claim_title=claim.title,
        claim_path=claim_path,
        card=card(claim),
        unit_name=unit_name(comparison.unit, locale),
        kinds=_and(kinds[0].label, [kind.name for kind in kinds[1:]], msg),
        figures=tuple(_figure(row, comparison, locale, texts[row.kind].label, msg) for row in shown),
        more=len(comparison.rows) - len(shown),
        breakdown=comparison.total is not None,
    )


def _figure(row: CostRow, comparison: Comparison, locale: str, kind_label: str, msg: Messages) -> Figure:
    role = _role(row, comparison)
    return Figure(row.label, format_figure(row, comparison.unit, locale), row.kind, kind_label, role, role_text(role, msg))


def headline_rows(comparison: Comparison) -> list[CostRow]:
    """The figures a listing shows: a breakdown's total or a table's baseline first, then the others
    in the editor's order, HEADLINE_FIGURES in all."""
    anchor = total_row(comparison) or next((r for r in comparison.rows if r.id and r.id == comparison.baseline), None)
    rows = ([anchor] if anchor else []) + [r for r in comparison.rows if r is not anchor]
    return rows[:HEADLINE_FIGURES]


def _role(row: CostRow, comparison: Comparison) -> str | None:
    if row.id is not None and row.id == comparison.total:
        return "total"
    if row.id is not None and row.id == comparison.baseline:
        return "baseline"
    return None


def _and(first: str, others: list[str], msg: Messages) -> str:
    """"Disclosed", "Disclosed and estimate", "Disclosed, estimate and reported"."""
    if not others:
        return first
    # Translators: the last two items of a list: "Disclosed, estimate and reported".
    return msg("%(items)s and %(last)s", items=", ".join([first, *others[:-1]]), last=others[-1])
