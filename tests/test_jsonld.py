"""schema.org ClaimReview on claim pages: extracted from the built HTML (with extruct, as a crawler
would), checked property by property against the entry's front matter and against what the page
visibly says; none on any other page; no field can break out of its <script> element."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import extruct
from conftest import SUB

from site_gen.build import check
from site_gen.present.jsonld import script_json


def json_ld(page: Path, url: str = SUB) -> list[dict]:
    return extruct.extract(page.read_text(encoding="utf-8"), base_url=url, syntaxes=["json-ld"],
                           uniform=False)["json-ld"]


class VisiblePage(HTMLParser):
    """What a reader sees: text outside <head>, <script>, <style> and [hidden]; plus the machine
    forms the page shows them in (<time datetime>, link targets)."""

    SKIP = {"head", "script", "style", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.datetimes: list[str] = []
        self.hrefs: list[str] = []
        self._stack: list[bool] = []  # per open element: is it hidden from readers?
        self.feed(html)
        self.text = re.sub(r"\s+", " ", " ".join(self.parts))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "time" and attrs.get("datetime"):
            self.datetimes.append(attrs["datetime"])
        if tag == "a" and attrs.get("href") and not self._hidden():
            self.hrefs.append(attrs["href"])
        if tag not in self.VOID:
            self._stack.append(self._hidden() or tag in self.SKIP or "hidden" in attrs)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._hidden():
            self.parts.append(data)

    def _hidden(self) -> bool:
        return bool(self._stack and self._stack[-1])


def entries(root: Path, drafts: bool = False):
    """The claims whose pages carry a ClaimReview: every one but drafts and retracted ones."""
    config, content = check(root)
    return config, [c for c in content.claims if (drafts or not c.draft) and c.retracted is None]


def test_one_claim_review_per_claim_page_matching_the_entry(built, fixture_build):
    config, claims = entries(fixture_build.project)
    assert claims
    for claim in claims:
        url = f"{SUB}claims/{claim.slug}/"
        items = json_ld(built / f"claims/{claim.slug}/index.html", url)
        assert len(items) == 1, claim.slug
        review = items[0]
        verdict = config.verdict(claim.verdict)
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert review["url"] == url
        assert review["claimReviewed"] == claim.claim
        assert review["datePublished"] == claim.published.isoformat()
        assert review["dateModified"] == (claim.updated or claim.published).isoformat()
        desk = {"@type": "Organization", "name": "Fixture Desk", "url": "https://example.org/"}
        assert review["author"] == (desk if config.person(claim.author) is None else  # (tests/test_people.py)
                                    {**review["author"], "@type": "Person", "worksFor": desk})
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"] == verdict.label
        # The fixture scale runs 1 (False) to 5 (Accurate); the best rating is the truest.
        assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (verdict.rating, 5, 1)
        assert rating["worstRating"] >= 1 and rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["@type"] == "Organization"
        assert item["author"]["name"] == claim.claimant.name
        assert item.get("datePublished") == (claim.claim_date.isoformat() if claim.claim_date else None)


def test_claimant_and_appearances(built):
    """six-million.md: claimant {name, url, same_as}, claim_date and one appearance."""
    review = json_ld(built / "claims/six-million/index.html")[0]
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Example AI", "url": "https://example.com/",
                              "sameAs": ["https://example.com/", "https://en.wikipedia.org/wiki/Example"]}
    assert item["datePublished"] == "2025-01-20"
    assert item["firstAppearance"] == {"@type": "CreativeWork", "url": "https://example.com/announcement"}
    assert "appearance" not in item  # only one appearance, and it is the first
    plain = json_ld(built / "claims/gpu-count/index.html")[0]["itemReviewed"]
    assert plain["author"] == {"@type": "Organization", "name": "Example AI"}
    assert "firstAppearance" not in plain and "datePublished" not in plain


def test_further_appearances(fixture_site, run_cli):
    entry = fixture_site / "content/claims/six-million.md"
    entry.write_text(entry.read_text().replace(
        "appearances: [https://example.com/announcement]",
        "appearances: [https://example.com/announcement, https://example.net/repeat, https://example.org/again]"))
    assert run_cli(fixture_site, "build", "--no-search", "--base-url", SUB).code == 0
    item = json_ld(fixture_site / "_site/claims/six-million/index.html")[0]["itemReviewed"]
    assert item["firstAppearance"]["url"] == "https://example.com/announcement"
    assert item["appearance"] == [{"@type": "CreativeWork", "url": "https://example.net/repeat"},
                                  {"@type": "CreativeWork", "url": "https://example.org/again"}]


def test_markup_agrees_with_the_visible_page(built, fixture_build):
    _, claims = entries(fixture_build.project)
    for claim in claims:
        page = VisiblePage((built / f"claims/{claim.slug}/index.html").read_text(encoding="utf-8"))
        review = json_ld(built / f"claims/{claim.slug}/index.html")[0]
        assert review["claimReviewed"] in page.text, claim.slug
        assert review["reviewRating"]["alternateName"] in page.text
        assert review["itemReviewed"]["author"]["name"] in page.text
        assert review["datePublished"] in page.datetimes
        # dateModified is shown as "Updated ..." when it differs; otherwise it is the published date.
        assert review["dateModified"] in page.datetimes
        if "datePublished" in review["itemReviewed"]:
            assert review["itemReviewed"]["datePublished"] in page.datetimes
        if "firstAppearance" in review["itemReviewed"]:
            assert review["itemReviewed"]["firstAppearance"]["url"] in page.hrefs
        assert review["author"]["name"] in page.text  # the organisation, named in the footer


def test_a_retracted_claim_carries_no_claim_review_but_its_retraction(built):
    """withdrawn-check.md is retracted: its page no longer stands behind the verdict, so a
    ClaimReview would say what the page does not (Google: no mismatch between markup and page).
    The markup says what the page does: a web page, withdrawn by its correction."""
    html = (built / "claims/withdrawn-check/index.html").read_text(encoding="utf-8")
    (item,) = json_ld(built / "claims/withdrawn-check/index.html", f"{SUB}claims/withdrawn-check/")
    assert "ClaimReview" not in html and "reviewRating" not in html
    assert item == {
        "@context": "https://schema.org", "@type": "WebPage", "url": f"{SUB}claims/withdrawn-check/",
        "name": "The cluster cost $40 million to build.",
        "publisher": {"@type": "Organization", "name": "Fixture Desk", "url": "https://example.org/"},
        "datePublished": "2025-02-06", "dateModified": "2025-02-08",
        "correction": {"@type": "CorrectionComment", "datePublished": "2025-02-08",
                       "text": "Retracted: The claim was misquoted; Example AI never said it. We withdraw this fact-check."}}
    page = VisiblePage(html)
    assert item["correction"]["text"].removeprefix("Retracted: ") in page.text
    assert "Retracted on 8 February 2025" in page.text and "2025-02-08" in page.datetimes


def test_unrated_verdict_has_a_label_and_no_numbers(fixture_site, run_cli):
    """draft-entry.md is 'unproven', a verdict off the numeric scale."""
    assert run_cli(fixture_site, "build", "--no-search", "--drafts", "--base-url", SUB).code == 0
    review = json_ld(fixture_site / "_site/claims/draft-entry/index.html")[0]
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_no_claim_review_on_other_pages(built):
    pages = [p for p in built.rglob("*.html") if not p.relative_to(built).as_posix().startswith("claims/")
             or p.relative_to(built).as_posix().startswith(("claims/index.html", "claims/page/"))]
    assert len(pages) > 10
    for page in pages:
        assert json_ld(page) == [], page.relative_to(built)
        assert "application/ld+json" not in page.read_text(encoding="utf-8"), page.relative_to(built)


def test_no_field_breaks_out_of_the_script_element(fixture_site, run_cli):
    hostile = 'Ends </script><script>alert(1)</script> and opens <!-- a comment & more'
    entry = fixture_site / "content/claims/gpu-count.md"
    entry.write_text(entry.read_text().replace(
        "claim: The model was trained on 2,048 GPUs.", f"claim: '{hostile}'").replace(
        "claimant: Example AI", "claimant: 'Example </SCRIPT> AI'"))
    assert run_cli(fixture_site, "build", "--no-search", "--base-url", SUB).code == 0
    page = fixture_site / "_site/claims/gpu-count/index.html"
    html = page.read_text(encoding="utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S | re.I).group(1)
    assert not re.search(r"[<>&]", script)
    items = json_ld(page)
    assert len(items) == 1
    assert items[0]["claimReviewed"] == hostile
    assert items[0]["itemReviewed"]["author"]["name"] == "Example </SCRIPT> AI"


def test_script_json_escapes_markup_characters():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert text == '{\n  "a": "\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"\n}'
