"""Shared test helpers: fixture sites copied to a temp folder, the CLI run in-process, and built
sites shared by every test that only reads them.

Fixtures:
    fixture_site   function  a copy of tests/fixtures/site, the test's own to change and build
    run_cli        function  run_cli(root, *argv) -> Run(code, out, err): the CLI in-process
    fixture_build  function  the fixture site built once per session (`build --no-search --base-url
                             SUB`): a SharedBuild (.project, .site), read-only (see below)
    built          function  fixture_build.site, the shared build's _site/ folder
    shipped_build  function  the shipped site (this repository's content) built once per session
                             (`build --no-search --base-url SHIPPED_BASE`), read-only

Shared builds are read-only by convention: a test that edits the project, rebuilds or writes an
output takes `fixture_site` and builds its own. The convention is checked: when a test that used a
shared build ends, every file of the build (and of the fixture project) must be as it was; if not,
the test fails (at teardown, naming what changed) and the build is put back for the tests after it.
"""
from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from site_gen.cli import main

# Browser fixtures (served site, Chromium, console watch) for the browser tests; registered here once
# so pytest rewrites its asserts and any test module may import its helpers.
pytest_plugins = ["browser"]

PROJECT = Path(__file__).resolve().parents[1]
FIXTURES = PROJECT / "tests" / "fixtures"
SUB = "https://example.org/sub/"  # the shared fixture build's base URL: a site served from a sub-path
SHIPPED_BASE = "https://example.org/repo/"  # the shared shipped build's


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (symlinked folders not followed), by relative POSIX path."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def make_project(tmp_path: Path, fixture: str = "site") -> Path:
    """A copy of tests/fixtures/<fixture> with the project's real templates and static files."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / fixture, root)
    for shared in ("templates", "static"):  # copies: the build refuses input folders that are links
        if not (root / shared).exists():
            shutil.copytree(PROJECT / shared, root / shared)
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


# ---- Builds shared by the tests that only read them --------------------------------------------


def build_quietly(root: Path, *argv: str) -> None:
    """`build.py build *argv` on `root`, in-process, its output kept unless it fails."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["build", *argv], root=root)
    assert code == 0, f"the shared build failed ({code}):\n{err.getvalue()}{out.getvalue()}"


@dataclass
class SharedBuild:
    """A site built once for the session. Read it; never write into `project` or `site`."""

    project: Path  # the project that was built (the fixture site's copy, or this repository)
    site: Path  # its output folder
    guarded: Path  # the folder whose every file must stay as it was (the copy, or the output folder)
    files: dict[str, bytes] = field(default_factory=dict)  # `guarded` as built

    def __post_init__(self) -> None:
        self.files = tree(self.guarded)
        assert self.files, f"nothing was built in {self.guarded}"

    def check_untouched(self, test: str) -> None:
        """Fail `test` if it changed the shared folder, after putting the folder back as it was."""
        now = tree(self.guarded)
        if now == self.files:
            return
        changed = sorted(name for name in now.keys() | self.files.keys() if now.get(name) != self.files.get(name))
        for name in now.keys() - self.files.keys():
            (self.guarded / name).unlink()
        for name, data in self.files.items():
            if now.get(name) != data:
                (self.guarded / name).parent.mkdir(parents=True, exist_ok=True)
                (self.guarded / name).write_bytes(data)
        pytest.fail(f"{test} wrote into a build shared by other tests (take `fixture_site` and build your "
                    f"own): {', '.join(changed[:10])}{' ...' if len(changed) > 10 else ''}", pytrace=False)


@pytest.fixture(scope="session")
def shared_fixture_build(tmp_path_factory) -> SharedBuild:
    """Use `fixture_build` or `built` (they check that the test left it untouched)."""
    project = make_project(tmp_path_factory.mktemp("shared-fixture-build"))
    build_quietly(project, "--no-search", "--base-url", SUB)
    return SharedBuild(project, project / "_site", guarded=project)


@pytest.fixture(scope="session")
def shared_shipped_build(tmp_path_factory) -> SharedBuild:
    """Use `shipped_build` (it checks that the test left it untouched)."""
    out = tmp_path_factory.mktemp("shared-shipped-build") / "site"
    build_quietly(PROJECT, "--no-search", "--out", str(out), "--base-url", SHIPPED_BASE)
    return SharedBuild(PROJECT, out, guarded=out)


@pytest.fixture
def fixture_build(shared_fixture_build: SharedBuild, request) -> Iterator[SharedBuild]:
    """tests/fixtures/site built once per session with `build --no-search --base-url SUB`. Read-only."""
    yield shared_fixture_build
    shared_fixture_build.check_untouched(request.node.nodeid)


@pytest.fixture
def built(fixture_build: SharedBuild) -> Path:
    """The shared fixture build's _site/ folder (see `fixture_build`). Read-only."""
    return fixture_build.site


@pytest.fixture
def shipped_build(shared_shipped_build: SharedBuild, request) -> Iterator[Path]:
    """The shipped site built once per session with `build --no-search --base-url SHIPPED_BASE`: its
    output folder. Read-only."""
    yield shared_shipped_build.site
    shared_shipped_build.check_untouched(request.node.nodeid)
