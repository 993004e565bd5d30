"""Invisible characters that change what text says: an error at their line and column.

A right-to-left override (U+202E) can make `$6.5 billion` display as something else, a zero-width
space can make two different words look the same (or a tag look like another); pages, feeds, CSV
files and search would all carry them unseen. The rule, for every text of a content file and of
site.yaml (front matter, keys and body alike):

- always refused: the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
  zero-width space and word joiner (U+200B, U+2060), invisible operators (U+2061–U+2064), a byte
  order mark inside the text (U+FEFF), line and paragraph separators (U+2028, U+2029);
- allowed where a script needs them: zero-width non-joiner and joiner (U+200C, U+200D) between two
  letters, marks or symbols that are not ASCII (Persian and Indic words, emoji sequences), never
  beside ASCII text, a space or the end of a line; the direction marks (U+200E, U+200F, U+061C) in
  a line that holds right-to-left letters (Arabic, Hebrew ...), where they place punctuation and
  numbers.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import yaml

DIRECTIONAL = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
HIDING = frozenset("\u200b\u2060\u2061\u2062\u2063\u2064\ufeff")
BREAKS = frozenset("\u2028\u2029")
ALWAYS = DIRECTIONAL | HIDING | BREAKS
JOINERS = frozenset("\u200c\u200d")
MARKS = frozenset("\u200e\u200f\u061c")
_ANY = re.compile("[" + "".join(sorted(ALWAYS | JOINERS | MARKS)) + "]")


def invisible_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, message) of each refused character, 1-based, in text order."""
    if _ANY.search(text) is None:  # the usual case: one scan in C
        return
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _ANY.finditer(line):
            char, col = match.group(), match.start()
            if char in JOINERS and _joins(line, col):
                continue
            if char in MARKS and _has_right_to_left(line):
                continue
            yield number, col + 1, _message(char)


def _joins(line: str, col: int) -> bool:
    before, after = line[col - 1: col], line[col + 1: col + 2]
    return all(c and not c.isascii() and not c.isspace() and c not in ALWAYS | MARKS for c in (before, after))


def _has_right_to_left(line: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in line)


def _message(char: str) -> str:
    why = ("it changes the order in which the text around it is shown" if char in DIRECTIONAL | MARKS
           else "it breaks the line where nobody sees a break" if char in BREAKS
           else "it makes different text look the same")
    where = (" (allowed only in a line with right-to-left letters)" if char in MARKS
             else " (allowed only between two letters of a script that needs it)" if char in JOINERS else "")
    name = unicodedata.name(char, "")
    return f"expected visible text, got the invisible character U+{ord(char):04X} {name}{where}: {why}; delete it"


def field_at(node: yaml.MappingNode, first_line: int, line: int) -> str:
    """The top-level key whose value holds `line` (file lines; YAML lines start at `first_line`)."""
    found = ""
    for key, _ in node.value:
        if key.start_mark.line + first_line > line:
            break
        found = str(key.value)
    return found
