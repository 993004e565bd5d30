"""All Claims -> Site: the derived data every page needs, computed once (no template does data work).

Orders, indexes (by verdict, tag, claimant), pagination and display strings live here. Every index
is built in one pass over the claims, so nothing is quadratic in the number of entries.
"""
from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from site_gen import paths
from site_gen.load.content import Content
from site_gen.model import Claim, Correction, Page, SiteConfig, Verdict
from site_gen.related import related_slugs


@dataclass(frozen=True)
class Link:
    label: str
    path: str  # site path relative to the base, e.g. "tags/gpus/"
    count: int = 0


@dataclass(frozen=True)
class Group:
    """One browse index entry: a verdict, tag or claimant and its claims, newest first."""

    key: str
    label: str
    path: str
    claims: tuple[Claim, ...]
    description: str = ""

    @property
    def link(self) -> Link:
        return Link(self.label, self.path, len(self.claims))


@dataclass(frozen=True)
class CorrectionEntry:
    correction: Correction
    claim: Claim
    retraction: bool = False  # the entry withdraws the claim (its note is the retraction's)


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    claims: tuple[Claim, ...]  # newest first; what listings, feeds, exports and search show
    pages: tuple[Page, ...]
    html: dict[str, str]  # source path -> rendered body
    verdicts: tuple[Group, ...]  # in scale order, including empty ones
    tags: tuple[Group, ...]  # alphabetical
    claimants: tuple[Group, ...]  # alphabetical
    corrections: tuple[CorrectionEntry, ...]  # newest first, retractions included
    retracted: tuple[Claim, ...] = ()  # newest first: each keeps its page, and is in no listing
    featured: tuple[Claim, ...] = ()  # `featured: true`, newest first: first on the home page and /costs/
    related: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # slug -> related slugs (related.py)
    overviews: Mapping[str, tuple[Link, ...]] = field(default_factory=dict)  # slug -> the pages that draw on it

    def verdict(self, key: str) -> Verdict:
        return self.config.verdict(key)

    @property
    def featured_pages(self) -> tuple[Link, ...]:
        """The pages linked from the home page (`featured: true`): overviews of the site's main question."""
        return tuple(Link(p.title, paths.content_page(p.slug)) for p in self.pages if p.featured)


_newest_first = operator.attrgetter("published", "slug")


def make_site(config: SiteConfig, content: Content, previous: tuple[Content, Site] | None = None) -> Site:
    """`previous`: an earlier build's content and site (serve). When its claims and pages are the
    very same objects (only entries' texts changed: see content.py), the indexes are reused; when
    some claims were swapped for edited ones that sit in the same places, those are swapped in;
    else each index group whose members are the very same keeps its object (render.py remembers
    keys by it)."""
    old_site = None
    if previous is not None and previous[1].config == config:
        old_content, old_site = previous
        if _same(old_content.pages, content.pages) and len(old_content.claims) == len(content.claims):
            edited = [(a, b) for a, b in zip(old_content.claims, content.claims) if a is not b]
            if not edited:
                return replace(old_site, html=dict(content.html))
            if all(_indexed_alike(a, b) for a, b in edited):
                return _with_edited(old_site, edited, content)
    ordered = sorted(content.claims, key=_newest_first, reverse=True)
    claims = tuple(c for c in ordered if c.retracted is None)
    retracted = tuple(c for c in ordered if c.retracted is not None)
    by_verdict: dict[str, list[Claim]] = defaultdict(list)
    by_tag: dict[str, list[Claim]] = defaultdict(list)
    by_claimant: dict[str, list[Claim]] = defaultdict(list)
    corrections: list[CorrectionEntry] = []
    for claim in claims:
        by_verdict[claim.verdict].append(claim)
        for tag in claim.tags:
            by_tag[tag].append(claim)
        by_claimant[claim.claimant.url_key].append(claim)
        if claim.corrections:
            corrections.extend(CorrectionEntry(c, claim) for c in claim.corrections)
    for claim in retracted:  # the log keeps their corrections, and says they were withdrawn
        corrections.extend(CorrectionEntry(c, claim) for c in claim.corrections)
        withdrawn = claim.retracted
        assert withdrawn is not None  # (`retracted` holds the claims that have one)
        corrections.append(CorrectionEntry(Correction(withdrawn.date, withdrawn.note), claim, True))
    verdicts = _kept(tuple(Group(v.key, v.label, paths.verdict(v.key), tuple(by_verdict[v.key]), v.meaning)
                           for v in config.verdicts), old_site.verdicts if old_site else ())
    labelled = sorted((config.tag_label(t), t, cs) for t, cs in by_tag.items())  # by what readers see
    tags = _kept(tuple(Group(t, label, paths.tag(t), tuple(cs)) for label, t, cs in labelled),
                 old_site.tags if old_site else ())
    claimants = _kept(tuple(Group(s, cs[0].claimant.name, paths.claimant(s), tuple(cs))
                            for s, cs in sorted(by_claimant.items())), old_site.claimants if old_site else ())
    corrections.sort(key=lambda e: (e.correction.date, e.claim.slug), reverse=True)
    pages = tuple(sorted(content.pages, key=lambda p: (p.nav_order is None, p.nav_order or 0, p.slug)))
    featured = tuple(claim for claim in claims if claim.featured)  # (retracted entries are not in `claims`)
    related = related_slugs(claims, (g.claims for g in (*tags, *claimants)))
    overviews: dict[str, list[Link]] = defaultdict(list)
    for page in pages:
        for slug in page.draws_on:
            overviews[slug].append(Link(page.title, paths.content_page(page.slug)))
    return Site(config, claims, pages, dict(content.html), verdicts, tags, claimants, tuple(corrections), retracted,
                featured, related, {slug: tuple(links) for slug, links in overviews.items()})


