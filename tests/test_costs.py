"""Cost comparisons: figures, ratios, the SVG chart, the downloads and the templates.

Golden files for the "$6 million" fixture table live in tests/fixtures/costs/. After an intended
change to the output, refresh them with one command and review the diff:

    UPDATE_GOLDENS=1 python -m pytest tests/test_costs.py
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import random
import re
import textwrap
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from site_gen.i18n import messages
from site_gen.model import ROW_KINDS, Claim, Claimant, Comparison, CostRow, Source
from site_gen.present import chart
from site_gen.present.chart_scale import needs_log_scale
from site_gen.present.comparison_chart import chart_svg
from site_gen.present.costs import comparison_views
from site_gen.present.downloads import COMBINED_DOWNLOADS, claim_table_files, combined_files
from site_gen.present.kinds import kind_texts
from site_gen.present.units import format_exact, format_figure, ratio_text

ENGLISH = messages("en")  # the interface as the code writes it

PROJECT = Path(__file__).resolve().parents[1]
GOLDENS = PROJECT / "tests" / "fixtures" / "costs"
SVG = "{http://www.w3.org/2000/svg}"
BASE = "/factcheck/"
SITE = "https://example.github.io/factcheck/"
NNBSP, NBSP = "\u202f", "\u00a0"  # French digit groups; space before a trailing currency

V3_RUN = CostRow("Final training run of DeepSeek-V3", "disclosed", id="v3-run",
                 value=Decimal("5576000"), source="v3-report",
                 basis="2.788M H800 GPU-hours at an assumed rental price of $2 per GPU-hour")
R1_RL = CostRow("R1 reinforcement-learning stages", "disclosed", id="r1-rl",
                value=Decimal("294000"), approx=True, source="r1-nature",
                basis="About 147K H800 GPU-hours at the same $2 rate, on top of V3")
CAPEX = CostRow("Server capital expenditure, whole GPU fleet", "estimate", id="capex",
                value=Decimal("1.6e9"), approx=True, source="semianalysis",
                basis="About 50,000 Hopper GPUs, owned rather than rented")
OPEX = CostRow("Cost of operating the clusters", "estimate", value=Decimal("944000000"),
               approx=True, source="semianalysis", basis="Running the whole fleet, not one run")
HISTORY = CostRow("Hardware spend over the company's history", "estimate",
                  min=Decimal("500000000"), source="semianalysis",
                  basis="GPU and hardware purchases since the company began")

SIX_MILLION = Comparison(
    title='What the "$6 million" covers',
    unit="USD",
    rows=(V3_RUN, R1_RL, CAPEX, OPEX, HISTORY),
    baseline="v3-run",
    note="Only the first two rows are training runs; the others are what the company spends.",
)


def make_claim(*comparisons: Comparison, slug: str = "r1-six-million") -> Claim:
    return Claim(
        path=f"content/claims/{slug}.md", slug=slug, title="Did DeepSeek train R1 for $6 million?",
        claim="DeepSeek trained its R1 model for just $6 million.", claimant=Claimant("DeepSeek"),
        verdict="misleading", summary="…", published=dt.date(2025, 2, 3), author="Editors",
        sources=(
            Source("DeepSeek-V3 Technical Report", id="v3-report",
                   url="https://arxiv.org/abs/2412.19437"),
            Source("DeepSeek-R1 incentivizes reasoning in LLMs", id="r1-nature",
                   url="https://doi.org/10.1038/s41586-025-09422-z"),
            Source("DeepSeek Debates", id="semianalysis",
                   url="https://semianalysis.com/2025/01/31/deepseek-debates/"),
        ),
        comparisons=comparisons,
    )


def point(value: str, approx: bool = False, kind: str = "disclosed", id: str | None = None) -> CostRow:
    return CostRow("row", kind, id=id, value=Decimal(value), approx=approx)


def bound(min: str | None = None, max: str | None = None, approx: bool = False) -> CostRow:
    return CostRow("row", "estimate", min=None if min is None else Decimal(min),
                   max=None if max is None else Decimal(max), approx=approx)


def check_golden(name: str, data: bytes) -> None:
    path = GOLDENS / name
    if os.environ.get("UPDATE_GOLDENS") and not (path.exists() and path.read_bytes() == data):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)  # (only what changed is written)
    assert path.exists(), f"{path} is missing: run UPDATE_GOLDENS=1 python -m pytest {__file__}"
    assert data == path.read_bytes(), f"{name} differs from its golden file (see module docstring)"


# --- compact figures -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("5576000", "USD", "$5.58 million"),
        ("1.6e9", "USD", "$1.6 billion"),  # trailing zeros dropped: not "$1.60 billion"
        ("944000000", "USD", "$944 million"),
        ("294000", "USD", "$294,000"),
        ("2048", "GPUs", "2,048 GPUs"),  # below a million every digit is kept
        ("2788000", "GPU-hours", "2.79 million GPU-hours"),
        ("1", "GPUs", "1 GPU"),
        ("1", "GPU-hours", "1 GPU-hour"),
        ("0", "USD", "$0"),
        ("12.345", "USD", "$12.3"),  # fractions keep three significant digits
        ("0.0527", "USD", "$0.0527"),
        # boundaries of the rule in numbers.compact
        ("9995", "USD", "$9,995"),
        ("999500", "USD", "$999,500"),
        ("999999", "USD", "$999,999"),  # never "$1,000 thousand" nor "$1,000K"
        ("999999.5", "USD", "$1 million"),  # rounding reaches a million: the scale word follows
        ("1000000", "USD", "$1 million"),
        ("1004999", "USD", "$1 million"),
        ("1005000", "USD", "$1.01 million"),  # halves round up (half-even would give $1 million)
        ("9995000", "USD", "$10 million"),
        ("99950000", "USD", "$100 million"),
        ("999499999", "USD", "$999 million"),
        ("999500000", "USD", "$1 billion"),  # carried up: never "$1,000 million"
        ("1.5e12", "USD", "$1.5 trillion"),
        ("2.5e15", "USD", "$2,500 trillion"),  # trillion is the largest scale word
    ],
)
def test_compact_figures_en_us(value: str, unit: str, expected: str) -> None:
    assert format_figure(point(value), unit, "en-US") == expected


@pytest.mark.parametrize(
    ("unit", "locale", "expected"),
    [
        ("USD", "en-US", "$5.58 million"),
        ("EUR", "en-US", "€5.58 million"),
        ("GBP", "en-US", "£5.58 million"),
        ("CNY", "en-US", "CN¥5.58 million"),  # "¥" alone would be ambiguous with the yen
        ("JPY", "en-US", "¥5.58 million"),
        ("CHF", "en-US", f"CHF{NBSP}5.58 million"),  # no symbol: the code, spaced (CLDR: never broken)
        ("CAD", "en-US", "CA$5.58 million"),  # CLDR's symbol, where there used to be the code
        ("USD", "en-GB", "US$5.58 million"),
        ("GBP", "en-GB", "£5.58 million"),
        ("JPY", "en-GB", "JP¥5.58 million"),
        ("USD", "de-DE", f"5,58 Millionen{NBSP}$"),  # CLDR's long words, in every locale
        ("EUR", "de-DE", f"5,58 Millionen{NBSP}€"),
        ("GPU-hours", "de-DE", "5,58 Millionen GPU-hours"),
        ("USD", "fr-FR", f"5,58 millions{NBSP}$US"),
        ("EUR", "fr-FR", f"5,58 millions{NBSP}€"),
    ],
)
def test_currencies_and_locales(unit: str, locale: str, expected: str) -> None:
    assert format_figure(point("5576000"), unit, locale) == expected


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        ("2048", "en-GB", "2,048 GPUs"),
        ("2048", "de-DE", "2.048 GPUs"),
        ("2048", "fr-FR", f"2{NNBSP}048 GPUs"),
        ("1.6e9", "de-DE", "1,6 Milliarden GPUs"),
        ("1e9", "de-DE", "1 Milliarde GPUs"),  # German scale words agree: singular for exactly 1
        ("1.6e9", "fr-FR", "1,6 milliard GPUs"),  # French scale words agree: singular below 2
        ("2.5e9", "fr-FR", "2,5 milliards GPUs"),
    ],
)
def test_separators_and_scale_words_per_locale(value: str, locale: str, expected: str) -> None:
    assert format_figure(point(value), "GPUs", locale) == expected


def test_unknown_locale_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"expected a locale such as en-GB or fr-FR \(a CLDR locale\), got 'xx-YY'"):
        format_figure(point("1"), "USD", "xx-YY")


@pytest.mark.parametrize(
    ("row", "locale", "expected"),
    [
        (point("1.6e9", approx=True), "en-US", "about $1.6 billion"),
        (bound(min="500000000"), "en-US", "more than $500 million"),
        (bound(max="2e9"), "en-US", "up to $2 billion"),
        (bound(min="90e6", max="180e6"), "en-US", "between $90 million and $180 million"),
        (bound(min="500000000", approx=True), "en-US", "more than about $500 million"),
        (bound(min="90e6", max="180e6", approx=True), "en-US",
         "between about $90 million and $180 million"),
        # bounds round outwards so that they stay true
        (bound(min="499999999"), "en-US", "more than $499 million"),
        (bound(max="1001000001"), "en-US", "up to $1.01 billion"),
        (bound(max="999100000"), "en-US", "up to $1 billion"),
        (bound(min="1234567", max="2345001"), "en-US", "between $1.23 million and $2.35 million"),
        (point("1.6e9", approx=True), "de-DE", f"etwa 1,6 Milliarden{NBSP}$"),
        (bound(min="500000000"), "de-DE", f"mehr als 500 Millionen{NBSP}$"),
        (bound(max="2e9"), "fr-FR", f"jusqu’à 2 milliards{NBSP}$US"),
        (bound(min="90e6", max="180e6"), "fr-FR",
         f"entre 90 millions{NBSP}$US et 180 millions{NBSP}$US"),
    ],
)
def test_approximations_and_bounds_in_words(row: CostRow, locale: str, expected: str) -> None:
    assert format_figure(row, "USD", locale) == expected


@pytest.mark.parametrize(
    ("value", "unit", "locale", "expected"),
    [
        ("5.576e6", "USD", "en-US", "$5,576,000"),
        ("1.6e9", "USD", "en-US", "$1,600,000,000"),
        ("2788000", "GPU-hours", "en-US", "2,788,000 GPU-hours"),
        ("1", "GPUs", "en-US", "1 GPU"),
        ("0.050", "USD", "en-US", "$0.05"),
        ("5576000", "USD", "de-DE", f"5.576.000{NBSP}$"),
        ("5576000", "USD", "fr-FR", f"5{NNBSP}576{NNBSP}000{NBSP}$US"),
    ],
)
def test_exact_figures_keep_every_digit(value: str, unit: str, locale: str, expected: str) -> None:
    assert format_exact(Decimal(value), unit, locale) == expected


# --- ratios ----------------------------------------------------------------------------------

BASE_POINT = point("5576000", id="base")


@pytest.mark.parametrize(
    ("row", "baseline", "expected"),
    [
        (BASE_POINT, BASE_POINT, "1×"),
        (point("5576000"), BASE_POINT, "1×"),
        (point("1600000000"), BASE_POINT, "287×"),  # 286.94: two significant digits, whole kept
        (point("16000000"), BASE_POINT, "2.9×"),
        (point("294000"), BASE_POINT, "5.3%"),  # under 1: a percentage of the baseline, never "0.053×"
        (point("10000"), BASE_POINT, "0.18%"),
        (point("1600000000", approx=True), BASE_POINT, "≈287×"),  # about a figure: about a ratio
        (point("294000"), point("5576000", approx=True), "≈5.3%"),
        (point("0"), BASE_POINT, "0%"),
        (point("5576000000"), BASE_POINT, "1,000×"),
        # a lower-bound row against a point: a lower bound, rounded down (89.67 -> 89, not 90)
        (bound(min="500000000"), BASE_POINT, ">89×"),
        # an upper bound: "<", rounded up
        (bound(max="11000000"), BASE_POINT, "<2×"),
        (bound(max="11200000"), BASE_POINT, "<2.1×"),
        # a range: both ends, outwards
        (bound(min="500000000", max="1000000000"), BASE_POINT, "89–180×"),
        (bound(min="294000", max="1000000"), BASE_POINT, "5.2–18%"),  # under 1 at both ends: one sign
        (bound(min="2000000", max="11000000"), BASE_POINT, "35%–2×"),  # across 1: a sign each
        # a bounded baseline turns a point row into a bound
        (point("1000000000"), bound(min="500000000"), "<2×"),
        (point("1000000000"), bound(max="500000000"), ">2×"),
        (point("1000000000"), bound(min="250000000", max="500000000"), "2–4×"),
        # nothing follows: both open-ended, or a zero baseline
        (bound(min="1"), bound(min="1"), None),
        (bound(max="1"), bound(max="1"), None),
        (point("1"), point("0"), None),
    ],
)
def test_ratio_against_the_baseline(row: CostRow, baseline: CostRow, expected: str | None) -> None:
    assert ratio_text(row, baseline) == expected


def test_ratio_uses_the_locale_decimal_comma() -> None:
    assert ratio_text(point("16000000"), BASE_POINT, "de-DE") == "2,9×"
    assert ratio_text(point("238000"), BASE_POINT, "de-DE") == "4,3\u00a0%"


# --- chart -----------------------------------------------------------------------------------


def parse_svg(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # fails the test if the SVG is not well-formed XML


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_svg_is_xml_with_role_img_and_a_text_alternative() -> None:
    root = parse_svg(chart_svg(SIX_MILLION, "en-US", "six-chart", msg=ENGLISH))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text == 'What the "$6 million" covers'
    assert root.get("aria-labelledby") == title.get("id") == "six-chart-title"
    assert desc is not None and root.get("aria-describedby") == desc.get("id")
    for figure in ("$5.58 million", "about $294,000", "about $1.6 billion", "about $944 million",
                   "more than $500 million"):
        assert figure in desc.text  # the text alternative lists every figure
        assert figure in texts(root)  # and each bar is labelled with it


def test_svg_scales_by_viewbox_and_has_no_inline_styles() -> None:
    markup = str(chart_svg(SIX_MILLION, "en-US", "six-chart", msg=ENGLISH))
    root = parse_svg(markup)
    assert re.fullmatch(rf"0 0 {chart.WIDTH} \d+", root.get("viewBox", ""))
    assert root.get("width") is None and root.get("height") is None
    assert all("style" not in el.attrib for el in root.iter())  # a strict CSP forbids them
    assert "<style" not in markup
    assert root.get("fill") == "currentColor"  # follows the page's text colour (dark mode)


def test_svg_is_deterministic_and_its_ids_derive_from_the_chart_id() -> None:
    first = chart_svg(SIX_MILLION, "en-US", "six-chart", msg=ENGLISH)
    assert first == chart_svg(SIX_MILLION, "en-US", "six-chart", msg=ENGLISH)
    ids = [el.get("id") for el in parse_svg(first).iter() if el.get("id")]
    assert ids and all(i.startswith("six-chart-") for i in ids)
    assert len(ids) == len(set(ids))
    other = str(chart_svg(SIX_MILLION, "en-US", "other", msg=ENGLISH))
    assert "six-chart" not in other


def test_log_scale_above_100x_is_used_and_said_in_visible_text() -> None:
    root = parse_svg(chart_svg(SIX_MILLION, "en-US", "c", msg=ENGLISH))  # 1.6e9 / 294,000 = 5,442
    assert "cost-chart__svg--log" in root.get("class", "")
    assert "US dollars, logarithmic scale" in texts(root)
    # gridlines a decade apart, from the decade below the smallest figure, every one labelled (on two
    # staggered rows where one row is too narrow for them)
    grid = root.find(f"{SVG}g[@class='cost-chart__grid']")
    assert len(grid.findall(f"{SVG}line")) == 5
    assert texts(grid) == ["$100,000", "$1 million", "$10 million", "$100 million", "$1 billion"]
    rows = sorted({tick.get("y") for tick in grid.iter(f"{SVG}text")})
    assert len(rows) == 2
    view = comparison_views(make_claim(SIX_MILLION), "en-US", msg=ENGLISH)[0]
    assert view.log_scale
    assert view.scale_note.startswith("Logarithmic scale: the largest figure is 5,442 times")


@pytest.mark.parametrize("smallest", ["10000", "19999"])
def test_log_scale_starts_a_decade_lower_when_the_smallest_bar_would_vanish(smallest: str) -> None:
    table = Comparison("t", "USD", (point("5576000"), point(smallest)))
    root = parse_svg(chart_svg(table, "en-US", "c", msg=ENGLISH))
    assert min(bar_widths(root)) > 40  # a decade is about 110 units wide here
    assert "$1,000" in texts(root)


@pytest.mark.parametrize(("smallest", "log"), [("100", False), ("99.99", True)])
def test_log_threshold_is_more_than_100x(smallest: str, log: bool) -> None:
    table = Comparison("t", "USD", (point("10000"), point(smallest)))
    root = parse_svg(chart_svg(table, "en-US", "c", msg=ENGLISH))
    assert ("cost-chart__svg--log" in root.get("class", "")) is log
    assert ("US dollars, logarithmic scale" in texts(root)) is log
    assert ("US dollars, linear scale" in texts(root)) is (not log)


def bar_widths(root: ET.Element) -> list[float]:
    return [float(r.get("width")) for r in root.iter(f"{SVG}rect")
            if "cost-chart__bar--solid" in r.get("class", "")]


def test_linear_bars_are_proportional_to_the_figures() -> None:
    table = Comparison("t", "GPUs", (point("2048"), point("512"), point("1024")))
    widths = bar_widths(parse_svg(chart_svg(table, "en-US", "c", msg=ENGLISH)))
    assert widths[0] / widths[1] == pytest.approx(4, rel=0.01)
    assert widths[0] / widths[2] == pytest.approx(2, rel=0.01)


def test_bounds_are_drawn_open_ended() -> None:
    table = Comparison("t", "USD", (
        point("100"),
        bound(min="60"),            # lower bound: solid to min, then a fade and an arrow
        bound(max="80"),            # upper bound: hatched from zero, capped at max
        bound(min="40", max="90"),  # range: solid to min, hatched from min to max
    ))
    root = parse_svg(chart_svg(table, "en-US", "b", msg=ENGLISH))
    rows = [g for g in root.iter(f"{SVG}g") if "cost-chart__row" in g.get("class", "")]
    rects = [[(r.get("class").split("--")[-1], float(r.get("x")), float(r.get("width")))
              for r in g.iter(f"{SVG}rect")] for g in rows]
    (_, x0, full), = rects[0]  # the point 100 spans the whole plot: x0 to x0 + full
    at = lambda share: pytest.approx(x0 + share * full, abs=0.1)  # noqa: E731
    lower_solid, lower_fade = rects[1]
    assert (lower_solid[0], lower_solid[1] + lower_solid[2]) == ("solid", at(0.6))
    assert (lower_fade[0], lower_fade[1]) == ("open", at(0.6))
    assert rows[1].find(f"{SVG}path").get("class") == "cost-chart__arrow"
    (upper,) = rects[2]
    assert (upper[0], upper[1], upper[1] + upper[2]) == ("uncertain", x0, at(0.8))
    range_solid, range_hatch = rects[3]
    assert (range_solid[0], range_solid[1] + range_solid[2]) == ("solid", at(0.4))
    assert (range_hatch[0], range_hatch[1], range_hatch[1] + range_hatch[2]) == (
        "uncertain", at(0.4), at(0.9))
    # the fade and the hatching are defined once, with ids derived from the chart id
    assert [r.get("fill") for g in rows[1:] for r in g.iter(f"{SVG}rect")
            if r.get("fill")] == ["url(#b-fade)", "url(#b-hatch)", "url(#b-hatch)"]
    assert root.find(f".//{SVG}linearGradient").get("id") == "b-fade"
    assert root.find(f".//{SVG}pattern").get("id") == "b-hatch"
    assert "A bar that fades out is a lower bound" in comparison_views(make_claim(table), "en-US", msg=ENGLISH)[0].scale_note


def test_single_row_without_baseline_and_zero_values_still_chart() -> None:
    single = Comparison("One figure", "GPUs", (point("2048"),))
    root = parse_svg(chart_svg(single, "en-US", "one", msg=ENGLISH))
    assert "2,048 GPUs" in texts(root)
    zero = Comparison("With a zero", "USD", (point("0"), point("5"), point("5000")))
    root = parse_svg(chart_svg(zero, "en-US", "zero", msg=ENGLISH))
    assert "$0" in texts(root)
    assert "cost-chart__svg--log" in root.get("class", "")  # the zero does not count for the spread


def test_needs_log_scale_ignores_zeros_and_empty_tables() -> None:
    assert needs_log_scale([]) is False
    assert needs_log_scale([Decimal(0), Decimal(0)]) is False
    assert needs_log_scale([Decimal(0), Decimal(1), Decimal(101)]) is True



# --- no text runs past the edge of a chart ---------------------------------------------------

GLYPH_EM = 0.6  # a realistic average glyph width (DejaVu Sans, a wide system-ui face: ~0.57-0.60 em)

WIDE_FIGURES = Comparison("Long figures", "USD", (
    bound(min="90e6", max="180e6", approx=True),  # "between about $90 million and $180 million"
    bound(min="1.5e12", approx=True),               # the longest bar, a lower bound with its arrow
    point("999999", approx=True),
))


def chart_cases() -> list[tuple[str, Comparison, str]]:
    """Every comparison the site ships and the fixture site holds (drafts too), the golden table in
    every locale, and a table of unusually long figures."""
    from site_gen.load.config import load_config
    from site_gen.load.content import load_content

    cases = [(f"six-million/{locale}", SIX_MILLION, locale)
             for locale in ("en-US", "en-GB", "de-DE", "fr-FR")]
    cases += [(f"long/{locale}", WIDE_FIGURES, locale) for locale in ("en-US", "fr-FR")]
    for where, root in (("shipped", PROJECT), ("fixture", PROJECT / "tests" / "fixtures" / "site")):
        config = load_config(root)
        for claim in load_content(root, config, drafts=True).claims:
            cases += [(f"{where}/{claim.slug}-{n}", table, config.locale)
                      for n, table in enumerate(claim.comparisons, 1)]
    return cases


def text_extents(root: ET.Element):
    """(text, left, right) of every <text>, with GLYPH_EM per character and its text-anchor."""
    default = float(root.get("font-size"))
    for node in root.iter(f"{SVG}text"):
        text = "".join(node.itertext())
        width = len(text) * float(node.get("font-size", default)) * GLYPH_EM
        x = float(node.get("x"))
        left = {"start": x, "middle": x - width / 2, "end": x - width}[node.get("text-anchor", "start")]
        yield text, left, left + width


def test_no_chart_text_runs_past_the_viewbox_or_hides_a_decade() -> None:
    """Value labels, row labels, gridline labels and the axis label all fit inside the viewBox, at
    both widths a chart is drawn at; no two labels of a row of gridline labels overlap; and on a log
    scale every decade is labelled."""
    cases = chart_cases()
    assert len([c for c in cases if c[0].startswith("shipped/")]) >= 9  # the shipped tables are here
    clipped, unlabelled = [], []
    for name, table, locale in cases:
        for drawn in (chart.WIDTH, chart.WIDE):
            root = parse_svg(chart_svg(table, locale, "c", drawn, msg=ENGLISH))
            width = float(root.get("viewBox").split()[2])
            clipped += [f"{name} at {drawn}: {text!r} spans {left:.1f} to {right:.1f} of 0 to {width:g}"
                        for text, left, right in text_extents(root) if left < 0 or right > width]
            grid = root.find(f"{SVG}g[@class='cost-chart__grid']")
            ticks = [(node, extent) for node, extent in zip(root.iter(f"{SVG}text"), text_extents(root))
                     if node.get("class") == "cost-chart__tick"]
            by_row: dict[str, list] = {}
            for node, extent in ticks:
                by_row.setdefault(node.get("y"), []).append(extent)
            clipped += [f"{name} at {drawn}: gridline labels {a[0]!r} and {b[0]!r} overlap"
                        for row in by_row.values() for a, b in zip(row, row[1:]) if b[1] < a[2]]
            if "cost-chart__svg--log" in root.get("class") and len(ticks) != len(grid.findall(f"{SVG}line")):
                unlabelled.append(f"{name} at {drawn}: {len(grid.findall(f'{SVG}line'))} decades, {len(ticks)} labels")
    assert not clipped, "\n".join(clipped)
    assert not unlabelled, "\n".join(unlabelled)


BREAKDOWN = Comparison("Inside the $5.576 million", "USD", (
    CostRow("Pre-training", "disclosed", value=Decimal("5328000"), basis="GPU-hours"),
    CostRow("Context extension", "disclosed", value=Decimal("238000"), basis="GPU-hours"),
    CostRow("Post-training", "disclosed", value=Decimal("10000"), basis="GPU-hours"),
    CostRow("Full training", "disclosed", id="total", value=Decimal("5576000"), basis="GPU-hours"),
), total="total")


def test_a_breakdown_is_drawn_linearly_with_each_parts_share() -> None:
    """Parts of a whole are never on a log scale: a part's bar is its share of the total's."""
    root = parse_svg(chart_svg(BREAKDOWN, "en-US", "c", msg=ENGLISH))
    assert "cost-chart__svg--linear" in root.get("class")  # though the figures span 533 times
    widths = bar_widths(root)
    assert widths[1] / widths[3] == pytest.approx(238000 / 5576000, abs=0.002)
    assert widths[0] / widths[3] == pytest.approx(5328000 / 5576000, abs=0.002)
    values = [t for t in texts(root) if "$" in t and "·" in t]
    assert values == ["$5.33 million · 96%", "$238,000 · 4.3%", "$10,000 · 0.18%"]
    view = comparison_views(make_claim(BREAKDOWN), "en-US", msg=ENGLISH)[0]
    assert (view.ratio_header, [row.ratio for row in view.rows]) == (
        "Share of the total", ["96%", "4.3%", "0.18%", "100%"])
    assert [row.role for row in view.rows] == [None, None, None, "total"]
    assert view.scale_note.startswith("Linear scale from zero: the parts add up to the total")
    assert not view.log_scale


def test_values_sit_beside_their_bars_when_there_is_room_else_above_them() -> None:
    short = parse_svg(chart_svg(Comparison("t", "GPUs", (point("2048"), point("512"))), "en-US", "c", msg=ENGLISH))
    assert "cost-chart__svg--beside" in short.get("class")
    for row in short.iter(f"{SVG}g"):
        if "cost-chart__row" in row.get("class", ""):
            bar, value = row.find(f"{SVG}rect"), row.find(f"{SVG}text[@class='cost-chart__value']")
            assert float(value.get("x")) == pytest.approx(float(bar.get("x")) + float(bar.get("width")) + 6)
    long = parse_svg(chart_svg(WIDE_FIGURES, "en-US", "c", msg=ENGLISH))
    assert "cost-chart__svg--stacked" in long.get("class")
    for row in long.iter(f"{SVG}g"):
        if "cost-chart__row" in row.get("class", ""):
            value = row.find(f"{SVG}text[@class='cost-chart__value']")
            assert float(value.get("x")) == chart.X0
            assert float(value.get("y")) < min(float(r.get("y")) for r in row.iter(f"{SVG}rect"))

# --- views -----------------------------------------------------------------------------------


def test_views_precompute_every_string_the_table_shows() -> None:
    view = comparison_views(make_claim(SIX_MILLION), "en-US", msg=ENGLISH)[0]
    assert view.anchor_id == "cost-r1-six-million-1"
    assert view.unit_header == "Amount (US dollars)"
    assert view.ratio_header == "Compared with the baseline"
    assert [(r.figure, r.ratio, r.kind_label) for r in view.rows] == [
        ("$5.58 million", "1×", "Disclosed"),
        ("about $294,000", "≈5.3%", "Disclosed"),
        ("about $1.6 billion", "≈287×", "Estimate"),
        ("about $944 million", "≈169×", "Estimate"),
        ("more than $500 million", ">89×", "Estimate"),
    ]
    assert [r.is_baseline for r in view.rows] == [True, False, False, False, False]
    history = view.rows[4]
    assert (history.exact, history.value, history.min, history.max, history.shape) == (
        "more than $500,000,000", "", "500000000", "", "lower")
    assert view.rows[0].source_path == "claims/r1-six-million/#source-v3-report"
    assert view.rows[0].source_title == "DeepSeek-V3 Technical Report"
    assert view.caveat is not None and "different kinds (disclosed, estimate)" in view.caveat


def test_a_table_without_baseline_has_no_ratio_column() -> None:
    table = Comparison("GPUs", "GPUs", (point("2048"), point("512")))
    view = comparison_views(make_claim(table), "en-US", msg=ENGLISH)[0]
    assert view.ratio_header is None and view.ratio_note is None
    assert [r.ratio for r in view.rows] == [None, None]
    assert view.unit_header == "Number of GPUs"
    assert view.caveat is None  # one kind only


def test_every_row_kind_has_its_words_in_the_one_lists_order() -> None:
    """model.ROW_KINDS says which kinds there are (the schema's choice follows it); the words follow it too."""
    assert tuple(kind_texts(ENGLISH)) == ROW_KINDS
    assert tuple(kind_texts(ENGLISH)[kind].name for kind in ROW_KINDS) == ROW_KINDS  # English names them by their keys


# --- downloads -------------------------------------------------------------------------------


def url_for(path: str) -> str:
    return SITE + path


def downloads(*claims: Claim) -> dict[str, bytes]:
    """Every download of these claims: each claim's pair, and the combined pair."""
    files: dict[str, bytes] = {}
    for claim in claims:
        files.update(claim_table_files(claim, url_for))
    return {**files, **combined_files(claims, url_for)}


OWN_CSV, OWN_JSON = "claims/r1-six-million/figures.csv", "claims/r1-six-million/figures.json"


def test_download_paths_one_pair_per_claim_beside_its_page_plus_combined() -> None:
    gpus = Comparison("GPUs", "GPUs", (point("2048"),))
    files = downloads(make_claim(SIX_MILLION, gpus, slug="a"), make_claim(slug="b"))
    assert sorted(files) == ["claims/a/figures.csv", "claims/a/figures.json",
                             COMBINED_DOWNLOADS.csv_path, COMBINED_DOWNLOADS.json_path]
    both = list(csv.DictReader(io.StringIO(files["claims/a/figures.csv"].decode("utf-8"))))
    assert [(r["table"], r["unit"]) for r in both] == [("1", "USD")] * 5 + [("2", "GPUs")]
    assert [t["table"] for t in json.loads(files["claims/a/figures.json"])["tables"]] == [1, 2]


def test_csv_round_trips_to_the_same_decimals() -> None:
    files = downloads(make_claim(SIX_MILLION))
    rows = list(csv.DictReader(io.StringIO(files[OWN_CSV].decode("utf-8"))))
    read = [(Decimal(r["value"]) if r["value"] else None, Decimal(r["min"]) if r["min"] else None)
            for r in rows]
    assert read == [(row.value, row.min) for row in SIX_MILLION.rows]
    first = rows[0]
    assert (first["unit"], first["kind"], first["approx"], first["basis"]) == (
        "USD", "disclosed", "false", V3_RUN.basis)
    assert first["source_title"] == "DeepSeek-V3 Technical Report"
    assert first["source_url"] == "https://arxiv.org/abs/2412.19437"
    assert first["entry_url"] == SITE + "claims/r1-six-million/"
    assert first["table_title"] == 'What the "$6 million" covers'
    assert files[COMBINED_DOWNLOADS.csv_path] == files[OWN_CSV]


def test_json_holds_exact_numbers_and_absolute_links() -> None:
    files = downloads(make_claim(SIX_MILLION))
    own = json.loads(files[OWN_JSON], parse_float=Decimal)
    assert own["downloads"] == {"csv": SITE + OWN_CSV, "json": SITE + OWN_JSON}
    (table,) = own["tables"]
    assert [r["value"] for r in table["rows"]] == [5576000, 294000, 1600000000, 944000000, None]
    assert table["rows"][4]["min"] == 500000000
    assert table["entry"] == {"slug": "r1-six-million", "title": "Did DeepSeek train R1 for $6 million?",
                              "url": SITE + "claims/r1-six-million/"}
    assert table["downloads"]["csv"] == SITE + OWN_CSV
    assert table["rows"][2]["source"]["title"] == "DeepSeek Debates"
    combined = json.loads(files[COMBINED_DOWNLOADS.json_path])
    assert combined["tables"] == json.loads(files[OWN_JSON])["tables"]


def test_json_numbers_are_exact_even_where_floats_are_not() -> None:
    table = Comparison("t", "USD", (point("0.1"), point("12345678901234567890.123")))
    files = downloads(make_claim(table))
    data = json.loads(files[OWN_JSON], parse_float=Decimal)["tables"][0]
    assert [r["value"] for r in data["rows"]] == [Decimal("0.1"), Decimal("12345678901234567890.123")]


# --- templates -------------------------------------------------------------------------------


def environment() -> jinja2.Environment:
    """Like render.make_environment, with a stub base.html."""
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.DictLoader({"base.html": "<!doctype html>\n<html><head>{% block head %}{% endblock %}"
                                            "</head><body>{% block content %}{% endblock %}</body></html>\n"}),
            jinja2.FileSystemLoader(PROJECT / "templates"),
        ]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True, extensions=["jinja2.ext.i18n"],
    )
    env.install_null_translations(newstyle=True)  # English, as render.make_environment without a catalogue
    env.globals.update(url=lambda path="": BASE + path.lstrip("/"),
                       asset=lambda name: f"{BASE}static/{name}")
    return env


