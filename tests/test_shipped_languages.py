"""The fixture site built in each shipped language: no English interface message is left on any
page type, in the text, the attributes read out or the scripts' data, and dates are written in the
language. (The pseudo-translation in test_messages.py proves every message goes through the
catalogue; this proves each real catalogue is used, whole.)"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from test_messages import PageText, build, content_strings, leaves, more_content, normal

from site_gen.i18n import PACKAGE_CATALOGUES

LOCALES = {"fr": "fr-FR", "es": "es-ES", "de": "de-DE", "it": "it-IT", "pt": "pt-BR", "ar": "ar-EG"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


def english_fragments(language: str) -> list[str]:
    """The English words of every message the catalogue translates differently: each run of text
    between placeholders, three words or more of it, or one word when it is the whole message."""
    with open(PACKAGE_CATALOGUES / f"{language}.po", "rb") as handle:
        catalogue = read_po(handle, locale=language)
    found = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated = " ".join(strings)
        for msgid in ids:
            for fragment in PLACEHOLDER.split(re.sub(r"<[^>]+>", " ", msgid)):
                fragment = normal(fragment).strip(" .,:;·()“”")
                whole = fragment == normal(msgid)
                if (len(fragment.split()) >= 3 or whole and len(fragment) >= 4) and fragment not in translated:
                    found.add(fragment)
    return sorted(found, key=len, reverse=True)


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(LOCALES))
def test_every_page_type_is_in_the_language(fixture_site, run_cli, language):
    config = fixture_site / "site.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("language: en\n", f"language: {language}\n")
                      .replace("locale: en-GB\n", f"locale: {LOCALES[language]}\n"), encoding="utf-8")
    more_content(fixture_site)
    out = build(fixture_site, run_cli)
    content = content_strings(fixture_site)
    # A one-word message is looked for only when the content never uses the word ("estimate" is in a
    # body's prose, which reaches the page with its citations' labels in the language).
    words = {word.lower() for text in content for word in re.findall(r"[\w'-]+", text)}
    english = [f for f in english_fragments(language) if len(f.split()) > 1 or f.lower() not in words]
    assert len(english) > 100
    pages = sorted(out.rglob("*.html"))
    kinds = {"index.html", "claims/six-million/index.html", "claims/index.html", "costs/index.html",
             "search/index.html", "contact/index.html", "404.html", "verdicts/false/index.html"}
    assert kinds <= {path.relative_to(out).as_posix() for path in pages}
    found = []
    for path in pages:
        page = PageText(path.read_text(encoding="utf-8"))
        shown = [page.text, *page.attributes, *(leaf for _, data in page.data for leaf in leaves(json.loads(data)))]
        for chunk in shown:
            chunk = normal(chunk)
            for own in content:
                chunk = chunk.replace(own, " ")
            found += [f"{path.relative_to(out)}: {fragment!r}" for fragment in english
                      if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", chunk)]
    assert not found, "English left on the pages:\n" + "\n".join(sorted(set(found))[:30])
    claim = (out / "claims/six-million/index.html").read_text(encoding="utf-8")
    published = format_date(dt.date(2025, 2, 3), "MMMM", locale=LOCALES[language].replace("-", "_"))
    assert published in claim and "February" not in claim
