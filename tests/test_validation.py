"""Red paths: one fixture per validation error, with the exact message the editor sees.

Each folder in tests/fixtures/invalid/ holds the content/ of a broken site and `expected.txt`,
the exact problem lines `build.py check` must print (the fixture site's site.yaml and pages are used
unless the case has its own). Refresh after an intended wording change with
`UPDATE_GOLDENS=1 python -m pytest tests/test_validation.py`, then read the diff.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECT, add_fixture_defaults

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
PROBLEM_LINE = re.compile(r"^\S.*:\d+:\d+: ")


def broken_site(tmp_path: Path, case: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "invalid" / case, root, ignore=shutil.ignore_patterns("expected.txt"))
    add_fixture_defaults(root)
    for shared in ("templates", "static"):
        shutil.copytree(PROJECT / shared, root / shared)
    return root


@pytest.mark.parametrize("case", CASES)
def test_broken_entry_is_reported_exactly(case, tmp_path, run_cli):
    root = broken_site(tmp_path, case)
    result = run_cli(root, "check")
    printed = [line for line in result.err.splitlines() if PROBLEM_LINE.match(line)]
    expected_file = FIXTURES / "invalid" / case / "expected.txt"
    wanted = "\n".join(printed) + "\n"
    if os.environ.get("UPDATE_GOLDENS") and not (expected_file.exists() and expected_file.read_text(encoding="utf-8") == wanted):
        expected_file.write_text(wanted, encoding="utf-8")  # (only what changed is written)
    assert result.code == 1
    assert printed == expected_file.read_text(encoding="utf-8").splitlines()
    assert "Traceback" not in result.err + result.out
    assert re.search(r"^\d+ problems? in \d+ files?; nothing was written$", result.err, re.M)


@pytest.mark.parametrize("case", CASES)
def test_broken_entry_fails_the_build_and_writes_nothing(case, tmp_path, run_cli):
    root = broken_site(tmp_path, case)
    assert run_cli(root, "build", "--no-search").code == 1
    assert not (root / "_site").exists()
    assert not list(root.glob("_site*"))


def test_every_case_names_file_line_col_and_field(tmp_path, run_cli):
    """The format editors and CI rely on: path:line:col: [field: ]message, path inside content/."""
    for case in CASES:
        for line in (FIXTURES / "invalid" / case / "expected.txt").read_text(encoding="utf-8").splitlines():
            assert re.match(r"^content/(claims|pages)/[^:]+\.md:\d+:\d+: ", line), (case, line)
