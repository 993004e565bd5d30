"""The bundled fonts (fonts/README.md): which one draws a character, and the loaded faces.

A letter is drawn with the first family in FAMILIES that has a glyph for it (digits and
punctuation may go with the word around them instead: layout.py); a character no family has is
drawn with the first (its box glyph), so nothing ever fails to draw. Which characters a font has
is read from its `cmap` table: Pillow cannot tell, and asking FreeType one character at a time
(drawing it, looking for the box) would cost far more.
"""
from __future__ import annotations

import bisect
import functools
import struct
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageFont, features

FONT_DIR = Path(__file__).parent / "fonts"

# Priority order: Latin/Greek/Cyrillic first, so digits and punctuation that several fonts have
# come from Noto Sans unless the word around them is Arabic or Hebrew (layout.py decides that).
FAMILIES = ("NotoSans", "NotoSansArabic", "NotoSansHebrew")
LATIN = 0  # index into FAMILIES of the family that also draws the characters no family has

# raqm shapes Arabic and orders the characters inside a run. A Pillow built without it (not
# the wheels) falls back to the basic layout: nothing fails, but Arabic comes out unjoined.
LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@dataclass(frozen=True)
class Style:
    """A weight and a pixel size; the family is chosen per character."""

    size: int
    bold: bool = False


def font_path(family: int, bold: bool) -> Path:
    return FONT_DIR / f"{FAMILIES[family]}-{'Bold' if bold else 'Regular'}.ttf"


@functools.cache  # a handful of (family, style) pairs; loading one costs ~1 ms
def font(family: int, style: Style) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(family, style.bold)), style.size, layout_engine=LAYOUT)


class Coverage:
    """The code points a font maps to a glyph, as sorted disjoint ranges [start, end]."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._starts = [start for start, _ in ranges]
        self._ends = [end for _, end in ranges]

    def __contains__(self, code: int) -> bool:
        i = bisect.bisect_right(self._starts, code) - 1
        return i >= 0 and code <= self._ends[i]


@functools.cache
def coverage(family: int) -> Coverage:
    """The family's characters (the regular and bold files of a Noto family map the same ones)."""
    return Coverage(_cmap_ranges(font_path(family, False).read_bytes()))


@functools.lru_cache(maxsize=4096)  # a text repeats few distinct characters; the key is one str
def families_of(char: str) -> tuple[int, ...]:
    """The families that have a glyph for `char`, in priority order (empty: none has)."""
    code = ord(char)
    return tuple(family for family in range(len(FAMILIES)) if code in coverage(family))


def _cmap_ranges(data: bytes) -> list[tuple[int, int]]:
    """Ranges of code points with a glyph, from the Unicode cmap subtable (format 12 or 4)."""
    tables = {}
    for i in range(struct.unpack_from(">H", data, 4)[0]):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        tables[tag] = offset
    cmap = tables[b"cmap"]
    subtables = {}
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables[(platform, encoding)] = cmap + offset
    for key in ((3, 10), (0, 4), (3, 1), (0, 3)):
        if key in subtables:
            at = subtables[key]
            kind = struct.unpack_from(">H", data, at)[0]
            if kind == 12:
                return _format12(data, at)
            if kind == 4:
                return _format4(data, at)
    raise ValueError("no Unicode cmap subtable of format 4 or 12")


def _format12(data: bytes, at: int) -> list[tuple[int, int]]:
    count = struct.unpack_from(">I", data, at + 12)[0]
    groups = (struct.unpack_from(">III", data, at + 16 + 12 * i) for i in range(count))
    # A group whose first glyph is 0 (.notdef) maps its first character to nothing.
    return _merge([(start + (glyph == 0), end) for start, end, glyph in groups if start + (glyph == 0) <= end])


def _format4(data: bytes, at: int) -> list[tuple[int, int]]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends_at = at + 14
    starts_at = ends_at + 2 * segments + 2  # after the end codes and a reserved pad
    deltas_at = starts_at + 2 * segments
    offsets_at = deltas_at + 2 * segments
    ranges = []
    for i in range(segments):
        (end,) = struct.unpack_from(">H", data, ends_at + 2 * i)
        (start,) = struct.unpack_from(">H", data, starts_at + 2 * i)
        (delta,) = struct.unpack_from(">h", data, deltas_at + 2 * i)
        (range_offset,) = struct.unpack_from(">H", data, offsets_at + 2 * i)
        end = min(end, 0xFFFE)  # 0xFFFF ends the last segment; it is no character
        if not range_offset:  # glyph = code + delta: every code has one but the one that wraps to 0
            missing = -delta & 0xFFFF
            ranges += [(start, min(end, missing - 1)), (max(start, missing + 1), end)]
            continue
        for code in range(start, end + 1):  # the glyph id comes from glyphIdArray, 0 meaning none
            if struct.unpack_from(">H", data, offsets_at + 2 * i + range_offset + 2 * (code - start))[0]:
                ranges.append((code, code))
    return _merge([(start, end) for start, end in ranges if start <= end])


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
