"""Entries in several languages: `content/claims/<slug>.<lang>.md` is the `<lang>` version of
`<slug>` (the convention of Hugo and mkdocs-static-i18n), `<slug>.md` its version in the site's
default language. Pages likewise. What holds across versions is checked here: a version's language
must be one the site lists, each language keeps the pages the site requires, and a translation says
what its original says: the same verdict.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from site_gen.model import Claim, Page, Problem, SiteConfig

Item = TypeVar("Item", bound="Claim | Page")


def split_language(stem: str, config: SiteConfig) -> tuple[str, str, str | None]:
    """A file name's stem -> (slug part, version language, problem): "x" -> ("x", "", None),
    "x.fr" -> ("x", "fr", None) on a site that lists French; any other suffix is a problem."""
    if "." not in stem:
        return stem, "", None
    slug, _, suffix = stem.rpartition(".")
    others = {e.prefix.rstrip("/"): e.language for e in config.editions[1:]}
    if suffix.lower() in others:
        return slug, others[suffix.lower()], None
    listed = ", ".join(sorted(others)) or "none: site.yaml lists no other language"
    return stem, "", (f"expected a file name <slug>.md, or <slug>.<language>.md for one of the site's other "
                      f"languages ({listed}), got {stem!r}")


def in_language(item: Item, language: str) -> Item:
    return item if not language else replace(item, language=language)


def of_language(items: Iterable[Item], language: str) -> tuple[Item, ...]:
    """The items of one edition: language "" is the default's."""
    return tuple(item for item in items if item.language == language)


def edition_key(config: SiteConfig, language: str) -> str:
    """An edition's language as the items of its versions carry it: "" for the default."""
    return "" if not config.editions or language == config.editions[0].language else language


def with_originals_claimant_keys(claims: Sequence[Claim]) -> list[Claim]:
    """Each translation's claimant under its original's URL key: a version may spell the claimant
    in its own language ("la Maison-Blanche") and still list it on the page its original's name
    makes (/fr/claimants/white-house/), so the claimant's pages in every language are one page's versions."""
    originals = {claim.slug: claim.claimant.url_key for claim in claims if not claim.language}
    return [keep_claimant_key(claim, originals[claim.slug])
            if claim.language and claim.slug in originals else claim for claim in claims]


def keep_claimant_key(claim: Claim, key: str) -> Claim:
    if claim.claimant.url_key == key:
        return claim
    return replace(claim, claimant=replace(claim.claimant, key=key))


def verdict_mismatches(claims: Sequence[Claim], verdict_at: Mapping[str, tuple[int, int]]) -> list[Problem]:
    """A translation whose verdict is not its original's (the default-language version of its slug)."""
    originals = {claim.slug: claim for claim in claims if not claim.language}
    problems = []
    for claim in claims:
        original = originals.get(claim.slug)
        if claim.language and original is not None and original.verdict != claim.verdict:
            problems.append(Problem(claim.path, *verdict_at.get(claim.path, (1, 1)), "verdict",
                                    f"expected the verdict of its original ({original.path}: {original.verdict!r}), "
                                    f"got {claim.verdict!r}: a translation rates the claim as the original does"))
    return problems
