"""Checks across entries: what no single file can be wrong about alone. Two entries of one
language with one slug, two claimant names with one URL, a required page missing in a language, a page drawing on a check that is not there.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

from site_gen import paths
from site_gen.load.versions import edition_key, of_language
from site_gen.model import Claim, Page, Problem, SiteConfig

PAGES_DIR = "content/pages"


def missing_required_pages(config: SiteConfig, pages: list[Page], drafted: list[Claim | Page]) -> list[Problem]:
    """Each required page every language must keep (in a site in several languages, "in French"...)."""
    problems = []
    for edition in config.editions or (None,):
        language = edition_key(config, edition.language) if edition else ""
        slugs = {page.slug for page in of_language(pages, language)}
        drafts = {item.slug for item in of_language(drafted, language) if isinstance(item, Page)}
        where = f" as {PAGES_DIR}/<slug>.{language.lower()}.md" if language else f" in {PAGES_DIR}/"
        problems += [Problem("site.yaml", required.line, required.col, "required_pages",
                             f"expected a page with the slug {required.slug!r}{where} (the site must keep it"
                             + (f" in {edition.language}" if edition and language else "") + "), got "
                             + ("only a draft: write it, then remove its draft: true" if required.slug in drafts else "none"))
                     for required in config.required_pages if required.slug not in slugs]
    return problems


def slug_collisions(items: list[Claim] | list[Page], slug_at: Mapping[str, tuple[int, int]]) -> list[Problem]:
    """Each entry whose slug an earlier one has, located at its `slug:` line, or at 1:1 when its
    file name gives the slug."""
    first: dict[tuple[str, str], Claim | Page] = {}
    problems = []
    for item in items:
        key = (item.language, item.slug.lower())  # (each language's versions have the slugs of the others)
        if key in first:
            other = first[key].path
            line = slug_at.get(other, (1, 1))[0]
            where = f"its slug: on line {line}" if line > 1 else "from its file name"
            problems.append(Problem(item.path, *slug_at.get(item.path, (1, 1)), "slug",
                                    f"expected a slug no other entry uses, got {item.slug!r}, already used by {other} ({where})"))
        else:
            first[key] = item
    return problems


def unknown_checks_drawn_on(claims: Sequence[Claim], pages: Sequence[Page],
                            at: Mapping[str, tuple[tuple[int, int], ...]]) -> list[Problem]:
    """A page's `draws_on:` slug that names no published fact-check in the page's language."""
    slugs = {(claim.language, claim.slug) for claim in claims}
    problems = []
    for page in pages:
        where = at.get(page.path, ())
        for i, slug in enumerate(page.draws_on):
            if (page.language, slug) not in slugs:
                line, col = where[i] if i < len(where) else (1, 1)
                problems.append(Problem(page.path, line, col, f"draws_on[{i}]",
                                        f"expected the slug of a published fact-check, got {slug!r}"))
    return problems


def claimant_url_clashes(claims: list[Claim], claimant_at: Mapping[str, tuple[str, int, int]]) -> list[Problem]:
    """Two claimants whose names make one URL (/claimants/<slug>/: "Baidu" and "百度", "A.B." and
    "A B"), which would list both under one name: an error at the first entry (in path order) of
    each later name, pointing at the first entry of the name that took the URL first.

    Names that differ only in Unicode normalisation (NFC) or in runs of white space are the same
    claimant: a page shows them alike. Any other difference, letter case included, is a clash: the
    claimant's page, its feed and the search filter show one spelling, so the entries must agree."""
    owner: dict[str, tuple[str, Claim]] = {}  # slug -> (the name's key, its first entry)
    reported: set[tuple[str, str]] = set()
    problems = []
    for claim in claims:
        name = claim.claimant.name
        slug, key = claim.claimant.url_key, " ".join(unicodedata.normalize("NFC", name).split())
        first = owner.setdefault(slug, (key, claim))
        if first[0] == key or (slug, key) in reported:
            continue
        reported.add((slug, key))
        other = first[1]
        field_path, line, col = claimant_at.get(claim.path, ("claimant", 1, 1))
        where = ":".join(map(str, claimant_at.get(other.path, ("claimant", 1, 1))[1:]))
        problems.append(Problem(claim.path, line, col, field_path,
                                f"expected a name whose URL differs from other claimants', got {name!r}, which "
                                f"shares /{paths.claimant(slug)} with {other.claimant.name!r} ({other.path}:{where})"))
    return problems
