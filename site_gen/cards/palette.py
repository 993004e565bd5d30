"""The cards' colours: a 256-entry palette of four ramps, and the index canvas drawn with it.

A card is drawn as palette indices into an "L" image and saved as a palette PNG: such a PNG
(one byte a pixel, few distinct values) compresses several times faster than an RGB one, and
quantising an RGB drawing to a palette would cost more than drawing it. Anti-aliasing survives
because each ramp runs linearly from a background colour to a text colour in LEVELS steps, the
first index being the background: a glyph's coverage pasted with the ramp's last index onto the
ramp's first lands on the matching step (glyphs.py).

The verdict colours vary per card; the indices do not, so the cached parts of a card (badge,
banner, footer) are indices that any palette colours.
"""
from __future__ import annotations

import functools

from site_gen.colours import parse_colour

LEVELS = 64  # steps per ramp: four ramps fill the 256 entries of an 8-bit palette

INK = 0  # page background -> text
BADGE = 64  # verdict colour -> badge text
EDGE = 128  # page background -> verdict colour: the badge's anti-aliased corners
BANNER = 192  # banner colour -> banner text (the retraction notice)

PAGE_BG = "#f8f7f4"  # a light paper: dark text on it reads at every size
PAGE_TEXT = "#15171c"  # 16.7:1 on PAGE_BG
BANNER_BG = "#a3161f"  # a deep red; BANNER_TEXT on it is 7.8:1
BANNER_TEXT = "#ffffff"
MUTED = 0.74  # the date and byline: this far along the ink ramp (#4f5053, 7.5:1 on the page)
RULE = 0.14  # the hairline above the footer

def top(ramp: int) -> int:
    """A ramp's last index: its text colour."""
    return ramp + LEVELS - 1


def at(ramp: int, share: float) -> int:
    """The index `share` of the way along a ramp."""
    return ramp + round(share * (LEVELS - 1))


def rgb(colour: str) -> tuple[int, int, int]:
    """'#rrggbb' (or '#rgb') -> (r, g, b); anything else is a ValueError naming the value."""
    parsed = parse_colour(colour)
    if parsed is None:
        raise ValueError(f"expected a colour as '#rrggbb', got {colour!r}")
    return int(parsed[1:3], 16), int(parsed[3:5], 16), int(parsed[5:7], 16)


def mix(a: tuple[int, int, int], b: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    """`share` of the way from a to b."""
    (r0, g0, b0), (r1, g1, b1) = a, b
    return round(r0 + (r1 - r0) * share), round(g0 + (g1 - g0) * share), round(b0 + (b1 - b0) * share)


@functools.lru_cache(maxsize=256)
def palette(colour: str, badge_text: str, retracted: bool) -> bytes:
    """The 768-byte RGB palette of a card. A retracted card shows its verdict faded to a tint
    with grey text (about 3.4:1, still readable at the badge's 40 px bold) and struck through
    (card.py): it no longer stands."""
    page, ink = rgb(PAGE_BG), rgb(PAGE_TEXT)
    verdict, label = rgb(colour), rgb(badge_text)
    if retracted:
        verdict, label = mix(verdict, page, 0.78), mix(page, ink, 0.62)
    ramps = ((page, ink), (verdict, label), (page, verdict), (rgb(BANNER_BG), rgb(BANNER_TEXT)))
    out = bytearray()
    for start, end in ramps:
        for step in range(LEVELS):
            out += bytes(mix(start, end, step / (LEVELS - 1)))
    return bytes(out)
