"""site.yaml's languages: one language (title, description, language, locale at the top), or
several (`languages:`, the first the default, each with its own title, description and locale).

    languages:
      - language: en
        title: Cost Check
        description: Fact-checks of what AI models cost.
        locale: en-US
      - language: fr
        title: Vérif des coûts
        description: Vérifications de ce que coûtent les modèles d'IA.
        locale: fr-FR

The default language stays at the site's URLs, each other one under /<language>/ (as Hugo and
mkdocs-static-i18n publish them). A site that lists `languages:` sets none of the four at the top.
"""
from __future__ import annotations

from collections.abc import Callable

from site_gen.load.reader import Choice, Field, Fields, ListOf, Reader, Record, Text, Type
from site_gen.model import DATE_FORMATS, Edition

PER_LANGUAGE = ("title", "description", "language", "locale")
DESCRIBED = {"title": "text", "description": "text", "language": "a BCP 47 language tag such as en, fr or pt-BR",
             "locale": "a locale such as en-GB or fr-FR (a CLDR locale)"}


def edition_record(language: Type, locale: Type) -> Record:
    """One entry of `languages:` (`language` and `locale` are config.py's checked tag types)."""
    return Record({
        "language": Field(language, required=True),
        "title": Field(Text(120), required=True),
        "description": Field(Text(500), required=True),
        "locale": Field(locale, required=True),
        "date_format": Field(Choice(DATE_FORMATS)),
    }, "a language of the site (language, title, description, locale)")


def languages_field(language: Type, locale: Type) -> Field:
    return Field(ListOf(edition_record(language, locale), min_items=1, max_items=50),
                 help="the site's languages, the default first, each with its title, description and locale")


def editions(fields: Fields, reader: Reader, default_date_format: Callable[[str], str]) -> tuple[Edition, ...]:
    """The site's editions, the default first; problems (a missing or doubled setting, a language
    listed twice) reported on `reader`."""
    listed = [item for item in fields.get("languages") or () if item is not None]
    if "languages" not in fields.nodes:
        for name in PER_LANGUAGE:
            if name not in fields.nodes:
                reader.report(fields.node, name, f"expected {DESCRIBED[name]}, got nothing (this field is required, "
                                                 "unless the site lists its languages under languages:)")
        if any(name not in fields.nodes for name in PER_LANGUAGE) or any(fields.get(n) is None for n in PER_LANGUAGE):
            return ()
        locale = fields.get("locale")
        return (Edition(fields.get("language"), fields.get("title"), fields.get("description"), locale,
                        fields.get("date_format") or default_date_format(locale)),)
    for name in PER_LANGUAGE:
        if name in fields.nodes:
            reader.report(fields.nodes[name], name, f"expected {name} in each entry of languages: (this site lists "
                                                    f"its languages), got it at the top as well")
    found: list[Edition] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(listed):
        language, locale = item.get("language"), item.get("locale")
        if language is None or locale is None or item.get("title") is None or item.get("description") is None:
            continue
        tag = language.lower()  # (pt-BR and pt-PT are two languages: /pt-br/ and /pt-pt/)
        if tag in seen:
            reader.report(item.nodes["language"], f"languages[{i}].language",
                          f"expected each language once, got {language!r} again (languages[{seen[tag]}])")
            continue
        seen[tag] = i
        date_format = item.get("date_format") or fields.get("date_format") or default_date_format(locale)
        prefix = "" if not found else f"{language.lower()}/"
        found.append(Edition(language, item.get("title"), item.get("description"), locale, date_format, prefix))
    return tuple(found)
