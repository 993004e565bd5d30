"""Figures and dates in any CLDR locale (Babel), and site.yaml's `locale` and `language`.

English output is pinned in test_costs.py (and the goldens); here the same figures in eight
locales, the rounding of bounds and percentages, dates, and the located errors of a bad locale or
language. Digits are Latin in every locale, Arabic included (see site_gen/locales.py).
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

import pytest
from babel import Locale, localedata
from conftest import FIXTURES, build_quietly, make_project

from site_gen.dates import default_date_format, display_date
from site_gen.load.config import check_locale, read_config
from site_gen.locales import NUMBERING, canonical_language, canonical_locale
from site_gen.model import ContentError, CostRow
from site_gen.present.numbers import _decimal, compact, digits
from site_gen.present.units import PHRASES, format_exact, format_figure, percent, ratio_text, share_text

NBSP, NNBSP, RLM = "\u00a0", "\u202f", "\u200f"  # no-break space, narrow no-break space, right-to-left mark


def point(value: str, approx: bool = False) -> CostRow:
    return CostRow("row", "disclosed", value=Decimal(value), approx=approx)


def bound(min: str | None = None, max: str | None = None, approx: bool = False) -> CostRow:
    return CostRow("row", "estimate", min=None if min is None else Decimal(min),
                   max=None if max is None else Decimal(max), approx=approx)


# --- figures in eight locales ----------------------------------------------------------------

FIVE_MILLION, CAPEX, GPUS = point("5576000"), point("1.6e9", approx=True), point("2048")
MORE_THAN, UP_TO, RANGE = bound(min="500000000"), bound(max="2e9"), bound(min="8.7e9", max="9.1e9")


@pytest.mark.parametrize(
    ("row", "unit", "locale", "expected"),
    [
        # en-US writes "$", en-GB "US$": for a reader outside the US "$" alone does not say which dollar
        (FIVE_MILLION, "USD", "en-US", "$5.58 million"),
        (CAPEX, "USD", "en-US", "about $1.6 billion"),
        (GPUS, "GPUs", "en-US", "2,048 GPUs"),
        (RANGE, "EUR", "en-US", "between €8.7 billion and €9.1 billion"),
        (FIVE_MILLION, "USD", "en-GB", "US$5.58 million"),
        (MORE_THAN, "USD", "en-GB", "more than US$500 million"),
        (UP_TO, "GBP", "en-GB", "up to £2 billion"),
        (FIVE_MILLION, "USD", "fr-FR", f"5,58 millions{NBSP}$US"),
        (CAPEX, "USD", "fr-FR", f"environ 1,6 milliard{NBSP}$US"),  # singular below 2, as French agrees
        (GPUS, "GPUs", "fr-FR", f"2{NNBSP}048 GPUs"),
        (RANGE, "EUR", "fr-FR", f"entre 8,7 milliards{NBSP}€ et 9,1 milliards{NBSP}€"),
        (UP_TO, "USD", "fr-FR", f"jusqu’à 2 milliards{NBSP}$US"),
        (FIVE_MILLION, "USD", "de-DE", f"5,58 Millionen{NBSP}$"),
        (CAPEX, "EUR", "de-DE", f"etwa 1,6 Milliarden{NBSP}€"),
        (point("1e9"), "EUR", "de-DE", f"1 Milliarde{NBSP}€"),
        (MORE_THAN, "USD", "de-DE", f"mehr als 500 Millionen{NBSP}$"),
        (GPUS, "GPUs", "de-DE", "2.048 GPUs"),
        (FIVE_MILLION, "USD", "it-IT", f"5,58 milioni{NBSP}USD"),  # CLDR's Italian has no dollar sign
        (FIVE_MILLION, "EUR", "it-IT", f"5,58 milioni{NBSP}€"),
        (point("1e6"), "EUR", "it-IT", f"1 milione{NBSP}€"),
        (CAPEX, "EUR", "it-IT", f"circa 1,6 miliardi{NBSP}€"),
        (RANGE, "EUR", "it-IT", f"tra 8,7 miliardi{NBSP}€ e 9,1 miliardi{NBSP}€"),
        (FIVE_MILLION, "USD", "es-ES", f"5,58 millones{NBSP}US$"),
        (CAPEX, "EUR", "es-ES", f"alrededor de 1,6 mil millones{NBSP}€"),
        (MORE_THAN, "EUR", "es-ES", f"más de 500 millones{NBSP}€"),
        (point("1e6"), "EUR", "es-ES", f"1 millón{NBSP}€"),
        (FIVE_MILLION, "USD", "pt-BR", f"US${NBSP}5,58 milhões"),  # the symbol before the figure
        (CAPEX, "BRL", "pt-BR", f"cerca de R${NBSP}1,6 bilhão"),
        (UP_TO, "BRL", "pt-BR", f"até R${NBSP}2 bilhões"),
        (RANGE, "USD", "pt-BR", f"entre US${NBSP}8,7 bilhões e US${NBSP}9,1 bilhões"),
        (FIVE_MILLION, "USD", "ar-EG", f"{RLM}5.58 مليون{NBSP}US$"),  # the mark keeps the order in RTL text
        (FIVE_MILLION, "EGP", "ar-EG", f"{RLM}5.58 مليون{NBSP}ج.م.\u200f"),
        (point("3e6"), "USD", "ar-EG", f"{RLM}3 ملايين{NBSP}US$"),  # Arabic plural forms (3 to 10)
        (CAPEX, "USD", "ar-EG", f"حوالي {RLM}1.6 مليار{NBSP}US$"),
        (GPUS, "GPUs", "ar-EG", "2,048 GPUs"),
        (MORE_THAN, "USD", "ar-EG", f"أكثر من {RLM}500 مليون{NBSP}US$"),
    ],
)
def test_figures_per_locale(row: CostRow, unit: str, locale: str, expected: str) -> None:
    assert format_figure(row, unit, locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-US", "$5,576,000"),
        ("en-GB", "US$5,576,000"),
        ("fr-FR", f"5{NNBSP}576{NNBSP}000{NBSP}$US"),
        ("de-DE", f"5.576.000{NBSP}$"),
        ("it-IT", f"5.576.000{NBSP}USD"),
        ("es-ES", f"5.576.000{NBSP}US$"),
        ("pt-BR", f"US${NBSP}5.576.000"),
        ("ar-EG", f"{RLM}5,576,000{NBSP}US$"),
        ("hi-IN", "$55,76,000"),  # Indian grouping: lakhs and crores
    ],
)
def test_exact_figures_per_locale(locale: str, expected: str) -> None:
    assert format_exact(Decimal("5576000"), "USD", locale) == expected


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        ("5576000", "ja-JP", "558万"),  # CLDR has no long form in Japanese: the short one
        ("1.6e9", "ja-JP", "16億"),
        ("5576000", "hi-IN", "55.8 लाख"),  # the scale words of the locale, not of English
        ("1e6", "ru-RU", "1 миллион"),
        ("5e6", "ru-RU", "5 миллионов"),
        ("2.5e15", "de-DE", "2.500 Billionen"),  # past the largest word the figure grows
        ("999500000", "fr-FR", "1 milliard"),  # carried into the next word, never "1 000 millions"
        ("9995000", "ja-JP", "1,000万"),  # grouped as the locale groups digits
    ],
)
def test_scale_words_follow_the_locale(value: str, locale: str, expected: str) -> None:
    assert compact(Decimal(value), locale) == expected


def test_compact_digits_are_pinned_not_babels() -> None:
    """Babel rounds half to even to a fixed count of decimals; a figure rounds half up to three
    significant digits, whatever the locale."""
    assert compact(Decimal("1005000"), "fr-FR") == "1,01 million"
    assert compact(Decimal("1125000"), "de-DE") == "1,13 Millionen"


# --- bounds, ranges, percentages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "locale", "expected"),
    [
        # a lower bound rounds down and an upper bound up, so that the words stay true
        (bound(min="499999999"), "fr-FR", f"plus de 499 millions{NBSP}$US"),
        (bound(max="1001000001"), "de-DE", f"bis zu 1,01 Milliarden{NBSP}$"),
        (bound(max="999100000"), "it-IT", f"fino a 1 miliardo{NBSP}USD"),
        (bound(min="1234567", max="2345001"), "es-ES", f"entre 1,23 millones{NBSP}US$ y 2,35 millones{NBSP}US$"),
        (bound(min="1234567", max="2345001"), "pt-BR", f"entre US${NBSP}1,23 milhão e US${NBSP}2,35 milhões"),
        (bound(min="90e6", max="180e6", approx=True), "ar-EG",
         f"بين حوالي {RLM}90 مليون{NBSP}US$ و{RLM}180 مليون{NBSP}US$"),
        (bound(min="500000000", approx=True), "de-DE", f"mehr als etwa 500 Millionen{NBSP}$"),
    ],
)
def test_bounds_and_ranges(row: CostRow, locale: str, expected: str) -> None:
    assert format_figure(row, "USD", locale) == expected


@pytest.mark.parametrize(
    ("share", "rounding", "locale", "expected"),
    [
        # two significant digits, halves up: 0.125 is "13%" (Babel's format_percent says "12%")
        ("0.125", ROUND_HALF_UP, "en-US", "13%"),
        ("0.125", ROUND_FLOOR, "en-US", "12%"),
        ("0.1201", ROUND_CEILING, "en-US", "13%"),
        ("0.0434", ROUND_HALF_UP, "fr-FR", f"4,3{NBSP}%"),
        ("0.0434", ROUND_CEILING, "de-DE", f"4,4{NBSP}%"),
        ("0.00183", ROUND_HALF_UP, "it-IT", "0,18%"),
        ("0.96", ROUND_HALF_UP, "es-ES", f"96{NBSP}%"),
        ("0.043", ROUND_HALF_UP, "pt-BR", "4,3%"),
        ("0.043", ROUND_HALF_UP, "ar-EG", "4.3%"),
        ("1", ROUND_HALF_UP, "en-GB", "100%"),
        ("0", ROUND_HALF_UP, "fr-FR", f"0{NBSP}%"),
    ],
)
def test_percentages_have_pinned_digits(share: str, rounding: str, locale: str, expected: str) -> None:
    assert percent(Decimal(share), rounding, locale) == expected


def test_ratios_and_shares_in_the_locale() -> None:
    base = point("5576000")
    assert ratio_text(point("16000000"), base, "fr-FR") == "2,9×"
    assert ratio_text(bound(min="500000000"), base, "de-DE") == ">89×"
    assert ratio_text(bound(min="294000", max="1000000"), base, "fr-FR") == f"5,2–18{NBSP}%"
    assert ratio_text(point("294000", approx=True), base, "es-ES") == f"≈5,3{NBSP}%"
    assert share_text(Decimal("238000") / Decimal("5576000"), "pt-BR") == "4,3%"


def test_phrase_words_are_one_table_per_language() -> None:
    """The words around a figure, kept in one table until they move to the catalogues; today's
    English, French and German words, and a language without a row gets the English ones."""
    assert PHRASES["en"] == ("about {}", "more than {}", "up to {}", "between {} and {}")
    assert PHRASES["fr"] == ("environ {}", "plus de {}", "jusqu’à {}", "entre {} et {}")
    assert PHRASES["de"] == ("etwa {}", "mehr als {}", "bis zu {}", "zwischen {} und {}")
    assert format_figure(CAPEX, "USD", "ja-JP") == "about $16億"


def check_against_babel(identifiers) -> None:
    """numbers._decimal formats from Babel's data without Babel's per-call cost: it must give the
    same text as Babel's decimal pattern (every digit kept, Latin digits)."""
    values = [Decimal(v) for v in ("0", "12", "1234567.0527", "9" * 29, "1e-30")]
    for identifier in identifiers:
        locale = Locale.parse(identifier)
        for value in values:
            with localcontext() as ctx:
                ctx.prec = 80
                expected = locale.decimal_formats[None].apply(value, locale, decimal_quantization=False,
                                                              numbering_system=NUMBERING)
            assert _decimal(value, locale) == expected, (identifier, value)