def render_partial(view) -> str:
    return environment().from_string(
        '{% with comparison=c %}{% include "partials/comparison.html" %}{% endwith %}').render(c=view)


class Tags(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def test_table_markup_is_accessible() -> None:
    html = render_partial(comparison_views(make_claim(SIX_MILLION), "en-US", msg=ENGLISH)[0])
    tags = Tags(html)
    assert len(tags.all("caption")) == 1
    assert '<caption id="cost-r1-six-million-1-caption">What the &#34;$6 million&#34; covers</caption>' in html
    assert [th.get("scope") for th in tags.all("th")] == ["col"] * 6 + ["row"] * 5
    assert "Amount (US dollars)" in html  # the unit is in the header
    assert all(attrs.get("style") is None for _, attrs in tags.tags)
    hrefs = [a["href"] for a in tags.all("a")]
    assert f"{BASE}claims/r1-six-million/#source-v3-report" in hrefs
    assert all(h.startswith(BASE) for h in hrefs)  # every link honours the base path
    assert 'title="$5,576,000" data-value="5576000">$5.58 million</td>' in html
    assert '<p class="cost-note">Only the first two rows are training runs' in html
    assert tags.all("svg")[0]["role"] == "img"


# --- goldens ---------------------------------------------------------------------------------


def test_golden_table_html() -> None:
    view = comparison_views(make_claim(SIX_MILLION), "en-US", msg=ENGLISH)[0]
    check_golden("six-million.html", render_partial(view).encode("utf-8"))


def test_golden_chart_svg() -> None:
    svg = chart_svg(SIX_MILLION, "en-US", "cost-r1-six-million-1-chart", msg=ENGLISH)
    check_golden("six-million.svg", (str(svg) + "\n").encode("utf-8"))


def test_golden_downloads() -> None:
    files = downloads(make_claim(SIX_MILLION))
    check_golden("six-million.csv", files[OWN_CSV])
    check_golden("six-million.json", files[OWN_JSON])


def test_json_downloads_take_the_fast_path_only_where_a_float_prints_back_the_same_number():
    """A claim's figures.json writes each figure as the int or float that prints back as the same
    number (the fast path: json's own encoder); a figure no float can hold is written exactly, in
    the claim's file and in costs/all.json."""
    files = downloads(make_claim(Comparison("t", "USD", (point("5576000"), point("0.0527")))))
    text = files[OWN_JSON].decode("utf-8")
    row = ('        {\n          "id": null,\n          "label": "row",\n          "value": %s,\n'
           '          "min": null,\n          "max": null,\n          "approx": false,\n')
    assert row % "5576000" in text and row % "0.0527" in text
    assert '"value":5576000,' in files[COMBINED_DOWNLOADS.json_path].decode("utf-8")
    long = Decimal("1234567.12345678901234567")
    files = downloads(make_claim(Comparison("t", "USD", (point(str(long)),))))
    for name in (OWN_JSON, COMBINED_DOWNLOADS.json_path):
        assert json.loads(files[name], parse_float=Decimal)["tables"][0]["rows"][0]["value"] == long, name


def test_json_downloads_are_what_the_json_module_writes():
    """The downloads' own JSON writers give json.dumps's bytes (indent=2 for a claim's figures.json,
    compact for costs/all.json), Decimals as their ints or floats, and every text and figure of the
    entry as it is: over random claims whose texts hold quotes, backslashes, control characters,
    line separators and emoji."""
    rng = random.Random(3)
    texts = ["", 'a "quoted" \\ line\n', "tab\t\x00\x1f é € \u2028 😀", 'k é"', "row"]
    figures = ["5576000", "5.576E+6", "0.0527", "1E-7", "0", "7", "-12", "0.5", "1.6e9", None]

    def native(v):
        return int(v) if v == v.to_integral_value() else float(v)

    def figure():
        return None if (f := rng.choice(figures)) is None else Decimal(f)

    def row(n: int) -> CostRow:
        return CostRow(rng.choice(texts), rng.choice(ROW_KINDS),
                       id=rng.choice([None, f"r{n}"]), value=figure(), min=figure(), max=figure(),
                       approx=rng.random() < 0.5, basis=rng.choice([None, *texts]),
                       source=rng.choice([None, "v3-report", "semianalysis", "no-such-source"]))

    def table() -> Comparison:
        rows = tuple(row(n) for n in range(rng.randint(0, 3)))
        return Comparison(rng.choice(texts), rng.choice(["USD", "EUR", "GPUs"]), rows,
                          baseline=rng.choice([None, "r0"]), note=rng.choice([None, *texts]))

    checked = 0
    for _ in range(400):
        claim = replace(make_claim(*(table() for _ in range(rng.randint(1, 3)))), title=rng.choice(texts) or "t")
        files = downloads(claim)
        own, combined = files[OWN_JSON].decode("utf-8"), files[COMBINED_DOWNLOADS.json_path].decode("utf-8")
        assert own == json.dumps(json.loads(own, parse_float=Decimal), ensure_ascii=False, indent=2,
                                 default=native) + "\n"
        assert combined == json.dumps(json.loads(combined, parse_float=Decimal), ensure_ascii=False,
                                      separators=(",", ":"), default=native) + "\n"
        for data in (json.loads(own, parse_float=Decimal), json.loads(combined, parse_float=Decimal)):
            assert [t["title"] for t in data["tables"]] == [c.title for c in claim.comparisons]
            assert [t["note"] for t in data["tables"]] == [c.note for c in claim.comparisons]
            assert [t["entry"]["title"] for t in data["tables"]] == [claim.title] * len(claim.comparisons)
            for written, comparison in zip(data["tables"], claim.comparisons):
                assert [(r["id"], r["label"], r["value"], r["min"], r["max"], r["approx"], r["kind"], r["basis"])
                        for r in written["rows"]] == [
                    (r.id, r.label, r.value, r.min, r.max, r.approx, r.kind, r.basis) for r in comparison.rows]
                checked += len(comparison.rows)
    assert checked > 1000


def test_short_chart_labels_wrap_as_textwrap_wraps_them():
    """A row's label is drawn in lines of as many average glyphs as fit the chart's width: the
    lines textwrap.wrap gives (one empty line for no text), short one-line labels included."""
    rng = random.Random(5)
    cases: dict[int, list[str]] = {}  # glyphs a line -> labels
    for _ in range(5000):
        text = "".join(rng.choice("ab -.\t\n\u00a0\u2003é") for _ in range(rng.randint(0, 12)))
        cases.setdefault(rng.randint(1, 12), []).append(text)
    for width, labels in sorted(cases.items()):
        drawn = chart.X0 + math.ceil(width * chart.FONT * chart.EM)  # as wide as `width` glyphs need
        root = parse_svg(chart.render(chart_id="c", title="t", description="d", axis_label="a",
                                      bars=[chart.Bar(text, "1", "point", Decimal(1), Decimal(1)) for text in labels],
                                      tick_text=str, width=drawn))
        rows = [row for row in root.iter(f"{SVG}g") if "cost-chart__row" in row.get("class", "").split()]
        assert len(rows) == len(labels)
        for text, row in zip(labels, rows):
            lines = ["".join(node.itertext()) for node in row.iter(f"{SVG}text")
                     if node.get("class") == "cost-chart__label"]
            assert lines == (textwrap.wrap(text, width) or [""]), (text, width)
