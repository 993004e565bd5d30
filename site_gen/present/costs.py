"""Cost comparisons: from the front matter's `comparisons:` to what readers see and download.

Everything a template needs is computed here, as strings: templates only place them. The chart
is drawn in chart.py; numbers are localised in numbers.py (read exactly by figures/numbers.py);
figures with their units ("about $1.6 billion") and ratios ("287×") are written in units.py.

Honesty rules, each tested in tests/test_costs.py:
- a figure shows what kind of figure it is (disclosed, estimate ...) and what it counts (basis);
- rounding never overstates a bound: lower bounds round down, upper bounds round up (numbers.py);
- a ratio against a bounded figure is itself a bound (">89×"), or absent when nothing follows.

The CSV downloads are opened in spreadsheets, so a text cell that a spreadsheet would run as a
formula gets a leading `'` (see FORMULA_STARTS); the JSON downloads keep every text exactly.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from json.encoder import encode_basestring
from typing import NamedTuple, TypedDict

from markupsafe import Markup

from site_gen import paths
from site_gen.citations import source_anchor
from site_gen.figures.numbers import plain
from site_gen.figures.units import is_currency
from site_gen.i18n import Messages
from site_gen.model import Claim, Comparison, CostRow, Page, Source
from site_gen.present import chart
from site_gen.present.chart import chart_svg
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


class Downloads(NamedTuple):
    """Paths of a CSV and a JSON download; a tuple, so a template may also unpack it."""

    csv_path: str
    json_path: str


COMBINED_DOWNLOADS = Downloads(*paths.ALL_FIGURES)


def claim_downloads(claim: Claim) -> Downloads:
    """A claim's own downloads, beside its page: every table of the fact-check in one CSV and one
    JSON (a pair per entry, not per table: on these machines' disks each file costs about a
    millisecond to create)."""
    return Downloads(*paths.claim_figures(claim.slug))


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
        shape=chart.shape(row),
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
    total = chart.total_row(comparison)
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
        scale_note=chart.scale_note(comparison, locale, msg=msg),
        log_scale=chart.uses_log_scale(comparison),
        chart_id=f"{anchor}-chart",
        chart_svg=chart_svg(comparison, locale, f"{anchor}-chart", msg=msg),
        chart_svg_wide=chart_svg(comparison, locale, f"{anchor}-chart-wide", chart.WIDE, msg=msg),
    )


def comparison_views(claim: Claim, locale: str, *, msg: Messages) -> tuple[ComparisonView, ...]:
    """One view per comparison of the claim, in the order the editor wrote them (its page shows them)."""
    return tuple(_view(claim, n, c, locale, msg, paths.claim(claim.slug)) for n, c in enumerate(claim.comparisons, start=1))


def page_comparison_views(page: Page, locale: str, *, msg: Messages) -> tuple[ComparisonView, ...]:
    """A content page's tables (an overview's), validated as a fact-check's are."""
    return tuple(_view(page, n, c, locale, msg, paths.content_page(page.slug))
                 for n, c in enumerate(page.comparisons, start=1))


# --- downloads -------------------------------------------------------------------------------

CSV_FIELDS = (
    "entry_slug", "entry_title", "entry_url", "table", "table_title", "unit", "unit_type",
    "baseline", "row_id", "label", "value", "min", "max", "approx", "kind", "basis",
    "source_id", "source_title", "source_url",
)


class _EntryRecord(TypedDict):
    slug: str
    title: str
    url: str


class _SourceRecord(TypedDict):
    id: str | None
    title: str
    url: str | None


class _RowRecord(TypedDict):
    id: str | None
    label: str
    value: Decimal | None
    min: Decimal | None
    max: Decimal | None
    approx: bool
    kind: str
    basis: str | None
    source: _SourceRecord | None


class _TableRecord(TypedDict):
    """One table of the downloads (CSV row by row, JSON as it is), its keys in the JSON's order."""
    entry: _EntryRecord
    table: int
    title: str
    unit: str
    unit_type: str
    baseline: str | None
    note: str | None
    downloads: dict[str, str]
    rows: list[_RowRecord]


def _table_record(claim: Claim, number: int, comparison: Comparison,
                  url_for: Callable[[str], str]) -> _TableRecord:
    """One table as plain data; numbers stay Decimal so every export writes them exactly."""
    sources = _sources(claim)
    own = claim_downloads(claim)

    def source(row: CostRow) -> _SourceRecord | None:
        found = sources.get(row.source or "")
        return None if found is None else {"id": found.id, "title": found.title, "url": found.url}

    return {
        "entry": {"slug": claim.slug, "title": claim.title, "url": url_for(paths.claim(claim.slug))},
        "table": number,
        "title": comparison.title,
        "unit": comparison.unit,
        "unit_type": "currency" if is_currency(comparison.unit) else "count",
        "baseline": comparison.baseline,
        "note": comparison.note,
        "downloads": {"csv": url_for(own.csv_path), "json": url_for(own.json_path)},
        "rows": [
            {"id": row.id, "label": row.label, "value": row.value, "min": row.min,
             "max": row.max, "approx": row.approx, "kind": row.kind, "basis": row.basis,
             "source": source(row)}
            for row in comparison.rows
        ],
    }