def test_number_formatting_matches_babel() -> None:
    """One locale of each of the 12 combinations of symbols, grouping and pattern text that Babel
    2.18's 1,082 locales have, and the locales tested above."""
    check_against_babel(["bgn_PK", "en_CH", "en_US_POSIX", "ff_Adlm_NE", "fr_BE", "fy", "hnj_Hmnp", "mr_IN",
                         "nmg_CM", "nqo_GN", "tok", "twq_NE", "en_US", "en_GB", "fr_FR", "de_DE", "it_IT", "es_ES",
                         "pt_BR", "ar_EG", "hi_IN", "ja_JP"])


@pytest.mark.slow
def test_number_formatting_matches_babel_in_every_cldr_locale() -> None:
    check_against_babel(localedata.locale_identifiers())


def test_every_digit_of_a_long_figure_is_kept() -> None:
    """29 significant digits (parse_number's limit is 1e30) are not rounded to Decimal's default 28."""
    assert digits(Decimal("9" * 29), "en-US") == ",".join(["99"] + ["999"] * 9)


# --- dates -----------------------------------------------------------------------------------

FEB_3 = dt.date(2025, 2, 3)


@pytest.mark.parametrize(
    ("locale", "day_month_year", "month_day_year"),
    [
        ("en-US", "3 February 2025", "February 3, 2025"),
        ("en-GB", "3 February 2025", "February 3, 2025"),
        ("fr-FR", "3 février 2025", "février 3, 2025"),
        ("de-DE", "3. Februar 2025", "Februar 3, 2025"),
        ("it-IT", "3 febbraio 2025", "febbraio 3, 2025"),
        ("es-ES", "3 de febrero de 2025", "febrero 3, 2025"),
        ("pt-BR", "3 de fevereiro de 2025", "fevereiro 3, 2025"),
        ("ar-EG", "3 فبراير 2025", "فبراير 3, 2025"),
        ("ja-JP", "3 2月 2025", "2025年2月3日"),
    ],
)
def test_dates_per_locale(locale: str, day_month_year: str, month_day_year: str) -> None:
    """The locale's own long date where it has the order asked for, else day, month, year in that order."""
    assert display_date(FEB_3, "day-month-year", locale) == day_month_year
    assert display_date(FEB_3, "month-day-year", locale) == month_day_year
    assert display_date(FEB_3, "iso", locale) == "2025-02-03"


