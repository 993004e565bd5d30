"""Machine-readable outputs of the fixture site built under a sub-path: Atom feeds, sitemap.xml,
robots.txt, claims.json and the head metadata (Open Graph, Twitter card, feed links)."""
from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SUB

from site_gen.build import check
from site_gen.model import Source
from site_gen.site import make_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


@pytest.fixture
def site_data(fixture_build):
    """The config and the published claims, newest first (the site's order), as the loader read them
    (from the project the shared build `built` was made of)."""
    config, content = check(fixture_build.project)
    return config, [c for c in make_site(config, content).claims if not c.draft]


def claim_url(claim) -> str:
    return f"{SUB}claims/{claim.slug}/"


def stamp(date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


# --- Atom ------------------------------------------------------------------------------------


def parse_feed(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def check_feed_shape(feed: ET.Element, self_url: str, alternate_url: str) -> dict[str, ET.Element]:
    """RFC 4287's requirements on a feed and its entries; returns the entries by id."""
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
    links = {(link.get("rel"), link.get("href")) for link in feed.findall(f"{ATOM}link")}
    assert ("self", self_url) in links and ("alternate", alternate_url) in links
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "Fixture Desk"
    entries = {}
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "published", "summary"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert RFC3339.match(entry.findtext(f"{ATOM}published"))
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        entries[entry.findtext(f"{ATOM}id")] = entry
    return entries


def test_site_feed_has_every_published_claim(built, site_data):
    config, claims = site_data
    feed = parse_feed(built / "feed.xml")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    entries = check_feed_shape(feed, f"{SUB}feed.xml", SUB)
    assert feed.findtext(f"{ATOM}id") == f"{SUB}feed.xml"
    assert feed.findtext(f"{ATOM}title") == "Fixture Checks"
    assert sorted(entries) == sorted(claim_url(c) for c in claims)
    assert [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")] == [claim_url(c) for c in claims]
    for claim in claims:
        entry = entries[claim_url(claim)]
        assert entry.findtext(f"{ATOM}title") == claim.title
        assert entry.findtext(f"{ATOM}published") == stamp(claim.published)
        assert entry.findtext(f"{ATOM}updated") == stamp(claim.modified)
        link = entry.find(f"{ATOM}link")
        assert (link.get("rel"), link.get("href")) == ("alternate", claim_url(claim))
        assert claim.summary in entry.findtext(f"{ATOM}summary")
        assert config.verdict(claim.verdict).label in entry.findtext(f"{ATOM}summary")
        assert entry.find(f"{ATOM}author/{ATOM}name").text == claim.author
        categories = {(c.get("term"), c.get("scheme")) for c in entry.findall(f"{ATOM}category")}
        assert (claim.verdict, f"{SUB}verdicts/") in categories
        assert {(t, f"{SUB}tags/") for t in claim.tags} <= categories
    # No clock: the feed is as new as its newest entry (six-million.md, updated 2025-02-10).
    assert feed.findtext(f"{ATOM}updated") == "2025-02-10T00:00:00Z"
    assert "draft-entry" not in (built / "feed.xml").read_text()


def test_one_feed_per_verdict(built, site_data):
    config, claims = site_data
    for verdict in config.verdicts:
        path = built / "verdicts" / verdict.key / "feed.xml"
        feed = parse_feed(path)
        entries = check_feed_shape(feed, f"{SUB}verdicts/{verdict.key}/feed.xml", f"{SUB}verdicts/{verdict.key}/")
        expected = [c for c in claims if c.verdict == verdict.key]
        assert sorted(entries) == sorted(claim_url(c) for c in expected), verdict.key
        assert verdict.label in feed.findtext(f"{ATOM}title")
        newest = max((c.modified for c in expected), default=None)
        if newest:
            assert feed.findtext(f"{ATOM}updated") == stamp(newest)
    # 'unproven' has no published entry: still a valid, empty feed.
    assert parse_feed(built / "verdicts/unproven/feed.xml").findall(f"{ATOM}entry") == []


def test_feed_text_is_escaped(fixture_site, run_cli):
    entry = fixture_site / "content/claims/gpu-count.md"
    entry.write_text(entry.read_text().replace(
        "summary: The disclosed cluster for the final run had 2,048 GPUs.",
        "summary: 'Less than <2,048> GPUs & a ]]> marker'"))
    assert run_cli(fixture_site, "build", "--no-search", "--base-url", SUB).code == 0
    feed = parse_feed(fixture_site / "_site/feed.xml")
    summaries = [e.findtext(f"{ATOM}summary") for e in feed.findall(f"{ATOM}entry")]
    assert "Accurate: Less than <2,048> GPUs & a ]]> marker" in summaries


# --- sitemap.xml and robots.txt --------------------------------------------------------------


def built_pages(built: Path) -> set[str]:
    """The URL of every HTML page written, except 404.html."""
    urls = set()
    for page in built.rglob("*.html"):
        rel = page.relative_to(built).as_posix()
        if rel == "404.html" or rel.endswith("/embed/index.html"):  # (embed cards are noindex)
            continue
        assert rel.endswith("index.html"), rel
        urls.add(SUB + rel.removesuffix("index.html"))
    return urls


def test_sitemap_lists_every_indexable_page(built, site_data):
    _, claims = site_data
    root = ET.parse(built / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    entries = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.findall(f"{SITEMAP}url")}
    assert len(entries) == len(root.findall(f"{SITEMAP}url")), "a URL is listed twice"
    assert set(entries) == built_pages(built)
    assert all(url.startswith(SUB) for url in entries)
    assert not any("404" in url for url in entries)
    for claim in claims:
        assert entries[claim_url(claim)] == claim.modified.isoformat()
    assert entries[SUB] == "2025-02-10"
    assert entries[f"{SUB}verdicts/false/"] == "2025-02-01"
    for lastmod in filter(None, entries.values()):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod)


def test_robots_txt_points_at_the_sitemap(built):
    lines = (built / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in lines
    assert f"Sitemap: {SUB}sitemap.xml" in lines


# --- claims.json -----------------------------------------------------------------------------


def test_claims_json_has_every_claim_with_every_field(built, site_data):
    config, claims = site_data
    data = json.loads((built / "claims.json").read_text(encoding="utf-8"))
    assert data["site"]["url"] == SUB
    assert [v["key"] for v in data["verdicts"]] == [v.key for v in config.verdicts]
    assert [c["slug"] for c in data["claims"]] == [c.slug for c in claims]
    source_fields = [f.name for f in dataclasses.fields(Source)]
    for record, claim in zip(data["claims"], claims):
        verdict = config.verdict(claim.verdict)
        assert record["url"] == claim_url(claim)
        assert record["title"] == claim.title and record["claim"] == claim.claim
        assert record["claimant"] == {"name": claim.claimant.name, "url": claim.claimant.url,
                                      "same_as": list(claim.claimant.same_as)}
        assert record["verdict"] == {"key": verdict.key, "label": verdict.label, "rating": verdict.rating}
        assert record["summary"] == claim.summary
        assert record["published"] == claim.published.isoformat()
        assert record["updated"] == (claim.updated.isoformat() if claim.updated else None)
        assert record["modified"] == claim.modified.isoformat()
        assert record["claim_date"] == (claim.claim_date.isoformat() if claim.claim_date else None)
        assert record["tags"] == list(claim.tags)
        assert record["appearances"] == list(claim.appearances)
        assert len(record["sources"]) == len(claim.sources)
        for out, source in zip(record["sources"], claim.sources):
            assert sorted(out) == sorted(source_fields)
            for name in source_fields:
                value = getattr(source, name)
                assert out[name] == (value.isoformat() if hasattr(value, "isoformat") else value), name
    six = next(c for c in data["claims"] if c["slug"] == "six-million")
    assert six["sources"][0]["quote"] == "2.788M GPU hours at $2 per GPU hour"
    assert six["corrections"] == [{"date": "2025-02-10",
                                   "note": "Corrected the GPU count of the second run (512, not 648)."}]


# --- head metadata ---------------------------------------------------------------------------


class Head(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(attrs.get("content", ""))
        if tag == "link":
            self.links.append(attrs)


def head(built: Path, rel: str) -> Head:
    return Head((built / rel).read_text(encoding="utf-8"))


def test_open_graph_and_twitter_card(built, site_data):
    config, claims = site_data
    for page in built.rglob("*.html"):
        rel = page.relative_to(built).as_posix()
        if rel.endswith("/embed/index.html"):  # (an embed card is no page to share: tests/test_sharing.py)
            continue
        h = head(built, rel)
        for name in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card", "description"):
            assert len(h.meta.get(name, [])) == 1, (rel, name)
        assert h.meta["og:site_name"] == ["Fixture Checks"]
        assert h.meta["twitter:card"] == ["summary_large_image"]
        assert h.meta["og:description"] == h.meta["description"]
        assert len(h.meta["og:image"]) == 1 and h.meta["og:image"][0].endswith(".png"), rel
        canonical = [link["href"] for link in h.links if link.get("rel") == "canonical"]
        if rel == "404.html":
            assert "og:url" not in h.meta and canonical == []
            assert h.meta["robots"] == ["noindex"]
        else:
            assert h.meta["og:url"] == canonical and canonical[0].startswith(SUB)
            assert "robots" not in h.meta
        is_claim = rel.startswith("claims/") and rel.count("/") == 2 and not rel.startswith("claims/page/")
        assert h.meta["og:type"] == ["article" if is_claim else "website"], rel
        if not is_claim:
            assert "article:published_time" not in h.meta
    for claim in claims:
        h = head(built, f"claims/{claim.slug}/index.html")
        verdict = config.verdict(claim.verdict).label  # a share carries the verdict, never the claim alone
        assert h.meta["og:title"] == [f"{verdict}: {claim.title}"]
        assert h.meta["og:url"] == [claim_url(claim)]
        assert h.meta["article:published_time"] == [claim.published.isoformat()]
        assert h.meta["article:modified_time"] == [claim.modified.isoformat()]
    assert head(built, "index.html").meta["og:title"] == ["Fixture Checks"]


def test_feed_links_in_the_head(built):
    def feeds(rel: str) -> list[str]:
        return [link["href"] for link in head(built, rel).links
                if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"]

    assert feeds("index.html") == ["/sub/feed.xml"]
    assert feeds("claims/six-million/index.html") == ["/sub/feed.xml"]
    assert feeds("verdicts/misleading/index.html") == ["/sub/verdicts/misleading/feed.xml", "/sub/feed.xml"]
    for href in feeds("verdicts/misleading/index.html"):
        assert (built / href.removeprefix("/sub/")).is_file()


def test_a_retracted_claim_keeps_its_page_and_leaves_everything_else(built):
    """withdrawn-check.md is retracted: its page stays (with the notice, out of the search index),
    and it is in no listing, feed, export or cost table. The sitemap keeps its URL, last modified
    on the retraction, so that crawlers come back for the notice; the corrections log says it."""
    page = (built / "claims/withdrawn-check/index.html").read_text(encoding="utf-8")
    assert 'id="retraction"' in page and "Retracted on <time datetime=\"2025-02-08\">8 February 2025</time>" in page
    assert "data-pagefind-body" not in page  # Pagefind then leaves the page out of the index
    assert "data-pagefind-body" in (built / "claims/gpu-count/index.html").read_text(encoding="utf-8")
    elsewhere = [p for p in built.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".csv")
                 and not p.relative_to(built).as_posix().startswith(("claims/withdrawn-check/", "costs/withdrawn-check-"))
                 and p.name != "sitemap.xml" and p.parent.name != "corrections"]
    assert len(elsewhere) > 20
    assert [p.relative_to(built).as_posix() for p in elsewhere if "withdrawn-check" in p.read_text(encoding="utf-8")] == []
    assert "The cluster cost $40 million" not in (built / "claims.json").read_text(encoding="utf-8")
    sitemap = ET.parse(built / "sitemap.xml").getroot()
    lastmods = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in sitemap}
    assert lastmods[f"{SUB}claims/withdrawn-check/"] == "2025-02-08"
    log = (built / "corrections/index.html").read_text(encoding="utf-8")
    assert "<p>Retracted: The claim was misquoted; Example AI never said it. We withdraw this fact-check.</p>" in log
