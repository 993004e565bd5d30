"""A newsroom starts its own site: `init` writes a complete site in its language, an empty site
builds, the theme is overridden file by file, and the generator installs as a package."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, tree

from site_gen.init_site import STARTER

CLI = [sys.executable, "-c", "import sys; from site_gen.cli import main; sys.exit(main())"]
ENV = {**os.environ, "PYTHONPATH": str(PROJECT)}


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def new_site(tmp_path: Path, language: str = "en", locale: str = "en-GB") -> Path:
    site = tmp_path / "site"
    result = cli("init", str(site), "--title", "Vérif'JO", "--language", language, "--locale", locale,
                 "--generator", str(PROJECT))
    assert result.returncode == 0, result.stderr
    return site


def write_the_pages(site: Path) -> None:
    """What the newsroom does before its first publication: every TODO replaced, drafts removed."""
    for page in (site / "content/pages").glob("*.md"):
        text = re.sub(r"^draft: true.*\n", "", page.read_text(encoding="utf-8"), flags=re.M)
        page.write_text(text.replace("TODO: ", "").replace("TODO", ""), encoding="utf-8")
    (site / "content/claims").joinpath(next(p.name for p in (site / "content/claims").glob("*.md"))).unlink()


def test_init_writes_a_complete_site_and_nothing_of_this_one(tmp_path):
    site = new_site(tmp_path)
    files = set(tree(site))
    assert {"site.yaml", "build.py", "requirements.txt", ".gitignore", "README.md", "content/pages/about.md",
            "content/pages/methodology.md", "content/pages/corrections-policy.md", "content/pages/contact.md",
            ".github/workflows/pages.yml", ".github/workflows/check.yml", ".github/workflows/links.yml",
            ".github/dependabot.yml", ".github/ISSUE_TEMPLATE/report-an-error.yml",
            ".github/ISSUE_TEMPLATE/suggest-a-claim.yml", ".github/pull_request_template.md"} <= files
    assert [name for name in files if name.startswith("content/claims/")] == ["content/claims/example-fact-check.md"]
    assert (site / "requirements.txt").read_text().splitlines()[-1] == f"site-gen @ {PROJECT.as_uri()}"
    config = yaml.safe_load((site / "site.yaml").read_text())
    assert config["title"] == "Vérif'JO" and config["language"] == "en" and config["locale"] == "en-GB"
    for name, data in tree(site).items():
        assert not re.search(rb"deepseek|semianalysis|\$6 million", data, re.I), name


def test_init_never_overwrites_a_file(tmp_path):
    site = tmp_path / "site"
    (site / "content/pages").mkdir(parents=True)
    (site / "content/pages/about.md").write_text("ours\n")
    result = cli("init", str(site), "--title", "T", "--language", "en", "--locale", "en-GB")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (f"{site / 'content/pages/about.md'}:1:1: expected a folder without this "
                                             "file (init never overwrites anything), got one: nothing was written")
    assert tree(site) == {"content/pages/about.md": b"ours\n"}


def test_init_refuses_an_unknown_locale(tmp_path):
    result = cli("init", str(tmp_path / "s"), "--title", "T", "--language", "en", "--locale", "xx-YY")
    assert result.returncode == 1 and result.stderr.startswith("--locale:1:1: expected a locale such as ")
    assert not (tmp_path / "s").exists()


def test_the_preview_shows_the_starter_pages_and_publishing_refuses_them(tmp_path):
    site = new_site(tmp_path)
    assert cli("build", "--drafts", "--no-search", "--out", "preview", cwd=site).returncode == 0
    assert "Methodology" in (site / "preview/methodology/index.html").read_text()
    refused = cli("build", "--no-search", cwd=site)
    assert refused.returncode == 1
    assert "required_pages: expected a page with the slug 'methodology' in content/pages/ (the site must keep it), " \
           "got only a draft: write it, then remove its draft: true" in refused.stderr
    assert "content/pages/methodology.md:10:1: warning: body: expected your own text, got the placeholder" in refused.stderr
    assert not (site / "_site").exists()


def test_an_empty_site_builds_and_says_there_is_nothing_yet(tmp_path):
    site = new_site(tmp_path)
    write_the_pages(site)
    result = cli("build", cwd=site)  # with search: Pagefind is not run on nothing
    assert result.returncode == 0, result.stderr
    assert "built 0 fact-checks into _site/" in result.stdout and "nothing to index yet" in result.stdout
    home = (site / "_site/index.html").read_text()
    assert "There are no fact-checks yet." in home and 'id="home-search-input"' not in home
    search = (site / "_site/search/index.html").read_text()
    assert "There are no fact-checks to search yet." in search and "search.js" not in search
    assert not (site / "_site/pagefind").exists()


def test_a_template_in_the_site_overrides_the_theme_file_by_file(tmp_path):
    site = new_site(tmp_path)
    write_the_pages(site)
    theme_404 = (PROJECT / "templates/404.html").read_text()
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text(theme_404.replace("{% block content %}", "{% block content %}<p>Perdu ?</p>", 1))
    (site / "static").mkdir()
    (site / "static/favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><title>ours</title></svg>')
    assert cli("build", "--no-search", cwd=site).returncode == 0
    assert "<p>Perdu ?</p>" in (site / "_site/404.html").read_text()
    assert "<p>Perdu ?</p>" not in (site / "_site/about/index.html").read_text()  # the other templates: the theme's
    assert "<title>ours</title>" in (site / "_site/static/favicon.svg").read_text()
    assert list((site / "_site/static").glob("style.*.css"))  # the theme's stylesheet is still there


def test_build_is_the_default_command_with_its_options(tmp_path):
    site = new_site(tmp_path)
    write_the_pages(site)
    result = cli("--site", str(site), "--base-url", "https://news.example/checks/", "--no-search")
    assert result.returncode == 0, result.stderr
    assert 'href="/checks/' in (site / "_site/index.html").read_text()
    assert cli("--version").stdout.strip() == f"site-gen {__import__('site_gen').__version__}"


def test_the_starter_workflows_pin_the_same_actions_as_this_repository():
    def pins(folder: Path) -> dict[str, str]:
        found = {}
        for path in folder.rglob("*.yml"):
            for match in re.finditer(r"uses: ([\w./-]+)@([0-9a-f]{40}) # (v[\d.]+)", path.read_text()):
                found[match.group(1)] = f"{match.group(2)} {match.group(3)}"
        return found

    ours, starter = pins(PROJECT / ".github/workflows"), pins(STARTER / "common/dot-github/workflows")
    assert starter and all(ours[action] == pin for action, pin in starter.items())
    for name in ("pages.yml", "links.yml"):  # the same file as this repository's: one to keep current
        assert (STARTER / "common/dot-github/workflows" / name).read_text() == \
               (PROJECT / ".github/workflows" / name).read_text()
    assert (STARTER / "common/dot-github/dependabot.yml").read_text() == (PROJECT / ".github/dependabot.yml").read_text()


@pytest.mark.slow
def test_the_generated_workflows_and_forms_pass_their_schemas(tmp_path):
    site = new_site(tmp_path, "fr", "fr-FR")
    workflows = sorted(str(p) for p in (site / ".github/workflows").glob("*.yml"))
    for schema, files in (("vendor.github-workflows", workflows),
                          ("vendor.github-issue-forms", sorted(str(p) for p in (site / ".github/ISSUE_TEMPLATE").glob("*.yml"))),
                          ("vendor.dependabot", [str(site / ".github/dependabot.yml")])):
        result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *files],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, (schema, result.stdout + result.stderr)


def test_new_writes_a_draft_that_a_french_site_accepts(tmp_path):
    site = new_site(tmp_path, "fr", "fr-FR")
    result = cli("new", "Les Jeux ont coûté 8,7 milliards d'euros.", "--claimant", "Élu municipal", cwd=site)
    assert result.returncode == 0, result.stderr
    entry = site / "content/claims/les-jeux-ont-coute-8-7-milliards-d-euros.md"  # its accents transliterated
    assert 'verdict: "inverifiable"' in entry.read_text()
    assert cli("check", cwd=site).returncode == 0


def test_a_key_a_newer_version_replaced_says_what_replaced_it(tmp_path, monkeypatch):
    """The mechanism for upgrades (site.yaml's REPLACED table, empty until a key is removed)."""
    from site_gen.load import config

    monkeypatch.setitem(config.REPLACED, "nav", "version 0.5.0 replaced with the pages' own nav_order")
    site = new_site(tmp_path)
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "nav: [about]\n")
    line = len((site / "site.yaml").read_text().splitlines())
    with pytest.raises(config.ContentError) as raised:
        config.load_config(site)
    assert [str(p) for p in raised.value.problems] == [
        f"site.yaml:{line}:1: nav: expected a field this version knows, got 'nav', which version 0.5.0 replaced "
        "with the pages' own nav_order"]


def test_tags_are_shown_by_their_labels_in_the_sites_language(tmp_path, run_cli):
    from conftest import make_project

    root = make_project(tmp_path)
    config = root / "site.yaml"
    config.write_text(config.read_text() + "tags:\n  gpus: {en: Graphics processors, fr: Processeurs graphiques}\n"
                      "  training-cost: Training cost\n")
    assert run_cli(root, "build", "--no-search").code == 0
    tag_page = (root / "_site/tags/gpus/index.html").read_text()
    assert "<h1>Tag: Graphics processors</h1>" in tag_page
    assert '<a href="/sub/tags/gpus/">Graphics processors</a>' in (root / "_site/tags/index.html").read_text()
    claim = next(p.read_text() for p in (root / "_site/claims").glob("*/index.html") if "tags/gpus/" in p.read_text())
    assert ">Graphics processors</a>" in claim and ">gpus</a>" not in claim
    config.write_text(config.read_text().replace("language: en\n", "language: fr\n"))
    assert run_cli(root, "build", "--no-search").code == 0
    assert "Processeurs graphiques" in (root / "_site/tags/gpus/index.html").read_text()
    assert "Training cost" in (root / "_site/tags/training-cost/index.html").read_text()
