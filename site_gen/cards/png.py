"""Palette PNGs written with zlib directly, reusing the compressed rows a card shares with the
canvas it was copied from.

Why not Image.save: compressing the 756,000 bytes of a 1200x630 card costs ~1.5-2 ms even at
zlib's fastest level (long runs of background cost as much as text), about half of what a card
cost when saved that way (bench/README.md, "Share cards"). But most rows of a card (the banner,
the badge, the space around the claim, the rule, the site name) are those of its base (card.py),
the same for every card of a verdict: a card is its base with a few bands of rows redrawn (the
claim's, the footer's). The runs of rows between the bands are compressed once and kept with the
base; only the bands are compressed for each card.

A zlib stream may be spliced like this: each piece is raw deflate from a fresh compressor (so
it refers to nothing before it), ended by a sync flush (so it ends on a byte boundary and is not
the final block); an empty final block, then the Adler-32 of all the data, combined piece by
piece, close the stream. Filter type 0 ("none") on every row: the PNG specification's advice for
palette images, and what Pillow writes for them.
"""
from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 1  # zlib's fastest: ~2x faster than the default 6, files ~1.3x larger (~25-45 KB a card)
# Matches of repeated bytes only: a card is flat colour and anti-aliased text, where that finds
# what level 1's hash chains find, sooner (bench/cards.py: 7-8 % less CPU a card, files 1.5 % smaller).
STRATEGY = zlib.Z_RLE
KEEP = 256  # compressed runs of rows kept per base, known by their first and last row
ZLIB_HEADER = b"\x78\x01"  # deflate with a 32 KB window, "fastest" level flag; 0x7801 % 31 == 0
FINAL_BLOCK = b"\x03\x00"  # an empty final block with fixed codes
ADLER_BASE = 65521


class Base:
    """A canvas that cards are copied from, and the compressed runs of its rows."""

    def __init__(self, image: Image.Image) -> None:
        self.image = image
        self.width, self.height = image.size
        self.raw = image.tobytes()
        self._runs: dict[tuple[int, int], tuple[bytes, int]] = {}

    def run(self, start: int, end: int) -> tuple[bytes, int]:
        """Rows [start, end) compressed, and their Adler-32."""
        kept = self._runs.get((start, end))
        if kept is None:
            kept = _deflate(_scanlines(self.raw, self.width, start, end))
            if len(self._runs) < KEEP:
                self._runs[(start, end)] = kept
        return kept


def encode(base: Base, bands: Sequence[tuple[int, Image.Image]], palette: bytes) -> bytes:
    """The base's rows, but for the bands, as a palette PNG. A band is (its first row, an "L"
    image of whole rows of indices); bands must not overlap."""
    pieces, adler, row = [ZLIB_HEADER], 1, 0
    for top, band in sorted(bands, key=lambda band: band[0]):
        if band.width != base.width or top < row or top + band.height > base.height:
            raise ValueError(f"band of rows {top}-{top + band.height} overlaps another or the edge")
        for data, checksum, length in (_kept(base, row, top), _fresh(band)):
            pieces.append(data)
            adler = _adler_combine(adler, checksum, length)
        row = top + band.height
    data, checksum, length = _kept(base, row, base.height)
    pieces += [data, FINAL_BLOCK, struct.pack(">I", _adler_combine(adler, checksum, length))]
    header = struct.pack(">IIBBBBB", base.width, base.height, 8, 3, 0, 0, 0)  # 8-bit palette, no interlace
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", palette),
                     _chunk(b"IDAT", b"".join(pieces)), _chunk(b"IEND", b"")))


def _kept(base: Base, start: int, end: int) -> tuple[bytes, int, int]:
    if start == end:
        return b"", 1, 0
    data, checksum = base.run(start, end)
    return data, checksum, (end - start) * (base.width + 1)


def _fresh(band: Image.Image) -> tuple[bytes, int, int]:
    scanlines = _scanlines(band.tobytes(), band.width, 0, band.height)
    return (*_deflate(scanlines), len(scanlines))


def _scanlines(raw: bytes, width: int, start: int, end: int) -> bytes:
    return b"".join(b"\0" + raw[y * width:(y + 1) * width] for y in range(start, end))


def _deflate(data: bytes) -> tuple[bytes, int]:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, 8, STRATEGY)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH), zlib.adler32(data)


def _adler_combine(first: int, second: int, second_length: int) -> int:
    """Adler-32 of two pieces of data from theirs (zlib's adler32_combine, not in Python's zlib)."""
    remainder = second_length % ADLER_BASE
    low = first & 0xFFFF
    high = (remainder * low) % ADLER_BASE
    low = (low + (second & 0xFFFF) + ADLER_BASE - 1) % ADLER_BASE
    high = (high + (first >> 16) + (second >> 16) + ADLER_BASE - remainder) % ADLER_BASE
    return (high << 16) | low


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))