# What a text cell may not begin with, or a spreadsheet reads it as a formula: OWASP's list
# (owasp.org/www-community/attacks/CSV_Injection: = + - @ tab, carriage return, line feed), the NUL
# that OWASP's ASVS (1.2.10) adds, and the full-width forms of = + - @ (U+FF1D, U+FF0B, U+FF0D,
# U+FF20), which spreadsheets set up for Japanese, Chinese or Korean input may turn into their ASCII
# forms: a leading `'` costs a rare title one visible character, a formula costs a reader's data.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_text(text: str) -> str:
    """`text` as a CSV cell that spreadsheets show as text, never run: with a leading `'` (OWASP's
    remedy, which Excel, LibreOffice and Google Sheets read as "this cell is text") when it begins
    with one of FORMULA_STARTS; otherwise as it is."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_rows(table: _TableRecord) -> list[list[str]]:
    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):  # text from the entry (titles, labels, bases ...) or a URL
            return spreadsheet_text(value)
        return plain(value) if isinstance(value, Decimal) else str(value)  # our own figures: "-12" stays a number

    entry = table["entry"]
    head = [cell(v) for v in (entry["slug"], entry["title"], entry["url"], table["table"], table["title"],
                              table["unit"], table["unit_type"], table["baseline"])]
    out = []
    for row in table["rows"]:
        src: Mapping[str, object] = row["source"] or {}
        out.append(head + [cell(v) for v in (
            row["id"], row["label"], row["value"], row["min"], row["max"], row["approx"], row["kind"],
            row["basis"], src.get("id"), src.get("title"), src.get("url"),
        )])
    return out


def _csv(tables: list[_TableRecord], header: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: quoted as needed, CRLF line ends
    if header:
        writer.writerow(CSV_FIELDS)
    for table in tables:
        writer.writerows(_csv_rows(table))
    return buffer.getvalue()


def _json(value: object, compact: bool = False) -> str:
    """JSON with Decimals written as exact JSON numbers: as the json module writes the int or float
    that prints back as the same number (the usual case); if any Decimal has none, the exact,
    slower writer below writes the whole document."""
    try:
        if compact:  # the C encoder only runs without indent: used for the site-wide file
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_native)
        return _indented(value, "\n")
    except _Inexact:
        return _json_exact(value)


class _Inexact(Exception):
    pass


def _native(value: object) -> int | float:
    if not isinstance(value, Decimal):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if Decimal(repr(number)) != value:
        raise _Inexact
    return number


def _indented(value: object, newline: str) -> str:
    """json.dumps(value, ensure_ascii=False, indent=2, default=_native), without its generators."""
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, dict) and value:
        inner = newline + "  "
        items = (f"{encode_basestring(k)}: {_indented(v, inner)}" for k, v in value.items())
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(value, (list, tuple)) and value:
        inner = newline + "  "
        return "[" + inner + ("," + inner).join(_indented(v, inner) for v in value) + newline + "]"
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, Decimal):
        value = _native(value)
    return repr(value) if type(value) in (int, float) else json.dumps(value)  # json: [], {}, others


def _json_exact(value: object, depth: int = 0) -> str:
    """JSON with Decimals written as exact JSON numbers (the json module would need floats)."""
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {_json_exact(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}" if items else "{}"
    if isinstance(value, list):
        items = [f"{inner}{_json_exact(v, depth + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]" if items else "[]"
    if isinstance(value, Decimal):
        return plain(value)
    return json.dumps(value, ensure_ascii=False)


def claim_table_files(claim: Claim, url_for: Callable[[str], str]) -> dict[str, bytes]:
    """One claim's downloads: all its tables in a CSV and a JSON (they change only with the claim);
    none for a claim without tables."""
    if not claim.comparisons:
        return {}
    tables = [_table_record(claim, number, comparison, url_for)
              for number, comparison in enumerate(claim.comparisons, start=1)]
    own = claim_downloads(claim)
    document = {"downloads": {"csv": url_for(own.csv_path), "json": url_for(own.json_path)}, "tables": tables}
    return {own.csv_path: _csv(tables).encode("utf-8"), own.json_path: (_json(document) + "\n").encode("utf-8")}


def combined_files(claims: Sequence[Claim], url_for: Callable[[str], str],
                   memo: dict[tuple[Claim, str], tuple[str, tuple[str, ...]]] | None = None) -> dict[str, bytes]:
    """costs/all.csv and costs/all.json: every table on the site, joined from each claim's part.
    `memo` (serve's, incremental.Serving.exports) keeps each claim's part between builds, so that
    an edit re-encodes one entry."""
    base, memo = url_for(""), {} if memo is None else memo
    parts = []
    for claim in claims:
        if claim.comparisons:
            part = memo.get((claim, base))
            if part is None:
                part = memo[(claim, base)] = _claim_exports(claim, base)
            parts.append(part)
    downloads = json.dumps({"csv": url_for(COMBINED_DOWNLOADS.csv_path),
                            "json": url_for(COMBINED_DOWNLOADS.json_path)}, separators=(",", ":"))
    tables = ",".join(table for _, claim_tables in parts for table in claim_tables)
    return {COMBINED_DOWNLOADS.csv_path: (_csv([]) + "".join(rows for rows, _ in parts)).encode("utf-8"),
            COMBINED_DOWNLOADS.json_path: f'{{"downloads":{downloads},"tables":[{tables}]}}\n'.encode()}


def _claim_exports(claim: Claim, base_url: str) -> tuple[str, tuple[str, ...]]:
    """One claim's rows of costs/all.csv and its tables as compact JSON."""
    def url_for(path: str) -> str:
        return base_url + path.lstrip("/")

    tables = [_table_record(claim, number, comparison, url_for)
              for number, comparison in enumerate(claim.comparisons, start=1)]
    return _csv(tables, header=False), tuple(_json(table, compact=True) for table in tables)
