"""What takes a fact-check elsewhere: the title a share carries ("Misleading: …"), its share card
(site_gen/cards draws it), the snippet that embeds it in another site's article, and the text that
cites it. Computed here; templates only print them.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import escape

from site_gen import paths
from site_gen.cards import CARD_SIZE, CardText, SiteCardText, drawing_key
from site_gen.colours import LIGHT
from site_gen.dates import display_date
from site_gen.i18n import Messages
from site_gen.model import Claim, SiteConfig, Verdict
from site_gen.present.direction import text_direction
from site_gen.present.verdict_colours import looks

EMBED_HEIGHT = 360  # px: the embed card's claim, verdict, summary and link at 320-560 px wide


@dataclass(frozen=True)
class ShareImage:
    """og:image: an absolute URL, its size, and what it shows in words."""

    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class Sharing:
    title: str  # og:title and the share links' text: the verdict first, so a share never carries the claim alone
    image: ShareImage
    embed_code: str  # the <iframe> another site pastes, as text
    citation: str  # "Cite this": who, what, where, when


def verdict_title(verdict: str, title: str, msg: Messages) -> str:
    # Translators: what a shared fact-check is titled on social networks: "Misleading: Did the minister …?"
    return msg("%(verdict)s: %(title)s", verdict=verdict, title=title)


def byline(claim: Claim, config: SiteConfig, msg: Messages) -> str:
    """"By Ana Lima" for a team member; nothing for the organisation (the card names the site)."""
    return msg("By %(author)s", author=claim.author) if config.person(claim.author) else ""


def card_text(claim: Claim, config: SiteConfig, msg: Messages) -> CardText:
    verdict = config.verdict(claim.verdict)
    return CardText(
        claim=claim.claim_excerpt or claim.claim,
        verdict=verdict.label,
        colour=_light_colours(config.verdicts)[verdict.key],
        badge_text=LIGHT.text,
        site=config.title,
        date=display_date(claim.published, config.date_format, config.locale),
        byline=byline(claim, config, msg),
        retracted=msg("Retracted: we no longer stand behind this fact-check") if claim.retracted else "",
        direction=text_direction(config.language),
    )


@functools.lru_cache(maxsize=8)  # (the scale's colours, worked out once per build rather than per card)
def _light_colours(verdicts: tuple[Verdict, ...]) -> dict[str, str]:
    return {look.key: look.light for look in looks(verdicts)}


def site_card_text(config: SiteConfig) -> SiteCardText:
    return SiteCardText(config.title, config.description, text_direction(config.language))


def card_key(card: CardText | SiteCardText) -> str:
    """Equal for equal cards: a card is drawn again only when what it shows (or the drawing) changes."""
    return hashlib.sha256(f"{drawing_key()}\0{card!r}".encode("utf-8", "surrogatepass")).hexdigest()


def sharing(claim: Claim, config: SiteConfig, absolute: Callable[[str], str], msg: Messages) -> Sharing:
    verdict = config.verdict(claim.verdict)
    title = verdict_title(verdict.label, claim.title, msg)
    width, height = CARD_SIZE
    alt = msg("%(verdict)s. The claim: “%(claim)s” (%(site)s)", verdict=verdict.label,
              claim=claim.claim_excerpt or claim.claim, site=config.title)
    image = ShareImage(absolute(paths.claim_card(claim.slug)), width, height, alt)
    page = absolute(paths.claim(claim.slug))
    # Translators: the title of the embedded fact-check's frame, read by screen readers on the other site.
    frame_title = msg("Fact-check: %(title)s", title=claim.title)
    embed = (f'<iframe src="{escape(absolute(paths.claim_embed(claim.slug)))}" title="{escape(frame_title)}" '
             f'width="560" height="{EMBED_HEIGHT}" style="max-width:100%;border:0" loading="lazy"></iframe>')
    published = display_date(claim.published, config.date_format, config.locale)
    dates = msg("published %(published)s", published=published)
    if claim.updated and claim.updated != claim.published:
        dates = msg("published %(published)s, updated %(updated)s", published=published,
                    updated=display_date(claim.updated, config.date_format, config.locale))
    who = claim.author if claim.author == config.organisation.name else f"{claim.author}, {config.organisation.name}"
    # Translators: "Cite this": author, “title”, site, dates, permanent address.
    citation = msg("%(who)s. “%(title)s” %(site)s, %(dates)s. %(address)s", who=who, title=claim.title,
                   site=config.title, dates=dates, address=page)
    return Sharing(title, image, embed, citation)


def site_image(config: SiteConfig, absolute: Callable[[str], str], msg: Messages) -> ShareImage:
    width, height = CARD_SIZE
    return ShareImage(absolute(paths.SITE_CARD), width, height,
                      msg("%(site)s: %(description)s", site=config.title, description=config.description))
