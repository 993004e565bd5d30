"""Amounts written in their units, as readers read them.

A comparison's `unit` is an ISO 4217 currency code or a count unit ("GPUs"), told apart once in
figures/units.py. A currency is written as money ("$5.58 million"); anything else is a count
("2,048 GPUs").

Money follows the locale's CLDR currency pattern and symbol through Babel: "$5.58 million" (en-US),
"US$5.58 million" (en-GB, where "$" alone would not say which dollar), "5,58 millions $US" (fr-FR),
"US$ 5,58 milhões" (pt-BR). Percentages follow the locale's percent pattern ("4.3%", "4,3 %").
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext
from typing import NamedTuple

from babel.numbers import NumberPattern, get_currency_symbol

from site_gen.figures.numbers import plain
from site_gen.figures.units import is_currency
from site_gen.locales import NUMBERING, babel_locale
from site_gen.model import CostRow
from site_gen.present.numbers import compact, digits, round_significant

__all__ = [
    "PHRASES",
    "exact_phrase",
    "format_exact",
    "format_figure",
    "percent",
    "ratio_text",
    "share_text",
    "singular",
    "times",
    "unit_name",
    "with_unit",
]

# Names for the table header ("Amount (US dollars)"); other currencies show their code.
_CURRENCY_NAMES = {
    "USD": "US dollars",
    "EUR": "euros",
    "GBP": "pounds sterling",
    "CNY": "Chinese yuan",
    "JPY": "Japanese yen",
}


def unit_name(unit: str, locale: str = "en-US") -> str:
    """The unit as a header says it: "US dollars", "CHF", "GPU-hours"; a currency in the locale's
    language ("US-Dollar", "dollars des États-Unis"; English keeps its own short list)."""
    if locale.split("-")[0] == "en" or not is_currency(unit):
        return _CURRENCY_NAMES.get(unit, unit)
    return _currency_name(unit, locale)


@functools.lru_cache(maxsize=256)
def _currency_name(code: str, locale: str) -> str:
    from babel.numbers import get_currency_name

    name = get_currency_name(code, count=2, locale=locale.replace("-", "_"))
    return code if name == code else name


def singular(unit: str) -> str:
    """The count unit after the number 1: "GPUs" -> "GPU", "GPU-hours" -> "GPU-hour".

    Undoes the regular English plural of the last word; a unit that is no such plural stays as
    written. Used only after the number 1.
    """
    last = re.split(r"[ -]", unit)[-1]
    if last.endswith(("sses", "xes", "ches", "shes")):  # passes, boxes, batches
        return unit[:-2]
    if len(last) > 1 and last.endswith("s") and not last.endswith("ss"):
        return unit[:-1]
    return unit


def with_unit(number: str, unit: str, locale: str) -> str:
    """A formatted number with its unit: "$5.58 million", "5,58 Millionen $", "1 GPU", "2,048 GPUs"."""
    if not is_currency(unit):
        return f"{number} {singular(unit) if number == '1' else unit}"
    before, after = _money(unit, locale, number[0].isdigit(), number[-1].isdigit())
    return f"{before}{number}{after}"


_NBSP = "\u00a0"


@functools.lru_cache(maxsize=1024)
def _money(code: str, locale: str, digit_first: bool, digit_last: bool) -> tuple[str, str]:
    """What comes before and after an amount in `code`: the locale's currency pattern with its
    symbol for the currency (the code itself where CLDR has none), spaced by CLDR's currency-spacing
    rule: a symbol that does not end in a symbol character ("CHF"; "US$" does) gets a no-break space
    next to a digit, "CHF 5.58 million" (Babel's format_currency leaves that rule out)."""
    babel = babel_locale(locale)
    pattern = babel.currency_formats["standard"]
    prefix, suffix = pattern.prefix[0], pattern.suffix[0]
    symbol = get_currency_symbol(code, babel)
    if prefix.endswith("¤") and digit_first and _spaced(symbol[-1]):
        prefix += _NBSP
    if suffix.startswith("¤") and digit_last and _spaced(symbol[0]):
        suffix = _NBSP + suffix
    return prefix.replace("¤", symbol), suffix.replace("¤", symbol)


def _spaced(symbol_side: str) -> bool:
    """CLDR's currencySpacing (root): a space where the symbol's character next to the number
    matches [[:^S:]&[:^Z:]] and the number's is a digit ([:digit:]; see the caller)."""
    return unicodedata.category(symbol_side)[0] not in "SZ"


# --- interface words: to move to the gettext catalogues in one step (issue 24, item 1) --------
# The words around a figure, one row per language ("{}" is the formatted amount). A language not
# listed here gets the English words.


class Phrases(NamedTuple):
    about: str
    more_than: str
    up_to: str
    between: str


PHRASES: dict[str, Phrases] = {
    "en": Phrases("about {}", "more than {}", "up to {}", "between {} and {}"),
    "fr": Phrases("environ {}", "plus de {}", "jusqu’à {}", "entre {} et {}"),
    "de": Phrases("etwa {}", "mehr als {}", "bis zu {}", "zwischen {} und {}"),
    "es": Phrases("alrededor de {}", "más de {}", "hasta {}", "entre {} y {}"),
    "it": Phrases("circa {}", "più di {}", "fino a {}", "tra {} e {}"),
    "pt": Phrases("cerca de {}", "mais de {}", "até {}", "entre {} e {}"),
    "ar": Phrases("حوالي {}", "أكثر من {}", "حتى {}", "بين {} و{}"),
}

# --- end of the interface words ----------------------------------------------------------------


def phrases(locale: str) -> Phrases:
    return PHRASES.get(babel_locale(locale).language, PHRASES["en"])


def _phrase(row: CostRow, locale: str, amount: Callable[[Decimal, str], str]) -> str:
    """The row's figure in words: "about X", "more than X", "up to X", "between X and Y"."""
    words = phrases(locale)

    def about(text: str) -> str:
        return words.about.format(text) if row.approx else text

    if row.value is not None:
        return about(amount(row.value, ROUND_HALF_UP))
    # Bounds round outwards (numbers.compact) so that "more than" and "up to" stay true.
    if row.min is not None and row.max is not None:
        return words.between.format(about(amount(row.min, ROUND_FLOOR)), amount(row.max, ROUND_CEILING))
    if row.min is not None:
        return words.more_than.format(about(amount(row.min, ROUND_FLOOR)))
    assert row.max is not None, "a valid row has a value, a min or a max"
    return words.up_to.format(about(amount(row.max, ROUND_CEILING)))


@functools.lru_cache(maxsize=4096)  # a row's figure shows in its table, its chart and the chart's note
def format_figure(row: CostRow, unit: str, locale: str) -> str:
    """The compact figure: "$5.58 million", "about $1.6 billion", "more than 2,048 GPUs"."""
    return _phrase(row, locale, lambda v, rnd: with_unit(compact(v, locale, rnd), unit, locale))


def format_exact(value: Decimal, unit: str, locale: str) -> str:
    """Every digit: "$5,576,000", "2,788,000 GPU-hours"."""
    return with_unit(digits(value, locale), unit, locale)


def exact_phrase(row: CostRow, unit: str, locale: str) -> str:
    """format_figure with every digit: "about $1,600,000,000" (for title attributes)."""
    return _phrase(row, locale, lambda v, _: format_exact(v, unit, locale))


# --- ratios ----------------------------------------------------------------------------------


def _interval(row: CostRow) -> tuple[Decimal, Decimal | None]:
    """(low, high) a row's true figure lies in; high None is unbounded. Costs are never negative."""
    if row.value is not None:
        return row.value, row.value
    return (row.min if row.min is not None else Decimal(0)), row.max


def times(ratio: Decimal, rounding: str, locale: str) -> str:
    """A ratio's digits, for "287×" or "287 times": two significant digits, whole numbers kept
    whole (287, 2.9, 0.053)."""
    return digits(round_significant(ratio, 2, rounding), locale)


def percent(share: Decimal, rounding: str, locale: str) -> str:
    """A share (0.043) as a percentage with two significant digits: "4.3%", "96%", "0.18%".

    The digits are pinned here, with `rounding` (ratio_text's bounds round outwards), never left
    to Babel's format_percent, which rounds half to even to whole percents (0.125 -> "12%").
    """
    with localcontext() as ctx:
        ctx.prec = 40
        return _percent(Decimal(plain(round_significant(share * 100, 2, rounding))), locale)


@functools.lru_cache(maxsize=4096)
def _percent(hundredths: Decimal, locale: str) -> str:
    """A percentage already rounded (4.3 for 4.3 %) in the locale's percent pattern, every digit kept."""
    babel = babel_locale(locale)
    pattern: NumberPattern = babel.percent_formats[None]
    text: str = pattern.apply(hundredths.scaleb(-2), babel, decimal_quantization=False, numbering_system=NUMBERING)
    return text


def share_text(share: Decimal, locale: str) -> str:
    """A part's share of its total: "96%", "4.3%", "0.18%"."""
    return percent(share, ROUND_HALF_UP, locale)


def _ratio(value: Decimal, rounding: str, locale: str, sign: bool = True) -> str:
    """A ratio as readers read it: under 1 a percentage ("4.3%"), from 1 up a multiple ("287×")."""
    if value < 1:
        return percent(value, rounding, locale)
    return times(value, rounding, locale) + ("×" if sign else "")


def ratio_text(row: CostRow, baseline: CostRow, locale: str = "en-US") -> str | None:
    """How a row compares with the baseline: "287×", "≈5.3%", ">89×", "<2×", "90–180×", "5.3–18%".

    A ratio under 1 reads as a percentage of the baseline, from 1 up as a multiple of it. Interval
    arithmetic keeps bounds honest: a lower-bound row against a point baseline gives a lower-bound
    ratio (rounded down), an upper bound gives "<" (rounded up). "≈" marks a ratio of two points
    where either is approximate. None when nothing can be said (both open-ended, or a zero
    baseline).
    """
    if row is baseline or (row.id is not None and row.id == baseline.id):
        return "1×"
    row_lo, row_hi = _interval(row)
    base_lo, base_hi = _interval(baseline)
    if base_hi == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        low = Decimal(0) if base_hi is None else row_lo / base_hi
        if row_hi is None or (base_lo == 0 and row_hi != 0):
            high = None
        else:
            high = row_hi / base_lo if row_hi else Decimal(0)
    if high is not None and low == high:
        sign = "≈" if row.approx or baseline.approx else ""
        return f"{sign}{_ratio(low, ROUND_HALF_UP, locale)}"
    if high is None:
        return None if low == 0 else f">{_ratio(low, ROUND_FLOOR, locale)}"
    if low == 0:
        return f"<{_ratio(high, ROUND_CEILING, locale)}"
    # One sign for a range on one side of 1 ("89–180×", "5.3–18%"), one each across it ("50%–2×").
    same_side = (low < 1) == (high < 1)
    low_text = _ratio(low, ROUND_FLOOR, locale, sign=not same_side)
    if same_side and low < 1:
        low_text = times(low * 100, ROUND_FLOOR, locale)
    return f"{low_text}–{_ratio(high, ROUND_CEILING, locale)}"
