"""The claim pages as jobs: each claim's page, its downloads, its share card and embed card, a
group per claim (pages.py's catalogue lists them as the "claim" kind).

A claim page's key is its file's digest and, when it shows related checks, their front matter:
the page prints their titles, verdicts and summaries (related.py).
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from site_gen import paths
from site_gen.model import Claim
from site_gen.present.downloads import claim_downloads, claim_table_files
from site_gen.present.jsonld import claim_page_json
from site_gen.present.views import claim_view
from site_gen.render import absolute_url
from site_gen.sharing_jobs import claim_sharing_jobs
from site_gen.site import Site
from site_gen.write.jobs import GroupBatch, JobGroup, PageJob

if TYPE_CHECKING:
    from site_gen.pages import Groups, Pages, Reads



def claim_groups(pages: Pages, reads: Reads) -> Groups:
    """Each claim's page and downloads, a group per claim; retracted claims' pages after them (they
    show no related checks)."""
    claims = pages.site.claims
    yield _batch(pages, "claims", claims, pages.memo.claims_order(claims),
                 pages.entry_keys(reads, claims, pages.related_claims))
    if pages.site.retracted:
        retracted = pages.site.retracted
        yield _batch(pages, "retracted", retracted, ([paths.claim(c.slug) for c in retracted], [c.path for c in retracted]),
                     pages.entry_keys(reads, retracted, lambda claim: ()))


def _batch(pages: Pages, name: str, claims: tuple[Claim, ...], order: tuple[list[str], list[str]],
           keys: list[str]) -> GroupBatch:
    names, _ = order

    def group(i: int) -> JobGroup:
        claim, page_key = claims[i], f"{pages.base_key}:claim:{keys[i]}"
        return JobGroup(names[i], keys[i], lambda: _jobs(pages, claim, page_key))

    return GroupBatch(name, pages.base_key, names, keys, group)


def _jobs(pages: Pages, claim: Claim, page_key: str) -> Iterator[PageJob]:
    absolute, config, path, msg = absolute_url(pages.env), pages.config, paths.claim(claim.slug), pages.msg

    @functools.cache  # (the page and its embed card show the same view)
    def context() -> dict[str, Any]:
        return dict(claim=claim_view(claim, pages.site.html[claim.path], config, absolute, msg=msg,
                                     related=pages.related_cards(claim), overviews=pages.overviews(claim)),
                    verdict=config.verdict(claim.verdict),
                    jsonld=Markup(claim_page_json(claim, config, absolute(path), msg=msg)),
                    share_messages=pages.share_messages)

    yield pages.job("claim", "claim.html", (claim.title, claim.summary, path), page_key, context)
    yield from claim_sharing_jobs(pages, claim, context)
    if claim.comparisons:
        files_key = f"{pages.base_key}:downloads:{pages.meta[claim.path]}"
        made: dict[str, bytes] = {}  # both of the claim's downloads, made at the first one asked for

        def download(out: str) -> bytes:
            if not made:
                made.update(claim_table_files(claim, absolute))
            return made[out]

        for out in claim_downloads(claim):
            yield PageJob(out, files_key, functools.partial(download, out))


def claim_sitemap(site: Site) -> Iterator[tuple[str, dt.date | None]]:
    yield from ((paths.claim(c.slug), c.modified) for c in site.claims)
    # A retracted page stays listed, last modified on its retraction, so that crawlers come back
    # soon and find the notice (and the ClaimReview gone) rather than keep the old verdict.
    yield from ((paths.claim(c.slug), max(c.modified, c.retracted.date)) for c in site.retracted if c.retracted)
