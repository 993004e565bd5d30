"""The catalogue of page kinds: every kind of HTML page the site has, one entry each.

An entry (a PageKind) says where a kind's pages live and when each last changed (what the sitemap
lists, in catalogue order), whether Pagefind reads them, and how they become jobs: each with its
template, a key that changes whenever anything the page shows changes, and a context made only
when the page has to be rendered. The build renders `CATALOGUE`, the sitemap (outputs/site_files.py) lists
it, the search index (search.py) reads its searched kinds: a new kind of page is one entry here.

Keys: `Pages.base_key` covers what every page depends on (generator version, site.yaml, templates,
static assets, and the content pages' front matter, which makes the footer). Of each source file,
`digests` hash the whole file (its own page shows the body) and `meta_digests` the path and front
matter (all any other page shows of it), so editing an entry's text re-renders its page only.
"""
from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import jinja2
from markupsafe import Markup

from site_gen import paths
from site_gen.claim_pages import claim_groups, claim_sitemap
from site_gen.contact import routes as contact_routes
from site_gen.editions import Alternate
from site_gen.i18n import Messages
from site_gen.incremental import KeyMemo
from site_gen.list_pages import browse_groups, browse_sitemap, explorer_groups, explorer_sitemap, links_key
from site_gen.model import Claim, Page
from site_gen.plugins import PluginPage, Registry
from site_gen.present.direction import text_direction
from site_gen.present.jsonld import retraction_note
from site_gen.present.script_messages import script_data, search_messages, share_messages
from site_gen.present.sharing import ShareImage, site_image
from site_gen.present.views import ClaimCard, CorrectionView, claim_card, date_view, page_tables
from site_gen.render import absolute_url, render
from site_gen.site import Link, Pagination, Site, last_modified, paginate
from site_gen.write.jobs import GroupBatch, JobGroup, PageJob, files_group, key

_PATH = operator.attrgetter("path")
Groups = Iterable["JobGroup | GroupBatch"]
T = TypeVar("T")  # what a paginated list shows


@dataclass(frozen=True)
class PageMeta:
    """What base.html needs of every page."""

    title: str
    description: str
    path: str  # site path of this page ("" for home)
    kind: str  # the PageKind's name (templates style by it: body.page-<kind>)
    alternates: tuple[Alternate, ...] = ()  # its versions in the site's languages (editions.Alternate), when it has several


@dataclass(frozen=True)
class SiteView:
    title: str
    description: str
    language: str
    organisation: str
    nav: tuple[Link, ...]  # the content pages with a nav_order, in the footer
    search_hint: str | None = None  # examples in the home page's search box
    direction: str = "ltr"  # "rtl" for a right-to-left language: <html dir> (site_gen/present/direction.py)
    image: ShareImage | None = None  # the site's card: the link preview of every page but a claim's


@dataclass(frozen=True)
class Reads:
    """What a page kind's pages show besides what every page shows (the base key: the generator,
    site.yaml, the templates and static files, the messages, the content pages in the footer).
    Keys are made from it (`Pages.key`), which refuses an input the kind did not declare and
    requires each one it did: no key can leave out what its kind says its pages print.
    tests/test_page_keys.py checks the declarations against what the pages really print."""

    entry: bool = False  # the whole file of the entry a page is about (its body too)
    claims: bool = False  # the front matter of the claims a page shows (listed, related, drawn on)
    everything: bool = False  # every claim's front matter, retracted ones too
    values: bool = False  # figures made from several entries: counts, the links of an index, a plan


@dataclass(frozen=True)
class PageKind:
    name: str
    sitemap: Callable[[Site], Iterable[tuple[str, dt.date | None]]]  # (path, last changed) of each page
    groups: Callable[[Pages, Reads], Groups]  # its pages as jobs, keyed by what `reads` declares
    reads: Reads  # what its pages show
    searched: bool = False  # Pagefind reads these pages (paths.SEARCHED_PAGES)


