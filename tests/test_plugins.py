"""Plugins (site_gen/plugins.py): a site's own Python modules that add front-matter fields, markdown
rules, template filters and globals, pages, and a hook after loading. The example plugin of the
docs (docs/plugins/months.py and its template) is the one built here."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT
from test_page_keys import clean_build, first_build, incremental_build, stale

EXAMPLE = PROJECT / "docs" / "plugins"


def with_plugin(root: Path, *names: str, source: str | None = None) -> Path:
    """The example plugin (or `source` as plugins/<first name>.py) in the site, named in site.yaml."""
    (root / "plugins").mkdir(exist_ok=True)
    if source is None:
        shutil.copy(EXAMPLE / "months.py", root / "plugins/months.py")
        shutil.copy(EXAMPLE / "templates/months.html", root / "templates/months.html")
    else:
        (root / "plugins" / f"{names[0]}.py").write_text(source, encoding="utf-8")
    config = root / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"plugins: [{', '.join(names or ('months',))}]\n",
                      encoding="utf-8")
    return root


def set_region(root: Path, slug: str, region: str) -> None:
    entry = root / f"content/claims/{slug}.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("\nverdict:", f"\nregion: {region}\nverdict:", 1),
                     encoding="utf-8")


def test_the_example_plugin_adds_a_field_a_filter_and_a_page(fixture_site, run_cli):
    with_plugin(fixture_site)
    set_region(fixture_site, "six-million", "Western Europe")
    result = run_cli(fixture_site, "build", "--no-search")
    assert result.code == 0, result.err
    page = (fixture_site / "_site/months/index.html").read_text(encoding="utf-8")
    assert "<h1>Fact-checks by month</h1>" in page and '<h2 id="month-2025-02">2025-02</h2>' in page
    assert '<a href="/sub/claims/six-million/">Was the model trained for $6 million?</a> (Western Europe), 2025-02' in page
    assert "withdrawn-check" not in page  # the published claims only
    assert "https://example.org/sub/months/" in (fixture_site / "_site/sitemap.xml").read_text(encoding="utf-8")


def test_a_plugin_field_is_validated_at_its_line_and_in_the_schema(fixture_site, run_cli):
    with_plugin(fixture_site)
    set_region(fixture_site, "six-million", "[Europe, Asia]")
    result = run_cli(fixture_site, "check")
    assert result.code == 1
    line = (fixture_site / "content/claims/six-million.md").read_text(encoding="utf-8").split("\n").index(
        "region: [Europe, Asia]") + 1
    assert result.problem_lines == [f"content/claims/six-million.md:{line}:9: region: expected text, got a list"]
    assert run_cli(fixture_site, "schema").code == 0
    schema = json.loads((fixture_site / "schema/claim.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["region"]["description"] == "Optional. Text. Where the claim circulated, e.g. Western Europe."


def test_the_plugins_code_and_fields_are_in_the_keys(fixture_site, tmp_path):
    """An incremental build after a plugin field changes, or after the plugin's code does, equals a
    clean build: the plugin's page and the claim's page follow."""
    root = with_plugin(fixture_site)
    cache = first_build(root, root / "_site")
    set_region(root, "six-million", "Western Europe")
    assert stale(incremental_build(root, root / "_site", cache), clean_build(root, tmp_path / "a")) == []
    cache = first_build(root, root / "_site")
    plugin = root / "plugins/months.py"
    plugin.write_text(plugin.read_text(encoding="utf-8").replace('f"{date:%Y-%m}"', 'f"{date:%m/%Y}"'),
                      encoding="utf-8")
    clean = clean_build(root, tmp_path / "b")
    assert b"02/2025" in clean["months/index.html"]
    assert stale(incremental_build(root, root / "_site", cache), clean) == []


MARKDOWN = '''
from mdit_py_plugins.deflist import deflist_plugin


def register(site):
    site.markdown(deflist_plugin)
'''


def test_a_markdown_plugin_applies_to_the_sites_bodies(fixture_site, run_cli):
    entry = fixture_site / "content/claims/gpu-count.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nGPU-hour\n: one GPU used for one hour\n", encoding="utf-8")
    assert run_cli(fixture_site, "build", "--no-search").code == 0
    assert "<dl>" not in (fixture_site / "_site/claims/gpu-count/index.html").read_text(encoding="utf-8")
    with_plugin(fixture_site, "terms", source=MARKDOWN)
    assert run_cli(fixture_site, "build", "--no-search").code == 0
    page = (fixture_site / "_site/claims/gpu-count/index.html").read_text(encoding="utf-8")
    assert "<dl>\n<dt>GPU-hour</dt>\n<dd>one GPU used for one hour</dd>\n</dl>" in page


HOOK = '''
import dataclasses


def register(site):
    site.field("region", "short text")
    site.global_value("default_region", "Worldwide")
    site.after_load(lambda config, claims: tuple(
        claim if claim.extra_field("region") else
        dataclasses.replace(claim, extra=(*claim.extra, ("region", "Worldwide"))) for claim in claims))
'''


def test_an_after_load_hook_sees_and_changes_the_claims(fixture_site, run_cli):
    with_plugin(fixture_site, "regions", source=HOOK)
    template = fixture_site / "templates/claim.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block content %}", '{% block content %}<p class="region">{{ default_region }}</p>', 1), encoding="utf-8")
    from site_gen.build import check

    _, content = check(fixture_site)
    assert {claim.extra_field("region") for claim in content.claims} == {"Worldwide"}
    assert run_cli(fixture_site, "build", "--no-search").code == 0
    assert '<p class="region">Worldwide</p>' in (fixture_site / "_site/claims/gpu-count/index.html").read_text()


@pytest.mark.parametrize("source, expected", [
    (None, "expected a Python module in plugins/ or installed, got 'no_such_plugin', which raised "
           "ModuleNotFoundError: No module named 'no_such_plugin'"),
    ("x = 1\n", "expected a module with a register(site) function, got 'no_such_plugin' without one"),
    ("def register(site):\n    site.field('claim', 'text')\n",
     "expected no_such_plugin.register(site) to succeed, got raised ValueError: field 'claim': expected a name "
     "the front matter does not have yet, got a built-in one (at plugins.py:"),
])
def test_a_broken_plugin_is_a_located_error(fixture_site, run_cli, source, expected):
    config = fixture_site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "plugins: [no_such_plugin]\n", encoding="utf-8")
    if source is not None:
        (fixture_site / "plugins").mkdir()
        (fixture_site / "plugins/no_such_plugin.py").write_text(source, encoding="utf-8")
    result = run_cli(fixture_site, "check")
    assert result.code == 1 and "Traceback" not in result.err
    line = len(config.read_text(encoding="utf-8").rstrip("\n").split("\n"))
    [problem] = result.problem_lines
    assert problem.startswith(f"site.yaml:{line}:11: plugins[0]: {expected}"), problem
