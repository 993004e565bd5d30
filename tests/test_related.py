"""Related fact-checks (site_gen/related.py): up to three at the end of each claim page, those that
share the most of its claimant and tags first, then the newest; right after incremental builds."""
from __future__ import annotations

import datetime as dt
import re

from conftest import tree

from site_gen.model import Claim, Claimant, Source
from site_gen.related import related_slugs


def claim(slug: str, day: int, claimant: str, *tags: str) -> Claim:
    return Claim(path=f"content/claims/{slug}.md", slug=slug, title=slug, claim="…", claimant=Claimant(claimant),
                 verdict="misleading", summary="…", published=dt.date(2025, 1, day), author="Desk",
                 sources=(Source("A"),), tags=tags)


def related(claims: list[Claim]) -> dict[str, tuple[str, ...]]:
    newest = sorted(claims, key=lambda c: (c.published, c.slug), reverse=True)
    groups: dict[str, list[Claim]] = {}
    for c in newest:
        groups.setdefault("claimant:" + c.claimant.name, []).append(c)
        for tag in c.tags:
            groups.setdefault("tag:" + tag, []).append(c)
    return dict(related_slugs(newest, (tuple(g) for g in groups.values())))


def test_the_claims_sharing_most_come_first_then_the_newest_at_most_three():
    found = related([
        claim("a", 1, "X", "gpus", "cost"),
        claim("b", 2, "Y", "gpus", "cost"),  # shares two tags with a
        claim("c", 9, "X"),  # shares the claimant with a, newest
        claim("d", 3, "Z", "gpus"),  # one tag
        claim("e", 4, "Z", "cost"),  # one tag
        claim("f", 5, "W"),  # nothing in common
    ])
    assert found["a"] == ("b", "c", "e")  # b shares two; then c, e, d share one each, newest first
    assert "f" not in found  # nothing related: no section
    assert "a" not in found["a"]


def test_a_claim_page_shows_its_related_checks_and_not_retracted_ones(built):
    page = (built / "claims/six-million/index.html").read_text(encoding="utf-8")
    related_html = page[page.index('id="related-heading"'):]
    assert '/sub/claims/gpu-count/' in related_html  # same claimant and tag
    assert "withdrawn-check" not in related_html  # retracted: in no listing
    assert 'id="related-heading"' not in (built / "claims/market-value/index.html").read_text(encoding="utf-8")


def test_an_incremental_build_updates_the_related_checks_of_unchanged_pages(fixture_site, tmp_path, run_cli):
    """gpu-count's new title shows on six-million's page although six-million's file did not change."""
    assert run_cli(fixture_site, "build", "--no-search", "--incremental").code == 0
    entry = fixture_site / "content/claims/gpu-count.md"
    text = entry.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)
    new = "title: A retitled GPU check\n"
    entry.write_text(text.replace(title.group(0) + "\n", new) if title else text.replace("---\n", "---\n" + new, 1),
                     encoding="utf-8")
    assert run_cli(fixture_site, "build", "--no-search", "--incremental").code == 0
    page = (fixture_site / "_site/claims/six-million/index.html").read_text(encoding="utf-8")
    assert "A retitled GPU check" in page[page.index('id="related-heading"'):]
    clean = tmp_path / "clean"
    assert run_cli(fixture_site, "build", "--no-search", "--out", str(clean)).code == 0
    assert tree(fixture_site / "_site") == tree(clean)
