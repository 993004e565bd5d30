"""The two cards' layouts: a fact-check's share card and the site card of every other page.

    +--+---------------------------------------------------------+   the verdict colour's strip
    |  | [ Retracted: this fact-check was withdrawn ]  (banner)  |   on the start edge; the banner
    |  | [ VERDICT ]                                             |   only on a retracted check
    |  |                                                         |
    |  | The claim, bold, 60 px on up to 3 lines or 52 px on up  |
    |  | to 5 (4 under a banner), centred, shortened with "…"    |
    |  | ------------------------------------------------------- |
    |  | Site name                           By Jane Doe · date  |
    +--+---------------------------------------------------------+

Right to left, everything mirrors: strip, badge and site name on the right, text right-aligned.
What does not change from card to card (strip, banner, badge, rule, site name) is drawn once per
(site, verdict, retraction, direction): the card's base. A card then draws only its claim and its
byline and date, each line on a copy of the base's rows its ink covers, and png.py compresses only
those rows anew.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from PIL import Image, ImageDraw

from site_gen.cards import glyphs, png
from site_gen.cards.fonts import Style
from site_gen.cards.layout import ELLIPSIS, Block, Line, lines
from site_gen.cards.palette import BADGE, BANNER, EDGE, INK, LEVELS, MUTED, PAGE_BG, PAGE_TEXT, RULE, at, palette, top

CARD_SIZE = (1200, 630)  # what Facebook, LinkedIn and X ask of an og:image (1.91:1)
WIDTH, HEIGHT = CARD_SIZE
MARGIN = 60  # phone previews crop and round corners; nothing is drawn nearer the edge but the strip
CONTENT = WIDTH - 2 * MARGIN
STRIP = 14

# (style, line height, most lines): the larger size when the claim fits it in three lines.
CLAIM_STYLES = ((Style(60, bold=True), 72, 3), (Style(52, bold=True), 64, 5))
BADGE_STYLE, BADGE_HEIGHT, BADGE_PAD, BADGE_RADIUS = Style(40, bold=True), 76, 28, 12
BANNER_STYLE, BANNER_HEIGHT = Style(36, bold=True), 96
SITE_STYLE, META_STYLE = Style(30, bold=True), Style(28)
RULE_Y = 522  # the footer's hairline
FOOTER_BASELINE = HEIGHT - MARGIN
SITE_CARD_TITLE, SITE_CARD_TEXT = (Style(64, bold=True), 78, 2), (Style(36), 50, 5)
SEPARATOR = " \u00b7 "  # between byline and date
BAND_GAP = 8  # rows: a smaller gap between lines' ink costs more as a piece of its own than compressed


@dataclass(frozen=True)
class CardText:
    claim: str  # as the page shows it; shortened to fit (at a word, with "…"), 3 to 5 lines
    verdict: str  # the verdict's label in the site's language
    colour: str  # the badge's background, "#rrggbb"
    badge_text: str  # the badge label's colour, "#rrggbb"
    site: str  # the site's title
    date: str  # formatted in the site's language
    byline: str = ""  # "By Jane Doe", translated; may be empty
    retracted: str = ""  # non-empty: the check was withdrawn; shown in a banner, the verdict struck
    direction: str = "ltr"  # "rtl" mirrors the layout


@dataclass(frozen=True)
class SiteCardText:
    site: str
    description: str
    direction: str = "ltr"


@dataclass(frozen=True)
class Placement:
    """A block of text where a card draws it."""

    block: Block
    style: Style
    baseline: int  # the first line's
    line_height: int
    fill: int  # its colour's palette index
    rows: tuple[int, int]  # the rows it may draw on, first and past the last
    start: bool = True  # against the start edge of the text column (False: its end edge)


def draw_card(card: CardText) -> bytes:
    """The fact-check's share card: a 1200x630 palette PNG."""
    rtl = _rtl(card.direction)
    base, placements = card_layout(card)
    bands = [band for placement in placements for band in _bands(base.drawing, placement, rtl)]
    return png.encode(base.drawing, bands, palette(card.colour, card.badge_text, bool(card.retracted.strip())))


