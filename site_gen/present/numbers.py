"""Numbers as editors write them, and as readers see them.

Parsing is strict on purpose: a cost figure that is silently misread (``1,000`` as one thousand or
as one, ``1.6e9`` kept as text) is worse than a build that stops with a clear message.

Formatting is locale-aware for the few locales the site supports (SUPPORTED_LOCALES). It is done
here by hand rather than through Babel/ICU: four locales do not justify a dependency, and the output
must be byte-identical on every machine.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

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
    """The exact value in plain notation for exports: 5.576E+6 -> "5576000", 0.050 -> "0.05"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("0", "-0") else text


@dataclass(frozen=True)
class LocaleStyle:
    """How one locale writes figures. Phrase templates take the formatted amount(s)."""

    tag: str
    decimal: str
    group: str
    scales: tuple[tuple[str, str], ...]  # (singular, plural) for 10^6, 10^9, 10^12
    plural_from: Decimal | None  # scale words take the plural from here; None: never inflected
    currency_before: bool  # "$5 million" (en) or "5 Mio. $" (de, fr)
    currency_space: str  # between a trailing currency and the number
    symbols: tuple[tuple[str, str], ...]  # (currency code, symbol); other currencies print the code
    about: str = "about {}"
    more_than: str = "more than {}"
    up_to: str = "up to {}"
    between: str = "between {} and {}"
    percent: str = "{}%"

    def symbol(self, code: str) -> str | None:
        return next((symbol for c, symbol in self.symbols if c == code), None)


_EN_SCALES = (("million", "million"), ("billion", "billion"), ("trillion", "trillion"))

_STYLES: dict[str, LocaleStyle] = {
    style.tag: style
    for style in (
        # Symbols follow CLDR: where "$" or "¥" would be ambiguous the locale spells it out.
        LocaleStyle(
            "en-US", ".", ",", _EN_SCALES, None, True, "",
            tuple({"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥"}.items()),
        ),
        LocaleStyle(
            "en-GB", ".", ",", _EN_SCALES, None, True, "",
            tuple({"USD": "US$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "CNY": "CN¥"}.items()),
        ),
        LocaleStyle(
            "de-DE", ",", ".", (("Mio.", "Mio."), ("Mrd.", "Mrd."), ("Bio.", "Bio.")), None,
            False, "\u00a0",
            tuple({"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥"}.items()),
            about="etwa {}", more_than="mehr als {}", up_to="bis zu {}",
            between="zwischen {} und {}", percent="{}\u00a0%",
        ),
        LocaleStyle(
            "fr-FR", ",", "\u202f",
            (("million", "millions"), ("milliard", "milliards"), ("billion", "billions")),
            Decimal(2), False, "\u00a0",
            tuple({"USD": "$US", "EUR": "€", "GBP": "£GB", "JPY": "JPY", "CNY": "CNY"}.items()),
            about="environ {}", more_than="plus de {}", up_to="jusqu’à {}",
            between="entre {} et {}", percent="{}\u202f%",
        ),
    )
}

SUPPORTED_LOCALES: frozenset[str] = frozenset(_STYLES)


def locale_problem(locale: str) -> str | None:
    """None if the locale is supported; else a message for site.yaml's `locale`."""
    if locale in _STYLES:
        return None
    return f"expected one of {', '.join(sorted(_STYLES))}, got {locale!r}"


def locale_style(locale: str) -> LocaleStyle:
    problem = locale_problem(locale)
    if problem:
        raise ValueError(problem)
    return _STYLES[locale]


def round_significant(value: Decimal, digits: int, rounding: str) -> Decimal:
    """Round to `digits` significant digits, but never into the integer part (2048 stays 2048)."""
    if value == 0:
        return Decimal(0)
    exponent = min(value.adjusted() - digits + 1, 0)
    with localcontext() as ctx:
        ctx.prec = 80  # enough for any value parse_number lets through
        return value.quantize(Decimal(1).scaleb(exponent), rounding=rounding)


def digits(value: Decimal, style: LocaleStyle) -> str:
    """All the digits of a value, grouped by thousands, trailing fractional zeros dropped."""
    whole, _, fraction = plain(value).partition(".")
    groups = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    text = style.group.join([whole, *groups])
    return f"{text}{style.decimal}{fraction}" if fraction else text


_MILLION = Decimal(1_000_000)


@functools.lru_cache(maxsize=4096)  # charts label the same gridlines (1, 10, 100 ...) again and again
def compact(value: Decimal, locale: str, rounding: str = ROUND_HALF_UP) -> str:
    """A value as a reader-friendly figure, without its unit.

    The rule, chosen so that a compact figure never misstates its scale:

    - Below one million the value is written in full (2,048; 294,000; 999,999): six digits are still
      readable, and writing them all hides no rounding. Fractions keep three significant digits
      (12.3, 0.0527).
    - From one million up it is rounded to three significant digits and written with a scale word
      (5,576,000 -> "5.58 million"; 1.6e9 -> "1.6 billion"; trailing zeros dropped). If rounding
      reaches 1,000 of a scale word it carries into the next one: 999,500,000 -> "1 billion",
      never "1,000 million"; 999,999.5 -> "1 million". Above 999 trillion the trillions grow.
    - `rounding` is ROUND_HALF_UP for figures (5,575,000 -> "5.58 million"); bounds pass
      ROUND_FLOOR (a lower bound) or ROUND_CEILING (an upper bound) so that "more than X" and
      "up to X" stay true after rounding.
    """
    style = locale_style(locale)
    with localcontext() as ctx:
        ctx.prec = 80  # scaleb rounds to the context precision; keep every digit
        return _compact(value, style, rounding)


def _compact(value: Decimal, style: LocaleStyle, rounding: str) -> str:
    if value < _MILLION:
        rounded = round_significant(value, 3, rounding)
        if rounded < _MILLION:
            return digits(rounded, style)
        value = rounded  # rounding itself reached one million
    scale = min(value.adjusted() // 3, 4)  # 2: million, 3: billion, 4: trillion
    mantissa = round_significant(value.scaleb(-3 * scale), 3, rounding)
    if mantissa >= 1000 and scale < 4:
        scale, mantissa = scale + 1, mantissa.scaleb(-3)
    singular, plural = style.scales[scale - 2]
    word = plural if style.plural_from is not None and mantissa >= style.plural_from else singular
    return f"{digits(mantissa, style)} {word}"
