"""The pages' scripts speak the site's language in real Chromium: search.js and share.js show the
messages the page hands them (site_gen/present/script_messages.py), a count's form picked by the
language's plural rules (Intl.PluralRules), under the strict Content-Security-Policy.

The fixture site in French, with a site catalogue that translates the scripts' messages used here.
"""
from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it: a skip locally, a failure in CI
    expect = None

from browser import ServedSite, build_project, enforce_csp, serve_site

pytest_plugins = ["browser"]

pytestmark = pytest.mark.browser

CATALOGUE = r'''
    msgid ""
    msgstr ""
    "Language: fr\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"

    msgid "%(num)d fact-check found for “%(query)s”."
    msgid_plural "%(num)d fact-checks found for “%(query)s”."
    msgstr[0] "%(num)d vérification trouvée pour « %(query)s »."
    msgstr[1] "%(num)d vérifications trouvées pour « %(query)s »."

    msgid "No fact-checks found for “%(query)s”. Try fewer or different words, or remove a filter. %(browse)s."
    msgstr "Aucune vérification trouvée pour « %(query)s ». %(browse)s, ou essayez d’autres mots."

    msgid "Browse the fact-checks by verdict, topic or claimant"
    msgstr "Parcourez les vérifications"

    msgid "“%(query)s” · %(title)s"
    msgstr "« %(query)s » · %(title)s"

    msgid "Link copied."
    msgstr "Lien copié."
'''


@pytest.fixture(scope="module")
def french_site(tmp_path_factory) -> Iterator[ServedSite]:
    from conftest import make_project

    workdir = tmp_path_factory.mktemp("french-site")
    project = make_project(workdir)
    config = project / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: en\n", "language: fr\n")
                      .replace("locale: en-GB\n", "locale: fr-FR\n"), encoding="utf-8")
    (project / "locale").mkdir()
    (project / "locale" / "fr.po").write_text(textwrap.dedent(CATALOGUE).lstrip(), encoding="utf-8")
    with serve_site(build_project(project), workdir) as site:
        yield site
    shutil.rmtree(workdir / "www", ignore_errors=True)


def search(page, site: ServedSite, words: str) -> None:
    enforce_csp(page)
    page.goto(site.url(f"search/?q={words}"))
    page.wait_for_selector("#search-form[data-state=ready]")


@pytest.mark.parametrize("words, status", [
    ("chipmaker", "1 vérification trouvée pour « chipmaker »."),  # one
    ("model", "2 vérifications trouvées pour « model »."),  # other
])
def test_the_search_status_takes_the_form_the_language_gives_the_count(page, french_site, words, status):
    search(page, french_site, words)
    expect(page.locator("#search-status")).to_have_text(status)
    assert page.title().startswith(f"« {words} » · ")


def test_a_link_goes_where_the_translation_puts_it(page, french_site):
    search(page, french_site, "zebra")
    status = page.locator("#search-status")
    expect(status).to_have_text("Aucune vérification trouvée pour « zebra ». Parcourez les vérifications, ou essayez "
                                "d’autres mots.")
    link = status.locator("a")
    assert (link.inner_text(), link.get_attribute("href")) == ("Parcourez les vérifications", "#browse")


def test_the_share_box_says_so_in_the_sites_language(make_page, french_site):
    page = make_page(permissions=["clipboard-read", "clipboard-write"])
    enforce_csp(page)
    page.goto(french_site.url("claims/six-million/"))
    page.locator(".share-copy").click()
    expect(page.locator(".share-status")).to_have_text("Lien copié.")
