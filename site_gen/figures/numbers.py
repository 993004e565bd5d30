"""Numbers as editors write them: read exactly, and written back exactly.

Parsing is strict on purpose: a cost figure that is silently misread (``1,000`` as one thousand or
as one, ``1.6e9`` kept as text) is worse than a build that stops with a clear message. How readers
see a number, in the site's locale, is present/numbers.py's business.
"""
from __future__ import annotations

import re
from decimal import Decimal

NUMBER_HINT = "expected a number such as 5576000, 5_576_000 or 1.6e9"

# Digits with single underscores between them (as in Python and YAML), an optional fraction and an
# optional exponent. ASCII only: str.isdigit() would let Arabic-Indic digits through.
_NUMBER = re.compile(
    r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?(?:[eE][+-]?[0-9]+)?", re.ASCII
)
# Limits keep a typo such as 1e999999999 from producing a billion-digit string when formatted.
_MAX_EXPONENT = 29  # values must be below 1e30
_MIN_EXPONENT = -30  # non-zero values must be at least 1e-30


def parse_number(text: str | int | float) -> Decimal:
    """Read a non-negative number as an editor wrote it, exactly (no float rounding).

    Accepts ``5576000``, ``5_576_000``, ``5.576e6``, ``1.6E+9``, ``0.05`` (and a YAML-native int or
    float, read through its shortest text). Rejects anything else with a ValueError whose message
    follows the project's "expected ..., got ..." form.
    """
    if isinstance(text, bool):  # YAML's true/false are ints to Python; they are not figures
        text = "true" if text else "false"
    elif isinstance(text, (int, float)):
        text = repr(text)
    stripped = text.strip()
    if not _NUMBER.fullmatch(stripped):
        raise ValueError(f"{NUMBER_HINT}, got {text!r}")
    value = Decimal(stripped.replace("_", ""))
    if value < 0:
        raise ValueError(f"expected a number not below zero, got {text!r}")
    if value == 0:
        return Decimal(0)  # also turns "-0" and "0e5" into a plain 0
    if value.adjusted() > _MAX_EXPONENT:
        raise ValueError(f"expected a number below 1e30, got {text!r}")
    if value.adjusted() < _MIN_EXPONENT:
        raise ValueError(f"expected a number of at least 1e-30 (or 0), got {text!r}")
    return value


def plain(value: Decimal) -> str:
    """The exact value in plain notation for exports: 5.576E+6 -> "5576000", 0.050 -> "0.05".

    Every digit is kept: format() without a precision never rounds (normalize() would, to the
    context's 28 digits, and parse_number lets 29 through)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("0", "-0") else text
