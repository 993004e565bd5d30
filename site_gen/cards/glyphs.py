"""Measuring and drawing runs of text (one font, one direction), cached so that a thousand cards
do not rasterise the same letters a thousand times.

Why two paths: drawing text through Pillow costs ~1.5 ms a line, nearly all of it FreeType turning
outlines into pixels again for every letter. A run that needs no shaping (Latin, Greek, Cyrillic
left to right, without combining marks) is drawn glyph by glyph from a cache of masks, each
placed at its advance plus the pair's kerning (measured once per pair with raqm, so spacing
matches raqm's). Runs that need shaping (Arabic joins its letters, Hebrew and Arabic run right to
left, marks stack) are drawn whole by raqm and cached by their text: words recur across cards.

Masks are drawn into an index canvas (palette.py): pasting a fill index through a coverage mask
blends linearly between the index under the text and the fill, and the palette's ramps are
linear too, so the blended index is the anti-aliased colour.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from site_gen.cards.fonts import LATIN, LAYOUT, Style, coverage, font

RAQM = LAYOUT == ImageFont.Layout.RAQM


@dataclass(frozen=True)
class Ink:
    """A rendered piece: its coverage mask (None when nothing shows, e.g. a space) and where the
    mask's top left corner sits relative to the pen on the baseline."""

    mask: Image.Image | None
    dx: int
    dy: int

    def draw(self, target: ImageDraw.ImageDraw, x: int, baseline: int, fill: int) -> None:
        if self.mask is not None:
            target.bitmap((x + self.dx, baseline + self.dy), self.mask, fill=fill)


def _direction(rtl: bool) -> str | None:
    return ("rtl" if rtl else "ltr") if RAQM else None  # without raqm, Pillow refuses a direction


def render(family: int, style: Style, text: str, rtl: bool = False) -> Ink:
    """The text as raqm draws it, pen at the left end of its baseline."""
    face = font(family, style)
    left, top, right, bottom = (int(edge) for edge in face.getbbox(text, anchor="ls", direction=_direction(rtl)))
    if right <= left or bottom <= top:
        return Ink(None, 0, 0)
    mask = Image.new("L", (right - left, bottom - top))
    ImageDraw.Draw(mask).text((-left, -top), text, fill=255, font=face, anchor="ls", direction=_direction(rtl))
    return Ink(mask if mask.getbbox() else None, left, top)


@functools.cache
def is_simple(char: str) -> bool:
    """Drawn the same whatever its neighbours: no mark to stack, no format character to obey."""
    return not unicodedata.combining(char) and unicodedata.category(char) not in ("Mn", "Me", "Cf")


class GlyphCache:
    """One (family, style)'s glyph masks, advances and pair kernings, filled as text asks."""

    def __init__(self, family: int, style: Style) -> None:
        self.family, self.style = family, style
        self._font = font(family, style)
        self._glyphs: dict[str, Ink] = {}
        self._advances: dict[str, float] = {}
        self._kerning: dict[str, float] = {}  # keyed by the two characters

    def glyph(self, char: str) -> Ink:
        ink = self._glyphs.get(char)
        if ink is None:
            ink = self._glyphs[char] = render(self.family, self.style, char)
        return ink

    def advance(self, char: str) -> float:
        value = self._advances.get(char)
        if value is None:
            value = self._advances[char] = self._font.getlength(char)
        return value

    def kerning(self, pair: str) -> float:
        value = self._kerning.get(pair)
        if value is None:
            if not all(ord(char) in coverage(self.family) for char in pair):
                value = 0.0  # a box: nothing to kern, and no pair of unknown characters to remember
            else:  # "-liga": a ligature's width is not a kerning; the glyphs are drawn apart
                whole = self._font.getlength(pair, features=["-liga"] if RAQM else None)
                value = self._kerning[pair] = whole - self.advance(pair[0]) - self.advance(pair[1])
        return value


@functools.cache  # a few styles per card layout
def glyph_cache(family: int, style: Style) -> GlyphCache:
    return GlyphCache(family, style)


Placed = tuple[tuple[tuple[Ink, float], ...], float]  # (glyph, x from the run's start) ..., width


@functools.lru_cache(maxsize=16384)  # words recur: measured, and their glyphs placed, once
def placed(family: int, style: Style, text: str) -> Placed:
    """A run drawn glyph by glyph: each glyph and its x, at its advance plus the pair's kerning."""
    cache = glyph_cache(family, style)
    glyphs, x = [], 0.0
    for i, char in enumerate(text):
        if i:
            x += cache.kerning(text[i - 1:i + 1])
        glyphs.append((cache.glyph(char), x))
        x += cache.advance(char)
    return tuple(glyphs), x


@functools.lru_cache(maxsize=16384)
def uses_glyphs(family: int, text: str, rtl: bool) -> bool:
    return family == LATIN and not rtl and all(is_simple(char) for char in text)


# Shaped runs by text. Bounded: a word's mask is a few kilobytes, and an Arabic site's
# vocabulary grows with its archive.
@functools.lru_cache(maxsize=16384)
def shaped_width(family: int, style: Style, text: str, rtl: bool) -> float:
    return font(family, style).getlength(text, direction=_direction(rtl))


@functools.lru_cache(maxsize=4096)
def shaped(family: int, style: Style, text: str, rtl: bool) -> Ink:
    return render(family, style, text, rtl)


def width(family: int, style: Style, text: str, rtl: bool) -> float:
    if uses_glyphs(family, text, rtl):
        return placed(family, style, text)[1]
    return shaped_width(family, style, text, rtl)


def fitting(family: int, style: Style, text: str, rtl: bool, room: float) -> int:
    """About how many of the text's first characters fit in `room`; the caller measures the
    piece and takes characters off while it does not fit. Linear in the answer, not in the text."""
    if family == LATIN and not rtl:  # advances add up: count them (kerning left out)
        cache, x = glyph_cache(family, style), 0.0
        for i, char in enumerate(text):
            x += cache.advance(char)
            if x > room:
                return i
        return len(text)
    # Shaped text is measured whole: binary search, over no more characters than could fit if
    # each were 1/20 em wide.
    low, high = 0, min(len(text), int(room / (0.05 * style.size)) + 1)
    while low < high:
        middle = (low + high + 1) // 2
        if shaped_width(family, style, text[:middle], rtl) <= room:
            low = middle
        else:
            high = middle - 1
    return low


@functools.lru_cache(maxsize=16384)
def reach(family: int, style: Style, text: str, rtl: bool) -> tuple[int, int]:
    """The rows the run's ink takes, from its first to past its last, relative to the baseline
    ((0, 0) when it shows nothing): a band drawn over these rows cuts no mark or descender off."""
    if uses_glyphs(family, text, rtl):
        inks = [ink for ink, _ in placed(family, style, text)[0] if ink.mask is not None]
    else:
        inks = [ink for ink in (shaped(family, style, text, rtl),) if ink.mask is not None]
    if not inks:
        return 0, 0
    return min(ink.dy for ink in inks), max(ink.dy + ink.mask.height for ink in inks if ink.mask is not None)


def draw(target: ImageDraw.ImageDraw, x: float, baseline: int, family: int, style: Style, text: str,
         rtl: bool, fill: int) -> None:
    """Draws a run with the left end of its baseline at (x, baseline)."""
    if uses_glyphs(family, text, rtl):
        for ink, dx in placed(family, style, text)[0]:
            ink.draw(target, round(x + dx), baseline, fill)
    else:
        shaped(family, style, text, rtl).draw(target, round(x), baseline, fill)
