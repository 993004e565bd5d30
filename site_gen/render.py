"""Site + templates -> (output path, bytes) for every HTML page.

One Jinja environment (autoescape, StrictUndefined). Each page gets a small precomputed context;
a template error becomes a Problem naming the template file and line, never a traceback.
"""
from __future__ import annotations

import functools
import hashlib
import itertools
import operator
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Sequence

import jinja2
from markupsafe import Markup

from site_gen.model import Claim, ContentError, Problem
from site_gen.present import explorer
from site_gen.present.contact import routes as contact_routes
from site_gen.present.costs import COMBINED_DOWNLOADS, claim_downloads, claim_table_files
from site_gen.present.jsonld import claim_page_json
from site_gen.present.views import ClaimCard, CorrectionView, claim_card, claim_view, date_view
from site_gen.site import Group, Link, Pagination, Site, paginate
from site_gen.urls import Urls

TEMPLATES_DIR = "templates"
_PATH = operator.attrgetter("path")


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    path: str  # site path of this page ("" for home)
    kind: str  # home | claim | list | index | page | corrections | costs | search | 404


@dataclass(frozen=True)
class SiteView:
    title: str
    description: str
    language: str
    organisation: str
    nav: tuple  # Links to content pages with a nav_order


# Only the site's own scripts and styles; no inline script or style (JSON-LD is data, not script).
# 'wasm-unsafe-eval' because Pagefind compiles its WebAssembly search engine (without it Chromium
# refuses and search is unavailable); its worker is a same-origin file. Established in Chromium by
# tests/test_search_browser.py, which runs the search under this policy.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
                           "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                           "form-action 'self'; object-src 'none'")


def make_environment(root: Path, urls: Urls, csp: str = CONTENT_SECURITY_POLICY,
                     reuse: jinja2.Environment | None = None) -> jinja2.Environment:
    """`reuse`: the environment of an earlier build of the same project (serve), whose compiled
    templates stay valid while their files are unchanged (Jinja checks their mtimes)."""
    loader = jinja2.FileSystemLoader(root / TEMPLATES_DIR)
    if reuse is not None and getattr(reuse.loader, "searchpath", None) == loader.searchpath:
        env = reuse
    else:
        env = jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    env.globals.update(url=urls.url, asset=urls.asset, absolute=urls.absolute, csp=csp)
    return env


# PageJob and JobGroup are NamedTuples, not dataclasses: a build makes one per output file and per
# entry (tens of thousands), and a tuple is made several times faster (immutable and typed all the same).
class PageJob(NamedTuple):
    """One output file: its path, a key that changes whenever anything it shows changes, and how
    to render it. Equal keys mean byte-identical files, which is what incremental builds rely on."""

    out: str
    key: str
    render: Callable[[], bytes]


class JobGroup(NamedTuple):
    """Output files under one key covering all of them (a claim's page and downloads, one listing
    and its pages, ...). While the group key is unchanged the group is reused whole, without even
    listing its jobs: a one-entry edit in a 10,000-entry site then costs a key per group, not per
    file. `site_wide` marks files every entry feeds (exports, feeds, sitemap), which `serve` writes
    after the pages."""

    name: str
    key: str
    jobs: Callable[[], Iterable[PageJob]]
    site_wide: bool = False


class GroupBatch(NamedTuple):
    """Many JobGroups given as parallel lists of names and keys, each group made only when the
    build needs it: checking a 10,000-entry site's claim pages after an edit then costs a key per
    entry, not a JobGroup and a closure each. A group is unchanged while both the batch's `base`
    key (templates, configuration, ...) and its own key are; its own key is then just its entry's
    digest, an existing string (making 10,000 new keys per edit is measurably slow)."""

    name: str
    base: str
    names: Sequence[str]
    keys: Sequence[str]
    group: Callable[[int], JobGroup]  # the i-th group, its files' keys covering the base


def files_group(name: str, key: str, files: Callable[[], Iterable[tuple[str, Callable[[], bytes]]]],
                site_wide: bool = False) -> JobGroup:
    """Files listed together as (path, how to make it), all under the group's key."""
    return JobGroup(name, key, lambda: [PageJob(out, key, make) for out, make in files()], site_wide)


