"""Numbers as readers see them (how editors write them is figures/numbers.py's business).

Formatting follows the site's locale through Babel's CLDR data (any CLDR locale; see
site_gen/locales.py): its digit grouping and separators, and its words for large figures ("5.58
million", "5,58 millions", "5,58 Millionen", "558万"). The rounding is ours, not Babel's (which rounds half to even
and to a fixed number of decimals): three significant digits, halves up, and bounds rounded outwards
(see compact). Babel is pinned (requirements.txt), so the output is the same on every machine.
"""
from __future__ import annotations

import functools
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel import Locale
from babel.numbers import NumberPattern, get_decimal_symbol, get_group_symbol

from site_gen.figures.numbers import plain
from site_gen.locales import NUMBERING, babel_locale


def round_significant(value: Decimal, digits: int, rounding: str) -> Decimal:
    """Round to `digits` significant digits, but never into the integer part (2048 stays 2048)."""
    if value == 0:
        return Decimal(0)
    exponent = min(value.adjusted() - digits + 1, 0)
    with localcontext() as ctx:
        ctx.prec = 80  # enough for any value figures.numbers.parse_number lets through
        return value.quantize(Decimal(1).scaleb(exponent), rounding=rounding)


@functools.lru_cache(maxsize=8192)
def digits(value: Decimal, locale: str) -> str:
    """All the digits of a value, grouped as the locale groups them, trailing fractional zeros
    dropped: 5576000 -> "5,576,000" (en), "5 576 000" (fr, narrow no-break spaces), "5.576.000" (de)."""
    return _decimal(value, babel_locale(locale))


def _decimal(value: Decimal, locale: Locale) -> str:
    """What Babel's decimal pattern gives with every digit kept (`apply(value, locale,
    decimal_quantization=False)`; tests/test_locales.py compares the two in every CLDR locale),
    made from the same CLDR data without Babel's per-call overhead: figures are formatted by the
    ten thousand in a build."""
    decimal, group, first, then, prefix, suffix = _number_symbols(locale)
    whole, _, fraction = plain(value).partition(".")
    if len(whole) > first:
        parts = [whole[-first:]]
        whole = whole[:-first]
        while len(whole) > then:
            parts.append(whole[-then:])
            whole = whole[:-then]
        parts.append(whole)
        whole = group.join(reversed(parts))
    return f"{prefix}{whole}{decimal}{fraction}{suffix}" if fraction else f"{prefix}{whole}{suffix}"


@functools.cache
def _number_symbols(locale: Locale) -> tuple[str, str, int, int, str, str]:
    """The locale's decimal and group symbols (Latin digits: locales.NUMBERING), its grouping (3, 3;
    3, 2 in India) and its decimal pattern's text before and after a positive number."""
    pattern = locale.decimal_formats[None]
    decimal, group = (get_decimal_symbol(locale, numbering_system=NUMBERING),
                      get_group_symbol(locale, numbering_system=NUMBERING))
    return (decimal, group, pattern.grouping[0], pattern.grouping[1], _unquoted(pattern.prefix[0]),
            _unquoted(pattern.suffix[0]))


_MILLION = Decimal(1_000_000)
_FIRST_SCALE = 6  # compact words start at a million


