"""The whole pipeline on the small fixture site: every page type, goldens, base path, atomicity."""
from __future__ import annotations

import difflib
import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, SUB, tree

from site_gen.assets import HASHED_SUFFIXES

GOLDEN = FIXTURES / "golden"
TEXT_SUFFIXES = {".html", ".xml", ".json", ".csv", ".txt", ".svg"}
# A content-hashed static file as the pages name it (assets.plan_assets): static/style.0e1321db7c.css.
HASHED_ASSET = re.compile(rb"(static/[\w./-]*?)\.([0-9a-f]{10})(" + b"|".join(
    re.escape(suffix.encode()) for suffix in sorted(HASHED_SUFFIXES)) + rb")(?![\w.-])")
DIFF_LINES = 300  # at most this much of the goldens' diff is printed when they are updated


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


def normalised(data: bytes) -> bytes:
    """A built file as its golden holds it: every content hash in an asset's name as HASH
    (static/style.HASH.css), so that a change to a stylesheet or a script rewrites no golden page.
    test_every_hashed_asset_named_is_built_under_its_contents_hash checks the real names."""
    return HASHED_ASSET.sub(rb"\1.HASH\3", data)


def golden_view(site: Path) -> dict[str, bytes]:
    """The built site's text files, normalised, by relative path: what tests/fixtures/golden/ holds."""
    return {name: normalised(data) for name, data in tree(site).items() if Path(name).suffix in TEXT_SUFFIXES}


def diff(name: str, old: bytes | None, new: bytes | None) -> list[str]:
    """A unified diff of one golden, "/dev/null" for a file that is new or gone."""
    def lines(data: bytes | None) -> list[str]:
        return [] if data is None else data.decode("utf-8", "replace").splitlines()
    return list(difflib.unified_diff(lines(old), lines(new), "/dev/null" if old is None else f"a/{name}",
                                     "/dev/null" if new is None else f"b/{name}", lineterm=""))


def update_goldens(golden: Path, produced: dict[str, bytes]) -> list[str]:
    """Make `golden` hold exactly `produced`, writing only the files whose content changed and
    deleting the goldens of files no longer built; the diff of what changed."""
    before = tree(golden) if golden.is_dir() else {}
    changes: list[str] = []
    for name in sorted(set(before) | set(produced)):
        old, new = before.get(name), produced.get(name)
        if old == new:
            continue
        path = golden / name
        if new is None:
            path.unlink()
            for folder in path.parents:  # (folders left empty go too)
                if folder == golden or any(folder.iterdir()):
                    break
                folder.rmdir()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(new)
        changes += diff(name, old, new)
    return changes


def test_golden_site(built, capsys):
    """Every generated text file matches tests/fixtures/golden/ byte for byte, content hashes in
    asset names aside (`normalised`). Refresh after an intended change:
    `UPDATE_GOLDENS=1 python -m pytest tests/test_build.py`, which rewrites only the goldens that
    changed, deletes those of files no longer built and prints the diff."""
    produced = golden_view(built)
    if os.environ.get("UPDATE_GOLDENS"):
        changes = update_goldens(GOLDEN, produced)
        with capsys.disabled():
            print(f"\n{GOLDEN.relative_to(FIXTURES.parent.parent)}: " + ("unchanged" if not changes else "updated:"))
            print("\n".join(changes[:DIFF_LINES]))
            if len(changes) > DIFF_LINES:
                print(f"... and {len(changes) - DIFF_LINES} more lines of diff (git diff {GOLDEN.relative_to(FIXTURES.parent.parent)})")
    expected = tree(GOLDEN)
    assert sorted(produced) == sorted(expected), (
        f"built but without a golden: {sorted(set(produced) - set(expected))}; "
        f"a golden but not built: {sorted(set(expected) - set(produced))} (refresh: see the docstring)")
    differing = [name for name in expected if produced[name] != expected[name]]
    assert not differing, f"differ from their golden files: {differing}\n" + "\n".join(
        diff(differing[0], expected[differing[0]], produced[differing[0]])[:60])


def test_the_goldens_are_updated_file_by_file(tmp_path):
    """UPDATE_GOLDENS rewrites a golden only when its content changed, deletes a gone file's golden
    (and the folder it leaves empty), adds a new one, and says what changed as a diff."""
    golden = tmp_path / "golden"
    (golden / "kept").mkdir(parents=True)
    (golden / "gone").mkdir()
    (golden / "kept/index.html").write_bytes(b"same\n")
    (golden / "changed.html").write_bytes(b"old\n")
    (golden / "gone/index.html").write_bytes(b"bye\n")
    os.utime(golden / "kept/index.html", (1, 1))
    changes = update_goldens(golden, {"kept/index.html": b"same\n", "changed.html": b"new\n", "new.xml": b"hi\n"})
    assert tree(golden) == {"changed.html": b"new\n", "kept/index.html": b"same\n", "new.xml": b"hi\n"}
    assert (golden / "kept/index.html").stat().st_mtime == 1  # not written again
    assert not (golden / "gone").exists()
    assert changes == ["--- a/changed.html", "+++ b/changed.html", "@@ -1 +1 @@", "-old", "+new",
                       "--- a/gone/index.html", "+++ /dev/null", "@@ -1 +0,0 @@", "-bye",
                       "--- /dev/null", "+++ b/new.xml", "@@ -0,0 +1 @@", "+hi"]
    assert update_goldens(golden, tree(golden)) == []


def test_asset_hashes_are_normalised_and_nothing_else():
    page = (b'<link href="/sub/static/style.0e1321db7c.css"><script src="/sub/static/js/share.24c4e6f4e1.js">'
            b'</script><img src="/sub/static/logo.0e1321db7c.svg"><a href="/sub/claims/x.0e1321db7c.css.html">')
    assert normalised(page) == (b'<link href="/sub/static/style.HASH.css"><script src="/sub/static/js/share.HASH.js">'
                                b'</script><img src="/sub/static/logo.0e1321db7c.svg">'
                                b'<a href="/sub/claims/x.0e1321db7c.css.html">')


def test_every_hashed_asset_named_is_built_under_its_contents_hash(built):
    """What the goldens leave out (`normalised`): each hashed asset a page names is in the build,
    and its name's hash is its content's."""
    named = {match.group(0).decode(): match.group(2).decode() for name, data in tree(built).items()
             if Path(name).suffix in TEXT_SUFFIXES | HASHED_SUFFIXES for match in HASHED_ASSET.finditer(data)}
    assert {"style.css", "verdicts.css"} <= {HASHED_ASSET.sub(rb"\1\3", name.encode()).decode().removeprefix("static/")
                                            for name in named}
    for name, digest10 in sorted(named.items()):
        file = built / name
        assert file.is_file(), f"{name} is named by a page but not built"
        assert hashlib.sha256(file.read_bytes()).hexdigest()[:10] == digest10, f"{name}: its hash is not its content's"


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
