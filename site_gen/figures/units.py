"""Units: which ones a comparison may be in, told apart once.

A comparison's `unit` is an ISO 4217 currency code or a count unit ("GPUs"). The two are told apart
here, so a typo such as "usd" or "XYZ" is an error, not a count of "usd"s. How an amount in a unit
reads, in the site's locale ("$5.58 million", "2,048 GPUs"), is present/units.py's business.
"""
from __future__ import annotations

import re

# ISO 4217 List One, active codes as of the 2025 amendments (XCG replaced ANG, ZWG replaced ZWL,
# SLE replaced SLL, HRK withdrawn). Fund and metal codes are included: they are valid units.
# Left out on purpose: XTS (reserved for testing) and XXX (no currency), which no cost can be in.
ISO_4217_CODES: frozenset[str] = frozenset(
    """
    AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP
    BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB
    EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD
    JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
    MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
    RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND
    TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB
    XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG
    """.split()
)

# What editors write instead of a code. Without this "dollars" would pass as a count unit.
_ALIASES = {
    "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD",
    "€": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "pound": "GBP", "pounds": "GBP",
    "rmb": "CNY", "yuan": "CNY", "renminbi": "CNY", "cn¥": "CNY",
    "yen": "JPY", "jp¥": "JPY",
}

_UNIT_HINT = "expected an ISO 4217 currency code or a count unit such as GPUs"
# Words of letters and digits joined by single spaces or hyphens, starting with a letter.
_COUNT_UNIT = re.compile(r"[^\W\d_][^\W_]*(?:[ -][^\W_]+)*")
_MAX_COUNT_UNIT = 40


def unit_problem(unit: str) -> str | None:
    """None if `unit` is usable; otherwise the message for the editor ("expected ..., got ...")."""
    if unit in ISO_4217_CODES:
        return None
    suggestion = unit.upper() if unit.upper() in ISO_4217_CODES else _ALIASES.get(unit.lower())
    if suggestion:
        return f"{_UNIT_HINT}, got {unit!r}; did you mean {suggestion!r}?"
    # Three capitals read as a currency code; an unknown one is a typo, not a count of "XYZ"s.
    if re.fullmatch(r"[A-Z]{3}", unit) or not _COUNT_UNIT.fullmatch(unit):
        return f"{_UNIT_HINT}, got {unit!r}"
    if len(unit) > _MAX_COUNT_UNIT:
        return f"expected a count unit of at most {_MAX_COUNT_UNIT} characters, got {unit!r}"
    return None


def is_currency(unit: str) -> bool:
    return unit in ISO_4217_CODES
