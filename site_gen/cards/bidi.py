"""Which way each run of a line reads, and the order the runs are drawn in: the Unicode
bidirectional algorithm (UAX #9), simplified to work on runs rather than characters.

A run (layout.py) is a stretch of one word that one font draws, its neutral ends cut off into runs
of their own (edges). Each run has one bidi type (kind): strong left-to-right (L), strong
right-to-left (R, or AL for Arabic letters), a number (EN, AN), a currency or per cent sign alone
(ET) or neutral (N). The rules kept: digits after Arabic letters are Arabic numbers (W2), a sign
beside a number joins it (W5), a number after left-to-right text reads as L (W7), neutrals take
their neighbours' direction when both agree and the paragraph's otherwise (N1, N2), levels by
I1-I2, and each line reordered by L2. So "$6" after Arabic shows as a browser shows it, the sign
to the right of the number, and "OpenAI." ending an Arabic sentence has its full stop at the far
left. Inside a run raqm orders the characters (an Arabic word with digits in it, say). Left out:
explicit embeddings and overrides (layout.py drops their control characters), bracket pairs (N0),
and the rules for numbers with separators across runs (W4; inside a run, "6.5" is one run).
"""
from __future__ import annotations

import unicodedata

NEUTRALS = frozenset({"ON", "CS", "ES", "ET", "WS", "S", "B"})  # cut from a run's ends


def edges(text: str) -> list[str]:
    """The text with its neutral ends (punctuation, currency and per cent signs) cut off."""
    start, end = 0, len(text)
    while start < end and unicodedata.bidirectional(text[start]) in NEUTRALS:
        start += 1
    while end > start and unicodedata.bidirectional(text[end - 1]) in NEUTRALS:
        end -= 1
    if start == end or (start == 0 and end == len(text)):
        return [text]
    return [part for part in (text[:start], text[start:end], text[end:]) if part]


def kind(text: str) -> str:
    """The run's type: its first strong character's (L, R or AL), else a number's (EN or AN),
    else ET for currency and per cent signs alone, else N."""
    number = ""
    for char in text:
        found = unicodedata.bidirectional(char)
        if found in ("L", "R", "AL"):
            return found
        if found in ("EN", "AN") and not number:
            number = found
    if number:
        return number
    return "ET" if all(unicodedata.bidirectional(char) == "ET" for char in text) else "N"


def levels(kinds: list[str], base: int) -> list[int]:
    """The embedding level of each run of a paragraph at level `base` (0: left to right, 1:
    right to left); an odd level reads right to left."""
    embedding = "R" if base else "L"
    kinds = list(kinds)
    last = embedding
    for i, found in enumerate(kinds):  # W2: digits after Arabic letters are Arabic numbers; W3
        if found in ("L", "R", "AL"):
            last = found
            kinds[i] = "R" if found == "AL" else found
        elif found == "EN" and last == "AL":
            kinds[i] = "AN"
    for sweep in (range(len(kinds)), range(len(kinds) - 1, -1, -1)):  # W5: "$" or "%" beside a number
        for i in sweep:
            if kinds[i] == "ET" and "EN" in (kinds[i - 1] if i else "", kinds[i + 1] if i + 1 < len(kinds) else ""):
                kinds[i] = "EN"
    kinds = ["N" if found == "ET" else found for found in kinds]  # W6
    last = embedding
    for i, found in enumerate(kinds):  # W7: a number after left-to-right text reads as L
        if found in ("L", "R"):
            last = found
        elif found == "EN" and last == "L":
            kinds[i] = "L"
    i = 0
    while i < len(kinds):  # N1, N2: numbers count as R for the neutrals beside them
        if kinds[i] != "N":
            i += 1
            continue
        end = i
        while end < len(kinds) and kinds[end] == "N":
            end += 1
        before = ("L" if kinds[i - 1] == "L" else "R") if i else embedding
        after = ("L" if kinds[end] == "L" else "R") if end < len(kinds) else embedding
        kinds[i:end] = [before if before == after else embedding] * (end - i)
        i = end
    if base:  # I2
        return [1 if found == "R" else 2 for found in kinds]
    return [0 if found == "L" else 1 if found == "R" else 2 for found in kinds]  # I1


def visual_order(line_levels: list[int]) -> list[int]:
    """The indices of a line's runs left to right (L2: from the highest level down to the
    lowest odd one, reverse every stretch at that level or above)."""
    order = list(range(len(line_levels)))
    if not order:
        return order
    highest, lowest = max(line_levels), min(line_levels) | 1  # the lowest odd level at or above the lowest
    for level in range(highest, lowest - 1, -1):
        i = 0
        while i < len(order):
            if line_levels[order[i]] < level:
                i += 1
                continue
            end = i
            while end < len(order) and line_levels[order[end]] >= level:
                end += 1
            order[i:end] = order[i:end][::-1]
            i = end
    return order
