"""The whole pipeline on the small fixture site: every page type, goldens, base path, atomicity."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, SUB, tree

GOLDEN = FIXTURES / "golden"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".svg"}


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for name, data in tree(root).items():
        h.update(name.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


def own_build(fixture_site: Path, run_cli) -> Path:
    """The fixture site built as `built` is (the shared build), in the test's own copy, to change."""
    result = run_cli(fixture_site, "build", "--no-search", "--base-url", SUB)
    assert result.code == 0, result.err
    return fixture_site / "_site"


def test_golden_site(built):
    """Every generated text file matches tests/fixtures/golden/ byte for byte.
    Refresh after an intended change: `UPDATE_GOLDENS=1 python -m pytest tests/test_build.py`."""
    produced = {k: v for k, v in tree(built).items() if Path(k).suffix in TEXT_SUFFIXES}
    if os.environ.get("UPDATE_GOLDENS"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in produced.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    expected = {k: v for k, v in tree(GOLDEN).items()}
    assert sorted(produced) == sorted(expected)
    for name in expected:
        assert produced[name] == expected[name], f"{name} differs from its golden file"


def test_every_page_type_is_built(built):
    for page in ("index.html", "404.html", "claims/index.html", "claims/page/2/index.html",
                 "claims/six-million/index.html", "verdicts/index.html", "verdicts/misleading/index.html",
                 "verdicts/unproven/index.html", "tags/index.html", "tags/gpus/index.html",
                 "claimants/index.html", "claimants/example-ai/index.html", "about/index.html",
                 "methodology/index.html", "corrections/index.html", "costs/index.html", "search/index.html",
                 "robots.txt"):
        assert (built / page).is_file(), page


def test_drafts_build_only_when_asked(fixture_site, run_cli):
    assert run_cli(fixture_site, "build", "--no-search").code == 0
    assert not (fixture_site / "_site/claims/draft-entry").exists()
    assert run_cli(fixture_site, "build", "--no-search", "--drafts").code == 0
    assert (fixture_site / "_site/claims/draft-entry/index.html").is_file()


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.urls.append(value)


def test_no_link_escapes_the_base_path(built):
    """Served from /sub/, every internal href/src/action stays under /sub/ and points at a file."""
    checked = 0
    for page in built.rglob("*.html"):
        collector = LinkCollector()
        collector.feed(page.read_text(encoding="utf-8"))
        for url in collector.urls:
            if re.match(r"^(https?:|mailto:|#)", url):
                if url.startswith("https://example.org/"):
                    assert url.startswith(SUB), (page, url)
                continue
            assert url.startswith("/sub/"), f"{page.relative_to(built)}: {url!r} escapes /sub/"
            target = built / url.removeprefix("/sub/").split("#")[0].split("?")[0]
            assert target.is_file() or (target / "index.html").is_file(), f"{page.relative_to(built)}: broken {url!r}"
            checked += 1
    assert checked > 100


def test_a_failing_build_leaves_the_previous_site_untouched(fixture_site, run_cli):
    built = own_build(fixture_site, run_cli)
    before = digest(built)
    entry = fixture_site / "content/claims/gpu-count.md"
    entry.write_text(entry.read_text().replace("verdict: accurate", "verdict: acurate"))
    result = run_cli(fixture_site, "build", "--no-search", "--base-url", SUB)
    assert result.code == 1
    assert "content/claims/gpu-count.md:4:10: verdict:" in result.err
    assert digest(built) == before
    assert sorted(p.name for p in fixture_site.iterdir() if p.name.startswith("_site")) == ["_site"]


def test_builds_are_deterministic(built, fixture_site, run_cli):
    """Built again over its own output, and built in another folder (the shared build): the same bytes."""
    own = own_build(fixture_site, run_cli)
    first = digest(own)
    assert run_cli(fixture_site, "build", "--no-search", "--base-url", SUB).code == 0
    assert digest(own) == first
    assert digest(built) == first


def test_unquoted_false_means_the_false_verdict(built):
    page = (built / "claims/market-value/index.html").read_text()
    assert 'badge--false' in page and "False</span>" in page


def test_github_actions_annotations(fixture_site, run_cli, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    entry = fixture_site / "content/claims/gpu-count.md"
    entry.write_text(entry.read_text().replace("published: 2025-02-04", "published: 2025-2-4"))
    result = run_cli(fixture_site, "check")
    assert result.code == 1
    # Titled with the field, spanning the value (endLine/endColumn): the diff highlights exactly it.
    assert result.out.splitlines() == [
        "::error file=content/claims/gpu-count.md,line=6,endLine=6,col=12,endColumn=19,title=published::published: "
        "expected a date as YYYY-MM-DD, got '2025-2-4'"]


@pytest.mark.slow
def test_search_index_is_built_by_pagefind(fixture_site, run_cli):
    assert run_cli(fixture_site, "build", "--base-url", SUB).code == 0
    bundle = fixture_site / "_site/pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert list(bundle.glob("index/*.pf_index")) and list(bundle.glob("fragment/*.pf_fragment"))