def card_layout(card: CardText) -> tuple[Base, tuple[Placement, ...]]:
    """The card's base, and where its claim and its byline and date go."""
    rtl = _rtl(card.direction)
    retraction = card.retracted.strip()
    base = _base(card.site, card.verdict, retraction, rtl)
    claim_top = (BANNER_HEIGHT + 28 if retraction else MARGIN) + BADGE_HEIGHT + 36
    claim_bottom = RULE_Y - 16
    style, line_height, block = _claim_block(card.claim, claim_bottom - claim_top, rtl)
    first = claim_top + (claim_bottom - claim_top - line_height * len(block.lines)) // 2
    claim = Placement(block, style, _baseline(first, line_height, style), line_height, top(INK), (0, RULE_Y))
    room = CONTENT - base.site_width - 40
    if room <= 0:
        return base, (claim,)
    block = _byline_and_date(card.byline.strip(), card.date.strip(), room, rtl)
    footer = Placement(block, META_STYLE, FOOTER_BASELINE, 0, at(INK, MUTED), (RULE_Y + 2, HEIGHT), start=False)
    return base, (claim, footer)


def draw_site_card(card: SiteCardText) -> bytes:
    """Every other page's card: the site's name and description."""
    rtl = _rtl(card.direction)
    base = _site_base(rtl)
    canvas = base.image.copy()
    (title, title_height, title_lines), (text, text_height, text_lines) = SITE_CARD_TITLE, SITE_CARD_TEXT
    title_block = lines(card.site, title, CONTENT, title_lines, rtl)
    text_block = lines(card.description, text, CONTENT, text_lines, rtl)
    gap = 28 if title_block.lines and text_block.lines else 0
    height = title_height * len(title_block.lines) + gap + text_height * len(text_block.lines)
    first = (HEIGHT - height) // 2
    _draw(canvas, title_block, title, _baseline(first, title_height, title), title_height, rtl, top(INK))
    first += title_height * len(title_block.lines) + gap
    _draw(canvas, text_block, text, _baseline(first, text_height, text), text_height, rtl, at(INK, MUTED))
    return png.encode(base, [(0, canvas)], palette(PAGE_TEXT, PAGE_BG, False))


def _rtl(direction: str) -> bool:
    if direction not in ("ltr", "rtl"):
        raise ValueError(f"expected direction 'ltr' or 'rtl', got {direction!r}")
    return direction == "rtl"


