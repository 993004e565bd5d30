"""The shipped site, built as a reader gets it: the pages a reader lands on show what they must."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import PROJECT

R1_PAGE = "claims/deepseek-r1-six-million-training-cost/index.html"


@pytest.fixture
def shipped(shipped_build: Path) -> Path:
    """The shipped site, built once per session for the tests that read it (conftest.shipped_build)."""
    return shipped_build


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
    assert len(charts) == 6  # one per table, drawn for a phone and for a laptop
    first = ET.fromstring(charts[0])
    assert first.find("{http://www.w3.org/2000/svg}title") is not None
    assert "logarithmic" in charts[0].lower()  # $294K to $1.6B spans far more than 100x


def test_the_flagship_breakdown_is_drawn_linearly_with_shares(shipped):
    """"Inside the $5.576 million" is parts of a whole: a linear chart, shares as percentages."""
    html = (shipped / R1_PAGE).read_text(encoding="utf-8")
    breakdown = re.search(r'<div class="cost-comparison" id="[^"]*-2">.*?</figure>', html, re.S).group(0)
    assert "Inside the $5.576 million" in breakdown
    assert "logarithmic" not in breakdown and "cost-chart__svg--linear" in breakdown
    for share in ("$5.33 million · 96%", "$238,000 · 4.3%", "$10,000 · 0.18%"):
        assert share in breakdown
    assert "×" not in breakdown


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


# --- the outline and the dates a reader reads --------------------------------------------------

HEADING = re.compile(r"h[1-6]")
# Elements whose text a reader does not see (or that are not part of the page's outline).
UNSEEN = {"script", "style", "template", "title", "svg", "noscript"}


class Outline(HTMLParser):
    """Each heading (level, text), and whether anything a reader sees stands between it and the next."""

    def __init__(self, html: str):
        super().__init__()
        self.headings: list[list] = []  # [level, text, content after it?]
        self._in_heading: list | None = None
        self._unseen = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in UNSEEN:
            self._unseen += 1
        elif HEADING.fullmatch(tag):
            self._in_heading = [int(tag[1]), "", False]
            self.headings.append(self._in_heading)
        elif tag in ("img", "input", "select", "button", "table", "iframe") and self.headings:
            self.headings[-1][2] = True

    def handle_endtag(self, tag):
        if tag in UNSEEN:
            self._unseen -= 1
        elif HEADING.fullmatch(tag):
            self._in_heading = None

    def handle_data(self, data):
        if self._unseen or not data.strip():
            return
        if self._in_heading is not None:
            self._in_heading[1] += data
        elif self.headings:
            self.headings[-1][2] = True


def outline_problems(html: str) -> list[str]:
    headings = Outline(html).headings
    problems = []
    if [level for level, _, _ in headings].count(1) != 1:
        problems.append(f"expected one h1, got {[text for level, text, _ in headings if level == 1]}")
    for (level, text, content), after in zip(headings, headings[1:] + [None]):
        if not text.strip():
            problems.append(f"an empty h{level}")
        if after is not None and after[0] > level + 1:
            problems.append(f"h{level} {text.strip()!r} is followed by h{after[0]} {after[1].strip()!r}: a level skipped")
        if not content and (after is None or after[0] <= level):
            problems.append(f"h{level} {text.strip()!r} heads nothing (stacked on {after and after[1].strip()!r})")
    return problems


def test_every_page_has_an_outline_without_empty_stacked_or_skipped_headings(shipped):
    pages = sorted(shipped.rglob("*.html"))
    assert len(pages) >= 30
    found = {page.relative_to(shipped).as_posix(): outline_problems(page.read_text(encoding="utf-8")) for page in pages}
    assert not {page: problems for page, problems in found.items() if problems}


def test_the_outline_walker_finds_what_it_is_meant_to():
    assert outline_problems("<h1>T</h1><p>x</p><h2>A</h2><p>y</p><h3>B</h3><p>z</p>") == []
    assert outline_problems("<h1>T</h1><h2>Analysis</h2><h2>What was said</h2><p>x</p>") == [
        "h2 'Analysis' heads nothing (stacked on 'What was said')"]
    assert outline_problems("<h1>T</h1><p>x</p><h3>Deep</h3><p>y</p><h2></h2><p>z</p>") == [
        "h1 'T' is followed by h3 'Deep': a level skipped", "an empty h2"]


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
OTHER_DATE_FORMATS = re.compile(rf"\b(?:(?:{MONTHS}) \d{{1,2}}, \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b")


class VisibleText(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.text: list[str] = []
        self._unseen = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._unseen += tag in UNSEEN

    def handle_endtag(self, tag):
        self._unseen -= tag in UNSEEN

    def handle_data(self, data):
        if not self._unseen:
            self.text.append(data)


def test_every_page_writes_dates_one_way_with_iso_dates_for_machines(shipped):
    """site.yaml's date_format (day-month-year): "3 February 2025" in the text, ISO in datetime=."""
    assert "date_format: day-month-year" in (PROJECT / "site.yaml").read_text(encoding="utf-8")
    other = {}
    for page in shipped.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        text = " ".join(VisibleText(html).text)
        if found := OTHER_DATE_FORMATS.findall(text):
            other[page.relative_to(shipped).as_posix()] = found
        for machine, shown in re.findall(r'<time datetime="([^"]+)"[^>]*>([^<]+)</time>', html):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", machine) and re.fullmatch(rf"\d{{1,2}} (?:{MONTHS}) \d{{4}}", shown)
    assert not other, other


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
