"""Numbers as editors write them (parse_number) and the unit they are in (unit_problem).

Each rejected input is listed with the exact message the editor will read.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

import pytest

from site_gen.figures.numbers import parse_number, plain
from site_gen.figures.units import ISO_4217_CODES, unit_problem
from site_gen.present.numbers import compact
from site_gen.present.units import singular

HINT = "expected a number such as 5576000, 5_576_000 or 1.6e9"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("5576000", Decimal("5576000")),
        ("5_576_000", Decimal("5576000")),
        ("5.576e6", Decimal("5576000")),
        ("5.576E6", Decimal("5576000")),
        ("1.6e9", Decimal("1600000000")),
        ("1.6e+9", Decimal("1600000000")),
        ("2.5e-1", Decimal("0.25")),
        ("0.05", Decimal("0.05")),
        ("0", Decimal("0")),
        ("-0", Decimal("0")),
        ("+294000", Decimal("294000")),
        ("1_000.000_5", Decimal("1000.0005")),
        (" 944000000 ", Decimal("944000000")),  # surrounding blanks are not part of the number
        ("9" * 29, Decimal("9" * 29)),  # just below the 1e30 limit
        ("1e-30", Decimal("1e-30")),
    ],
)
def test_accepted_forms_give_the_exact_decimal(written: str, expected: Decimal) -> None:
    parsed = parse_number(written)
    assert parsed == expected
    assert isinstance(parsed, Decimal)


def test_exact_value_is_kept_without_float_rounding() -> None:
    # 0.1 + 0.2 style drift would show here if the text went through float.
    assert parse_number("0.30000000000000001") == Decimal("0.30000000000000001")


@pytest.mark.parametrize(
    ("native", "expected"),
    [(5576000, Decimal("5576000")), (1.6e9, Decimal("1600000000")), (0.05, Decimal("0.05"))],
)
def test_yaml_native_numbers_are_read_through_their_shortest_text(native, expected) -> None:
    assert parse_number(native) == expected


@pytest.mark.parametrize(
    "written",
    [
        "", " ", "abc", "1,000", "5 576 000", "$5", "5M", "5576000 USD", "nan", "NaN", "inf",
        "Infinity", "1e", "1e+", "e9", "true", "True", "yes", "1.", ".5", "1..5", "5__576",
        "_5", "5_", "5_.0", "0x10", "1/2", "٥", "５",  # Arabic-Indic and full-width digits
    ],
)
def test_rejected_forms_say_what_is_expected(written: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_number(written)
    assert str(err.value) == f"{HINT}, got {written!r}"


def test_yaml_booleans_are_rejected_as_written() -> None:
    with pytest.raises(ValueError) as err:
        parse_number(True)
    assert str(err.value) == f"{HINT}, got 'true'"


@pytest.mark.parametrize("written", ["-5", "-1.6e9", "-0.01"])
def test_negative_numbers_are_rejected(written: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_number(written)
    assert str(err.value) == f"expected a number not below zero, got {written!r}"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1e30", "expected a number below 1e30, got '1e30'"),
        ("1e999999999", "expected a number below 1e30, got '1e999999999'"),
        ("1e-31", "expected a number of at least 1e-30 (or 0), got '1e-31'"),
    ],
)
def test_absurd_magnitudes_are_rejected(written: str, message: str) -> None:
    # Guards the formatter: 1e999999999 written out in full would be a billion digits.
    with pytest.raises(ValueError) as err:
        parse_number(written)
    assert str(err.value) == message


@pytest.mark.parametrize(
    ("value", "text"),
    [("5.576E+6", "5576000"), ("1.6e9", "1600000000"), ("0.050", "0.05"), ("0E+3", "0"),
     ("1e-7", "0.0000001")],
)
def test_plain_writes_exact_values_without_exponents(value: str, text: str) -> None:
    assert plain(Decimal(value)) == text


# --- units -----------------------------------------------------------------------------------

UNIT_HINT = "expected an ISO 4217 currency code or a count unit such as GPUs"


@pytest.mark.parametrize(
    "unit", ["USD", "EUR", "GBP", "CNY", "JPY", "CHF", "XCG", "ZWG", "GPUs", "GPU-hours",
             "tokens", "H800 GPUs", "GPU hours", "Grafikkarten"],
)
def test_valid_units(unit: str) -> None:
    assert unit_problem(unit) is None


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("XYZ", f"{UNIT_HINT}, got 'XYZ'"),
        ("HRK", f"{UNIT_HINT}, got 'HRK'"),  # withdrawn in 2023: no longer an active code
        ("XXX", f"{UNIT_HINT}, got 'XXX'"),  # ISO's "no currency" is no unit for a cost
        ("", f"{UNIT_HINT}, got ''"),
        ("GPU_hours", f"{UNIT_HINT}, got 'GPU_hours'"),
        ("GPUs  ", f"{UNIT_HINT}, got 'GPUs  '"),
        ("-GPUs", f"{UNIT_HINT}, got '-GPUs'"),
        ("2048", f"{UNIT_HINT}, got '2048'"),
        ("usd", f"{UNIT_HINT}, got 'usd'; did you mean 'USD'?"),
        ("Eur", f"{UNIT_HINT}, got 'Eur'; did you mean 'EUR'?"),
        ("$", f"{UNIT_HINT}, got '$'; did you mean 'USD'?"),
        ("€", f"{UNIT_HINT}, got '€'; did you mean 'EUR'?"),
        ("dollars", f"{UNIT_HINT}, got 'dollars'; did you mean 'USD'?"),
        ("RMB", f"{UNIT_HINT}, got 'RMB'; did you mean 'CNY'?"),
        ("G" * 41, f"expected a count unit of at most 40 characters, got '{'G' * 41}'"),
    ],
)
def test_invalid_units_say_what_is_expected(unit: str, message: str) -> None:
    assert unit_problem(unit) == message


def test_the_code_list_is_the_active_list() -> None:
    assert all(len(code) == 3 and code.isupper() for code in ISO_4217_CODES)
    assert {"USD", "EUR", "CNY", "JPY", "GBP", "XAU", "CHE", "USN", "VED", "SLE", "XCG", "ZWG"} <= ISO_4217_CODES
    withdrawn = {"HRK", "ZWL", "SLL", "ANG", "CUC", "LTL", "DEM", "FRF"}
    assert not withdrawn & ISO_4217_CODES


@pytest.mark.parametrize(
    ("unit", "one"),
    [("GPUs", "GPU"), ("GPU-hours", "GPU-hour"), ("H800 GPUs", "H800 GPU"), ("tokens", "token"),
     ("kWh", "kWh"), ("GPU-hours used", "GPU-hours used"), ("passes", "pass"),
     ("batches", "batch"), ("class", "class")],
)
def test_singular_drops_the_plural_s_of_the_last_word(unit: str, one: str) -> None:
    assert singular(unit) == one


def test_equal_values_compact_alike_whatever_their_exponent():
    """compact is memoised, and Decimal("1E+3") == Decimal("1000") share a cache entry."""
    for a, b in (("1E+3", "1000"), ("1.50", "1.5"), ("5.576E+6", "5576000.0"), ("0E+5", "0"), ("2.0E-2", "0.02")):
        for locale in ("en-US", "de-DE", "fr-FR"):
            for rounding in (ROUND_HALF_UP, ROUND_FLOOR, ROUND_CEILING):
                compact.cache_clear()
                first = compact(Decimal(a), locale, rounding)
                compact.cache_clear()
                assert compact(Decimal(b), locale, rounding) == first
