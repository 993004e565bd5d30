"""A text -> its lines, each a row of runs placed left to right: the font of every character
(fonts.py), the direction of every run (bidi.py), wrapping by measured width, shortening with an
ellipsis.

A word is what lies between breaking spaces; a run is a stretch of a word that one font draws in
one direction. Widths come from glyphs.py, so text is wrapped where it will really end.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from site_gen.cards import bidi, glyphs
from site_gen.cards.fonts import LATIN, Style, families_of

# Where a line may break. No-break spaces (U+00A0, U+2007, U+202F) stay inside their word.
BREAKS = re.compile("[\t\n\v\f\r \x1c-\x1f\x85\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]+")
# Dropped: control characters, and the explicit bidi controls this layout does not obey.
DROPPED = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class Run:
    text: str
    family: int
    kind: str  # its bidi type: "L", "R", "AL", "EN", "AN", "ET" or "N" (bidi.kind)
    level: int = 0  # its embedding level; odd runs are drawn right to left
    width: float = 0.0

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


@dataclass(frozen=True)
class Word:
    runs: tuple[Run, ...]
    glued: bool = False  # no space before it: an ellipsis, or the rest of a word too long for a line
    space_level: int = 0  # the level of the space before it

    @property
    def width(self) -> float:
        return sum(run.width for run in self.runs)


@dataclass(frozen=True)
class Line:
    pieces: tuple[tuple[float, Run], ...]  # (x from the line's left end, run), left to right
    width: float


@dataclass(frozen=True)
class Block:
    lines: tuple[Line, ...]
    shortened: bool  # the text did not fit: the last line ends with an ellipsis


@functools.lru_cache(maxsize=512)  # the footers, site names and labels recur card after card
def lines(text: str, style: Style, max_width: int, max_lines: int, rtl: bool) -> Block:
    """The text's lines, at most max_lines; a text that does not fit ends with an ellipsis."""
    base = 1 if rtl else 0
    space = glyphs.glyph_cache(LATIN, style).advance(" ")
    rows: list[list[Word]] = [[]]
    used, shortened = 0.0, False
    for word in (piece for whole in _words(text, base, style) for piece in _split(whole, style, max_width)):
        gap = space if rows[-1] and not word.glued else 0.0
        if rows[-1] and used + gap + word.width > max_width:
            if len(rows) == max_lines:
                rows[-1], shortened = _shortened(rows[-1], style, max_width, space, base), True
                break
            rows.append([])
            used, gap = 0.0, 0.0
        rows[-1].append(word)
        used += gap + word.width
    return Block(tuple(_placed(row, space) for row in rows if row), shortened)


