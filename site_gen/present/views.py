"""Claim -> the precomputed view a template shows: display strings, links, rendered HTML.

Templates only print these; every decision about what to show is made here.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from markupsafe import Markup

from site_gen import paths
from site_gen.citations import citations, cite_anchor, source_anchor
from site_gen.contact import ReportLinks, report_error_links
from site_gen.dates import display_date
from site_gen.i18n import Messages
from site_gen.model import Claim, Page, Person, SiteConfig, Source
from site_gen.present.costs import ComparisonView, comparison_views, page_comparison_views
from site_gen.present.downloads import Downloads, claim_downloads
from site_gen.present.sharing import Sharing, sharing
from site_gen.site import Link


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
class BackLink:
    """From a source-list entry back to one place in the text that cites it."""

    anchor: str  # the citation's element id
    label: str  # "a", "b", ... when cited more than once; "" when once
    aria_label: str  # "back to citation 2 of source 3", in the site's language


@dataclass(frozen=True)
class SourceView:
    number: int  # its place in the list: citations in the text show it as [n]
    anchor: str  # element id, so cost rows and citations can link to it
    back_links: tuple[BackLink, ...]  # empty when the text does not cite it
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
class AppearanceLink:
    """A page where the claim appeared, named by its host ("techstory.in"): appearances are bare
    URLs in the front matter, with no title to show."""

    href: str
    label: str


@dataclass(frozen=True)
class ClaimOrigin:
    """Where and when the claim appeared, as the claim box says it: "first appeared in
    semianalysis.com on January 31, 2025; also in techstory.in", or "…, date not known" (one
    message for each case: templates/partials/claim_origin.html)."""

    first: AppearanceLink | None  # "appeared in", or "first appeared in" when there are others
    others: tuple[AppearanceLink, ...]
    date: DateView | None  # None is shown as "date not known"


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
    claim: str  # the full wording (the card holds the excerpt, when there is one)
    claim_short: str | None  # the editor's excerpt of a long claim, shown on phones; None: the claim in full
    updated: DateView | None
    author: str
    tags: tuple[Link, ...]
    body_html: Markup
    body_opens_with_heading: bool  # then the page adds no "Analysis" heading of its own above it
    sources: tuple[SourceView, ...]
    comparisons: tuple[ComparisonView, ...]
    downloads: Downloads | None  # every table of the entry in a CSV and a JSON; None without tables
    corrections: tuple[CorrectionView, ...]
    report_error: ReportLinks  # the links that report an error in this fact-check (site_gen/contact.py)
    origin: ClaimOrigin
    share: tuple[ShareLink, ...] = ()  # empty when the page's absolute URL is not known
    retracted: RetractionView | None = None  # the notice at the top of a withdrawn fact-check
    related: tuple[ClaimCard, ...] = ()  # at the end of the page (related.py)
    overviews: tuple[Link, ...] = ()  # the pages that draw on this check (their `draws_on:`)
    author_url: str | None = None  # the author's own page, when site.yaml's team gives one
    reviewer: Person | None = None  # who reviewed the check (site.yaml's team)
    sharing: Sharing | None = None  # og:title and og:image, the embed snippet, "Cite this"


def share_links(url: str, title: str, msg: Messages) -> tuple[ShareLink, ...]:
    """Plain share links (no third-party script) for the page at absolute `url`."""
    u, t, both = quote(url, safe=""), quote(title, safe=""), quote(f"{title} {url}", safe="")
    return (
        ShareLink(msg("Email"), f"mailto:?subject={t}&body={both}"),
        ShareLink("Bluesky", f"https://bsky.app/intent/compose?text={both}"),
        ShareLink("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ShareLink("X", f"https://x.com/intent/tweet?url={u}&text={t}"),
        ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
    )


def date_view(date: dt.date, date_format: str, locale: str = "en-US") -> DateView:
    return DateView(date.isoformat(), display_date(date, date_format, locale))


def appearance_link(url: str) -> AppearanceLink:
    host = urlsplit(url).hostname or url
    return AppearanceLink(url, host.removeprefix("www."))


def claim_origin(claim: Claim, date_format: str, locale: str = "en-US") -> ClaimOrigin:
    links = tuple(appearance_link(url) for url in claim.appearances)
    return ClaimOrigin(
        first=links[0] if links else None,
        others=links[1:],
        date=date_view(claim.claim_date, date_format, locale) if claim.claim_date else None,
    )


def claim_card(claim: Claim, config: SiteConfig) -> ClaimCard:
    verdict = config.verdict(claim.verdict)
    return ClaimCard(
        slug=claim.slug,
        path=paths.claim(claim.slug),
        title=claim.title,
        claim=claim.claim_excerpt or claim.claim,  # a list shows the key words of a long claim
        claimant=Link(claim.claimant.name, paths.claimant(claim.claimant.url_key)),
        verdict=VerdictBadge(verdict.key, verdict.label, paths.verdict(verdict.key),
                             verdict.icon),
        summary=claim.summary,
        published=date_view(claim.published, config.date_format, config.locale),
    )


def source_view(source: Source, index: int, date_format: str, cited: int = 0, locale: str = "en-US", *,
                msg: Messages) -> SourceView:
    """`cited`: how many times the text cites the source."""
    # Translators: the spoken name of a link from a source back to one place in the text that cites it.
    back = tuple(BackLink(cite_anchor(source.id, n), _back_label(n, cited),
                          msg("back to citation %(citation)s of source %(source)s", citation=n, source=index + 1))
                 for n in range(1, cited + 1)) if source.id else ()
    return SourceView(
        number=index + 1,
        anchor=source_anchor(source.id or str(index + 1)),
        back_links=back,
        title=source.title,
        publisher=source.publisher,
        url=source.url,
        date=date_view(source.date, date_format, locale) if source.date else None,
        accessed=date_view(source.accessed, date_format, locale) if source.accessed else None,
        archive=source.archive,
        quote=source.quote,
    )


def _back_label(n: int, of: int) -> str:
    """Back links to a source cited several times read a, b, c ... (as in Wikipedia); once, nothing."""
    if of == 1:
        return ""
    return "abcdefghijklmnopqrstuvwxyz"[n - 1] if of <= 26 else str(n)


def claim_view(claim: Claim, body_html: str, config: SiteConfig,
               absolute: Callable[[str], str] | None = None, *, msg: Messages,
               related: tuple[ClaimCard, ...] = (), overviews: tuple[Link, ...] = ()) -> ClaimView:
    """`absolute` turns a site path into an absolute URL (Urls.absolute); it gives the share links."""
    dates, locale = config.date_format, config.locale
    card = claim_card(claim, config)
    cited = citations(body_html)
    shared = sharing(claim, config, absolute, msg) if absolute else None
    return ClaimView(
        card=card,
        claim=claim.claim,
        claim_short=claim.claim_excerpt,
        updated=date_view(claim.updated, dates, locale) if claim.updated and claim.updated != claim.published else None,
        author=claim.author,
        tags=tuple(Link(config.tag_label(t), paths.tag(t)) for t in claim.tags),
        body_html=Markup(body_html),  # produced by markdown.render with raw HTML off
        body_opens_with_heading=body_html.startswith("<h"),  # markdown.render's output starts with its first block
        sources=tuple(source_view(s, i, dates, cited.get(s.id or "", 0), locale, msg=msg)
                      for i, s in enumerate(claim.sources)),
        comparisons=comparison_views(claim, config.locale, msg=msg),
        downloads=claim_downloads(claim) if claim.comparisons else None,
        corrections=tuple(CorrectionView(date_view(c.date, dates, locale), c.note) for c in claim.corrections),
        report_error=report_error_links(config, claim.title, absolute(card.path) if absolute else None, msg),
        origin=claim_origin(claim, dates, locale),
        share=share_links(absolute(card.path), shared.title, msg) if absolute and shared else (),
        retracted=RetractionView(date_view(claim.retracted.date, dates, locale), claim.retracted.note)
        if claim.retracted else None,
        related=related,
        overviews=overviews,
        author_url=author.url if (author := config.person(claim.author)) else None,
        reviewer=config.person(claim.reviewer),
        sharing=shared,
    )


@dataclass(frozen=True)
class PageTables:
    """A content page's cost tables and the sources they cite (an overview page's)."""

    comparisons: tuple[ComparisonView, ...]
    sources: tuple[SourceView, ...]


def page_tables(page: Page, config: SiteConfig, msg: Messages) -> PageTables | None:
    """None for a page without tables or sources (most pages)."""
    if not page.comparisons and not page.sources:
        return None
    return PageTables(page_comparison_views(page, config.locale, msg=msg),
                      tuple(source_view(s, i, config.date_format, 0, config.locale, msg=msg)
                            for i, s in enumerate(page.sources)))