@functools.lru_cache(maxsize=4096)  # charts label the same gridlines (1, 10, 100 ...) again and again
def compact(value: Decimal, locale: str, rounding: str = ROUND_HALF_UP) -> str:
    """A value as a reader-friendly figure, without its unit.

    The rule, chosen so that a compact figure never misstates its scale:

    - Below one million the value is written in full (2,048; 294,000; 999,999): six digits are still
      readable, and writing them all hides no rounding. Fractions keep three significant digits
      (12.3, 0.0527).
    - From one million up it is rounded to three significant digits and written with the locale's
      word for its scale, CLDR's long compact form (5,576,000 -> "5.58 million", "5,58 millions",
      "5,58 Millionen"; 1.6e9 -> "1.6 billion"; trailing zeros dropped). Where CLDR has no long form
      the short one serves (ja: "558万"). If rounding reaches the next scale it carries into it:
      999,500,000 -> "1 billion", never "1,000 million"; 999,999.5 -> "1 million". Past the largest
      word (trillion in English) the figure grows: "2,500 trillion".
    - `rounding` is ROUND_HALF_UP for figures (5,575,000 -> "5.58 million"); bounds pass
      ROUND_FLOOR (a lower bound) or ROUND_CEILING (an upper bound) so that "more than X" and
      "up to X" stay true after rounding.
    """
    babel = babel_locale(locale)
    with localcontext() as ctx:
        ctx.prec = 80  # scaleb rounds to the context precision; keep every digit
        return _compact(value, babel, rounding)


def _compact(value: Decimal, locale: Locale, rounding: str) -> str:
    if value < _MILLION:
        rounded = round_significant(value, 3, rounding)
        if rounded < _MILLION:
            return _decimal(rounded, locale)
        value = rounded  # rounding itself reached one million
    forms, scales = _compact_forms(locale)
    if not scales:  # a locale without compact forms writes every digit
        return _decimal(round_significant(value, 3, rounding), locale)
    at = max(i for i, scale in enumerate(scales) if scale <= max(value.adjusted(), scales[0]))
    while True:
        pattern = forms["other"][scales[at]]
        if pattern.pattern == "0":  # the locale does not shorten figures of this size
            return _decimal(round_significant(value, 3, rounding), locale)
        assert pattern.number_pattern is not None  # babel's parse_pattern always sets it (possibly to "")
        width = pattern.number_pattern.count("0")  # "000 million": up to three digits before the word
        mantissa = round_significant(value.scaleb(width - 1 - scales[at]), 3, rounding)
        if mantissa.adjusted() >= width and at + 1 < len(scales):
            at += 1  # rounding carried into the next scale (999.5 million -> 1 billion)
            continue
        return _scaled(Decimal(plain(mantissa)), scales[at], locale)


@functools.lru_cache(maxsize=8192)  # three significant digits: few mantissas, many figures
def _scaled(mantissa: Decimal, scale: int, locale: Locale) -> str:
    """"5.58" at 10^6 -> "5.58 million"; the word agrees with the number ("1 Million", "2 Millionen":
    `mantissa` has no trailing zeros, which would make 1.00 a plural in German)."""
    forms, _ = _compact_forms(locale)
    form = "1" if mantissa == 1 and scale in forms.get("1", {}) else locale.plural_form(mantissa)
    pattern = forms.get(form, {}).get(scale) or forms["other"][scale]
    if not pattern.number_pattern:  # a word alone for exactly this amount, as French "mille"
        return _unquoted(pattern.prefix[0] + pattern.suffix[0])
    return _unquoted(f"{pattern.prefix[0]}{_decimal(mantissa, locale)}{pattern.suffix[0]}")


@functools.cache
def _compact_forms(locale: Locale) -> tuple[dict[str, dict[int, NumberPattern]], tuple[int, ...]]:
    """The locale's compact patterns from a million up, by plural form and power of ten, and the
    powers of ten they exist for, in order."""
    formats = locale.compact_decimal_formats
    chosen = formats["long"] if "long" in formats else formats["short"]
    forms = {form: {len(key) - 1: pattern for key, pattern in patterns.items() if len(key) - 1 >= _FIRST_SCALE}
             for form, patterns in chosen.items()}
    return forms, tuple(sorted(forms["other"]))


# CLDR quotes literal text in a pattern ('' is a quote): "0 'K'" -> "0 K", as Babel's apply does.
_QUOTED = re.compile(r"'([^']*)'")


def _unquoted(text: str) -> str:
    return _QUOTED.sub(lambda match: match.group(1) or "'", text) if "'" in text else text
