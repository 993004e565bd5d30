"""The files that take a fact-check elsewhere, as jobs: each claim's share card (a PNG, drawn by
site_gen/cards) and embeddable card (claims/<slug>/embed/), and each language's site card.

A card's key is what it shows (present/sharing.card_key), not the page's: editing a fact-check's
body re-renders its page but keeps its card, and an unchanged card is linked from the last build,
never drawn again (the stage reuses a job whose key is unchanged).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from site_gen import paths
from site_gen.cards import draw_card, draw_site_card
from site_gen.model import Claim
from site_gen.present.sharing import card_key, card_text, site_card_text
from site_gen.write.jobs import JobGroup, PageJob, files_group

if TYPE_CHECKING:
    from site_gen.pages import Pages


def claim_sharing_jobs(pages: Pages, claim: Claim, context: Callable[[], dict[str, Any]]) -> Iterator[PageJob]:
    """The claim's share card and its embed page (`context`: the claim page's, made once for both)."""
    card = card_text(claim, pages.config, pages.msg)
    yield PageJob(paths.claim_card(claim.slug), card_key(card), lambda: draw_card(card))
    embed = paths.claim_embed(claim.slug)
    # (Inside the claim's group, keyed by what the claim kind declares, each file may key on less:
    # the embed card shows the front matter, not the body, so a body edit leaves it as it is.)
    yield pages.job("embed", "embed.html", (claim.title, claim.summary, embed),
                    f"{pages.base_key}:embed:{pages.meta[claim.path]}", context)


def site_card_group(pages: Pages) -> JobGroup:
    card = site_card_text(pages.config)
    return files_group("site-card", card_key(card), lambda: [(paths.SITE_CARD, lambda: draw_site_card(card))])
