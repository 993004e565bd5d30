"""Dates as every page shows them: in the site's locale (month names, order, words), through Babel.

site.yaml's `date_format` picks the order: `day-month-year`, `month-day-year` or `iso`. Where the
locale's own long date has the chosen order, the date is written exactly as CLDR writes it
("3 February 2025" en-GB, "February 3, 2025" en-US, "3. Februar 2025", "3 de febrero de 2025",
"3 فبراير 2025" with Latin digits as every figure has them (see locales.py), "2025年2月3日" for ja-JP
with month-day-year). Where it does not, the day, the locale's month name and the year are put in the
chosen order ("3 February 2025" for en-US with day-month-year, as the shipped site has it). By
default the order is the locale's own (default_date_format). Never a locale read from the OS.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from babel.dates import format_date

from site_gen.locales import babel_locale

DAY_MONTH_YEAR, MONTH_DAY_YEAR, ISO = "day-month-year", "month-day-year", "iso"

_FALLBACK = {DAY_MONTH_YEAR: "d MMMM y", MONTH_DAY_YEAR: "MMMM d, y"}
_QUOTED = re.compile(r"'[^']*'")


@functools.lru_cache(maxsize=8192)  # a date shows on many pages (cards, lists, feeds): format it once
def display_date(date: dt.date, date_format: str, locale: str = "en-US") -> str:
    """A date as every page shows it: '3 February 2025', 'February 3, 2025', '2025-02-03',
    '3. Februar 2025' ... (site.yaml's date_format and locale)."""
    if date_format == ISO:
        return date.isoformat()
    return format_date(date, _pattern(date_format, locale), locale=babel_locale(locale))


def default_date_format(locale: str) -> str:
    """The order the locale's own long date uses: month-day-year for en-US (and ja, zh, ko, hu,
    whose year comes first), day-month-year for en-GB, fr, de and most others."""
    return DAY_MONTH_YEAR if _day_first(locale) else MONTH_DAY_YEAR


@functools.cache
def _pattern(date_format: str, locale: str) -> str:
    own = babel_locale(locale).date_formats["long"].pattern
    return own if (date_format == DAY_MONTH_YEAR) == _day_first(locale) else _FALLBACK[date_format]


@functools.cache
def _day_first(locale: str) -> bool:
    """Whether the locale's long date pattern puts the day before the month (quoted text aside)."""
    fields = _QUOTED.sub("", babel_locale(locale).date_formats["long"].pattern)
    day, month = fields.find("d"), min((i for i in (fields.find("M"), fields.find("L")) if i >= 0), default=-1)
    return 0 <= day < month or month < 0
