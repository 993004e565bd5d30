"""Incremental builds give the same bytes as clean builds, over edits, additions, deletions,
template, asset and configuration changes; and they do reuse what is unchanged."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, make_project, preview_cache, tree

from site_gen.present import explorer


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


def cut(path: Path, start: str, end: str) -> None:
    """Remove the text from `start` up to (not including) `end`."""
    text = path.read_text()
    path.write_text(text[:text.index(start)] + text[text.index(end):])


@pytest.mark.slow
def test_incremental_builds_match_clean_builds(tmp_path, run_cli):
    root = make_project(tmp_path)
    claims = root / "content/claims"
    steps = [
        ("nothing changed", lambda: None),
        ("body edited", lambda: edit(claims / "gpu-count.md", "The final run used", "The final training run used")),
        ("verdict changed", lambda: edit(claims / "gpu-count.md", "verdict: accurate", "verdict: misleading")),
        ("entry added", lambda: shutil.copy(claims / "market-value.md", claims / "market-value-copy.md")),
        ("entry deleted", lambda: (claims / "six-million.md").unlink()),
        ("template changed", lambda: edit(root / "templates/base.html", "</footer>", "<!-- changed --></footer>")),
        ("stylesheet changed", lambda: (root / "static/style.css").write_text((root / "static/style.css").read_text() + "\n/* x */\n")),
        ("config changed", lambda: edit(root / "site.yaml", "title: Fixture Checks", "title: Fixture Checks Two")),
        ("draft published", lambda: edit(claims / "draft-entry.md", "draft: true", "draft: false")),
        ("entry retracted", lambda: edit(claims / "gpu-count.md", "tags: [gpus]",
                                         "tags: [gpus]\nretracted: {date: 2025-02-09, note: Withdrawn.}")),
        ("retraction note edited", lambda: edit(claims / "gpu-count.md", "note: Withdrawn.", "note: Withdrawn again.")),
        ("retraction dated later", lambda: edit(claims / "withdrawn-check.md", "date: 2025-02-08", "date: 2025-02-12")),
        ("retraction taken back", lambda: cut(claims / "withdrawn-check.md", "retracted:", "---")),
    ]
    assert run_cli(root, "build", "--no-search", "--incremental").code == 0  # fills the cache
    for name, change in steps:
        change()
        incremental = run_cli(root, "build", "--no-search", "--incremental")
        assert incremental.code == 0, (name, incremental.err)
        reused = int(re.search(r"(\d+) unchanged", incremental.out).group(1))
        clean = run_cli(root, "build", "--no-search", "--out", "_clean")
        assert clean.code == 0, (name, clean.err)
        assert tree(root / "_site") == tree(root / "_clean"), f"after '{name}' the incremental build differs"
        if name == "nothing changed":
            pages = len(list((root / "_site").rglob("*.html")))
            assert reused >= pages, "a no-change rebuild should reuse every page"
        if name == "body edited":
            assert reused > 0, "an edit of one entry should leave other pages alone"


@pytest.mark.slow
def test_a_failed_incremental_build_keeps_site_and_cache_usable(tmp_path, run_cli):
    root = make_project(tmp_path)
    assert run_cli(root, "build", "--no-search", "--incremental").code == 0
    before = tree(root / "_site")
    entry = root / "content/claims/gpu-count.md"
    good = entry.read_text()
    entry.write_text(good.replace("verdict: accurate", "verdict: nope"))
    assert run_cli(root, "build", "--no-search", "--incremental").code == 1
    assert tree(root / "_site") == before
    entry.write_text(good.replace("2,048 GPUs[^report]", "2,048 GPUs in all[^report]"))
    assert run_cli(root, "build", "--no-search", "--incremental").code == 0
    assert run_cli(root, "build", "--no-search", "--out", "_clean").code == 0
    assert tree(root / "_site") == tree(root / "_clean")


def test_a_corrupt_cache_is_ignored(tmp_path, run_cli):
    root = make_project(tmp_path)
    (root / ".cache").mkdir()
    (root / ".cache/site-gen.pickle").write_bytes(b"not a pickle")
    assert run_cli(root, "build", "--no-search", "--incremental").code == 0
    assert run_cli(root, "build", "--no-search", "--out", "_clean").code == 0
    assert tree(root / "_site") == tree(root / "_clean")


@pytest.mark.slow
def test_a_parallel_build_is_byte_identical_to_a_serial_one(tmp_path, run_cli):
    """Forced onto two worker processes (in a child process, so no test-runner thread is forked)."""
    import os
    import subprocess
    import sys

    root = make_project(tmp_path)
    assert run_cli(root, "build", "--no-search", "--jobs", "1", "--out", "_serial").code == 0
    script = ("import sys; from pathlib import Path; import site_gen.parallel as p; p.MIN_ITEMS_PER_WORKER = 1; "
              "p.CHUNKS_PER_WORKER = 2; from site_gen.cli import main; "
              "sys.exit(main(['build', '--no-search', '--jobs', '2', '--out', '_parallel'], root=Path.cwd()))")
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    subprocess.run([sys.executable, "-c", script], cwd=root, env=env, check=True, capture_output=True)
    assert tree(root / "_parallel") == tree(root / "_serial")
    assert len(tree(root / "_serial")) > 30


@pytest.mark.slow
def test_in_place_preview_updates_match_clean_builds(tmp_path):
    """`serve` updates its folder in place, told by the watcher which files changed: after edits,
    additions and deletions its pages are at once what a clean build writes, and once the
    background part is done, everything is (stale pages and old hashed assets are removed)."""
    from site_gen.build import build
    from site_gen.serve import PREVIEW_DIR, Preview

    root = make_project(tmp_path)
    claims = root / "content/claims"
    base_url = "http://127.0.0.1:8000/"
    preview = Preview(root, base_url, drafts=False, search=False)
    changes = [
        ("first build", None, lambda: None),
        ("body edited", [claims / "gpu-count.md"],
         lambda: edit(claims / "gpu-count.md", "The final run used", "The final training run used")),
        ("summary edited", [claims / "gpu-count.md"],
         lambda: edit(claims / "gpu-count.md", "summary: The disclosed", "summary: The")),
        ("title of a corrected entry in two tags edited", [claims / "six-million.md"],
         lambda: edit(claims / "six-million.md", "title: Was the model", "title: Was the DeepSeek model")),
        ("its comparison tables removed, so /costs/ changes", [claims / "six-million.md"],
         lambda: cut(claims / "six-million.md", "comparisons:\n", "corrections:\n")),
        ("two entries' front matter edited", [claims / "gpu-count.md", claims / "market-value.md"],
         lambda: (edit(claims / "gpu-count.md", "summary: The", "summary: Indeed, the"),
                  edit(claims / "market-value.md", "\nsummary: ", "\nsummary: Edited. "))),
        ("tag added", [claims / "gpu-count.md"], lambda: edit(claims / "gpu-count.md", "tags: [gpus]", "tags: [gpus, new-tag]")),
        ("date changed, so the order", [claims / "market-value.md"],
         lambda: edit(claims / "market-value.md", "published: 2025-02-01", "published: 2025-02-06")),
        ("entry added", [claims / "market-value-copy.md"],
         lambda: shutil.copy(claims / "market-value.md", claims / "market-value-copy.md")),
        ("entry deleted, reported", [claims / "six-million.md"], lambda: (claims / "six-million.md").unlink()),
        ("entry deleted, unreported", None, lambda: (claims / "market-value-copy.md").unlink()),
        ("editor's lock file and a note", [claims / ".#gpu-count.md", root / "content/notes.txt"],
         lambda: ((claims / ".#gpu-count.md").write_text("not an entry"), (root / "content/notes.txt").write_text("x"))),
        ("stylesheet changed", None,
         lambda: (root / "static/style.css").write_text((root / "static/style.css").read_text() + "\n/* y */\n")),
        ("verdict changed", [claims / "gpu-count.md"], lambda: edit(claims / "gpu-count.md", "verdict: accurate", "verdict: false")),
        ("draft published", [claims / "draft-entry.md"], lambda: edit(claims / "draft-entry.md", "draft: true", "draft: false")),
        ("slug set", [claims / "gpu-count.md"], lambda: edit(claims / "gpu-count.md", "\nverdict:", "\nslug: gpus-used\nverdict:")),
        ("template changed", None, lambda: edit(root / "templates/base.html", "</footer>", "<!-- z --></footer>")),
    ]
    for name, changed, change in changes:
        change()
        assert preview.rebuild(None if changed is None else [str(path) for path in changed]), name
        build(root, root / "_clean", base_url=base_url, search=False, cache=preview_cache())
        clean = tree(root / "_clean")
        pages = {path: data for path, data in tree(root / PREVIEW_DIR).items() if path.endswith(".html")}
        assert pages == {path: data for path, data in clean.items() if path.endswith(".html")}, name
        preview.settle()
        assert tree(root / PREVIEW_DIR) == clean, f"after '{name}' and the background part"


def test_content_and_site_updated_after_an_edit_equal_ones_derived_afresh(tmp_path):
    """serve keeps the last Content and Site and swaps an edited entry in (content.py, site.py),
    or derives everything again when the edit moves it (a tag, a date): either way, the result
    equals what a fresh load derives, down to the claim each correction and index refers to."""
    from site_gen.load.config import load_config
    from site_gen.load.content import EntryCache, load_content
    from site_gen.site import make_site

    root = make_project(tmp_path)
    config, cache = load_config(root), EntryCache()
    content = load_content(root, config, cache=cache)
    site = make_site(config, content)
    claims = root / "content/claims"
    for path, old, new in [
        ("six-million.md", "title: Was the model", "title: Was the DeepSeek model"),  # corrected, in two tags
        ("gpu-count.md", "The final run used", "The final training run used"),  # text only
        ("gpu-count.md", "tags: [gpus]", "tags: [gpus, new-tag]"),
        ("six-million.md", "published: 2025-02-03", "published: 2025-02-06"),
        ("six-million.md", "\nsummary: ", "\nsummary: Edited. "),
    ]:
        edit(claims / path, old, new)
        previous = (content, site)
        content = load_content(root, config, cache=cache, changed=[f"content/claims/{path}"])
        site = make_site(config, content, previous)
        afresh = load_content(root, config)
        assert content == afresh, (path, old)
        assert site == make_site(config, afresh), (path, old)


@pytest.mark.slow
def test_a_build_with_nothing_changed_does_not_even_load_the_cache(tmp_path, run_cli):
    """The last build's record answers: with the same inputs into the same folder, the output is
    already right (the 100 MB cache of a 10,000-entry site is not loaded). Any input changing, or an
    option, makes a real (incremental) build again."""
    root = make_project(tmp_path)
    assert run_cli(root, "build", "--no-search", "--incremental").code == 0
    before = tree(root / "_site")
    (root / ".cache" / "site-gen.pickle").write_bytes(b"not a pickle")  # would cost a clean build
    again = run_cli(root, "build", "--no-search", "--incremental")
    assert again.code == 0 and re.search(r"\((\d+) files, \1 unchanged", again.out), again.out
    assert "contact" not in again.err and tree(root / "_site") == before
    changes = [
        ("an entry", lambda: edit(root / "content/claims/gpu-count.md", "The final run used", "The run used")),
        ("a page", lambda: edit(root / "content/pages/about.md", "A fixture page.", "A page.")),
        ("a template", lambda: edit(root / "templates/base.html", "</footer>", "<!-- x --></footer>")),
        ("site.yaml", lambda: edit(root / "site.yaml", "title: Fixture Checks", "title: Fixture Checks!")),
    ]
    for name, change in changes:
        change()
        result = run_cli(root, "build", "--no-search", "--incremental")
        assert result.code == 0 and not re.search(r"\((\d+) files, \1 unchanged", result.out), (name, result.out)
        assert run_cli(root, "build", "--no-search", "--out", "_clean").code == 0
        assert tree(root / "_site") == tree(root / "_clean"), name
    other_option = run_cli(root, "build", "--no-search", "--incremental", "--base-url", "https://example.net/x/")
    assert not re.search(r"\((\d+) files, \1 unchanged", other_option.out)


def usd_check(number: int, published: dt.date) -> str:
    """A small valid fact-check with one comparison in US dollars."""
    return f"""---
