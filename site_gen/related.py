"""Related fact-checks: up to three at the end of each claim page, chosen from the claims that share
its claimant or a tag. The more they share, the earlier; then newest first (then by slug).

Computed once per derived site, as slugs (site.py keeps the map with the indexes, so an edit that
moves nothing keeps it), in one pass over each claim's groups: only the newest `SCAN` members of a
group are candidates, so a claimant with 10,000 checks costs no more than one with 20. A page's key
covers its related claims' front matter (pages.py), so a related title or verdict that changes
re-renders the pages that show it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from site_gen.model import Claim

SHOWN = 3
SCAN = 12  # the newest members of each shared group that are candidates


def related_slugs(claims: Iterable[Claim], groups: Iterable[tuple[Claim, ...]]) -> Mapping[str, tuple[str, ...]]:
    """slug -> the slugs of its related claims, best first. `claims` newest first; `groups` the
    claimant and tag groups (each newest first): members of a group are related to each other."""
    newest = {claim.slug: rank for rank, claim in enumerate(claims)}  # 0 is the newest
    member_of: dict[str, list[tuple[Claim, ...]]] = {}
    for group in groups:
        if len(group) > 1:
            for claim in group:
                member_of.setdefault(claim.slug, []).append(group)
    related: dict[str, tuple[str, ...]] = {}
    for slug, its_groups in member_of.items():
        shared: dict[str, int] = {}
        for group in its_groups:
            for other in group[:SCAN + 1]:
                if other.slug != slug:
                    shared[other.slug] = shared.get(other.slug, 0) + 1
        best = sorted(shared, key=lambda s: (-shared[s], newest.get(s, len(newest)), s))
        related[slug] = tuple(best[:SHOWN])
    return related
