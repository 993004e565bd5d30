"""Which way a site's language is written: "rtl" for Arabic, Hebrew, Persian, Urdu and every other
language whose script runs right to left, "ltr" for the rest. base.html puts it on <html dir>, and
the stylesheets mirror the layout from there through logical properties (static/style.css).

The rule, first match wins:
1. a script subtag names the script (`pa-Arab` is right to left, `sd-Deva` left to right);
2. else Babel's CLDR data for the language (`Locale.character_order`), which knows every locale
   Babel ships, regional tags (`ar-EG`, `fa-AF`) included;
3. else, without Babel or for a tag it cannot read, the languages below whose usual script runs
   right to left. Anything unknown is left to right, the HTML default.
"""
from __future__ import annotations

import functools

RTL = "rtl"
LTR = "ltr"

# ISO 15924 codes of the scripts written right to left that a site might use.
RTL_SCRIPTS = frozenset({
    "adlm", "arab", "aran", "hebr", "mand", "mend", "nkoo", "rohg", "samr", "syrc", "thaa", "yezi",
})

# Languages usually written in one of those scripts (ISO 639 codes; iw and ji are the old codes of
# Hebrew and Yiddish), for when Babel is missing or cannot read the tag.
RTL_LANGUAGES = frozenset({
    "ar", "arc", "azb", "ckb", "dv", "fa", "glk", "he", "iw", "ji", "ks", "lrc", "mzn", "nqo", "pnb",
    "prs", "ps", "sd", "sdh", "syr", "ug", "ur", "yi",
})


@functools.cache
def text_direction(language: str) -> str:
    """"rtl" or "ltr" for a BCP 47 language tag such as "ar", "ar-EG", "he", "fa-IR" or "en-GB"."""
    subtags = language.strip().replace("_", "-").lower().split("-")
    script = None
    for subtag in subtags[1:3]:  # the script comes second, or third after an extended language subtag
        if len(subtag) == 1:  # an extension or private use (ar-x-abcd) starts: no script subtag
            break
        if len(subtag) == 4 and subtag.isalpha():
            script = subtag
            break
    if script is not None:
        return RTL if script in RTL_SCRIPTS else LTR
    babel = _babel_direction(language)
    if babel is not None:
        return babel
    return RTL if subtags[0] in RTL_LANGUAGES else LTR


def _babel_direction(language: str) -> str | None:
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:
        return None
    try:
        order = Locale.parse(language.strip().replace("_", "-"), sep="-").character_order
    except (UnknownLocaleError, ValueError, TypeError):  # not a tag Babel knows, or not a tag at all
        return None
    return RTL if order == "right-to-left" else LTR
