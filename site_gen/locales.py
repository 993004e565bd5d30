"""The site's locale (how figures and dates are written) and language (what the pages are in).

`locale` in site.yaml is any locale CLDR has data for, written as a BCP 47 tag: en-US, en-GB,
fr-FR, de-DE, it-IT, es-ES, es-419, pt-BR, ar-EG, ja-JP, zh-Hant-TW ... Figures and dates are
formatted from that CLDR data through Babel (present/numbers.py, present/units.py, dates.py).
`language` is a BCP 47 language tag (RFC 5646): en, fr, pt-BR, zh-Hant; it goes into `<html lang>`,
the search index and the feeds, so a name such as "Français" is refused rather than silently
breaking them. Both are checked here (site.yaml's reader asks) and used here (every formatter asks).

Digits are Latin (0-9) in every locale, Arabic ones included: Babel formats figures in the
locale's own numbering system only for its separators (ar-EG's "default" system gives "2٬048",
Arabic separators around Latin digits) and writes dates with Latin digits, so Latin digits are the
one choice that is consistent across figures, ratios, charts and dates. They are also what the
entries' own text, the CSV/JSON downloads and a reader's search use, and what much of the Arabic
press online prints (CLDR itself makes them the default for ar-MA, ar-DZ, ar-TN).
"""
from __future__ import annotations

import functools
import re

from babel import Locale, UnknownLocaleError, localedata

LOCALE_HINT = "expected a locale such as en-GB or fr-FR (a CLDR locale)"
LANGUAGE_HINT = "expected a BCP 47 language tag such as en, fr or pt-BR"

# The numbering system of every figure: see the module docstring.
NUMBERING = "latn"

# language[-Script][-REGION], as CLDR names its locales (BCP 47 syntax, "-" between subtags).
_LOCALE = re.compile(r"([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|[0-9]{3}))?", re.ASCII | re.IGNORECASE)

# RFC 5646 section 2.1, langtag (grandfathered tags and a lone private-use tag are not accepted:
# neither is a language a page can be in).
_ALNUM = "[a-z0-9]"
_LANGTAG = re.compile(
    rf"""
    (?P<language>[a-z]{{2,3}}(?:-[a-z]{{3}}){{0,3}}|[a-z]{{4,8}})
    (?:-(?P<script>[a-z]{{4}}))?
    (?:-(?P<region>[a-z]{{2}}|[0-9]{{3}}))?
    (?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*
    (?:-[0-9a-wyz](?:-{_ALNUM}{{2,8}})+)*
    (?:-x(?:-{_ALNUM}{{1,8}})+)?
    """,
    re.ASCII | re.IGNORECASE | re.VERBOSE,
)


@functools.cache
def babel_locale(tag: str) -> Locale:
    """The Babel Locale of a locale tag that locale_problem accepted ("fr-FR" or "fr-fr")."""
    canonical = canonical_locale(tag)
    if canonical is None:
        raise ValueError(f"{LOCALE_HINT}, got {tag!r}")
    return _locale(canonical)


@functools.cache
def _locale(canonical: str) -> Locale:
    """One Locale object per locale. Babel reads its CLDR data on first use (10-50 ms); site.yaml's
    reader asks for it (load/config.py's `locale`), so the data is read once, before a build forks its
    workers, which inherit it instead of each reading it again."""
    locale = Locale.parse(canonical, sep="-")
    locale.decimal_formats  # noqa: B018  (reads the data)
    return locale


@functools.lru_cache(maxsize=256)
def canonical_locale(text: str) -> str | None:
    """The tag as CLDR spells it ("fr-fr" -> "fr-FR"), or None if CLDR has no such locale.

    Babel's own parsing is lenient where a site must not be: it maps "und" and "en-ZZ" to en-US
    and drops variants, so the parsed locale must name the language, script and region written.
    """
    match = _LOCALE.fullmatch(text.strip())
    if not match:
        return None
    language, script, region = match.group(1).lower(), match.group(2), match.group(3)
    script, region = script and script.title(), region and region.upper()
    tag = "-".join(part for part in (language, script, region) if part)
    try:
        parsed = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return None
    if (parsed.language != language or (script and parsed.script != script)
            or (region and parsed.territory != region) or not localedata.exists(str(parsed))):
        return None
    return tag


def locale_problem(text: str) -> str | None:
    """None if `text` is a CLDR locale; else the message for site.yaml's `locale`."""
    if canonical_locale(text) is not None:
        return None
    hyphenated = text.strip().replace("_", "-")
    suggestion = canonical_locale(hyphenated) if hyphenated != text.strip() else None
    return f"{LOCALE_HINT}, got {text!r}" + (f"; did you mean {suggestion!r}?" if suggestion else "")


def canonical_language(text: str) -> str | None:
    """A well-formed BCP 47 tag whose language, script and region CLDR knows, in the usual case
    ("pt-br" -> "pt-BR", "zh-hant" -> "zh-Hant"); None otherwise."""
    text = text.strip()
    match = _LANGTAG.fullmatch(text)
    if not match:
        return None
    names = Locale("en")
    language, script, region = match.group("language"), match.group("script"), match.group("region")
    if language.split("-")[0].lower() not in names.languages or language.lower() == "und":
        return None
    if (script and script.title() not in names.scripts) or (region and region.upper() not in names.territories):
        return None
    parts = text.lower().split("-")
    # RFC 5646 2.1.1: scripts in title case, regions in capitals, the rest in lowercase; from the
    # first singleton (an extension or private use) on, everything stays lowercase.
    singleton = next((i for i, part in enumerate(parts) if i and len(part) == 1), len(parts))
    return "-".join(part.title() if 0 < i < singleton and len(part) == 4 and part.isalpha()
                    else part.upper() if 0 < i < singleton and len(part) == 2 and part.isalpha()
                    else part for i, part in enumerate(parts))


def language_problem(text: str) -> str | None:
    """None if `text` is a BCP 47 language tag; else the message for site.yaml's `language`."""
    if canonical_language(text) is not None:
        return None
    hyphenated = text.strip().replace("_", "-")
    suggestion = (canonical_language(hyphenated) if hyphenated != text.strip() else None) or _language_named(text)
    return f"{LANGUAGE_HINT}, got {text!r}" + (f"; did you mean {suggestion!r}?" if suggestion else "")


def _language_named(text: str) -> str | None:
    """The code of a language written by its name, in English or in itself ("Français" -> "fr")."""
    return _language_names().get(text.strip().casefold())


@functools.lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    # Only on the error path: reading every language's own name costs about half a second.
    names = {name.casefold(): code for code, name in Locale("en").languages.items()
             if "_" not in code and code != "und"}
    for code in localedata.locale_identifiers():
        if "_" not in code and code != "root":
            own = Locale.parse(code).languages.get(code)
            if own:
                names.setdefault(own.casefold(), code)
    return names
