"""The searchable build, incrementally: Pagefind reads only the claim pages, runs only when one of
them changed, and the result equals a clean searchable build.

"Equals" is byte for byte for every file outside pagefind/ and for Pagefind's page fragments and
word index. Pagefind's filter files are not byte-stable even between two clean runs (it writes a
filter's values in hash-map order, so their bytes, their hashed names and the metadata naming them
differ from run to run): those are compared as what they hold, decoded.
"""
from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from browser import serve_site
from conftest import make_project, tree
from test_incremental import edit

pytestmark = pytest.mark.slow


def cbor(data: bytes, at: int = 0):
    """(value, next offset) of the CBOR subset Pagefind's filter files use: unsigned integers,
    byte and text strings, arrays and maps."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        n = info
    else:
        size = 1 << (info - 24)
        n, at = int.from_bytes(data[at:at + size], "big"), at + size
    if major == 0:
        return n, at
    if major in (2, 3):
        raw = data[at:at + n]
        return (raw.decode() if major == 3 else raw), at + n
    items = []
    for _ in range(n * (2 if major == 5 else 1)):
        item, at = cbor(data, at)
        items.append(item)
    return (sorted(items, key=repr) if major == 4 else dict(zip(items[::2], items[1::2]))), at


def index_contents(site: Path) -> dict:
    """What the site's search index holds, its filters decoded and put in one order."""
    files = tree(site / "pagefind")
    filters = []
    for name, data in files.items():
        if name.startswith("filter/"):
            plain = gzip.decompress(data)
            assert plain.startswith(b"pagefind_dcd")
            filters.append(cbor(plain, len(b"pagefind_dcd"))[0])
    stable = {name: data for name, data in files.items()
              if not name.startswith("filter/") and not name.endswith((".pf_meta", "pagefind-entry.json"))}
    return {"files": stable, "filters": sorted(filters, key=repr)}


def equal_sites(a: Path, b: Path) -> None:
    outside = {name: data for name, data in tree(a).items() if not name.startswith("pagefind/")}
    assert outside == {name: data for name, data in tree(b).items() if not name.startswith("pagefind/")}
    assert index_contents(a) == index_contents(b)


def test_two_clean_searchable_builds_hold_the_same_index(tmp_path, run_cli):
    root = make_project(tmp_path)
    for out in ("_one", "_two"):
        assert run_cli(root, "build", "--out", out).code == 0
    equal_sites(root / "_one", root / "_two")
    assert [p.name for p in (root / "_one" / "pagefind" / "fragment").iterdir()], "pages were indexed"


def test_pagefind_runs_only_when_a_claim_page_changed_and_the_result_equals_a_clean_build(tmp_path, run_cli):
    root = make_project(tmp_path)
    claims, pages = root / "content/claims", root / "content/pages"
    steps = [  # (what changes, whether Pagefind must run again)
        ("nothing changed", lambda: None, False),
        ("a page's text edited", lambda: edit(pages / "about.md", "A fixture page.", "A fixture page, edited."), False),
        ("a claim's text edited", lambda: edit(claims / "gpu-count.md", "The final run used", "The final training run used"), True),
        ("an entry added", lambda: shutil.copy(claims / "market-value.md", claims / "market-value-copy.md"), True),
        ("nothing changed again", lambda: None, False),
    ]
    first = run_cli(root, "build", "--incremental")
    assert first.code == 0 and "search index rebuilt" in first.out
    for name, change, runs in steps:
        index = root / "_site" / "pagefind" / "pagefind.js"
        before = index.stat().st_ino
        change()
        incremental = run_cli(root, "build", "--incremental")
        assert incremental.code == 0, (name, incremental.err)
        said = re.search(r"search index (rebuilt|unchanged)", incremental.out).group(1)
        assert said == ("rebuilt" if runs else "unchanged"), name
        if not runs:  # the very same index file: linked from the last build, or left where it was
            assert index.stat().st_ino == before, name
        assert run_cli(root, "build", "--out", "_clean").code == 0
        equal_sites(root / "_site", root / "_clean")


def test_the_index_reads_only_the_claim_pages(tmp_path, run_cli):
    root = make_project(tmp_path)
    assert run_cli(root, "build").code == 0
    entry = (root / "_site" / "pagefind" / "pagefind-entry.json").read_text()
    # published, neither a draft nor retracted (a retracted page stays, but out of search)
    published = [p for p in (root / "content/claims").glob("*.md")
                 if "draft: true" not in p.read_text() and "retracted:" not in p.read_text()]
    assert f'"page_count":{len(published)}' in entry


@pytest.mark.browser
def test_search_finds_added_and_edited_entries_after_an_incremental_build(tmp_path, make_page):
    """Real Pagefind, real Chromium: the words of an entry added, and of an entry edited, since the
    last incremental build are found."""
    from site_gen.build import build
    from site_gen.incremental import BuildCache

    root = make_project(tmp_path)
    claims = root / "content/claims"

    def build_twice(out: Path, base_url: str) -> None:
        cache = BuildCache()
        build(root, out, base_url=base_url, cache=cache)
        edit(claims / "gpu-count.md", "The final run used", "The quokka run used")
        added = (claims / "market-value.md").read_text().replace("A chipmaker lost", "A wombat chipmaker lost")
        (claims / "wombat.md").write_text(added)
        assert build(root, out, base_url=base_url, cache=cache).indexed

    with serve_site(build_twice, tmp_path / "served") as site:
        page = make_page()
        page.goto(site.url("search/"))
        page.wait_for_selector("#search-form[data-state=ready]")
        found = page.evaluate("""async (bundle) => {
            const pagefind = await import(bundle + "pagefind.js");
            const urls = async (q) => Promise.all((await pagefind.search(q)).results.map(async r => (await r.data()).url));
            return {quokka: await urls("quokka"), wombat: await urls("wombat")};
        }""", site.url("pagefind/"))
    assert found["quokka"] == [f"{site.base_path}claims/gpu-count/"]
    assert found["wombat"] == [f"{site.base_path}claims/wombat/"]