def clean(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFC", text.encode("utf-8", "replace").decode("utf-8"))
    return DROPPED.sub("", text)


def _words(text: str, base: int, style: Style) -> Iterator[Word]:
    """The text's words, their runs' levels resolved, measured as the caller asks for them (the
    words after the last line are never measured)."""
    texts = [word for word in BREAKS.split(clean(text)) if word]
    if not base and not any(_has_rtl(word) for word in texts):
        return (_ltr_word(word, style) for word in texts)  # left to right throughout: every level is 0
    # Punctuation at a word's ends takes its direction from its neighbours, not from the word.
    words = [Word(tuple(Run(part, run.family, bidi.kind(part)) for run in _runs(word) for part in bidi.edges(run.text)))
             for word in texts]
    return (_measured(word, style) for word in _resolved(words, base))


@functools.lru_cache(maxsize=16384)  # words recur from card to card
def _ltr_word(word: str, style: Style) -> Word:
    return _measured(Word(_runs(word)), style)


@functools.lru_cache(maxsize=16384)
def _has_rtl(word: str) -> bool:
    return any(run.kind in ("R", "AL", "AN") for run in _runs(word))


@functools.lru_cache(maxsize=16384)
def _runs(word: str) -> tuple[Run, ...]:
    """The word cut where the font changes. Letters take the first family that has them; marks
    and joiners stay with the letter before them; digits and punctuation stay with the run they
    follow, else go with the next letter's font, so '«مضلل»' or '2025م' is not cut needlessly."""
    ahead: list[int | None] = [None] * len(word)  # the family of the next letter at or after each index
    following = None
    for i in range(len(word) - 1, -1, -1):
        if unicodedata.category(word[i])[0] == "L":
            families = families_of(word[i])
            following = families[0] if families else LATIN
        ahead[i] = following
    runs: list[tuple[str, int]] = []
    current: int | None = None
    for i, char in enumerate(word):
        families, next_letter = families_of(char), ahead[i]
        if unicodedata.category(char)[0] == "L":
            family = families[0] if families else LATIN
        elif current is not None and current in families:
            family = current
        elif next_letter is not None and next_letter in families:
            family = next_letter
        else:
            family = families[0] if families else LATIN
        if family == current:
            runs[-1] = (runs[-1][0] + char, family)
        else:
            runs.append((char, family))
        current = family
    return tuple(Run(text, family, bidi.kind(text)) for text, family in runs)


def _resolved(words: list[Word], base: int) -> list[Word]:
    """The words with each run's level and each inter-word space's level set."""
    kinds: list[str] = []
    for i, word in enumerate(words):
        if i:
            kinds.append("N")  # the space between words
        kinds += [run.kind for run in word.runs]
    levels = iter(bidi.levels(kinds, base))
    resolved = []
    for i, word in enumerate(words):
        space_level = next(levels) if i else base
        runs = tuple(Run(run.text, run.family, run.kind, next(levels)) for run in word.runs)
        resolved.append(Word(runs, space_level=space_level))
    return resolved


def _measured(word: Word, style: Style) -> Word:
    runs = tuple(Run(run.text, run.family, run.kind, run.level, glyphs.width(run.family, style, run.text, run.rtl))
                 for run in word.runs)
    return Word(runs, word.glued, word.space_level)


def _split(word: Word, style: Style, max_width: float) -> Iterator[Word]:
    """A word wider than a line (a URL, a run of CJK) cut into pieces that fit, each piece after
    the first glued to the one before; any other word as it is. Lazily: a 5,000-character word
    is cut no further than the lines that show."""
    if word.width <= max_width:
        yield word
        return
    current: list[Run] = []
    used, glued = 0.0, False
    for run in word.runs:
        rest = run.text
        while rest:
            room = max_width - used
            cut = glyphs.fitting(run.family, style, rest, run.rtl, room)
            part = _part(run, style, rest[:cut])
            while cut > 1 and part.width > room:  # the count's guess left kerning or shaping out
                cut -= 1
                part = _part(run, style, rest[:cut])
            if cut == len(rest):
                current.append(part)
                used += part.width
                break
            if cut == 0 and not current:  # a single character wider than the line gets a line
                cut, part = 1, _part(run, style, rest[:1])
            if cut:
                current.append(part)
            yield Word(tuple(current), glued=glued, space_level=word.space_level)
            current, used, glued = [], 0.0, True
            rest = rest[cut:]
    if current:
        yield Word(tuple(current), glued=glued, space_level=word.space_level)


def _part(run: Run, style: Style, text: str) -> Run:
    return Run(text, run.family, run.kind, run.level, glyphs.width(run.family, style, text, run.rtl) if text else 0.0)


def _shortened(row: list[Word], style: Style, max_width: int, space: float, base: int) -> list[Word]:
    """The last line of a text that goes on: words dropped from its end until an ellipsis fits."""
    family = families_of(ELLIPSIS)[0] if families_of(ELLIPSIS) else LATIN
    ellipsis = _measured(Word((Run(ELLIPSIS, family, "N", base),), glued=True), style)
    row = list(row)
    while row and _row_width(row, space) + ellipsis.width > max_width:
        if len(row) > 1:
            row.pop()
        else:
            row = [next(_split(row[0], style, max_width - ellipsis.width))]
            break
    return row + [ellipsis]


def _row_width(row: list[Word], space: float) -> float:
    return sum(word.width for word in row) + space * sum(1 for word in row[1:] if not word.glued)


def _placed(row: list[Word], space: float) -> Line:
    """The row's runs in the order they are drawn, each with its x."""
    items: list[tuple[int, Run | None]] = []  # (level, run); None is a space
    for i, word in enumerate(row):
        if i and not word.glued:
            items.append((word.space_level, None))
        items += [(run.level, run) for run in word.runs]
    pieces, x = [], 0.0
    for index in bidi.visual_order([level for level, _ in items]):
        run = items[index][1]
        if run is None:
            x += space
        else:
            pieces.append((x, run))
            x += run.width
    return Line(tuple(pieces), x)