def _claim_block(claim: str, room: int, rtl: bool) -> tuple[Style, int, Block]:
    for style, line_height, most in CLAIM_STYLES:
        block = lines(claim, style, CONTENT, max(1, min(most, room // line_height)), rtl)
        if not block.shortened:
            break
    return style, line_height, block


def _byline_and_date(byline: str, date: str, room: int, rtl: bool) -> Block:
    """One line; a byline too long for it loses words from its end, the date none."""
    words = byline.split()
    for keep in range(len(words), -1, -1):
        kept = " ".join(words[:keep]) + (ELLIPSIS if 0 < keep < len(words) else "")
        block = lines(SEPARATOR.join(part for part in (kept, date) if part), META_STYLE, room, 1, rtl)
        if not block.shortened or not date:
            break
    return block


def _baseline(line_top: int, line_height: int, style: Style) -> int:
    """The baseline that centres capitals (0.714 em tall in Noto Sans) in a line box."""
    return line_top + line_height // 2 + round(0.357 * style.size)


def _draw(canvas: Image.Image, block: Block, style: Style, baseline: int, line_height: int, rtl: bool,
          fill: int, start: bool = True, left: int = MARGIN, width: int = CONTENT) -> None:
    """The block's lines against the start edge of the box (start=False: its end edge)."""
    target = ImageDraw.Draw(canvas)
    for line in block.lines:
        _draw_line(target, line, style, baseline, rtl, fill, start, left, width)
        baseline += line_height


def _draw_line(target: ImageDraw.ImageDraw, line: Line, style: Style, baseline: int, rtl: bool, fill: int,
               start: bool = True, left: int = MARGIN, width: int = CONTENT) -> None:
    x = left if start != rtl else left + width - line.width
    for dx, run in line.pieces:
        glyphs.draw(target, x + dx, baseline, run.family, style, run.text, run.rtl, fill)


def _bands(drawing: png.Base, placement: Placement, rtl: bool) -> list[tuple[int, Image.Image]]:
    """The placed text drawn on copies of the base's rows its lines' ink covers (within its
    rows), as (first row, rows). Lines whose ink comes within BAND_GAP rows of each other share a
    band; the rows between bands stay the base's, compressed once (png.py)."""
    spans: list[tuple[int, int, list[int]]] = []  # (first row, past the last, lines)
    style, rows = placement.style, placement.rows
    for i, line in enumerate(placement.block.lines):
        reaches = [glyphs.reach(run.family, style, run.text, run.rtl) for _, run in line.pieces]
        reaches = [(up, down) for up, down in reaches if up < down]
        if not reaches:
            continue
        baseline = placement.baseline + i * placement.line_height
        first = max(rows[0], baseline + min(up for up, _ in reaches))
        last = min(rows[1], baseline + max(down for _, down in reaches))
        if spans and first <= spans[-1][1] + BAND_GAP:
            spans[-1] = (spans[-1][0], max(last, spans[-1][1]), spans[-1][2] + [i])
        elif first < last:
            spans.append((first, last, [i]))
    bands = []
    for first, last, indices in spans:
        band = drawing.image.crop((0, first, WIDTH, last))
        target = ImageDraw.Draw(band)
        for i in indices:
            baseline = placement.baseline + i * placement.line_height - first
            _draw_line(target, placement.block.lines[i], style, baseline, rtl, placement.fill, placement.start)
        bands.append((first, band))
    return bands


def _strip(draw: ImageDraw.ImageDraw, rtl: bool) -> None:
    left = WIDTH - STRIP if rtl else 0
    draw.rectangle((left, 0, left + STRIP - 1, HEIGHT - 1), fill=BADGE)


@dataclass(frozen=True)
class Base:
    """What the cards of one site, verdict, retraction and direction share."""

    drawing: png.Base  # the canvas, and its rows compressed
    site_width: int  # how much of the footer the site name takes


@functools.lru_cache(maxsize=16)  # a site has a few verdicts; each base is 1.5 MB (image and its bytes)
def _base(site: str, verdict: str, retraction: str, rtl: bool) -> Base:
    canvas = Image.new("L", CARD_SIZE, INK)
    draw = ImageDraw.Draw(canvas)
    _strip(draw, rtl)
    badge_top = MARGIN
    if retraction:
        draw.rectangle((0, 0, WIDTH - 1, BANNER_HEIGHT - 1), fill=BANNER)
        block = lines(retraction, BANNER_STYLE, CONTENT, 1, rtl)
        _draw(canvas, block, BANNER_STYLE, _baseline(0, BANNER_HEIGHT, BANNER_STYLE), 0, rtl, top(BANNER))
        badge_top = BANNER_HEIGHT + 28
    if verdict.strip():
        badge = _badge(verdict.strip(), rtl)
        left = WIDTH - MARGIN - badge.width if rtl else MARGIN
        canvas.paste(badge, (left, badge_top))
        if retraction:  # struck through, beyond its ends, across the label's middle
            middle = badge_top + BADGE_HEIGHT // 2 + 2
            draw.rectangle((left - 10, middle - 2, left + badge.width + 9, middle + 1), fill=top(INK))
    draw.rectangle((MARGIN, RULE_Y, WIDTH - MARGIN - 1, RULE_Y + 1), fill=at(INK, RULE))
    block = lines(site, SITE_STYLE, CONTENT // 2, 1, rtl)
    _draw(canvas, block, SITE_STYLE, FOOTER_BASELINE, 0, rtl, top(INK))
    return Base(png.Base(canvas), round(max((line.width for line in block.lines), default=0)))


@functools.lru_cache(maxsize=64)
def _badge(label: str, rtl: bool) -> Image.Image:
    """The verdict badge as indices: a rounded rectangle (corners anti-aliased by drawing it at
    4x and scaling down) of the verdict colour, the label on it in the badge text colour."""
    block = lines(label, BADGE_STYLE, CONTENT - 2 * BADGE_PAD, 1, rtl)
    width = round(block.lines[0].width) + 2 * BADGE_PAD if block.lines else BADGE_HEIGHT
    shape = Image.new("L", (width * 4, BADGE_HEIGHT * 4))
    ImageDraw.Draw(shape).rounded_rectangle((0, 0, width * 4 - 1, BADGE_HEIGHT * 4 - 1), BADGE_RADIUS * 4, 255)
    # Full coverage is the badge ramp's first index, so the label blends along that ramp.
    ramp = [INK] + [EDGE + round(c * (LEVELS - 1) / 255) for c in range(1, 255)] + [BADGE]
    badge = shape.reduce(4).point(ramp)
    _draw(badge, block, BADGE_STYLE, _baseline(0, BADGE_HEIGHT, BADGE_STYLE), 0, False, top(BADGE),
          left=BADGE_PAD, width=width - 2 * BADGE_PAD)
    return badge


@functools.lru_cache(maxsize=2)
def _site_base(rtl: bool) -> png.Base:
    canvas = Image.new("L", CARD_SIZE, INK)
    _strip(ImageDraw.Draw(canvas), rtl)
    return png.Base(canvas)