@pytest.mark.parametrize(
    ("locale", "order"),
    [("en-US", "month-day-year"), ("en-GB", "day-month-year"), ("fr-FR", "day-month-year"),
     ("de-DE", "day-month-year"), ("ar-EG", "day-month-year"), ("ja-JP", "month-day-year"),
     ("hu-HU", "month-day-year")],
)
def test_the_default_date_order_is_the_locales(locale: str, order: str) -> None:
    assert default_date_format(locale) == order


# --- site.yaml: locale and language ----------------------------------------------------------

SITE_YAML = (FIXTURES / "site" / "site.yaml").read_text(encoding="utf-8")


def config_with(**lines: str):
    """The fixture site's site.yaml with these keys set (replaced where it has them, else added)."""
    text = SITE_YAML
    for key, value in lines.items():
        if f"\n{key}:" in f"\n{text}":
            text = "\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in text.splitlines())
        else:
            text = f"{text.rstrip()}\n{key}: {value}\n"
    return read_config(text.encode("utf-8"))


def problems_with(**lines: str) -> list[str]:
    with pytest.raises(ContentError) as err:
        config_with(**lines)
    return [str(p) for p in err.value.problems]


def line_of(key: str) -> int:
    return next(n for n, line in enumerate(SITE_YAML.splitlines(), start=1) if line.startswith(f"{key}:"))


