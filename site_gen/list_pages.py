"""The list pages as jobs: all fact-checks, the verdict, tag and claimant indexes and their lists,
and the /costs/ explorer with each unit's pages (pages.py's catalogue lists them as the "browse"
and "costs" kinds). A list's pages are keyed one by one from what each shows (its place, the
list's size, its members' front matter), made in one pass and remembered (incremental.KeyMemo).
"""
from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from site_gen import paths
from site_gen.i18n import Messages
from site_gen.model import Claim
from site_gen.present import explorer
from site_gen.present.downloads import COMBINED_DOWNLOADS
from site_gen.site import Group, Link, Site, last_modified, paginate
from site_gen.write.jobs import JobGroup, ListingKeys, PageJob, key

if TYPE_CHECKING:
    from site_gen.pages import Groups, Pages, Reads


def links_key(links: Iterable[Link]) -> Iterator[str]:
    return (f"{link.label}\0{link.path}\0{link.count}" for link in links)


# --- browsing: all fact-checks, and by verdict, tag and claimant ------------------------------

# (section, the Site's groups in it)
_BROWSE = ((paths.VERDICTS, operator.attrgetter("verdicts")), (paths.TAGS, operator.attrgetter("tags")),
           (paths.CLAIMANTS, operator.attrgetter("claimants")))


def _browse_texts(section: str, msg: Messages) -> tuple[str, str, Callable[[str], str]]:
    """A section's heading and intro (its index page), and the title of each list in it."""
    if section == paths.VERDICTS:
        return (msg("Verdicts"), msg("Browse the fact-checks by the rating they received."),
                # Translators: the title of a verdict's list: "Verdict: Misleading".
                lambda label: msg("Verdict: %(verdict)s", verdict=label))
    if section == paths.TAGS:
        return (msg("Tags"), msg("Browse the fact-checks by topic."),
                # Translators: the title of a topic's list: "Tag: gpus".
                lambda label: msg("Tag: %(tag)s", tag=label))
    return (msg("Claimants"), msg("Browse the fact-checks by who made the claim."),
            # Translators: the title of a claimant's list: "Claims by Example AI".
            lambda label: msg("Claims by %(claimant)s", claimant=label))


def _all_claims(site: Site, msg: Messages) -> Group:
    return Group("all", msg("All fact-checks"), paths.CLAIMS, site.claims, msg("Every fact-check on this site, newest first."))


def browse_groups(pages: Pages, reads: Reads) -> Groups:
    """All fact-checks; each section's index (verdicts/, tags/, claimants/) and its lists."""
    everything = _all_claims(pages.site, pages.msg)
    yield _listing(pages, reads, everything, everything.label)
    for section, groups_of in _BROWSE:
        groups = groups_of(pages.site)
        heading, intro, title = _browse_texts(section, pages.msg)
        yield pages.single("index", "index_list.html", (heading, intro, section),
                           pages.key(reads, section, claims=(),
                                     values=(*links_key(g.link for g in groups), *(g.description for g in groups))),
                           functools.partial(dict, heading=heading, intro=intro, groups=groups))
        for group in groups:
            yield _listing(pages, reads, group, title(group.label))


def _listing(pages: Pages, reads: Reads, group: Group, title: str) -> JobGroup:
    """A listing's pages change only when its members or their front matter do."""
    per_page, total = pages.config.per_page, len(group.claims)
    feed = paths.verdict_feed(group.key) if group.path == paths.verdict(group.key) else None  # (a verdict's own)
    keys = pages.memo.listing_keys(("list", group.path, title, group.description), group.claims,
                                   lambda: _listing_keys(pages, reads, group, title))

    def jobs() -> Iterator[PageJob]:
        yield from pages.paginated(
            "list", "list.html", group.claims, per_page, group.path, title,
            # Translators: a list's description (for search engines and link previews): "Tag: gpus: 2 fact-check(s)."
            group.description or pages.msg.plural("%(title)s: %(num)d fact-check(s).", "%(title)s: %(num)d fact-check(s).",
                                                  total, title=title),
            lambda p: keys.pages[p.number - 1],
            lambda p: dict(heading=title, intro=group.description, pagination=p,
                           cards=tuple(pages.card(c) for c in p.items), total=total, feed=feed))

    return JobGroup(f"list:{group.path}", keys.group, jobs)


def _listing_keys(pages: Pages, reads: Reads, group: Group, title: str) -> ListingKeys:
    """Each page shows its place in the list, the list's size and its members' front matter.
    (Made in one pass: a front-matter edit in serve redoes the keys of every listing the entry is
    on, the 10,000-entry "all" among them.)"""
    return _paged_keys(functools.partial(pages.key, reads, "list", title, group.description), group.path,
                       pages.config.per_page, list(pages.metas(group.claims)))


