"""Inline SVG horizontal bar charts of cost comparisons, drawn in Python (no chart JavaScript).

Two layers: comparison_chart.py turns a Comparison into Bars (texts and numbers); render() here
knows only geometry and draws Bars, placed along the value axis of chart_scale.py.

Constraints it is written to:
- a strict CSP forbids `style` attributes, so looks come from CSS classes (static/costs.css) and
  from presentation attributes (fill="currentColor" ...), which a CSP does not cover;
- colours come from `currentColor`, so the chart follows the page's text colour in dark mode and
  prints in black;
- the same input gives byte-identical output: ids derive from the caller's chart id, numbers are
  rounded to 0.1 and logarithms come from Decimal (correctly rounded on every platform);
- width is only a viewBox, so the chart scales with its container; text is placed from width
  estimates (text_width) so that none runs past the viewBox;
- the geometry is left to right in every language, and the <svg> says so (direction="ltr"): on a
  right-to-left page an inherited `rtl` would turn each label's start anchor into its end and push
  the labels out of the left edge. The value axis reads like a number line, left to right, as it
  mostly does in charts in Arabic, Hebrew and Persian; static/costs.css lets each text take its own
  direction inside (unicode-bidi: plaintext), so an Arabic label still reads right to left.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from site_gen.present.chart_scale import Scale

# Geometry, in viewBox units. Each chart is drawn twice, narrow and wide, and CSS (static/costs.css)
# shows the one that fits: the narrow one fills a phone's column (a 14-unit font renders at about
# 13 px on a 375 px screen), the wide one the text column of a laptop (about 15 px at 42rem), so
# text stays legible at both and a wide screen gets a chart as wide as the text.
WIDTH = 360
WIDE = 640
X0 = 2  # bars start here; a little room so the first gridline is not clipped
FONT = 14  # row labels and values (the <svg>'s font-size)
SMALL = 13  # the axis label and the gridline labels
EM = 0.62  # estimated average glyph width, in em: DejaVu Sans, the widest common system-ui face,
#            measures about 0.57 em regular and 0.60 em bold on these labels; others are narrower
LINE = 18
BAR = 18
GAP = 12
TOP = 30  # below the axis label
OPEN = 40  # length of the fade that marks a lower bound as open-ended
ARROW = 8
VALUE_GAP = 6  # between the end of a bar and its value
MIN_PLOT = 0.55  # the least share of the width bars may have with values beside them; else the
#                  values go on a line of their own above each bar and bars get the full width
TICK_GAP = 8  # least space between two gridline labels
MAX_TICK_ROWS = 6  # gridline labels staggered on up to this many rows before any is left out


def text_width(text: str, size: float = FONT) -> float:
    """Estimated width of `text` at font size `size` (no font metrics at build time)."""
    return len(text) * size * EM


@dataclass(frozen=True)
class Bar:
    """One row as the chart draws it.

    shape: "point" (start == end), "lower" (more than `start`; open to the right),
    "upper" (up to `end`; start is 0) or "range" (solid to `start`, uncertain up to `end`).
    """

    label: str
    value_text: str
    shape: str
    start: Decimal
    end: Decimal
    css_class: str = ""


def bar_numbers(bars: Sequence[Bar]) -> list[Decimal]:
    return [n for bar in bars for n in (bar.start, bar.end)]


def _n(x: float) -> str:
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _beyond_end(bar: Bar) -> float:
    """How far a bar's drawing reaches past its end: a lower bound's fade and arrow."""
    return OPEN + ARROW if bar.shape == "lower" else 0


def _plot_right(bars: Sequence[Bar], scale: Scale, width: int) -> float | None:
    """The right edge of the plot that leaves room for every value beside its bar, as far right
    as that allows; None when the bars would then get less than MIN_PLOT of the width."""
    right = float(width)
    for bar in bars:
        need = _beyond_end(bar) + VALUE_GAP + text_width(bar.value_text)
        share = scale.fraction(bar.end)
        if share > 0:  # X0 + (right - X0) * share + need <= width
            right = min(right, X0 + (width - X0 - need) / share)
        elif X0 + need > width:
            return None
    return right if right - X0 >= MIN_PLOT * width else None


def render(*, chart_id: str, title: str, description: str, axis_label: str, bars: Sequence[Bar],
           tick_text: Callable[[Decimal], str], width: int = WIDTH, log: bool | None = None) -> Markup:
    """The chart as an inline <svg> element (role="img", titled and described by id).

    Each row is its label (wrapped to the width), then its bar. Values sit just past the end of
    their bars when that leaves the bars enough room; otherwise every value gets a line of its own
    between its label and its bar. No text runs past the viewBox (tests/test_costs.py). `log`
    forces the scale (False: linear, for parts of a whole); None lets the figures' spread decide.
    """
    has_open = any(b.shape == "lower" for b in bars)
    has_hatch = any(b.shape in ("upper", "range") for b in bars)
    scale = Scale(bar_numbers(bars), X0, width, log=log)
    right = _plot_right(bars, scale, width)
    beside = right is not None
    scale.right = right if right is not None else width - 2 - max(map(_beyond_end, bars), default=0)
    per_line = max(int((width - X0) // (FONT * EM)), 1)

    body: list[str] = []
    y = TOP
    for bar in bars:
        lines = _wrap(bar.label, per_line)
        classes = " ".join(filter(None, ["cost-chart__row", bar.css_class]))
        body.append(f'<g class="{classes}">')
        for i, line in enumerate(lines):
            body.append(
                f'<text class="cost-chart__label" x="{X0}" y="{y + 14 + i * LINE}">'
                f"{escape(line)}</text>"
            )
        y += len(lines) * LINE
        if not beside:  # the value on its own line(s), wrapped like the label
            values = _wrap(bar.value_text, per_line)
            body.extend(_value(X0, y + 14 + i * LINE, line) for i, line in enumerate(values))
            y += len(values) * LINE
        y += 4
        shapes, end = _bar_shapes(bar, scale, y, chart_id)
        body.extend(shapes)
        if beside:
            body.append(_value(end + VALUE_GAP, y + 14, bar.value_text))
        body.append("</g>")
        y += BAR + GAP
    grid, below = _grid(scale, y - GAP + 4, tick_text, width)
    height = y + below

    kind = "log" if scale.log else "linear"
    layout = "beside" if beside else "stacked"
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cost-chart__svg cost-chart__svg--{kind} '
        f'cost-chart__svg--{layout}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'fill="currentColor" font-size="{FONT}" font-family="system-ui, sans-serif" direction="ltr">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    defs = _defs(chart_id, has_open, has_hatch)
    label = (f'<text class="cost-chart__axis-label" x="{X0}" y="16" font-size="{SMALL}">'
             f"{escape(axis_label)}</text>")
    return Markup("\n".join([*head, *defs, label, *grid, *body, "</svg>"]))


def _wrap(text: str, width: int) -> list[str]:
    """textwrap.wrap, or [""] for no text; a short one-line text skips the (slow) wrapper."""
    if len(text) <= width and text == text.strip() and text.isprintable():
        return [text]
    return textwrap.wrap(text, width) or [""]


def _value(x: float, y: int, text: str) -> str:
    return f'<text class="cost-chart__value" x="{_n(x)}" y="{y}">{escape(text)}</text>'


def _defs(chart_id: str, has_open: bool, has_hatch: bool) -> list[str]:
    if not (has_open or has_hatch):
        return []
    out = ["<defs>"]
    if has_open:  # a lower bound fades out: the figure is somewhere beyond where the bar ends
        out += [
            f'<linearGradient id="{chart_id}-fade">',
            '<stop offset="0" stop-color="currentColor" stop-opacity="0.6"/>',
            '<stop offset="1" stop-color="currentColor" stop-opacity="0"/>',
            "</linearGradient>",
        ]
    if has_hatch:  # hatching: the figure lies somewhere in this stretch
        out += [
            f'<pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)">',
            '<rect width="6" height="6" fill-opacity="0.15"/>',
            '<rect width="2" height="6" fill-opacity="0.7"/>',
            "</pattern>",
        ]
    out.append("</defs>")
    return out


def _rect(x1: float, x2: float, y: int, cls: str, fill: str | None = None) -> str:
    paint = f' fill="{fill}"' if fill else ""
    left, right = float(_n(x1)), float(_n(x2))  # both ends rounded, so adjoining rects meet exactly
    return (
        f'<rect class="{cls}" x="{_n(left)}" y="{y}" width="{_n(max(right - left, 0))}" '
        f'height="{BAR}"{paint}/>'
    )


def _bar_shapes(bar: Bar, scale: Scale, y: int, chart_id: str) -> tuple[list[str], float]:
    """The bar's shapes, and the x where its drawing ends."""
    solid = "cost-chart__bar cost-chart__bar--solid"
    hatched = "cost-chart__bar cost-chart__bar--uncertain"
    hatch = f"url(#{chart_id}-hatch)"
    x_start, x_end = scale.x(bar.start), scale.x(bar.end)
    out: list[str] = []
    if bar.shape == "lower":
        out.append(_rect(X0, x_start, y, solid))
        out.append(_rect(x_start, x_start + OPEN, y, "cost-chart__bar cost-chart__bar--open",
                         f"url(#{chart_id}-fade)"))
        tip = x_start + OPEN
        out.append(
            f'<path class="cost-chart__arrow" d="M{_n(tip)} {y} l{ARROW} {BAR // 2} '
            f'l-{ARROW} {BAR // 2}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        )
        end = tip + ARROW
    elif bar.shape in ("upper", "range"):
        if bar.shape == "range":
            out.append(_rect(X0, x_start, y, solid))
        low = x_start if bar.shape == "range" else X0
        out.append(_rect(low, x_end, y, hatched, hatch))
        out.append(
            f'<line class="cost-chart__cap" x1="{_n(x_end)}" y1="{y}" x2="{_n(x_end)}" '
            f'y2="{y + BAR}" stroke="currentColor" stroke-width="2"/>'
        )
        end = x_end
    else:
        out.append(_rect(X0, x_start, y, solid))
        end = x_start
    return out, end


def _tick_extent(x: float, text: str, width: int) -> tuple[str, float, float]:
    """A gridline label's anchor and horizontal extent: centred on its line unless that would
    run past either edge of the chart."""
    size = text_width(text, SMALL)
    if x - size / 2 < 0:
        return "start", x, x + size
    if x + size / 2 > width:
        return "end", x - size, x
    return "middle", x - size / 2, x + size / 2


def _fits(extents: Sequence[tuple[str, float, float]]) -> bool:
    return all(b[1] - a[2] >= TICK_GAP for a, b in zip(extents, extents[1:]))


def _tick_rows(xs: Sequence[float], labels: Sequence[str], width: int) -> list[int | None]:
    """The row each gridline's label goes on (0 is the top one), None for no label. Every label, on
    as few staggered rows as lets none touch its neighbours (up to MAX_TICK_ROWS); only if even that
    is too tight, every n-th label. A log scale's decades get every label at the widths drawn
    (tests/test_costs.py)."""
    extents = [_tick_extent(x, text, width) for x, text in zip(xs, labels)]
    for step in range(1, len(xs) + 1):
        shown = list(range(0, len(xs), step))
        for count in range(1, MAX_TICK_ROWS + 1):
            rows = [shown[k::count] for k in range(count)]
            if all(_fits([extents[i] for i in row]) for row in rows):
                placed: list[int | None] = [None] * len(xs)
                for number, row in enumerate(rows):
                    for i in row:
                        placed[i] = number
                return placed
    return [0] + [None] * (len(xs) - 1)


def _grid(scale: Scale, bottom: int, tick_text: Callable[[Decimal], str], width: int) -> tuple[list[str], int]:
    """The gridlines and their labels, and the height the labels take below `bottom`."""
    out = ['<g class="cost-chart__grid">']
    ticks = scale.ticks()
    xs = [scale.x(tick) for tick in ticks]
    labels = [tick_text(tick) for tick in ticks]
    rows = _tick_rows(xs, labels, width)
    for x, text, row in zip(xs, labels, rows):
        reach = (LINE - 2) * row if row else 0  # down to a staggered label
        out.append(
            f'<line x1="{_n(x)}" y1="{TOP - 4}" x2="{_n(x)}" y2="{bottom + reach}" '
            f'stroke="currentColor" stroke-opacity="0.25"/>'
        )
        if row is not None:
            anchor = _tick_extent(x, text, width)[0]
            out.append(
                f'<text class="cost-chart__tick" x="{_n(x)}" y="{bottom + 14 + row * (LINE - 2)}" font-size="{SMALL}" '
                f'text-anchor="{anchor}">{escape(text)}</text>'
            )
    out.append("</g>")
    return out, 16 + (LINE - 2) * max((row for row in rows if row is not None), default=0)