@pytest.mark.parametrize("locale", ["it-IT", "es-ES", "pt-BR", "ar-EG", "ja-JP", "es-419", "zh-Hant-TW", "fr"])
def test_any_cldr_locale_is_accepted(locale: str) -> None:
    assert config_with(locale=locale).locale == locale


def test_locale_and_language_are_written_as_cldr_and_bcp_47_spell_them() -> None:
    config = config_with(locale="pt-br", language="PT-br")
    assert (config.locale, config.language) == ("pt-BR", "pt-BR")
    assert canonical_locale("zh-hant-tw") == "zh-Hant-TW"
    assert canonical_language("sr-latn-rs") == "sr-Latn-RS"


def test_the_default_date_format_follows_the_locale() -> None:
    assert config_with(locale="en-US").date_format == "month-day-year"
    assert config_with(locale="de-DE").date_format == "day-month-year"
    assert config_with(locale="ja-JP").date_format == "month-day-year"
    assert config_with(locale="ja-JP", date_format="day-month-year").date_format == "day-month-year"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("xx-YY", "expected a locale such as en-GB or fr-FR (a CLDR locale), got 'xx-YY'"),
        ("en-ZZ", "expected a locale such as en-GB or fr-FR (a CLDR locale), got 'en-ZZ'"),  # Babel: en-US
        ("und", "expected a locale such as en-GB or fr-FR (a CLDR locale), got 'und'"),  # Babel: en-US
        ("fr-US", "expected a locale such as en-GB or fr-FR (a CLDR locale), got 'fr-US'"),
        ("French", "expected a locale such as en-GB or fr-FR (a CLDR locale), got 'French'"),
        ("en_GB", "expected a locale such as en-GB or fr-FR (a CLDR locale), got 'en_GB'; did you mean 'en-GB'?"),
    ],
)
def test_an_unknown_locale_is_a_located_error(written: str, message: str) -> None:
    assert problems_with(locale=written) == [f"site.yaml:{line_of('locale')}:9: locale: {message}"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("Français", "expected a BCP 47 language tag such as en, fr or pt-BR, got 'Français'; did you mean 'fr'?"),
        ("english", "expected a BCP 47 language tag such as en, fr or pt-BR, got 'english'; did you mean 'en'?"),
        ("pt_BR", "expected a BCP 47 language tag such as en, fr or pt-BR, got 'pt_BR'; did you mean 'pt-BR'?"),
        ("xx", "expected a BCP 47 language tag such as en, fr or pt-BR, got 'xx'"),
        ("en-", "expected a BCP 47 language tag such as en, fr or pt-BR, got 'en-'"),
        ("en-QQ", "expected a BCP 47 language tag such as en, fr or pt-BR, got 'en-QQ'"),
    ],
)
def test_a_language_that_is_no_bcp_47_tag_is_a_located_error(written: str, message: str) -> None:
    assert problems_with(language=written) == [f"site.yaml:{line_of('language')}:11: language: {message}"]


