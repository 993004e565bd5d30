"""What takes a fact-check elsewhere: link previews that carry the verdict and the share card, the
embeddable card, "Cite this", feeds and data in sight, and overview pages that draw on checks."""
from __future__ import annotations

import re
import shutil
import struct
from html import unescape

from conftest import FIXTURES, SUB


def meta(page: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', page)
    assert found, name
    return unescape(found.group(1))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_a_claim_preview_carries_the_verdict_and_its_own_card(built):
    page = (built / "claims/six-million/index.html").read_text(encoding="utf-8")
    assert meta(page, "og:title") == "Misleading: Was the model trained for $6 million?"
    image = meta(page, "og:image")
    assert image == f"{SUB}claims/six-million/card.png"
    assert png_size((built / "claims/six-million/card.png").read_bytes()) == (1200, 630)
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
    assert meta(page, "og:image:alt").startswith("Misleading. The claim: “The model was trained for just $6 million.”")
    assert meta(page, "twitter:card") == "summary_large_image"
    share = re.search(r'<section class="share"[^>]*data-share-title="([^"]*)"', page).group(1)
    assert unescape(share) == "Misleading: Was the model trained for $6 million?"
    assert "text=Misleading%3A%20Was%20the%20model" in page  # the share links' text


def test_other_pages_show_the_sites_card(built):
    home = (built / "index.html").read_text(encoding="utf-8")
    assert meta(home, "og:image") == f"{SUB}card.png"
    assert png_size((built / "card.png").read_bytes()) == (1200, 630)
    assert meta((built / "tags/gpus/index.html").read_text(encoding="utf-8"), "og:image") == f"{SUB}card.png"


def test_a_retracted_checks_card_differs_from_the_same_check_unretracted(fixture_site, run_cli):
    from site_gen.cards import draw_card
    from site_gen.i18n import messages
    from site_gen.load.config import load_config
    from site_gen.load.content import load_content
    from site_gen.present.sharing import card_text

    config = load_config(fixture_site)
    msg = messages(config.language, fixture_site)
    withdrawn = next(c for c in load_content(fixture_site, config).claims if c.retracted)
    card = card_text(withdrawn, config, msg)
    assert card.retracted.startswith("Retracted")
    from dataclasses import replace
    assert draw_card(card) != draw_card(replace(card, retracted=""))


def test_the_embed_card_stands_alone_and_is_not_indexed(built):
    embed = (built / "claims/six-million/embed/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in embed
    assert f'<link rel="canonical" href="{SUB}claims/six-million/">' in embed
    assert "<header" not in embed and "<script" not in embed
    assert "Misleading" in embed and "The figure is the rental-equivalent cost" in embed
    assert all('target="_blank" rel="noopener"' in a for a in re.findall(r"<a [^>]*>", embed) if 'href="http' in a)
    assert "claims/six-million/embed/" not in (built / "sitemap.xml").read_text(encoding="utf-8")


def test_the_claim_page_offers_the_embed_snippet_and_a_citation(built):
    page = (built / "claims/six-million/index.html").read_text(encoding="utf-8")
    snippet = unescape(re.search(r'<textarea id="embed-code"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    assert snippet.startswith(f'<iframe src="{SUB}claims/six-million/embed/" title="Fact-check: Was the model')
    citation = unescape(re.search(r'<p class="citation">(.*?)</p>', page, re.S).group(1))
    assert citation == ("Ana Lima, Fixture Desk. “Was the model trained for $6 million?” Fixture Checks, published "
                        f"3 February 2025, updated 10 February 2025. {SUB}claims/six-million/")


def test_feeds_and_data_are_linked_from_every_page(built):
    for path in ("index.html", "claims/index.html", "claims/six-million/index.html"):
        page = (built / path).read_text(encoding="utf-8")
        assert '<a href="/sub/feed.xml" type="application/atom+xml">' in page, path
        assert 'href="/sub/claims.json"' in page and 'href="/sub/costs/all.csv"' in page, path
    verdict = (built / "verdicts/misleading/index.html").read_text(encoding="utf-8")
    assert '<a href="/sub/verdicts/misleading/feed.xml" type="application/atom+xml">' in verdict
    assert "verdicts/" not in re.search(r'<p class="feed-link">|$', (built / "tags/gpus/index.html").read_text()).group(0)


def test_an_overview_page_draws_on_checks_which_link_back_to_it(fixture_site, run_cli):
    shutil.copy(FIXTURES / "overview.md", fixture_site / "content/pages/overview.md")
    assert run_cli(fixture_site, "build", "--no-search").code == 0
    built = fixture_site / "_site"
    overview = (built / "overview/index.html").read_text(encoding="utf-8")
    assert 'class="cost-table' in overview and "5.58 million" in overview  # its own table, validated as a check's
    assert 'href="/sub/overview/#source-report"' in overview  # its rows cite its own sources
    behind = overview[overview.index('id="drawn-on-heading"'):]
    assert "/sub/claims/six-million/" in behind and "/sub/claims/gpu-count/" in behind
    claim = (built / "claims/six-million/index.html").read_text(encoding="utf-8")
    assert '<a href="/sub/overview/">What did the model cost?</a>' in claim
    home = (built / "index.html").read_text(encoding="utf-8")
    assert '<a href="/sub/overview/">What did the model cost?</a>' in home


def test_a_card_is_drawn_again_only_when_what_it_shows_changes(fixture_site, run_cli):
    """An incremental build links an unchanged card from the last build (same inode): a body edit
    keeps it; a new verdict draws it again."""
    card = fixture_site / "_site/claims/six-million/card.png"
    assert run_cli(fixture_site, "build", "--no-search", "--incremental").code == 0
    first = card.stat().st_ino, card.read_bytes()
    entry = fixture_site / "content/claims/six-million.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nOne more sentence of analysis.\n", encoding="utf-8")
    assert run_cli(fixture_site, "build", "--no-search", "--incremental").code == 0
    assert "One more sentence" in (fixture_site / "_site/claims/six-million/index.html").read_text(encoding="utf-8")
    assert (card.stat().st_ino, card.read_bytes()) == first  # the body is not on the card
    entry.write_text(entry.read_text(encoding="utf-8").replace("verdict: misleading", 'verdict: "false"'),
                     encoding="utf-8")
    assert run_cli(fixture_site, "build", "--no-search", "--incremental").code == 0
    assert card.read_bytes() != first[1]