class Pages:
    """One build's pages: what every kind's jobs share (the environment, the keys, the cards, the
    interface's messages in the site's language: `msg`, whose catalogues the base key covers)."""

    def __init__(self, site: Site, env: jinja2.Environment, base_key: str, digests: Mapping[str, str],
                 meta_digests: Mapping[str, str], memo: KeyMemo | None = None, *, msg: Messages,
                 alternates: Callable[[str], tuple[Alternate, ...]] | None = None):
        self.site, self.env, self.config, self.msg = site, env, site.config, msg
        self.alternates = alternates  # a site path -> its versions in the other languages (editions.Versions)
        self.digests, self.meta = digests, meta_digests
        self.site_view = SiteView(self.config.title, self.config.description, self.config.language,
                                  self.config.organisation.name,
                                  tuple(Link(p.title, paths.content_page(p.slug)) for p in site.pages
                                        if p.nav_order is not None), self.config.search_hint,
                                  text_direction(self.config.language),
                                  site_image(self.config, absolute_url(env), msg))
        self.base_key = key(base_key, *(meta_digests[p.path] for p in site.pages))
        self.memo = (memo or KeyMemo()).under(self.base_key)
        # Retracted claims are in no listing, but the sitemap and the corrections log show them.
        self.everything_key = key(self.members_key(("everything",), site.claims),
                                  self.members_key(("retracted",), site.retracted))
        self._cards: dict[str, ClaimCard] = {}
        # The messages of the pages' scripts, as their <script type="application/json"> (script_messages.py).
        self.search_messages = script_data(search_messages(msg))
        self.share_messages = script_data(share_messages(msg))

    def groups(self, catalogue: Iterable[PageKind]) -> list[tuple[PageKind, list[JobGroup | GroupBatch]]]:
        return [(kind, list(kind.groups(self, kind.reads))) for kind in catalogue]

    def entry_keys(self, reads: Reads, entries: Sequence[Claim],
                   beside: Callable[[Claim], Sequence[Claim]] | None) -> list[str]:
        """The keys of pages that are each about one entry, in a GroupBatch (whose base key is the
        base key): the entry's file digest, then the front matter of the claims shown `beside` it.
        Made in C loops where they can be: serve makes them after every edit of a 10,000-entry site."""
        given = Reads(entry=True, claims=beside is not None)
        if given != reads:
            raise ValueError(f"entry keys: declared {reads}, given {given}")
        # (Every loaded file has a digest: none is None.)
        keys = cast("list[str]", list(map(self.digests.get, map(_PATH, entries))))
        if beside is None:
            return keys
        meta = self.meta
        return [k if not (shown := beside(entry)) else f"{k}+" + "+".join(meta[c.path] for c in shown)
                for k, entry in zip(keys, entries)]

    def key(self, reads: Reads, *head: str, entry: Claim | Page | None = None, claims: Iterable[str] | None = None,
            everything: bool = False, values: Iterable[str] | None = None) -> str:
        """A page's key from its kind's declaration: the base key, `head` (what names the page), and
        exactly the inputs `reads` declares: the entry's file digest, the shown claims' front-matter
        digests (`metas`), every claim's, derived values. An input given that was not declared, or
        declared and not given, is a bug in the page kind: it raises."""
        given = Reads(entry is not None, claims is not None, everything, values is not None)
        if given != reads:
            raise ValueError(f"page key {head!r}: declared {reads}, given {given}")
        parts = [self.base_key, *head]
        if entry is not None:
            parts += ("\x01entry", self.digests[entry.path])
        if claims is not None:
            parts += ("\x01claims", *claims)
        if everything:
            parts += ("\x01everything", self.everything_key)
        if values is not None:
            parts += ("\x01values", *values)
        return key(*parts)

    def site_files(self, files: Callable[[], Iterable[tuple[str, Callable[[], bytes]]]]) -> JobGroup:
        """Files that show every entry's front matter (feeds, sitemap, exports), as (path, how to make it)."""
        return files_group("site-files", key(self.everything_key, "site-files"), files, site_wide=True)

    @functools.cached_property
    def claims_by_slug(self) -> dict[str, Claim]:
        return {claim.slug: claim for claim in self.site.claims}

    def related_claims(self, claim: Claim) -> tuple[Claim, ...]:
        """The claims shown at the end of its page (related.py); none on a retracted page."""
        if claim.retracted is not None:
            return ()
        return tuple(self.claims_by_slug[slug] for slug in self.site.related.get(claim.slug, ()))

    def related_cards(self, claim: Claim) -> tuple[ClaimCard, ...]:
        return tuple(map(self.card, self.related_claims(claim)))

    def overviews(self, claim: Claim) -> tuple[Link, ...]:
        """The pages that draw on the claim (their `draws_on:`), linked from its page."""
        return self.site.overviews.get(claim.slug, ())

    def card(self, claim: Claim) -> ClaimCard:
        card = self._cards.get(claim.slug)
        if card is None:
            card = self._cards[claim.slug] = claim_card(claim, self.config)
        return card

    def job(self, kind: str, template: str, meta_: tuple[str, str, str], page_key: str,
            context: Callable[[], dict[str, Any]] = dict) -> PageJob:
        """A page as a job: `meta_` is (title, description, site path); `context` is called only if
        the page has to be rendered, so an unchanged page costs its key."""
        title, description, path = meta_
        meta = PageMeta(title, description, path, kind, self.alternates(path) if self.alternates else ())

        def make() -> bytes:
            return render(self.env, template, site=self.site_view, page=meta, **context()).encode("utf-8")

        return PageJob(paths.output_file(path), page_key, make)

    def single(self, kind: str, template: str, meta_: tuple[str, str, str], page_key: str,
               context: Callable[[], dict[str, Any]] = dict) -> JobGroup:
        """A group of one page, named after its path."""
        return JobGroup(meta_[2] or "home", page_key, lambda: (self.job(kind, template, meta_, page_key, context),))

    def metas(self, claims: Iterable[Claim]) -> Iterator[str]:
        """The claims' front-matter digests (in C loops: listings' keys cover thousands)."""
        return map(self.meta.__getitem__, map(_PATH, claims))

    def members_key(self, head: tuple[str, ...], claims: tuple[Claim, ...]) -> str:
        """The key of `head` and the front matter of `claims` (remembered: see KeyMemo)."""
        return self.memo.members_key(head, claims, lambda: key(self.base_key, *head, *self.metas(claims)))

    def paginated(self, kind: str, template: str, items: tuple[T, ...], per_page: int, first: str, title: str,
                  description: str, page_key: Callable[[Pagination[T]], str],
                  context: Callable[[Pagination[T]], dict[str, Any]]) -> Iterator[PageJob]:
        """A list's pages, titled "(page n of m)" after the first."""
        for p in paginate(items, per_page, first):
            # Translators: the title of a list's second and later pages: "All fact-checks (page 2 of 5)".
            shown = title if p.number == 1 else self.msg("%(title)s (page %(number)d of %(total)d)", title=title,
                                                         number=p.number, total=p.total)
            yield self.job(kind, template, (shown, description, p.path), page_key(p),
                           functools.partial(context, p))