class Renderer:
    """Turns a Site into JobGroups (the claim pages' as one GroupBatch). `base_key` covers what
    every page depends on (generator version, site.yaml, templates, static assets). Of each source
    file, `digests` hash the whole file (its own page shows the body) and `meta_digests` the path
    and front matter (all that any other page, listing or export shows of it), so editing an
    entry's text re-renders its page only."""

    def __init__(self, site: Site, env: jinja2.Environment, base_key: str, digests: Mapping[str, str],
                 meta_digests: Mapping[str, str], memo: dict | None = None):
        self.site, self.env, self.config = site, env, site.config
        self.digests, self.meta = digests, meta_digests
        self.memo = memo if memo is not None else {}  # see _members_key
        self.site_view = SiteView(self.config.title, self.config.description, self.config.language,
                                  self.config.organisation.name,
                                  tuple(Link(p.title, f"{p.slug}/") for p in site.pages if p.nav_order is not None))
        # Every page shows the footer navigation, built from the content pages' front matter.
        self.base_key = _key(base_key, *(meta_digests[p.path] for p in site.pages))
        # Retracted claims are in no listing, but the sitemap and the corrections log show them.
        self.everything_key = _key(self._members_key(("everything",), site.claims),
                                   self._members_key(("retracted",), site.retracted))
        self._cards: dict[str, ClaimCard] = {}

    def other_pages(self) -> Iterator[JobGroup | GroupBatch]:
        """Every HTML page but the claim pages (claim_pages): retracted claims' pages, listings,
        /costs/, single pages."""
        if self.site.retracted:
            yield self._retracted_batch()
        yield from self._listing_groups()
        yield from self._explorer_groups()
        yield from self._single_pages()

    def site_files(self, files: Callable[[], Iterable[tuple[str, Callable[[], bytes]]]]) -> JobGroup:
        """Files that show every entry's front matter (feeds, sitemap, exports), as (path, how to make it)."""
        return files_group("site-files", _key(self.everything_key, "site-files"), files, site_wide=True)

    def card(self, claim: Claim) -> ClaimCard:
        card = self._cards.get(claim.slug)
        if card is None:
            card = self._cards[claim.slug] = claim_card(claim, self.config)
        return card

    def _job(self, template: str, out: str, meta: PageMeta, key: str, context: Callable[[], dict] = dict) -> PageJob:
        """`context` is called only if the page has to be rendered: an unchanged page costs its key."""

        def render() -> bytes:
            return _render(self.env, template, site=self.site_view, page=meta, **context()).encode("utf-8")

        return PageJob(out, key, render)

    def _single(self, template: str, out: str, meta: PageMeta, key: str, context: Callable[[], dict] = dict) -> JobGroup:
        return JobGroup(out, key, lambda: (self._job(template, out, meta, key, context),))

    def claim_pages(self) -> GroupBatch:
        """Each claim's page and downloads, a group per claim. A claim's page shows its whole file."""
        claims = self.site.claims
        order = self._claims_order()
        keys = list(map(self.digests.get, order.paths))  # (C loops: serve does this after every edit)

        def group(i: int) -> JobGroup:
            claim, page_key = claims[i], f"{self.base_key}:claim:{keys[i]}"
            return JobGroup(order.names[i], keys[i], lambda: self._claim_jobs(claim, page_key))

        return GroupBatch("claims", self.base_key, order.names, keys, group)

    def _retracted_batch(self) -> GroupBatch:
        """The pages of retracted claims: each still at its URL, with the notice; no listing has them."""
        claims = self.site.retracted
        keys = [self.digests[claim.path] for claim in claims]

        def group(i: int) -> JobGroup:
            claim, page_key = claims[i], f"{self.base_key}:claim:{keys[i]}"
            return JobGroup(f"claims/{claim.slug}/", keys[i], lambda: self._claim_jobs(claim, page_key))

        return GroupBatch("retracted", self.base_key, [f"claims/{c.slug}/" for c in claims], keys, group)

    def _claims_order(self) -> "_ClaimsOrder":
        """The claims' group names and source paths, remembered while the claims' paths and slugs
        are the same (an edit that changes neither, the common one, keeps them)."""
        claims = self.site.claims
        hit = self.memo.get(("claims order",))
        if hit is not None and (hit[0] is claims or _placed_alike(hit[0], claims)):
            self.memo[("claims order",)] = (claims, hit[1])
            return hit[1]
        order = _ClaimsOrder([f"claims/{claim.slug}/" for claim in claims], [claim.path for claim in claims])
        self.memo[("claims order",)] = (claims, order)
        return order

    def _claim_jobs(self, claim: Claim, page_key: str) -> Iterator[PageJob]:
        absolute, config = self.env.globals["absolute"], self.config
        path = f"claims/{claim.slug}/"
        yield self._job("claim.html", f"{path}index.html", PageMeta(claim.title, claim.summary, path, "claim"), page_key,
                        lambda: dict(claim=claim_view(claim, self.site.html[claim.path], config, absolute),
                                     verdict=config.verdict(claim.verdict),
                                     jsonld=Markup(claim_page_json(claim, config, absolute(path)))))
        if claim.comparisons:
            key = f"{self.base_key}:downloads:{self.meta[claim.path]}"
            made: dict[str, bytes] = {}  # both of the claim's downloads, made at the first one asked for

            def download(out: str) -> bytes:
                if not made:
                    made.update(claim_table_files(claim, absolute))
                return made[out]

            for out in claim_downloads(claim):
                yield PageJob(out, key, functools.partial(download, out))

    def _listing_groups(self) -> Iterator[JobGroup]:
        site = self.site
        everything = Group("all", "All fact-checks", "claims/", site.claims,
                           "Every fact-check on this site, newest first.")
        yield self._listing(everything, "All fact-checks")
        for heading, groups, kind, intro in (
            ("Verdicts", site.verdicts, "verdicts/", "Browse the fact-checks by the rating they received."),
            ("Tags", site.tags, "tags/", "Browse the fact-checks by topic."),
            ("Claimants", site.claimants, "claimants/", "Browse the fact-checks by who made the claim."),
        ):
            yield self._single("index_list.html", f"{kind}index.html", PageMeta(heading, intro, kind, "index"),
                               _key(self.base_key, kind, *_links_key(g.link for g in groups),
                                    *(g.description for g in groups)),
                               lambda h=heading, i=intro, g=groups: dict(heading=h, intro=i, groups=g))
            for group in groups:
                title = {"verdicts/": f"Verdict: {group.label}", "tags/": f"Tag: {group.label}",
                         "claimants/": f"Claims by {group.label}"}[kind]
                yield self._listing(group, title)

    def _single_pages(self) -> Iterator[JobGroup]:
        site, config, card, base, meta = self.site, self.config, self.card, self.base_key, self.meta
        tally = tuple(g.link for g in site.verdicts)
        featured = site.featured[: config.per_page]
        latest = tuple(c for c in site.claims[: config.per_page + len(featured)] if not c.featured)[: config.per_page]
        yield self._single("home.html", "index.html", PageMeta(config.title, config.description, "", "home"),
                           _key(base, "home", str(len(site.claims)), *_links_key(tally), *self._metas(featured), "",
                                *self._metas(latest)),
                           lambda: dict(featured=tuple(card(c) for c in featured), latest=tuple(card(c) for c in latest),
                                        tally=tally, total=len(site.claims)))
        for content_page in site.pages:
            yield self._single("page.html", f"{content_page.slug}/index.html",
                               PageMeta(content_page.title, content_page.description, f"{content_page.slug}/", "page"),
                               _key(base, self.digests[content_page.path]),
                               lambda p=content_page: dict(body_html=Markup(site.html[p.path]),
                                                           verdicts=config.verdicts if p.verdict_scale else (),
                                                           contact_routes=contact_routes(config) if p.contact else None))
        yield self._single("corrections.html", "corrections/index.html",
                           PageMeta("Corrections", "Every correction made to a fact-check on this site, newest first.",
                                    "corrections/", "corrections"),
                           _key(base, "corrections", *self._metas(e.claim for e in site.corrections)),
                           lambda: dict(corrections=tuple(
                               (CorrectionView(date_view(e.correction.date, config.date_format),
                                               f"Retracted: {e.correction.note}" if e.retraction else e.correction.note),
                                card(e.claim))
                               for e in site.corrections)))
        browse = (tally, tuple(g.link for g in site.tags), tuple(g.link for g in site.claimants))
        yield self._single("search.html", "search/index.html",
                           PageMeta("Search", f"Search the fact-checks of {config.title}.", "search/", "search"),
                           _key(base, "search", *(part for links in browse for part in _links_key(links))),
                           lambda: dict(verdicts=browse[0], tags=browse[1], claimants=browse[2]))
        newest = site.claims[:5]
        yield self._single("404.html", "404.html", PageMeta("Page not found", "This page does not exist.", "404.html", "404"),
                           _key(base, "404", *self._metas(newest)),
                           lambda: dict(latest=tuple(card(c) for c in newest)))

    def _metas(self, claims: Iterable[Claim]) -> Iterator[str]:
        """The claims' front-matter digests (in C loops: listings' keys cover thousands)."""
        return map(self.meta.__getitem__, map(_PATH, claims))

    def _members_key(self, head: tuple[str, ...], claims: tuple[Claim, ...]) -> str:
        """The key of `head` and the front matter of `claims`. Remembered across serve's rebuilds while `claims` is the very same tuple: the loader keeps
        an entry's Claim object while its path and front matter are unchanged, and the site keeps
        its indexes while every Claim is kept (site.py), so the same tuple means the same digests."""
        hit = self.memo.get(head)
        if hit is not None and hit[0] is claims:
            return hit[1]
        key = _key(self.base_key, *head, *self._metas(claims))
        self.memo[head] = (claims, key)
        return key

    def _explorer_plan(self) -> explorer.Plan:
        """Remembered while the site's claims are the very same (see _members_key)."""
        claims = self.site.claims
        hit = self.memo.get(("explorer",))
        if hit is not None and hit[0] is claims:
            return hit[1]
        found = explorer.plan(claims, self.site.featured)
        self.memo[("explorer",)] = (claims, found)
        return found

    def _entry_metas(self, entries: Iterable[explorer.Entry]) -> Iterator[str]:
        return (f"{self.meta[entry.claim.path]}:{entry.number}" for entry in entries)

    def _explorer_groups(self) -> Iterator[JobGroup]:
        """/costs/ (the featured comparison, then each unit's newest), and each unit's own pages
        where it has more. Every page changes only with the comparisons it lists."""
        found, locale, card = self._explorer_plan(), self.config.locale, self.card
        items = lambda entries: tuple(explorer.item(e, locale, card) for e in entries)  # noqa: E731
        downloads = (COMBINED_DOWNLOADS.csv_path, COMBINED_DOWNLOADS.json_path)
        heads = [f"{g.heading}\0{g.anchor}\0{g.path}\0{len(g.entries)}" for g in found.groups]
        key = _key(self.base_key, "costs", *self._entry_metas([found.featured] if found.featured else []), *heads,
                   *(meta for g in found.groups for meta in self._entry_metas(g.front)))
        meta = PageMeta("Cost comparisons", "Every cost comparison on this site, grouped by what it measures, "
                        "with each fact-check's verdict and downloads.", explorer.COSTS_PATH, "costs")
        yield self._single("costs.html", f"{explorer.COSTS_PATH}index.html", meta, key, lambda: dict(
            featured=items([found.featured])[0] if found.featured else None, count=found.count, downloads=downloads,
            groups=tuple((g, items(g.front)) for g in found.groups)))
        for group in found.groups:
            if group.has_own_pages:
                yield self._explorer_unit(group)

    def _explorer_unit(self, group: explorer.UnitGroup) -> JobGroup:
        locale, card = self.config.locale, self.card
        metas = list(self._entry_metas(group.entries))
        key = _key(self.base_key, "costs-unit", group.heading, group.path, *metas)

        def jobs() -> Iterator[PageJob]:
            for p in group.pages():
                title = f"Cost comparisons {group.heading[0].lower()}{group.heading[1:]}"
                shown = title if p.number == 1 else f"{title} (page {p.number} of {p.total})"
                page_key = _key(self.base_key, "costs-unit", group.heading, p.path, str(p.total),
                                *_on_page(metas, p, explorer.PER_PAGE))
                yield self._job("costs_unit.html", f"{p.path}index.html",
                                PageMeta(shown, f"Every cost comparison on this site {group.heading.lower()}.", p.path,
                                         "costs"), page_key,
                                lambda p=p: dict(heading=title, group=group, pagination=p,
                                                 items=tuple(explorer.item(e, locale, card) for e in p.items)))

        return JobGroup(f"list:{group.path}", key, jobs)

    def _listing(self, group: Group, title: str) -> JobGroup:
        """A listing's pages change only when its members or their front matter do."""
        key = self._members_key(("list", group.path, title, group.description), group.claims)
        return JobGroup(f"list:{group.path}", key, lambda: self._listing_pages(group, title))

    def _listing_pages(self, group: Group, title: str) -> Iterator[PageJob]:
        metas, per_page = list(self._metas(group.claims)), self.config.per_page
        for pagination in paginate(group.claims, per_page, group.path):
            shown = title if pagination.number == 1 else f"{title} (page {pagination.number} of {pagination.total})"
            key = _key(self.base_key, "list", pagination.path, title, group.description, str(pagination.number),
                       str(pagination.total), str(len(group.claims)), *_on_page(metas, pagination, per_page))
            yield self._job("list.html", f"{pagination.path}index.html",
                            PageMeta(shown, group.description or f"{title}: {len(group.claims)} fact-check(s).",
                                     pagination.path, "list"), key,
                            lambda p=pagination: dict(heading=title, intro=group.description, pagination=p,
                                                      cards=tuple(self.card(c) for c in p.items), total=len(group.claims)))


