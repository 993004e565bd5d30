"""The shipped site, built as a reader gets it: the pages a reader lands on show what they must."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import PROJECT
from site_gen.cli import main

R1_PAGE = "claims/deepseek-r1-six-million-training-cost/index.html"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("shipped") / "site"
    assert main(["build", "--no-search", "--out", str(out), "--base-url", "https://example.org/repo/"],
                root=PROJECT) == 0
    return out


class Tables(HTMLParser):
    """Captions, and the text of each table's cells, row by row."""

    def __init__(self):
        super().__init__()
        self.captions: list[str] = []
        self.rows: list[list[str]] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._in, self._text = "caption", ""
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._in, self._text = "cell", ""

    def handle_endtag(self, tag):
        if tag == "caption" and self._in == "caption":
            self.captions.append(" ".join(self._text.split()))
            self._in = None
        elif tag in ("td", "th") and self._in == "cell":
            self.rows[-1].append(" ".join(self._text.split()))
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text += data


def test_the_six_million_entry_shows_its_cost_table_and_chart(shipped):
    html = (shipped / R1_PAGE).read_text(encoding="utf-8")
    tables = Tables()
    tables.feed(html)
    assert any('What the "$6 million" covers' in c for c in tables.captions)
    cells = [" | ".join(row) for row in tables.rows]
    assert any("DeepSeek-V3, final training run" in r and "$5.58 million" in r and "Disclosed" in r for r in cells)
    assert any("Capital spending on servers" in r and "about $1.6 billion" in r and "Estimate" in r for r in cells)
    assert any("Hardware spending over the company" in r and "more than $500 million" in r for r in cells)
    charts = re.findall(r'<svg\b[^>]*role="img"[^>]*>.*?</svg>', html, re.S)
    assert len(charts) == 3  # one per table
    first = ET.fromstring(charts[0])
    assert first.find("{http://www.w3.org/2000/svg}title") is not None
    assert "logarithmic" in charts[0].lower()  # $294K to $1.6B spans far more than 100x


def test_the_home_page_tally_counts_every_shipped_verdict(shipped):
    home = (shipped / "index.html").read_text(encoding="utf-8")
    claims = list((PROJECT / "content/claims").glob("*.md"))
    counts = [int(n) for n in re.findall(r'class="tally-count">(\d+)<', home)]
    assert sum(counts) == len(claims) >= 10


def test_every_shipped_claim_page_has_one_claim_review(shipped):
    pages = sorted((shipped / "claims").glob("*/index.html"))
    assert len(pages) == len(list((PROJECT / "content/claims").glob("*.md")))
    for page in pages:
        assert page.read_text(encoding="utf-8").count('"@type": "ClaimReview"') == 1, page


def test_every_shipped_claim_page_says_where_and_when_the_claim_appeared(shipped):
    from site_gen.build import check

    _, content = check(PROJECT)
    for claim in content.claims:
        html = (shipped / f"claims/{claim.slug}/index.html").read_text(encoding="utf-8")
        meta = re.search(r'<p class="claim-meta"[^>]*>(.*?)</p>', html, re.S)
        assert meta, claim.slug
        assert f'<a href="{claim.appearances[0]}" rel="nofollow noopener">' in meta[1], claim.slug
        when = f'<time datetime="{claim.claim_date.isoformat()}">' if claim.claim_date else ", date not known"
        assert when in meta[1], claim.slug
