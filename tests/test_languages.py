"""A site in several languages: `languages:` in site.yaml, `<slug>.<lang>.md` versions, the default
language at the site's URLs and each other one under /<lang>/, pages that name their versions."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import make_project

LANGUAGES = """languages:
  - language: en
    title: Fixture Checks
    description: A small fixture site that exercises every page type.
    locale: en-GB
  - language: fr
    title: Vérifs de test
    description: Un petit site de test.
    locale: fr-FR
"""
PAGE = "---\ntitle: {title}\ndescription: {title}.\nnav_order: {order}\n---\nTexte en français.\n"


def bilingual(tmp_path: Path) -> Path:
    root = make_project(tmp_path)
    config = root / "site.yaml"
    text = config.read_text(encoding="utf-8")
    for key in ("title", "description", "language", "locale"):
        text = re.sub(rf"^{key}: .*\n", "", text, flags=re.M)
    config.write_text(text + LANGUAGES, encoding="utf-8")
    claims, pages = root / "content/claims", root / "content/pages"
    original = (claims / "six-million.md").read_text(encoding="utf-8")
    (claims / "six-million.fr.md").write_text(
        original.replace('claim: "The model was trained for just $6 million."',
                         "claim: \"Le modèle aurait été entraîné pour seulement 6 millions de dollars.\""),
        encoding="utf-8")
    version = claims / "six-million.fr.md"
    version.write_text(version.read_text(encoding="utf-8") + "\nVoir [la méthode](/methodology/).\n", encoding="utf-8")
    for order, (slug, title) in enumerate((("methodology", "Méthodologie"), ("corrections-policy", "Corrections"),
                                           ("contact", "Contact")), start=1):
        (pages / f"{slug}.fr.md").write_text(PAGE.format(title=title, order=order), encoding="utf-8")
    return root


@pytest.fixture
def built(tmp_path, run_cli) -> Path:
    root = bilingual(tmp_path)
    result = run_cli(root, "build", "--no-search")
    assert result.code == 0, result.err
    return root / "_site"


def test_each_language_is_a_whole_site_under_its_prefix(built):
    french = (built / "fr/claims/six-million/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in french and "6 millions de dollars" in french
    assert "Vérifs de test" in french and "Notre verdict" in french  # the edition's title, the French interface
    home = (built / "fr/index.html").read_text(encoding="utf-8")
    assert "/sub/fr/claims/six-million/" in home and "/sub/fr/claims/gpu-count/" not in home  # its own entries
    assert (built / "fr/feed.xml").is_file() and (built / "fr/claims.json").is_file()
    assert (built / "fr/methodology/index.html").is_file()
    assert not (built / "fr/static").exists() and not (built / "fr/404.html").exists()
    assert not (built / "fr/robots.txt").exists()
    assert re.search(r'href="/sub/static/style\.\w+\.css"', french)  # the shared files, at the root
    assert json.loads((built / "fr/claims.json").read_text())["site"]["language"] == "fr"
    assert '<a href="/sub/fr/methodology/">la méthode</a>' in french  # a site path in a version: its language's


def test_a_page_names_its_versions_and_offers_only_those(built):
    english = (built / "claims/six-million/index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="https://example.org/sub/claims/six-million/">' in english
    assert '<link rel="alternate" hreflang="fr" href="https://example.org/sub/fr/claims/six-million/">' in english
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/sub/claims/six-million/">' in english
    assert '<a href="https://example.org/sub/fr/claims/six-million/" hreflang="fr" lang="fr">français</a>' in english
    assert '<span aria-current="page" lang="en">English</span>' in english
    only_english = (built / "claims/gpu-count/index.html").read_text(encoding="utf-8")
    assert "hreflang" not in only_english and "language-switcher" not in only_english
    assert 'hreflang="fr"' in (built / "index.html").read_text(encoding="utf-8")  # every edition has a home page


def test_the_claim_review_says_its_language_and_robots_names_each_sitemap(built):
    french = (built / "fr/claims/six-million/index.html").read_text(encoding="utf-8")
    review = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', french, re.S).group(1))
    assert review["inLanguage"] == "fr" and review["url"] == "https://example.org/sub/fr/claims/six-million/"
    robots = (built / "robots.txt").read_text()
    assert "Sitemap: https://example.org/sub/sitemap.xml\n" in robots
    assert "Sitemap: https://example.org/sub/fr/sitemap.xml\n" in robots
    french_map = (built / "fr/sitemap.xml").read_text()
    assert "<loc>https://example.org/sub/fr/claims/six-million/</loc>" in french_map
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://example.org/sub/claims/six-million/" />' in french_map
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in french_map


def test_a_translation_names_the_claimant_in_its_language_on_its_originals_claimant_page(tmp_path, run_cli):
    root = bilingual(tmp_path)
    version = root / "content/claims/six-million.fr.md"
    version.write_text(version.read_text(encoding="utf-8").replace("name: Example AI", "name: Le Laboratoire Fictif"),
                       encoding="utf-8")
    assert run_cli(root, "build", "--no-search").code == 0
    key = "example-ai"  # the original's claimant, "Example AI"
    page = (root / f"_site/fr/claimants/{key}/index.html").read_text(encoding="utf-8")
    assert "Le Laboratoire Fictif" in page and "/sub/fr/claims/six-million/" in page  # the French name, one key
    assert f'hreflang="en" href="https://example.org/sub/claimants/{key}/"' in page
    assert not (root / "_site/fr/claimants/le-laboratoire-fictif").exists()
    claim = (root / "_site/fr/claims/six-million/index.html").read_text(encoding="utf-8")
    assert f'href="/sub/fr/claimants/{key}/"' in claim


def test_a_translation_keeps_its_originals_verdict(tmp_path, run_cli):
    root = bilingual(tmp_path)
    version = root / "content/claims/six-million.fr.md"
    version.write_text(version.read_text(encoding="utf-8").replace("verdict: misleading", 'verdict: "false"'),
                       encoding="utf-8")
    line = next(n for n, row in enumerate(version.read_text().split("\n"), 1) if row.startswith("verdict:"))
    result = run_cli(root, "check")
    assert result.code == 1
    assert result.problem_lines == [
        f"content/claims/six-million.fr.md:{line}:10: verdict: expected the verdict of its original "
        "(content/claims/six-million.md: 'misleading'), got 'false': a translation rates the claim as the original does"]


def test_a_version_in_a_language_the_site_does_not_list_is_refused(tmp_path, run_cli):
    root = bilingual(tmp_path)
    (root / "content/claims/six-million.de.md").write_text(
        (root / "content/claims/six-million.md").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli(root, "check")
    assert result.code == 1
    assert "content/claims/six-million.de.md:2:1: expected a file name <slug>.md, or <slug>.<language>.md for one " \
           "of the site's other languages (fr), got 'six-million.de'" in result.err


def test_each_language_keeps_the_required_pages(tmp_path, run_cli):
    root = bilingual(tmp_path)
    (root / "content/pages/contact.fr.md").unlink()
    result = run_cli(root, "check")
    assert result.code == 1
    assert "required_pages: expected a page with the slug 'contact' as content/pages/<slug>.fr.md (the site must " \
           "keep it in fr), got none" in result.err


def test_the_top_level_language_settings_and_languages_exclude_each_other(tmp_path, run_cli):
    root = bilingual(tmp_path)
    config = root / "site.yaml"
    config.write_text("title: Twice\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli(root, "check")
    assert result.code == 1
    assert result.problem_lines == ["site.yaml:1:8: title: expected title in each entry of languages: (this site "
                                    "lists its languages), got it at the top as well"]


@pytest.mark.slow
def test_search_has_one_index_per_language(tmp_path, run_cli):
    root = bilingual(tmp_path)
    result = run_cli(root, "build")
    assert result.code == 0, result.err
    entry = json.loads((root / "_site/pagefind/pagefind-entry.json").read_text())
    assert set(entry["languages"]) == {"en", "fr"}
    assert entry["languages"]["fr"]["page_count"] == 1
    search = (root / "_site/fr/search/index.html").read_text(encoding="utf-8")
    assert 'data-search-bundle="/sub/pagefind/"' in search and 'data-search-base="/sub/"' in search


def test_check_since_treats_each_version_as_published_on_its_own(tmp_path, run_cli):
    import subprocess

    root = bilingual(tmp_path)
    env = {"GIT_AUTHOR_NAME": "E", "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "E",
           "GIT_COMMITTER_EMAIL": "e@example.org", "PATH": __import__("os").environ["PATH"]}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "published"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    (root / "content/claims/six-million.fr.md").unlink()  # the English version stays
    result = run_cli(root, "check", "--since", "HEAD")
    assert result.code == 1
    assert result.problem_lines == [
        "content/claims/six-million.fr.md:1:1: expected a published entry to stay (readers and other sites link to "
        "/fr/claims/six-million/), got it deleted since HEAD; retract it instead: keep the file and add "
        "retracted: {date: YYYY-MM-DD, note: why}"]


@pytest.mark.slow
@pytest.mark.browser
def test_a_french_search_returns_french_pages(tmp_path, browser, console):
    from browser import build_project, serve_site

    root = bilingual(tmp_path)
    with serve_site(build_project(root), tmp_path) as site:
        page = browser.new_page()
        console.watch(page)
        page.goto(site.url("fr/search/?q=millions"))
        page.wait_for_selector("#search-result-list .search-result")
        links = page.locator("#search-result-list .card-title a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        assert links == [f"{site.base_path}fr/claims/six-million/"]
        assert "trouvée" in page.locator("#search-status").inner_text()  # the French messages
        page.goto(site.url("search/?q=million"))
        page.wait_for_selector("#search-result-list .search-result")
        english = page.locator("#search-result-list .card-title a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        assert english and not any("/fr/" in link for link in english)
        page.close()


def test_an_edited_translation_keeps_its_originals_claimant_key_in_serve(tmp_path):
    """serve swaps an edited entry into the last Content: a translation that names its claimant
    in its own words must stay on its original's claimant page, as a fresh load puts it."""
    from site_gen.load.config import load_config
    from site_gen.load.content import EntryCache, load_content

    root = bilingual(tmp_path)
    version = root / "content/claims/six-million.fr.md"
    version.write_text(version.read_text(encoding="utf-8").replace("name: Example AI", "name: Le Laboratoire Fictif"),
                       encoding="utf-8")
    config, cache = load_config(root), EntryCache()
    load_content(root, config, cache=cache)
    version.write_text(version.read_text(encoding="utf-8").replace("\nsummary: ", "\nsummary: Modifié. "),
                       encoding="utf-8")
    content = load_content(root, config, cache=cache, changed=["content/claims/six-million.fr.md"])
    french = next(claim for claim in content.claims if claim.language == "fr")
    assert (french.claimant.name, french.claimant.url_key) == ("Le Laboratoire Fictif", "example-ai")
    assert content == load_content(root, config)
