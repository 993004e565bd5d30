"""Claim -> the precomputed view a template shows: display strings, links, rendered HTML.

Templates only print these; every decision about what to show is made here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

from markupsafe import Markup

from .costs import ComparisonView, comparison_views
from .model import Claim, Source, SiteConfig
from .site import Link, display_date, slugify


# A shape beside every label, so colour is never the only signal of a verdict.
VERDICT_ICONS = {"accurate": "✓", "mostly-accurate": "✓", "missing-context": "!", "misleading": "!",
                 "false": "✗", "unproven": "?"}


@dataclass(frozen=True)
class VerdictBadge:
    key: str
    label: str
    path: str
    icon: str


@dataclass(frozen=True)
class DateView:
    iso: str
    display: str


@dataclass(frozen=True)
class ClaimCard:
    """A claim in a list (home, browse pages, search results)."""

    slug: str
    path: str
    title: str
    claim: str
    claimant: Link
    verdict: VerdictBadge
    summary: str
    published: DateView


@dataclass(frozen=True)
class SourceView:
    anchor: str  # element id, so cost rows and footnotes can link to it
    title: str
    publisher: str | None
    url: str | None
    date: DateView | None
    accessed: DateView | None
    archive: str | None
    quote: str | None


@dataclass(frozen=True)
class CorrectionView:
    date: DateView
    note: str


@dataclass(frozen=True)
class RetractionView:
    date: DateView
    note: str


@dataclass(frozen=True)
class ShareLink:
    """A link that shares a page on another service: an absolute href, never a site path."""

    label: str
    href: str


@dataclass(frozen=True)
class ClaimView:
    card: ClaimCard
    claim_date: DateView | None
    appearances: tuple[str, ...]
    updated: DateView | None
    author: str
    tags: tuple[Link, ...]
    body_html: Markup
    sources: tuple[SourceView, ...]
    comparisons: tuple[ComparisonView, ...]
    corrections: tuple[CorrectionView, ...]
    share: tuple[ShareLink, ...] = ()  # empty when the page's absolute URL is not known
    retracted: RetractionView | None = None  # the notice at the top of a withdrawn fact-check


def share_links(url: str, title: str) -> tuple[ShareLink, ...]:
    """Plain share links (no third-party script) for the page at absolute `url`."""
    u, t, both = quote(url, safe=""), quote(title, safe=""), quote(f"{title} {url}", safe="")
    return (
        ShareLink("Email", f"mailto:?subject={t}&body={both}"),
        ShareLink("Bluesky", f"https://bsky.app/intent/compose?text={both}"),
        ShareLink("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ShareLink("X", f"https://x.com/intent/tweet?url={u}&text={t}"),
        ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
    )


def date_view(date, locale: str) -> DateView:
    return DateView(date.isoformat(), display_date(date, locale))


def claim_card(claim: Claim, config: SiteConfig) -> ClaimCard:
    verdict = config.verdict(claim.verdict)
    return ClaimCard(
        slug=claim.slug,
        path=f"claims/{claim.slug}/",
        title=claim.title,
        claim=claim.claim,
        claimant=Link(claim.claimant.name, f"claimants/{slugify(claim.claimant.name)}/"),
        verdict=VerdictBadge(verdict.key, verdict.label, f"verdicts/{verdict.key}/",
                             VERDICT_ICONS.get(verdict.key, "•")),
        summary=claim.summary,
        published=date_view(claim.published, config.locale),
    )


def source_view(source: Source, index: int, locale: str) -> SourceView:
    return SourceView(
        anchor=f"source-{source.id}" if source.id else f"source-{index + 1}",
        title=source.title,
        publisher=source.publisher,
        url=source.url,
        date=date_view(source.date, locale) if source.date else None,
        accessed=date_view(source.accessed, locale) if source.accessed else None,
        archive=source.archive,
        quote=source.quote,
    )


def claim_view(claim: Claim, body_html: str, config: SiteConfig,
               absolute: Callable[[str], str] | None = None) -> ClaimView:
    """`absolute` turns a site path into an absolute URL (Urls.absolute); it gives the share links."""
    locale = config.locale
    card = claim_card(claim, config)
    return ClaimView(
        card=card,
        claim_date=date_view(claim.claim_date, locale) if claim.claim_date else None,
        appearances=claim.appearances,
        updated=date_view(claim.updated, locale) if claim.updated and claim.updated != claim.published else None,
        author=claim.author,
        tags=tuple(Link(t, f"tags/{t}/") for t in claim.tags),
        body_html=Markup(body_html),  # produced by markdown.render with raw HTML off
        sources=tuple(source_view(s, i, locale) for i, s in enumerate(claim.sources)),
        comparisons=comparison_views(claim, locale),
        corrections=tuple(CorrectionView(date_view(c.date, locale), c.note) for c in claim.corrections),
        share=share_links(absolute(card.path), claim.title) if absolute else (),
        retracted=RetractionView(date_view(claim.retracted.date, locale), claim.retracted.note)
        if claim.retracted else None,
    )
