"""Site -> machine-readable files: cost tables (CSV/JSON), Atom feeds, sitemap.xml, robots.txt and
claims.json. Every URL in them is absolute and goes through Urls, so a sub-path base URL holds.

Deterministic like the pages: no clock is read; dates come from the front matter.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import xml.etree.ElementTree as ET
from typing import Any, Callable

from site_gen.model import Claim, Source, Verdict
from site_gen.outputs.feeds import feed_files
from site_gen.present import explorer
from site_gen.present.costs import COMBINED_DOWNLOADS, claim_path, combined_files
from site_gen.site import Site, paginate
from site_gen.urls import Urls

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP = "sitemap.xml"
CLAIMS_JSON = "claims.json"


def output_files(site: Site, urls: Urls) -> list[tuple[str, Callable[[], bytes]]]:
    """The files that span the site, each as (path, how to make it): the large ones are made in the
    render workers, beside the pages. (Each claim's own table downloads are keyed per claim, see
    render.py.)"""
    combined = functools.lru_cache(maxsize=1)(lambda: combined_files(site.claims, urls.absolute))
    csv_path, json_path = COMBINED_DOWNLOADS.csv_path, COMBINED_DOWNLOADS.json_path
    return [
        (csv_path, lambda: combined()[csv_path]),
        (json_path, lambda: combined()[json_path]),  # next to the CSV: one worker makes both
        (SITEMAP, lambda: sitemap(site, urls)),
        (CLAIMS_JSON, lambda: claims_json(site, urls)),
        ("robots.txt", lambda: robots(urls)),
        *((path, lambda data=data: data) for path, data in feed_files(site, urls)),  # small: made here
    ]


# --- sitemap.xml and robots.txt --------------------------------------------------------------


def indexable_pages(site: Site) -> list[tuple[str, dt.date | None]]:
    """(site path, last modified) of every HTML page worth indexing: all of them but 404.html.

    Mirrors the pages render.py writes; tests/test_outputs.py checks the two against each other
    on a built site, so a new page type that is missing here fails a test.
    """
    claims = site.claims
    latest = _newest(claims)
    pages: list[tuple[str, dt.date | None]] = [("", latest)]
    pages += [(claim_path(c.slug), c.modified) for c in claims]
    # A retracted page stays listed here, last modified on its retraction, so that crawlers come
    # back soon and find the notice (and the ClaimReview gone) rather than keep the old verdict.
    pages += [(claim_path(c.slug), max(c.modified, c.retracted.date)) for c in site.retracted if c.retracted]
    pages += [(p.path, latest) for p in paginate(claims, site.config.per_page, "claims/")]
    for index, groups in (("verdicts/", site.verdicts), ("tags/", site.tags), ("claimants/", site.claimants)):
        pages.append((index, latest))
        for group in groups:
            group_latest = _newest(group.claims)
            pages += [(p.path, group_latest) for p in paginate(group.claims, site.config.per_page, group.path)]
    pages += [(f"{page.slug}/", None) for page in site.pages]  # content pages carry no date
    pages.append(("corrections/", max((e.correction.date for e in site.corrections), default=None)))
    found = explorer.plan(claims, site.featured)
    pages.append((explorer.COSTS_PATH, _newest([c for c in claims if c.comparisons])))
    for group in found.groups:
        pages += [(p.path, _newest([entry.claim for entry in p.items])) for p in group.pages()]
    pages.append(("search/", latest))
    return pages


def sitemap(site: Site, urls: Urls) -> bytes:
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})  # see feeds.py on xmlns as an attribute
    for path, lastmod in indexable_pages(site):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = urls.absolute(path)
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = lastmod.isoformat()
    ET.indent(urlset, space="  ")
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(urls: Urls) -> bytes:
    """Crawlers read robots.txt only at the root of a host; on a project site (owner.github.io/repo/)
    this copy is for hosts that serve the site at their root. The sitemap URL is absolute either way."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(SITEMAP)}\n".encode("utf-8")


def _newest(claims) -> dt.date | None:
    return max((c.modified for c in claims), default=None)


# --- claims.json -----------------------------------------------------------------------------


def claims_json(site: Site, urls: Urls) -> bytes:
    """Every claim as plain data for reuse, newest first, with the verdict scale it is rated on."""
    config = site.config
    data = {
        "site": {"title": config.title, "url": urls.absolute(), "language": config.language,
                 "organisation": {"name": config.organisation.name, "url": config.organisation.url}},
        "verdicts": [{"key": v.key, "label": v.label, "rating": v.rating, "meaning": v.meaning}
                     for v in config.verdicts],
        "claims": [],
    }
    # Compact (the C encoder only runs without indent, and this file grows with the archive), and
    # joined from each claim's memoised JSON: `serve` then re-encodes only the edited entry.
    head = json.dumps(data, ensure_ascii=False, separators=(",", ":"))[: -len("[]}")]
    records = ",".join(_claim_json(c, site.verdict(c.verdict), urls.base_url) for c in site.claims)
    return (f"{head}[{records}]}}\n").encode("utf-8")


@functools.lru_cache(maxsize=65536)
def _claim_json(claim: Claim, verdict: Verdict, base_url: str) -> str:
    return json.dumps(_claim_record(claim, verdict, base_url), ensure_ascii=False, separators=(",", ":"))


def _claim_record(claim: Claim, verdict: Verdict, base_url: str) -> dict[str, Any]:
    return {
        "slug": claim.slug,
        "url": base_url + claim_path(claim.slug),
        "title": claim.title,
        "claim": claim.claim,
        "claimant": {"name": claim.claimant.name, "url": claim.claimant.url,
                     "same_as": list(claim.claimant.same_as)},
        "claim_date": _iso(claim.claim_date),
        "appearances": list(claim.appearances),
        "verdict": {"key": verdict.key, "label": verdict.label, "rating": verdict.rating},
        "summary": claim.summary,
        "published": claim.published.isoformat(),
        "updated": _iso(claim.updated),
        "modified": claim.modified.isoformat(),
        "author": claim.author,
        "tags": list(claim.tags),
        "sources": [_source_record(s) for s in claim.sources],
        "corrections": [{"date": c.date.isoformat(), "note": c.note} for c in claim.corrections],
    }


def _source_record(source: Source) -> dict[str, Any]:
    return {"id": source.id, "title": source.title, "publisher": source.publisher, "url": source.url,
            "date": _iso(source.date), "accessed": _iso(source.accessed), "archive": source.archive,
            "quote": source.quote}


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None