# --- pages of one: home, content pages, corrections, search, 404 ------------------------------


def _home_groups(pages: Pages, reads: Reads) -> Groups:
    site, config, card = pages.site, pages.config, pages.card
    tally = tuple(g.link for g in site.verdicts)
    featured = site.featured[: config.per_page]
    latest = tuple(c for c in site.claims[: config.per_page + len(featured)] if not c.featured)[: config.per_page]
    yield pages.single("home", "home.html", (config.title, config.description, paths.HOME),
                       pages.key(reads, "home", claims=(*pages.metas(featured), "", *pages.metas(latest)),
                                 values=(str(len(site.claims)), *links_key(tally))),
                       lambda: dict(featured=tuple(card(c) for c in featured), latest=tuple(card(c) for c in latest),
                                    tally=tally, total=len(site.claims), overviews=site.featured_pages))


def _content_page_groups(pages: Pages, reads: Reads) -> Groups:
    for page in pages.site.pages:
        yield pages.single("page", "page.html", (page.title, page.description, paths.content_page(page.slug)),
                           # (it lists the fact-checks it draws on: their front matter too)
                           pages.key(reads, "page", entry=page, claims=pages.metas(
                               pages.claims_by_slug[s] for s in page.draws_on if s in pages.claims_by_slug)),
                           functools.partial(_content_page_context, pages, page))


def _content_page_context(pages: Pages, p: Page) -> dict[str, Any]:
    site, config = pages.site, pages.config
    return dict(body_html=Markup(site.html[p.path]),
                verdicts=site.verdicts if p.verdict_scale else (),
                contact_routes=contact_routes(config, pages.msg) if p.contact else None,
                team=config.team if p.team else (),
                tables=page_tables(p, config, pages.msg),
                drawn_on=tuple(pages.card(pages.claims_by_slug[s]) for s in p.draws_on
                               if s in pages.claims_by_slug))


