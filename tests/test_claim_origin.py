"""A claim page says where and when the claim appeared: a link to each appearance, named by its
host, and the date the claim was made, or "date not known". The view decides what is shown
(views.claim_origin); the partial only prints it inside the claim box's "Made by …" line."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from site_gen.model import Claim, Claimant, Source
from site_gen.present.views import AppearanceLink, claim_origin

CLAIM = Claim(path="content/claims/x.md", slug="x", title="T", claim="C", claimant=Claimant("Example News"),
              verdict="false", summary="S", published=dt.date(2025, 2, 3), author="Desk", sources=(Source("A"),))


class ClaimMeta(HTMLParser):
    """The text of the claim box's `claim-meta` paragraph, and its links (href, text)."""

    def __init__(self, html: str):
        super().__init__()
        self.text, self.links, self._depth, self._href = "", [], 0, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and attrs.get("class") == "claim-meta":
            self._depth = 1
        elif self._depth and tag == "a":
            self._href, self._link_text = attrs["href"], ""

    def handle_endtag(self, tag):
        if tag == "p" and self._depth:
            self._depth = 0
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, self._link_text))
            self._href = None

    def handle_data(self, data):
        if self._depth:
            self.text += data
            if self._href is not None:
                self._link_text += data


def test_no_appearance_and_no_date_says_date_not_known():
    origin = claim_origin(CLAIM, "day-month-year")
    assert (origin.first, origin.others, origin.date) == (None, (), None)


def test_one_appearance_is_named_by_its_host_with_the_claims_date():
    claim = replace(CLAIM, appearances=("https://www.example.com/news/story?id=1",), claim_date=dt.date(2025, 1, 20))
    origin = claim_origin(claim, "month-day-year")
    assert origin.first == AppearanceLink("https://www.example.com/news/story?id=1", "example.com")
    assert origin.others == ()
    assert (origin.date.iso, origin.date.display) == ("2025-01-20", "January 20, 2025")


def test_several_appearances_name_the_first_as_such():
    claim = replace(CLAIM, appearances=("https://a.example/1", "https://b.example/2", "https://c.example/3"))
    origin = claim_origin(claim, "day-month-year")
    assert origin.first.label == "a.example"  # the page says "first appeared in" it, as there are others
    assert [link.label for link in origin.others] == ["b.example", "c.example"]


@pytest.mark.parametrize("slug, appearances, claim_date, expected_text, expected_links", [
    # As the fixture site has them (the shared build shows them):
    pytest.param("gpu-count", None, None, "Made by Example AI, date not known", [], id="gpu-count.md: neither"),
    pytest.param("six-million", None, "2025-01-20",
                 "Made by Example AI · appeared in example.com on 20 January 2025",
                 [("https://example.com/announcement", "example.com")], id="six-million.md: one, dated"),
    # six-million.md edited (built in the test's own copy):
    pytest.param("six-million", "appearances: [https://www.example.net/a, https://example.org/b]", None,
                 "Made by Example AI · first appeared in example.net, date not known; also in example.org",
                 [("https://www.example.net/a", "example.net"), ("https://example.org/b", "example.org")],
                 id="two, undated"),
])
def test_the_claim_page_says_where_and_when(request, slug, appearances, claim_date, expected_text, expected_links):
    if appearances is None:
        site = request.getfixturevalue("built")
    else:
        fixture_site, run_cli = request.getfixturevalue("fixture_site"), request.getfixturevalue("run_cli")
        entry = fixture_site / "content/claims/six-million.md"
        text = entry.read_text(encoding="utf-8")
        assert "appearances: [https://example.com/announcement]" in text and "claim_date: 2025-01-20\n" in text
        text = text.replace("appearances: [https://example.com/announcement]", appearances)
        entry.write_text(text.replace("claim_date: 2025-01-20\n", ""), encoding="utf-8")
        assert run_cli(fixture_site, "build", "--no-search").code == 0
        site = fixture_site / "_site"
    html = (site / f"claims/{slug}/index.html").read_text(encoding="utf-8")
    meta = ClaimMeta(html)
    assert " ".join(meta.text.split()) == expected_text
    assert meta.links[1:] == expected_links  # the first link is the claimant's page
    if claim_date:
        assert re.search(rf'<time datetime="{claim_date}">20 January 2025</time>', html)
