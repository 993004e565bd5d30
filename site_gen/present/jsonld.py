"""Claim -> one schema.org ClaimReview, as JSON-LD that is safe inside a <script> element.

The markup states only what the visible page states: the claim's exact wording, the verdict's
label, the dates, the claimant and where the claim appeared. Numbers come from the verdict scale
in site.yaml (truest = highest); a verdict off the scale (e.g. "unproven") gets its label only,
because a number would claim a position on a scale it does not have.

Google's fact-check guidance followed here: `reviewRating.alternateName` is the textual rating
(the one shown in results); `bestRating`/`worstRating` state the numeric scale, worst at least 1;
`itemReviewed` is a `Claim` with its `author`, `datePublished`, `firstAppearance` and further
`appearance`s; `url` is the page's own canonical URL.
"""
from __future__ import annotations

import json
from typing import Any

from site_gen.i18n import Messages
from site_gen.model import Claim, SiteConfig

CONTEXT = "https://schema.org"

# An HTML parser ends a <script> element at "</script" and treats "<!--" inside it specially,
# whatever the JSON around them means. Escaping these characters as \uXXXX keeps the JSON
# value identical while no markup-significant character reaches the HTML.
_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def scale(config: SiteConfig) -> tuple[int, int] | None:
    """(worst, best) ratings of the site's numeric verdict scale; None when no verdict is rated."""
    ratings = [v.rating for v in config.verdicts if v.rating is not None]
    if not ratings:
        return None
    return max(1, min(ratings)), max(ratings)


def claim_review(claim: Claim, config: SiteConfig, page_url: str) -> dict[str, Any]:
    """The ClaimReview of one claim page as plain data (dict insertion order = output order)."""
    verdict = config.verdict(claim.verdict)
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": verdict.label}
    bounds = scale(config)
    if verdict.rating is not None and bounds is not None:
        worst, best = bounds
        rating.update(ratingValue=verdict.rating, bestRating=best, worstRating=worst)

    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": page_url,
        "inLanguage": config.language,
        "claimReviewed": claim.claim,
        "reviewRating": rating,
        "author": _author(config, claim),
        "datePublished": claim.published.isoformat(),
        "dateModified": claim.modified.isoformat(),
        "itemReviewed": _item_reviewed(claim),
    }
    return review


def _author(config: SiteConfig, claim: Claim) -> dict[str, Any]:
    """The team member who wrote the check (a Person working for the organisation), else the organisation."""
    org = config.organisation
    publisher = {"@type": "Organization", "name": org.name, "url": org.url or config.base_url}
    person = config.person(claim.author)
    if person is None:
        return publisher
    author: dict[str, Any] = {"@type": "Person", "name": person.name, "jobTitle": person.role, "worksFor": publisher}
    if person.url:
        author["url"] = person.url
    return author


def _item_reviewed(claim: Claim) -> dict[str, Any]:
    claimant = claim.claimant
    # The front matter does not say whether a claimant is a person; the claimants on this kind of
    # site are companies, agencies and outlets, so Organization is the honest default.
    author: dict[str, Any] = {"@type": "Organization", "name": claimant.name}
    if claimant.url:
        author["url"] = claimant.url
    same_as = list(dict.fromkeys(u for u in (claimant.url, *claimant.same_as) if u))
    if same_as:
        author["sameAs"] = same_as
    item: dict[str, Any] = {"@type": "Claim", "author": author}
    if claim.claim_date:
        item["datePublished"] = claim.claim_date.isoformat()
    if claim.appearances:
        first, *rest = claim.appearances
        item["firstAppearance"] = {"@type": "CreativeWork", "url": first}
        if rest:
            item["appearance"] = [{"@type": "CreativeWork", "url": url} for url in rest]
    return item


def script_json(data: Any, compact: bool = False) -> str:
    """JSON for a <script type="application/ld+json"> (or "application/json") element: `<`, `>` and
    `&` (and the JS line separators) written as \\uXXXX escapes, so no field can close the element
    or open a comment. `compact`: on one line, without spaces."""
    text = json.dumps(data, ensure_ascii=False, **({"separators": (",", ":")} if compact else {"indent": 2}))
    for char, escaped in _HTML_UNSAFE.items():
        text = text.replace(char, escaped)
    return text


def retracted_page(claim: Claim, config: SiteConfig, page_url: str, msg: Messages) -> dict[str, Any]:
    """A retracted fact-check no longer stands behind its verdict, so it carries no ClaimReview:
    Google's fact-check guidelines allow no mismatch between the markup and the page, and
    schema.org has no "retracted" rating. What the page still is, a web page whose correction
    withdraws it, is said instead (schema.org `correction`, a CorrectionComment)."""
    assert claim.retracted is not None
    org = config.organisation
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "url": page_url,
        "name": claim.title,
        "publisher": {"@type": "Organization", "name": org.name, "url": org.url or config.base_url},
        "datePublished": claim.published.isoformat(),
        "dateModified": max(claim.modified, claim.retracted.date).isoformat(),
        "correction": {"@type": "CorrectionComment", "text": retraction_note(claim.retracted.note, msg),
                       "datePublished": claim.retracted.date.isoformat()},
    }


def claim_review_json(claim: Claim, config: SiteConfig, page_url: str) -> str:
    return script_json(claim_review(claim, config, page_url))


def retraction_note(note: str, msg: Messages) -> str:
    """A retraction's note as the corrections log and the page's data say it."""
    # Translators: a retraction in the corrections log: "Retracted: The figure was wrong."
    return msg("Retracted: %(note)s", note=note)


def claim_page_json(claim: Claim, config: SiteConfig, page_url: str, *, msg: Messages) -> str:
    """The JSON-LD of a claim page: its ClaimReview, or for a retracted claim, the retraction."""
    if claim.retracted is not None:
        return script_json(retracted_page(claim, config, page_url, msg))
    return claim_review_json(claim, config, page_url)
