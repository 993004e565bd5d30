"""Cost comparisons: from the front matter's `comparisons:` to what readers see.

Everything a template needs is computed here, as strings: templates only place them. The chart
is made in comparison_chart.py and drawn in chart.py; numbers are localised in numbers.py (read
exactly by figures/numbers.py); figures with their units ("about $1.6 billion") and ratios
("287×") are written in units.py.

Honesty rules, each tested in tests/test_costs.py:
- a figure shows what kind of figure it is (disclosed, estimate ...) and what it counts (basis);
- rounding never overstates a bound: lower bounds round down, upper bounds round up (numbers.py);
- a ratio against a bounded figure is itself a bound (">89×"), or absent when nothing follows.

The downloads of the same tables (CSV, JSON) are written in downloads.py.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from site_gen import paths
from site_gen.citations import source_anchor
from site_gen.figures.numbers import plain
from site_gen.figures.units import is_currency
from site_gen.i18n import Messages
from site_gen.model import Claim, Comparison, CostRow, Page, Source
from site_gen.present.chart import WIDE
from site_gen.present.comparison_chart import chart_svg, scale_note, shape, total_row, uses_log_scale
from site_gen.present.kinds import KindText, kind_texts, role_text
from site_gen.present.units import exact_phrase, format_figure, ratio_text, share_text, unit_name

# --- views for the templates -----------------------------------------------------------------


@dataclass(frozen=True)
class RowView:
    label: str
    figure: str  # compact: "about $1.6 billion"
    exact: str  # every digit: "about $1,600,000,000"
    value: str  # plain exact numbers for data-* attributes; "" when absent
    min: str
    max: str
    shape: str  # point | lower | upper | range
    approx: bool
    ratio: str | None  # against the baseline, or a breakdown's share of the total; None: none can be given
    is_baseline: bool  # the baseline, or a breakdown's total
    role: str | None  # "baseline" or "total"
    role_label: str | None  # the role as shown beside the label, in the site's language
    kind: str
    kind_label: str
    kind_title: str
    basis: str | None
    id: str | None
    source_id: str | None
    source_title: str | None
    source_path: str | None  # "claims/<slug>/#source-<id>", for url()


@dataclass(frozen=True)
class ComparisonView:
    number: int  # 1-based position among the claim's comparisons
    title: str
    anchor_id: str
    unit: str
    unit_header: str  # "Amount (US dollars)", "Number of GPUs"
    rows: tuple[RowView, ...]
    ratio_header: str | None  # None: the table has no baseline, so no ratio column
    ratio_note: str | None
    note: str | None  # the editor's caveat
    caveat: str | None  # added when rows are of different kinds
    kind_note: str  # what each kind in the table means: "Disclosed: published by ..."
    scale_note: str  # visible text under the chart: which scale, how to read bounds
    log_scale: bool
    chart_id: str
    chart_svg: Markup  # drawn for a phone's column
    chart_svg_wide: Markup  # the same chart drawn for a laptop's text column


def _sources(claim: Claim | Page) -> dict[str, Source]:
    return {source.id: source for source in claim.sources if source.id}


def _ratio(row: CostRow, baseline: CostRow | None, total: CostRow | None, locale: str) -> str | None:
    if total is not None:  # a breakdown: each part's share of the total (validated: all single values)
        return share_text(row.value / total.value, locale) if row.value is not None and total.value else None
    return None if baseline is None else ratio_text(row, baseline, locale)


def _row_view(row: CostRow, comparison: Comparison, baseline: CostRow | None, claim: Claim | Page,
              locale: str, total: CostRow | None, kinds: Mapping[str, KindText], msg: Messages, at: str) -> RowView:
    source = _sources(claim).get(row.source or "")
    is_baseline = (baseline is not None and row is baseline) or row is total
    role = "total" if row is total else "baseline" if is_baseline else None
    return RowView(
        label=row.label,
        figure=format_figure(row, comparison.unit, locale),
        exact=exact_phrase(row, comparison.unit, locale),
        value="" if row.value is None else plain(row.value),
        min="" if row.min is None else plain(row.min),
        max="" if row.max is None else plain(row.max),
        shape=shape(row),
        approx=row.approx,
        ratio=_ratio(row, baseline, total, locale),
        is_baseline=is_baseline,
        role=role,
        role_label=role_text(role, msg),
        kind=row.kind,
        kind_label=kinds[row.kind].label,
        kind_title=kinds[row.kind].title,
        basis=row.basis,
        id=row.id,
        source_id=source.id if source else None,
        source_title=source.title if source else None,
        source_path=f"{at}#{source_anchor(source.id)}" if source and source.id else None,  # (_sources: all have one)
    )


def _view(claim: Claim | Page, number: int, comparison: Comparison, locale: str, msg: Messages,
          at: str) -> ComparisonView:
    """`at`: the site path of the page the table is on (its rows link to the page's sources)."""
    total = total_row(comparison)
    baseline = None if total else next((r for r in comparison.rows if r.id and r.id == comparison.baseline), None)
    texts = kind_texts(msg)
    rows = tuple(_row_view(r, comparison, baseline, claim, locale, total, texts, msg, at) for r in comparison.rows)
    kinds = [texts[kind] for kind in dict.fromkeys(row.kind for row in comparison.rows)]
    anchor = f"cost-{claim.slug}-{number}"
    name = unit_name(comparison.unit, locale)
    ratio_note = ratio_header = None
    if total is not None:
        # Translators: the heading of a cost table's column that gives each part as a percentage of the total.
        ratio_header = msg("Share of the total")
        ratio_note = msg("The other rows are the parts of “%(total)s” (%(figure)s), and add up to it; “Share of the "
                         "total” gives each part as a percentage of it.",
                         total=total.label, figure=format_figure(total, comparison.unit, locale))
    elif baseline is not None:
        # Translators: the heading of a cost table's column that gives each figure as a multiple of the baseline's.
        ratio_header = msg("Compared with the baseline")
        ratio_note = msg("“Compared with the baseline” gives each figure as a multiple of “%(baseline)s” (%(figure)s), "
                         "or as a percentage of it when smaller (“287×” is 287 times it, “4.3%%” is 4.3 percent of "
                         "it). “>” means more than, “<” less than, “≈” about.",
                         baseline=baseline.label, figure=format_figure(baseline, comparison.unit, locale))
    return ComparisonView(
        number=number,
        title=comparison.title,
        anchor_id=anchor,
        unit=comparison.unit,
        # Translators: the heading of a cost table's column of figures: "Amount (US dollars)", "Number of GPUs".
        unit_header=msg("Amount (%(unit)s)", unit=name) if is_currency(comparison.unit) else
        msg("Number of %(unit)s", unit=name),
        rows=rows,
        ratio_header=ratio_header,
        ratio_note=ratio_note,
        note=comparison.note,
        # Translators: %(kinds)s lists the kinds of figure in the table: "disclosed, estimate".
        caveat=msg("These figures are of different kinds (%(kinds)s): read what each one counts before comparing "
                   "them.", kinds=", ".join(kind.name for kind in kinds)) if len(kinds) > 1 else None,
        # Translators: one kind of figure and what it means: "Estimate: an outside estimate, not a disclosure."
        kind_note=" ".join(msg("%(kind)s: %(meaning)s.", kind=kind.label, meaning=kind.meaning) for kind in kinds),
        scale_note=scale_note(comparison, locale, msg=msg),
        log_scale=uses_log_scale(comparison),
        chart_id=f"{anchor}-chart",
        chart_svg=chart_svg(comparison, locale, f"{anchor}-chart", msg=msg),
        chart_svg_wide=chart_svg(comparison, locale, f"{anchor}-chart-wide", WIDE, msg=msg),
    )


def comparison_views(claim: Claim, locale: str, *, msg: Messages) -> tuple[ComparisonView, ...]:
    """One view per comparison of the claim, in the order the editor wrote them (its page shows them)."""
    return tuple(_view(claim, n, c, locale, msg, paths.claim(claim.slug)) for n, c in enumerate(claim.comparisons, start=1))


def page_comparison_views(page: Page, locale: str, *, msg: Messages) -> tuple[ComparisonView, ...]:
    """A content page's tables (an overview's), validated as a fact-check's are."""
    return tuple(_view(page, n, c, locale, msg, paths.content_page(page.slug))
                 for n, c in enumerate(page.comparisons, start=1))