def _corrections_groups(pages: Pages, reads: Reads) -> Groups:
    site, config, card, msg = pages.site, pages.config, pages.card, pages.msg
    yield pages.single("corrections", "corrections.html", (
        msg("Corrections"), msg("Every correction made to a fact-check on this site, newest first."), paths.CORRECTIONS),
        pages.key(reads, "corrections", claims=pages.metas(e.claim for e in site.corrections)),
        lambda: dict(corrections=tuple(
            (CorrectionView(date_view(e.correction.date, config.date_format, config.locale),
                            retraction_note(e.correction.note, msg) if e.retraction else e.correction.note), card(e.claim))
            for e in site.corrections)))


def _search_groups(pages: Pages, reads: Reads) -> Groups:
    site = pages.site
    browse = (tuple(g.link for g in site.verdicts), tuple(g.link for g in site.tags), tuple(g.link for g in site.claimants))
    title, description = pages.msg("Search"), pages.msg("Search the fact-checks of %(site)s.", site=pages.config.title)
    yield pages.single("search", "search.html", (title, description, paths.SEARCH),
                       pages.key(reads, "search", values=(str(len(site.claims)),
                                                          *(part for links in browse for part in links_key(links)))),
                       lambda: dict(verdicts=browse[0], tags=browse[1], claimants=browse[2], total=len(site.claims),
                                    search_messages=pages.search_messages))


def _not_found_groups(pages: Pages, reads: Reads) -> Groups:
    newest = pages.site.claims[:5]
    yield pages.single("404", "404.html", (pages.msg("Page not found"), pages.msg("This page does not exist."), paths.NOT_FOUND),
                       pages.key(reads, "404", claims=pages.metas(newest)),
                       lambda: dict(latest=tuple(pages.card(c) for c in newest)))


def _newest(path: str) -> Callable[[Site], Iterator[tuple[str, dt.date | None]]]:
    """A page of one that changes with the newest entry."""
    return lambda site: iter(((path, last_modified(site.claims)),))


# Each kind with what its pages show (Reads): their keys are made from it.
CATALOGUE: tuple[PageKind, ...] = (
    PageKind("home", _newest(paths.HOME), _home_groups, Reads(claims=True, values=True)),  # featured, latest; tally
    PageKind("claim", claim_sitemap, claim_groups, Reads(entry=True, claims=True), searched=True),  # + related
    PageKind("browse", browse_sitemap, browse_groups, Reads(claims=True, values=True)),  # listed; index links
    PageKind("page", lambda site: ((paths.content_page(p.slug), None) for p in site.pages),  # no dates
             _content_page_groups, Reads(entry=True, claims=True)),  # + the checks it draws on
    PageKind("corrections",
             lambda site: iter(((paths.CORRECTIONS, max((e.correction.date for e in site.corrections), default=None)),)),
             _corrections_groups, Reads(claims=True)),
    PageKind("costs", explorer_sitemap, explorer_groups, Reads(claims=True, values=True)),  # comparisons; units
    PageKind("search", _newest(paths.SEARCH), _search_groups, Reads(values=True)),  # the filters' counts
    PageKind("404", lambda site: iter(()), _not_found_groups, Reads(claims=True)),  # in no sitemap; the newest
)
PLUGIN_PAGE = Reads(everything=True, values=True)  # what a plugin's page may show: every claim's front matter


def plugin_kinds(registry: Registry) -> tuple[PageKind, ...]:
    """The pages the site's plugins add (plugins.py), one kind each. A plugin page shows what its
    context makes of the claims' front matter: its key covers all of it (`everything_key`), the
    templates and configuration (the base key) and the plugins' code."""
    def kind(page: PluginPage) -> PageKind:
        def groups(pages: Pages, reads: Reads) -> Groups:
            site = pages.site
            yield pages.single("plugin", page.template, (page.title, page.description, page.path),
                               pages.key(reads, "plugin", page.path, page.template, everything=True,
                                         values=(registry.key,)),
                               lambda: dict(page.context(site.claims)))
        return PageKind(f"plugin:{page.plugin}:{page.path}", _newest(page.path), groups, PLUGIN_PAGE)

    return tuple(kind(page) for page in registry.pages)


def sitemap_pages(site: Site, catalogue: Iterable[PageKind] = CATALOGUE) -> list[tuple[str, dt.date | None]]:
    """(site path, last changed) of every page worth indexing, kind by kind."""
    return [entry for kind in catalogue for entry in kind.sitemap(site)]