@pytest.mark.parametrize("language", ["en", "fr", "pt-BR", "zh-Hant", "es-419", "de-CH-1996", "en-US-x-newsroom"])
def test_bcp_47_language_tags_are_accepted(language: str) -> None:
    assert config_with(language=language).language == language


def test_init_checks_its_locale_as_site_yaml_would() -> None:
    check_locale("it-IT", "--locale")
    with pytest.raises(ContentError) as err:
        check_locale("xx-YY", "--locale")
    assert [str(p) for p in err.value.problems] == [
        "--locale:1:1: expected a locale such as en-GB or fr-FR (a CLDR locale), got 'xx-YY'"]


# --- a whole site ----------------------------------------------------------------------------


def test_a_site_in_italian_writes_figures_and_dates_in_italian(tmp_path) -> None:
    project = make_project(tmp_path)
    config = project / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en\n", "language: it\n")
                      .replace("locale: en-GB\n", "locale: it-IT\n"), encoding="utf-8")
    build_quietly(project, "--no-search", "--out", "_site")
    page = (project / "_site" / "claims" / "six-million" / "index.html").read_text(encoding="utf-8")
    assert f"5,58 milioni{NBSP}USD" in page and f"circa 1,6 miliardi{NBSP}USD" in page
    assert '<time datetime="2025-02-03"' in page and "3 febbraio 2025</time>" in page
