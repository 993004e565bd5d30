"""Shared test helpers: fixture sites copied to a temp folder, and the CLI run in-process."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from site_gen.cli import main

# Browser fixtures (served site, Chromium, console watch) for the browser tests; registered here once
# so pytest rewrites its asserts and any test module may import its helpers.
pytest_plugins = ["browser"]

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests" / "fixtures"


def make_project(tmp_path: Path, fixture: str = "site") -> Path:
    """A copy of tests/fixtures/<fixture> with the project's real templates and static files."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / fixture, root)
    for shared in ("templates", "static"):
        if not (root / shared).exists():
            (root / shared).symlink_to(PROJECT / shared, target_is_directory=True)
    return root


def add_fixture_defaults(root: Path) -> Path:
    """Give a partial project (a red-path case, a one-entry site) what it lacks of the fixture site:
    its site.yaml and its pages (the standards pages every site must keep)."""
    if not (root / "site.yaml").exists():
        shutil.copy(FIXTURES / "site" / "site.yaml", root / "site.yaml")
    if not (root / "content" / "pages").exists():
        shutil.copytree(FIXTURES / "site" / "content" / "pages", root / "content" / "pages")
    return root


def preview_cache():
    """A cache for a clean build made the way `serve` makes its preview (no CSP meta), to compare
    the preview with."""
    from site_gen.incremental import BuildCache, Serving

    return BuildCache(serving=Serving(csp=""))


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def problem_lines(self) -> list[str]:
        """stderr without the closing summary line."""
        return [line for line in self.err.splitlines() if " problem" not in line or ":" in line.split(" ")[0]]


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def run_cli(capsys):
    def run(root: Path, *argv: str) -> Run:
        code = main(list(argv), root=root)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