class _ClaimsOrder(NamedTuple):
    """The claims' groups, newest first."""

    names: list[str]  # the groups' names
    paths: list[str]  # the claims' source paths


def _on_page(items: list, pagination: Pagination, per_page: int) -> list:
    """The part of `items` (parallel to the paginated list) on the given page."""
    return items[(pagination.number - 1) * per_page:pagination.number * per_page]


def _placed_alike(old: tuple[Claim, ...], new: tuple[Claim, ...]) -> bool:
    """Whether the claims have the same paths and slugs, place by place. Only the claims that are
    not the very same objects are looked at (serve's edits swap in one or two)."""
    if len(old) != len(new):
        return False
    edited = itertools.compress(range(len(new)), map(operator.is_not, old, new))
    return all(old[i].path == new[i].path and old[i].slug == new[i].slug for i in edited)


def _links_key(links: Iterable[Link]) -> Iterator[str]:
    return (f"{link.label}\0{link.path}\0{link.count}" for link in links)


def _key(*parts: str) -> str:
    # One join and one hash call: a listing's key covers thousands of digests.
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _render(env: jinja2.Environment, template: str, **context: Any) -> str:
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as err:
        raise ContentError([Problem(f"{TEMPLATES_DIR}/{err.name or template}", err.lineno or 1, 1, "",
                                    f"template error: {err.message}")]) from None
    except jinja2.TemplateNotFound as err:
        raise ContentError([Problem(f"{TEMPLATES_DIR}/{template}", 1, 1, "",
                                    f"template error: expected a template named {err.name!r}, got none")]) from None
    except Exception as err:  # an error inside a template: point at the template line that raised it
        name, line = _template_frame(sys.exc_info()[2], template)
        raise ContentError([Problem(f"{TEMPLATES_DIR}/{name}", line, 1, "",
                                    f"template error: {type(err).__name__}: {err}")]) from None


def _template_frame(tb, default: str) -> tuple[str, int]:
    """The innermost traceback frame that belongs to a template file (Jinja rewrites them so)."""
    found = (default, 1)
    for frame, line in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if f"{TEMPLATES_DIR}/" in filename.replace("\\", "/") and filename.endswith((".html", ".xml", ".txt")):
            found = (filename.replace("\\", "/").split(f"{TEMPLATES_DIR}/", 1)[1], line)
    return found