def _indexed_alike(old: Claim, new: Claim) -> bool:
    """Whether `new` sits exactly where `old` did in every order and index."""
    return (old.published, old.slug, old.verdict, old.tags, old.claimant.name, old.claimant.url_key, old.corrections, old.retracted,
            old.featured) == \
        (new.published, new.slug, new.verdict, new.tags, new.claimant.name, new.claimant.url_key, new.corrections, new.retracted,
         new.featured)


def _with_edited(site: Site, edited: list[tuple[Claim, Claim]], content: Content) -> Site:
    """`site` with each edited claim in its old version's place (`_indexed_alike` found them to sit
    in the same places): serve's common edit, without deriving every index again."""
    new = {id(old): new for old, new in edited}
    in_groups = {key for claim, _ in edited for key in (claim.verdict, *claim.tags, claim.claimant.url_key)}

    def swap(claims: tuple[Claim, ...]) -> tuple[Claim, ...]:
        return tuple([new.get(id(claim), claim) for claim in claims])

    def swap_in(groups: tuple[Group, ...]) -> tuple[Group, ...]:
        return tuple(replace(g, claims=swap(g.claims)) if g.key in in_groups else g for g in groups)

    corrections = tuple(replace(e, claim=new[id(e.claim)]) if id(e.claim) in new else e for e in site.corrections)
    return replace(site, claims=swap(site.claims), html=dict(content.html), verdicts=swap_in(site.verdicts),
                   tags=swap_in(site.tags), claimants=swap_in(site.claimants), corrections=corrections,
                   retracted=swap(site.retracted), featured=swap(site.featured))


def _same(old: Sequence[object], new: Sequence[object]) -> bool:
    return len(old) == len(new) and all(map(operator.is_, old, new))


def _kept(groups: tuple[Group, ...], old_groups: tuple[Group, ...]) -> tuple[Group, ...]:
    """`groups`, each replaced by its old object when that has the same fields and the same members."""
    old = {g.path: g for g in old_groups}
    return tuple(o if (o := old.get(g.path)) is not None and o.label == g.label and o.description == g.description
                 and _same(o.claims, g.claims) else g for g in groups)


def last_modified(claims: Iterable[Claim]) -> dt.date | None:
    """When the newest of these claims was last changed (feeds' and the sitemap's dates)."""
    return max((c.modified for c in claims), default=None)


T = TypeVar("T")  # what a list shows: claims, or the cost explorer's entries


@dataclass(frozen=True)
class Pagination(Generic[T]):
    items: tuple[T, ...]
    number: int  # 1-based
    total: int
    path: str  # this page's site path
    prev_path: str | None
    next_path: str | None


def paginate(items: Sequence[T], per_page: int, base_path: str) -> tuple[Pagination[T], ...]:
    """Page 1 lives at base_path, page n at base_path + 'page/n/'; an empty list still has page 1."""
    chunks: list[tuple[T, ...]] = [tuple(items[i:i + per_page]) for i in range(0, len(items), per_page)] or [()]

    def path(n: int) -> str:
        return paths.numbered(base_path, n)

    total = len(chunks)
    return tuple(Pagination(chunk, n, total, path(n), path(n - 1) if n > 1 else None,
                            path(n + 1) if n < total else None)
                 for n, chunk in enumerate(chunks, start=1))
