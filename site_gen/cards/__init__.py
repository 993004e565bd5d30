"""Share cards: the 1200x630 PNG (og:image) of every page, drawn in Python with bundled fonts.

    draw_card(CardText(...)) -> bytes          a fact-check's card: verdict, claim, site, date
    draw_site_card(SiteCardText(...)) -> bytes  any other page's: the site's name and description
    drawing_key() -> str                       what besides the text decides the bytes, for caches

The same text gives the same bytes, in any process. Modules: card.py lays out the two cards;
layout.py turns a text into lines of runs (the font of each character from fonts.py, which knows
the bundled fonts, fonts/README.md; the direction of each run from bidi.py; wrapping); glyphs.py
measures and draws runs, with caches; palette.py holds the colours; png.py writes the PNG.

Speed (bench/cards.py, bench/README.md "Share cards"): ~2 ms of CPU a card. What costs is drawn
once and kept: the glyphs of a font size, the shaped words of Arabic and Hebrew, the parts of a
card that one site and verdict share and even their compressed rows. The caches are per process
and bounded (some tens of MB at most); they make no difference to the bytes.
"""
from __future__ import annotations

import functools
import hashlib
import zlib
from pathlib import Path

import PIL
from PIL import features

from site_gen.cards.card import CARD_SIZE, CardText, SiteCardText, draw_card, draw_site_card

__all__ = ["CARD_SIZE", "CardText", "SiteCardText", "draw_card", "draw_site_card", "drawing_key"]


@functools.lru_cache(maxsize=1)  # neither the code nor the fonts change while the build runs
def drawing_key() -> str:
    """A hex digest of this package's code and fonts and of the libraries that draw and compress
    (Pillow, its FreeType, raqm, HarfBuzz and FriBiDi, and Python's zlib, which writes the PNGs):
    a card cached under another key may differ in its bytes."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(here.rglob("*")):
        if path.suffix in (".py", ".ttf") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for library in ("freetype2", "raqm", "harfbuzz", "fribidi"):
        digest.update(f"{library}={features.version(library)}\0".encode())
    digest.update(f"pillow={PIL.__version__}\0zlib={zlib.ZLIB_RUNTIME_VERSION}".encode())
    return digest.hexdigest()