def _paged_keys(make: Callable[..., str], first: str, per_page: int, metas: list[str],
                numbers: tuple[int, ...] | None = None) -> ListingKeys:
    """The keys of a paginated list of `metas` (and their comparisons' `numbers`): each page's
    (`make`: its kind's Pages.key) of the list's size, its path and what it shows; the group's, of
    the pages' keys."""
    count = max(1, -(-len(metas) // per_page))  # an empty list still has its first page
    sizes = (str(count), str(len(metas)))

    def page_key(n: int) -> str:
        on_page = slice((n - 1) * per_page, n * per_page)
        shown = () if numbers is None else (",".join(map(str, numbers[on_page])),)
        return make(paths.numbered(first, n), claims=metas[on_page], values=(*sizes, *shown))

    page_keys = tuple(page_key(n) for n in range(1, count + 1))
    return ListingKeys(key(*page_keys), page_keys)


def browse_sitemap(site: Site) -> Iterator[tuple[str, dt.date | None]]:
    per_page, latest = site.config.per_page, last_modified(site.claims)

    def lists(claims: tuple[Claim, ...], path: str) -> Iterator[tuple[str, dt.date | None]]:
        changed = last_modified(claims)
        return ((p.path, changed) for p in paginate(claims, per_page, path))

    yield from lists(site.claims, paths.CLAIMS)
    for section, groups_of in _BROWSE:
        yield section, latest
        for group in groups_of(site):
            yield from lists(group.claims, group.path)


# --- the /costs/ explorer ----------------------------------------------------------------------


def explorer_groups(pages: Pages, reads: Reads) -> Groups:
    """/costs/ (the featured comparison, then each unit's newest), and each unit's own pages where it
    has more. Every page changes only with the comparisons it lists."""
    found, locale, card, msg = pages.memo.explorer_plan(pages.site), pages.config.locale, pages.card, pages.msg

    def items(entries: Iterable[explorer.Entry]) -> tuple[explorer.Item, ...]:
        return tuple(explorer.item(e, locale, card, msg=msg) for e in entries)

    heads = [f"{g.unit_name}\0{g.anchor}\0{g.path}\0{len(g.entries)}" for g in found.groups]
    front_key = pages.key(reads, "costs", claims=(*_entry_metas(pages, [found.featured] if found.featured else []),
                                                  *(meta for g in found.groups for meta in _entry_metas(pages, g.front))),
                          values=heads)
    yield pages.single("costs", "costs.html", (
        msg("Cost comparisons"), msg("Every cost comparison on this site, grouped by what it measures, with each "
                                     "fact-check's verdict and downloads."), paths.COSTS), front_key, lambda: dict(
            featured=items([found.featured])[0] if found.featured else None, count=found.count,
            downloads=tuple(COMBINED_DOWNLOADS), groups=tuple((g, items(g.front)) for g in found.groups)))
    for group in found.groups:
        if group.has_own_pages:
            yield _explorer_unit(pages, reads, group, items)


def _explorer_unit(pages: Pages, reads: Reads, group: explorer.UnitGroup,
                   items: Callable[[Iterable[explorer.Entry]], tuple[explorer.Item, ...]]) -> JobGroup:
    # Translators: the title of a unit's page of the cost explorer: "Cost comparisons in US dollars".
    title = pages.msg("Cost comparisons in %(unit)s", unit=group.unit_name)
    keys = pages.memo.listing_keys(("costs-unit", group.path), group.entries, lambda: _explorer_unit_keys(pages, reads, group))
    return JobGroup(f"list:{group.path}", keys.group,
                    lambda: pages.paginated(
                        "costs", "costs_unit.html", group.entries, explorer.PER_PAGE, group.path, title,
                        pages.msg("Every cost comparison on this site in %(unit)s.", unit=group.unit_name),
                        lambda p: keys.pages[p.number - 1],
                        lambda p: dict(heading=title, group=group, pagination=p, items=items(p.items))))


def _explorer_unit_keys(pages: Pages, reads: Reads, group: explorer.UnitGroup) -> ListingKeys:
    """As _listing_keys, with each comparison's number: a unit's pages list comparisons."""
    metas = list(map(pages.meta.__getitem__, group.sources))  # (C loops: a unit may hold thousands)
    return _paged_keys(functools.partial(pages.key, reads, "costs-unit", group.unit_name), group.path, explorer.PER_PAGE,
                       metas, group.numbers)


def _entry_metas(pages: Pages, entries: Iterable[explorer.Entry]) -> Iterator[str]:
    return (f"{pages.meta[entry.claim.path]}:{entry.number}" for entry in entries)


def explorer_sitemap(site: Site) -> Iterator[tuple[str, dt.date | None]]:
    found = explorer.plan(site.claims, site.featured, site.config.locale)
    yield paths.COSTS, last_modified(c for c in site.claims if c.comparisons)
    for group in found.groups:
        yield from ((p.path, last_modified(e.claim for e in p.items)) for p in group.pages())