claim: "Run {number} cost $5 million."
claimant: Example AI
claim_date: {published - dt.timedelta(days=30)}
verdict: accurate
summary: The run cost what was claimed.
published: {published}
title: Did run {number} cost $5 million?
tags: [training-cost]
sources:
  - id: report
    title: Technical Report
    publisher: Example AI
    url: https://example.com/report
    date: {published - dt.timedelta(days=30)}
  - id: analyst
    title: Analyst Note
    publisher: Example Research
    url: https://example.net/note
    date: {published - dt.timedelta(days=20)}
comparisons:
  - title: What run {number} cost
    unit: USD
    rows:
      - label: Run {number}
        value: 5_000_000
        basis: the final run, as reported
        kind: disclosed
        source: report
---
The report gives the cost[^report], and an analyst agrees[^analyst].
"""


@pytest.mark.slow
def test_a_comparison_added_on_a_units_last_page_updates_the_count_on_its_first(tmp_path, run_cli):
    """/costs/usd/ says how many comparisons the unit has on every one of its pages: adding one
    that lands on page 2 (the oldest) changes page 1 too, though page 1 lists the same ones."""
    root = make_project(tmp_path)
    claims = root / "content/claims"
    first = dt.date(2024, 3, 1)
    for n in range(explorer.PER_PAGE + 1):  # with the fixture's own: more than one page
        (claims / f"run-{n:03}.md").write_text(usd_check(n, first + dt.timedelta(days=n)))
    assert run_cli(root, "build", "--no-search", "--incremental").code == 0
    (claims / "run-oldest.md").write_text(usd_check(999, dt.date(2023, 6, 1)))
    assert run_cli(root, "build", "--no-search", "--incremental").code == 0
    assert run_cli(root, "build", "--no-search", "--out", "_clean").code == 0
    page_one = "costs/usd/index.html"
    assert (root / "_clean/costs/usd/page/2/index.html").is_file()
    assert (root / "_site" / page_one).read_bytes() == (root / "_clean" / page_one).read_bytes()
    assert tree(root / "_site") == tree(root / "_clean")
