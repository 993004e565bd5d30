"""Site -> machine-readable files: cost tables (CSV/JSON), Atom feeds, sitemap.xml, robots.txt and
claims.json. Every URL in them is absolute and goes through Urls, so a sub-path base URL holds.

Deterministic like the pages: no clock is read; dates come from the front matter.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any

from site_gen import paths
from site_gen.editions import Alternate
from site_gen.i18n import Messages
from site_gen.incremental import ExportsMemo
from site_gen.model import Claim, Source, Verdict
from site_gen.outputs.feeds import feed_files
from site_gen.pages import CATALOGUE, PageKind, sitemap_pages
from site_gen.paths import Urls
from site_gen.present.downloads import COMBINED_DOWNLOADS, combined_files
from site_gen.site import Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def output_files(site: Site, urls: Urls, msg: Messages, memo: ExportsMemo | None = None,
                 alternates: Callable[[str], tuple[Alternate, ...]] | None = None,
                 catalogue: Sequence[PageKind] = CATALOGUE) -> list[tuple[str, Callable[[], bytes]]]:
    """The files that span the site, each as (path, how to make it): the large ones are made in the
    render workers, beside the pages. (Each claim's own table downloads are keyed per claim, see
    pages.py.) `memo`: serve's (incremental.Serving.exports), each entry's part of the exports kept
    between builds. `alternates`: a page's versions in the site's other languages (editions.Versions).
    `catalogue`: the page kinds the sitemap lists (the plugins' with the built-in ones)."""
    memo = ExportsMemo() if memo is None else memo
    exports, records = memo.setdefault("costs", {}), memo.setdefault("claims", {})
    combined = functools.lru_cache(maxsize=1)(lambda: combined_files(site.claims, urls.absolute, exports))
    csv_path, json_path = COMBINED_DOWNLOADS.csv_path, COMBINED_DOWNLOADS.json_path
    return [
        (csv_path, lambda: combined()[csv_path]),
        (json_path, lambda: combined()[json_path]),  # next to the CSV: one worker makes both
        (paths.SITEMAP, lambda: sitemap(site, urls, alternates, catalogue)),
        (paths.CLAIMS_JSON, lambda: claims_json(site, urls, records)),
        (paths.ROBOTS, lambda: robots(urls, [e.prefix for e in site.config.editions])),
        *((path, lambda data=data: data) for path, data in feed_files(site, urls, msg)),  # small: made here
    ]


# --- sitemap.xml and robots.txt --------------------------------------------------------------


def sitemap(site: Site, urls: Urls, alternates: Callable[[str], tuple[Alternate, ...]] | None = None,
            catalogue: Sequence[PageKind] = CATALOGUE) -> bytes:
    """Every page; in a site in several languages each with its versions (xhtml:link hreflang, as
    Google reads them in a sitemap)."""
    namespaces = {"xmlns": SITEMAP_NS, **({"xmlns:xhtml": XHTML_NS} if alternates else {})}
    urlset = ET.Element("urlset", namespaces)  # see feeds.py on xmlns as an attribute
    for path, lastmod in sitemap_pages(site, catalogue):  # the catalogue of page kinds: every page but 404.html
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = urls.absolute(path)
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = lastmod.isoformat()
        for version in alternates(path) if alternates else ():
            ET.SubElement(url, "xhtml:link", {"rel": "alternate", "hreflang": version.language, "href": version.href})
    ET.indent(urlset, space="  ")
    data: bytes = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)  # (bytes in any encoding but "unicode")
    return data + b"\n"


def robots(urls: Urls, prefixes: list[str] | None = None) -> bytes:
    """Crawlers read robots.txt only at the root of a host; on a project site (owner.github.io/repo/)
    this copy is for hosts that serve the site at their root. The sitemap URLs are absolute either
    way: one per language of the site (`prefixes`: "" for the default, "fr/" ...)."""
    maps = "".join(f"Sitemap: {urls.absolute(prefix + paths.SITEMAP)}\n" for prefix in prefixes or [""])
    return f"User-agent: *\nAllow: /\n\n{maps}".encode()


# --- claims.json -----------------------------------------------------------------------------


def claims_json(site: Site, urls: Urls, memo: dict[tuple[Claim, Verdict, str], str] | None = None) -> bytes:
    """Every claim as plain data for reuse, newest first, with the verdict scale it is rated on.
    `memo` keeps each claim's JSON between builds (see output_files)."""
    config = site.config
    data = {
        "site": {"title": config.title, "url": urls.absolute(), "language": config.language,
                 "organisation": {"name": config.organisation.name, "url": config.organisation.url}},
        "verdicts": [{"key": v.key, "label": v.label, "rating": v.rating, "meaning": v.meaning}
                     for v in config.verdicts],
        "claims": [],
    }
    # Compact (the C encoder only runs without indent, and this file grows with the archive), and
    # joined from each claim's JSON, which `serve` keeps: it then re-encodes only the edited entry.
    head = json.dumps(data, ensure_ascii=False, separators=(",", ":"))[: -len("[]}")]
    memo = {} if memo is None else memo
    parts = []
    for claim in site.claims:
        of = (claim, site.verdict(claim.verdict), urls.base_url)
        part = memo.get(of)
        if part is None:
            part = memo[of] = _claim_json(*of)
        parts.append(part)
    records = ",".join(parts)
    return (f"{head}[{records}]}}\n").encode()


def _claim_json(claim: Claim, verdict: Verdict, base_url: str) -> str:
    return json.dumps(_claim_record(claim, verdict, base_url), ensure_ascii=False, separators=(",", ":"))


def _claim_record(claim: Claim, verdict: Verdict, base_url: str) -> dict[str, Any]:
    return {
        "slug": claim.slug,
        "url": base_url + paths.claim(claim.slug),
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
