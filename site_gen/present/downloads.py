"""The cost tables' downloads: each fact-check's tables in a CSV and a JSON beside its page, and
every table of the site in costs/all.csv and costs/all.json (what present/costs.py shows, as data).

Numbers are written exactly as the editor gave them (Decimal, never through a float that would
print otherwise). The CSV downloads are opened in spreadsheets, so a text cell that a spreadsheet
would run as a formula gets a leading `'` (see FORMULA_STARTS); the JSON downloads keep every text
exactly.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from json.encoder import encode_basestring
from typing import NamedTuple, TypedDict

from site_gen import paths
from site_gen.figures.numbers import plain
from site_gen.figures.units import is_currency
from site_gen.model import Claim, Comparison, CostRow, Source


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
    sources: dict[str, Source] = {source.id: source for source in claim.sources if source.id}
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
