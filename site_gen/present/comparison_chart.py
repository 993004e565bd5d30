"""A cost comparison as a chart: its rows as Bars (label, kind, value text, extent), the chart's
title, description and axis in the site's language, and the note under it that says which scale
and why. chart.py draws the Bars.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup

from site_gen.figures.units import is_currency
from site_gen.i18n import Messages
from site_gen.model import Comparison, CostRow
from site_gen.present.chart import WIDTH, Bar, bar_numbers, render
from site_gen.present.chart_scale import needs_log_scale, spread
from site_gen.present.kinds import kind_texts
from site_gen.present.numbers import compact
from site_gen.present.units import format_figure, share_text, times, unit_name, with_unit


def shape(row: CostRow) -> str:
    """point | lower (min only) | upper (max only) | range (min and max)."""
    if row.value is not None:
        return "point"
    if row.min is not None:
        return "range" if row.max is not None else "lower"
    return "upper"


def is_breakdown(comparison: Comparison) -> bool:
    """Parts of a whole (`total:`): drawn on a linear scale, each part with its share."""
    return comparison.total is not None


def total_row(comparison: Comparison) -> CostRow | None:
    return next((r for r in comparison.rows if r.id is not None and r.id == comparison.total), None)


def _bars(comparison: Comparison, locale: str, msg: Messages) -> list[Bar]:
    bars = []
    total = total_row(comparison)
    kinds = kind_texts(msg)
    for row in comparison.rows:
        is_baseline = row.id is not None and row.id == comparison.baseline and total is None
        kind = kinds[row.kind].name
        # Translators: a bar's label in a chart: the row's label, its kind of figure and its role.
        label = msg("%(label)s (%(kind)s, total)", label=row.label, kind=kind) if row is total else \
            msg("%(label)s (%(kind)s, baseline)", label=row.label, kind=kind) if is_baseline else \
            msg("%(label)s (%(kind)s)", label=row.label, kind=kind)
        classes = f"cost-chart__row--{row.kind}" + (" cost-chart__row--baseline" if is_baseline or row is total else "")
        figure = format_figure(row, comparison.unit, locale)
        if total is not None and row is not total and row.value is not None and total.value:
            figure = f"{figure} · {share_text(row.value / total.value, locale)}"
        drawn = shape(row)
        start = {"point": row.value, "lower": row.min, "range": row.min}.get(drawn) or Decimal(0)
        end = row.max if drawn in ("upper", "range") else start
        assert end is not None
        bars.append(Bar(label, figure, drawn, start, end, classes))
    return bars


def uses_log_scale(comparison: Comparison) -> bool:
    """Log scales only for independent magnitudes: never for a breakdown, whose parts' lengths must
    add up to the total's."""
    return not is_breakdown(comparison) and needs_log_scale(
        [n for row in comparison.rows for n in (row.value, row.min, row.max) if n is not None])


def chart_svg(comparison: Comparison, locale: str, chart_id: str, width: int = WIDTH, *, msg: Messages) -> Markup:
    """The comparison as an inline SVG bar chart `width` units wide; ids inside derive from `chart_id`."""
    bars = _bars(comparison, locale, msg)
    log = uses_log_scale(comparison)
    name = unit_name(comparison.unit, locale)
    # Translators: one bar of a chart, in its description: "Final training run (disclosed): $5.58 million".
    figures = "; ".join(msg("%(label)s: %(value)s", label=bar.label, value=bar.value_text) for bar in bars)
    if log:
        # Translators: a chart's description for screen readers; %(figures)s lists each bar's label and value.
        description = msg.plural("Bar chart of %(num)d figure in %(unit)s, logarithmic scale, each gridline ten times "
                                 "the one before. %(figures)s.",
                                 "Bar chart of %(num)d figures in %(unit)s, logarithmic scale, each gridline ten "
                                 "times the one before. %(figures)s.", len(bars), unit=name, figures=figures)
    else:
        # Translators: a chart's description for screen readers; %(figures)s lists each bar's label and value.
        description = msg.plural("Bar chart of %(num)d figure in %(unit)s, linear scale from zero. %(figures)s.",
                                 "Bar chart of %(num)d figures in %(unit)s, linear scale from zero. %(figures)s.",
                                 len(bars), unit=name, figures=figures)
    axis = f"{name[0].upper()}{name[1:]}"

    def tick(value: Decimal) -> str:  # counts leave their unit to the axis label, to stay short
        number = compact(value, locale)
        return with_unit(number, comparison.unit, locale) if is_currency(comparison.unit) else number

    return render(
        chart_id=chart_id,
        title=comparison.title,
        description=description,
        # Translators: the label of a chart's value axis: "US dollars, logarithmic scale".
        axis_label=msg("%(unit)s, logarithmic scale", unit=axis) if log else msg("%(unit)s, linear scale", unit=axis),
        bars=bars,
        tick_text=tick,
        width=width,
        log=log,
    )


def scale_note(comparison: Comparison, locale: str, *, msg: Messages) -> str:
    """Visible text under the chart: which scale and why, and how bounds are drawn (sentences)."""
    bars = _bars(comparison, locale, msg)
    numbers = bar_numbers(bars)
    ratio = spread(numbers)
    if is_breakdown(comparison):
        notes = [msg("Linear scale from zero: the parts add up to the total, and bar lengths are proportional to the "
                     "amounts; each part shows its share of the total.")]
    elif uses_log_scale(comparison) and ratio is not None:
        notes = [msg("Logarithmic scale: the largest figure is %(times)s times the smallest, so each gridline is ten "
                     "times the one before and bar lengths are not proportional to the amounts.",
                     times=times(ratio, ROUND_HALF_UP, locale))]
    else:
        notes = [msg("Linear scale from zero: bar lengths are proportional to the amounts.")]
    shapes = {bar.shape for bar in bars}
    if "lower" in shapes:
        notes.append(msg("A bar that fades out is a lower bound: the figure is more than where it ends."))
    if shapes & {"upper", "range"}:
        notes.append(msg("A hatched stretch is where a figure given as a range or an upper bound may lie."))
    return " ".join(notes)
