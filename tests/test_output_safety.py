"""What a build will never do: delete or write into a folder it did not make, read or publish a file
through a link that leaves the project, or let two builds into one folder spoil each other."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT, make_project, tree

from site_gen.write.output import MARKER


def fingerprint(folder: Path) -> str:
    """Every file and link below `folder` (links not followed), with their bytes or targets."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def index_shape(files: dict[str, bytes]) -> tuple[int, dict[str, int]]:
    """The search index's page count and how many files it has in each folder."""
    entry = json.loads(files["pagefind/pagefind-entry.json"])
    folders: dict[str, int] = {}
    for name in files:
        if name.startswith("pagefind/"):
            folder = name.rsplit("/", 1)[0]
            folders[folder] = folders.get(folder, 0) + 1
    return entry["languages"]["en"]["page_count"], folders


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture site beside a sibling folder it must never touch, with a .git of its own."""
    root = make_project(tmp_path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "precious.txt").write_text("keep me\n")
    return root


@pytest.mark.parametrize(("out", "message"), [
    (".", "expected an output folder outside the project's own files, got ., the project folder; the build "
          "replaces its output whole: choose a new folder such as _site"),
    ("..", "expected an output folder outside the project's own files, got {parent}, a folder that holds the "
           "project; the build replaces its output whole: choose a new folder such as _site"),
    ("content", "expected an output folder outside the project's own files, got content, which is the project's "
                "content/; choose a new folder such as _site"),
    ("content/claims/site", "expected an output folder outside the project's own files, got content/claims/site, "
                            "which is inside the project's content/; choose a new folder such as _site"),
    ("static", "expected an output folder outside the project's own files, got static, which is the project's "
               "static/; choose a new folder such as _site"),
    ("templates", "expected an output folder outside the project's own files, got templates, which is the "
                  "project's templates/; choose a new folder such as _site"),
    (".git", "expected an output folder outside the project's own files, got .git, which is the project's .git/; "
             "choose a new folder such as _site"),
    ("site.yaml", "expected an output folder outside the project's own files, got site.yaml, which is the "
                  "project's site.yaml; choose a new folder such as _site"),
])
def test_the_output_may_not_be_the_project_or_its_inputs(project, run_cli, out, message):
    before = fingerprint(project.parent)
    result = run_cli(project, "build", "--no-search", "--out", out)
    assert result.code == 1
    assert result.err.splitlines()[0] == "--out:1:1: " + message.format(parent=project.parent)
    assert fingerprint(project.parent) == before


def test_a_committed_output_link_is_refused_and_its_target_untouched(project, run_cli):
    (project / "_site").symlink_to("../victim", target_is_directory=True)
    before = fingerprint(project.parent)
    result = run_cli(project, "build", "--no-search")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "--out:1:1: expected a folder the build can replace, got a symbolic link (_site -> ../victim); a build "
        "never writes through a link: remove the link or choose another output folder")
    assert fingerprint(project.parent) == before


def test_a_link_on_the_way_to_the_output_is_refused(project, run_cli):
    (project / "build").symlink_to("../victim", target_is_directory=True)
    before = fingerprint(project.parent)
    result = run_cli(project, "build", "--no-search", "--out", "build/site")
    assert result.code == 1
    assert "got a symbolic link (build -> ../victim)" in result.err
    assert fingerprint(project.parent) == before


def test_a_folder_no_build_made_is_never_replaced(project, run_cli):
    before = fingerprint(project.parent)
    result = run_cli(project, "build", "--no-search", "--out", "../victim")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        f"--out:1:1: expected a new or empty folder, or one an earlier build made (it holds {MARKER}), got "
        f"{project.parent / 'victim'}, a folder with other files in it; the build replaces its output whole, so it "
        "never takes a folder it did not make: move those files, or delete the folder if it is an old build, or "
        "choose another output folder")
    assert fingerprint(project.parent) == before


def test_an_empty_folder_or_an_earlier_output_is_replaced(project, run_cli, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli(project, "build", "--no-search", "--out", str(empty)).code == 0
    assert (empty / "index.html").is_file() and (empty / MARKER).is_file()
    (empty / "index.html").write_text("stale")
    assert run_cli(project, "build", "--no-search", "--out", str(empty)).code == 0  # its own: replaced
    assert (empty / "index.html").read_text() != "stale"


def test_a_mount_point_gets_a_clear_error(project, run_cli):
    assert os.path.ismount("/proc")
    result = run_cli(project, "build", "--no-search", "--out", "/proc")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        "--out:1:1: expected a folder the build can swap in one step, got /proc, a mount point; build into a "
        "folder inside it (/proc/site)")


def test_a_lock_file_left_by_a_killed_build_does_not_block_the_next(project, run_cli):
    (project / "_site.lock").write_text("")  # what a SIGKILLed build leaves: the file, not the lock
    assert run_cli(project, "build", "--no-search").code == 0
    assert not (project / "_site.lock").exists()


def test_a_committed_lock_link_is_refused(project, run_cli):
    (project / "_site.lock").symlink_to("../victim/precious.txt")
    before = fingerprint(project.parent)
    result = run_cli(project, "build", "--no-search")
    assert result.code == 1
    assert "_site.lock:1:1: expected a lock file, got a symbolic link; remove it" in result.err
    assert fingerprint(project.parent) == before


def test_schema_and_links_never_write_through_a_link_or_into_the_inputs(project, run_cli):
    (project / "links.txt").symlink_to("../victim/precious.txt")
    (project / "schema").mkdir(exist_ok=True)
    (project / "schema/claim.schema.json").symlink_to("../../victim/precious.txt")
    before = fingerprint(project.parent)
    result = run_cli(project, "links")
    assert result.code == 1 and "--out:1:1: expected a file to write, got a symbolic link (links.txt -> " in result.err
    result = run_cli(project, "schema")
    assert result.code == 1 and "schema/claim.schema.json:1:1: expected a file to write, got a symbolic link" in result.err
    result = run_cli(project, "links", "--out", "site.yaml")
    assert result.code == 1 and "--out:1:1: expected a file outside the project's inputs, got site.yaml" in result.err
    assert fingerprint(project.parent) == before


@pytest.mark.parametrize("folder", ["static", "templates", "content"])
def test_a_link_leaving_an_input_folder_is_refused(project, run_cli, tmp_path, folder):
    secret = tmp_path / "victim" / "precious.txt"
    (project / folder / "leak.txt").symlink_to(secret)
    result = run_cli(project, "build", "--no-search")
    assert result.code == 1
    assert result.problem_lines == [
        f"{folder}/leak.txt:1:1: expected a file inside {folder}/, got a symbolic link pointing outside it "
        f"(to {secret}); inputs are never read through links that leave them"]
    assert not (project / "_site").exists()


def test_an_input_folder_that_is_a_link_is_refused(project, run_cli, tmp_path):
    (project / "content/claims").rename(tmp_path / "elsewhere")
    (project / "content/claims").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    result = run_cli(project, "check")
    assert result.code == 1
    assert f"content/claims:1:1: expected a file inside content/, got a symbolic link pointing outside it (to " \
           f"{tmp_path / 'elsewhere'})" in result.err


def test_a_link_inside_its_own_folder_is_fine(project, run_cli):
    (project / "static/icon-copy.svg").symlink_to("favicon.svg")
    assert run_cli(project, "build", "--no-search").code == 0
    assert (project / "_site/static/icon-copy.svg").read_bytes() == (project / "static/favicon.svg").read_bytes()


@pytest.mark.slow
def test_two_builds_into_one_folder_at_once_leave_a_complete_site(project, tmp_path):
    """The second waits for the first (one lock per output folder) instead of deleting its staging
    folder; both succeed and the site is whole: the same files as one build on its own."""
    claims = project / "content/claims"
    template = (claims / "gpu-count.md").read_text()
    for i in range(600):  # so that the first is still writing when the second is ready to
        (claims / f"extra-{i}.md").write_text(template)
    # (build.py builds the project it lives in: run the CLI against the copy instead)
    cmd = [sys.executable, "-c", "import sys; from pathlib import Path; from site_gen.cli import main; "
           "sys.exit(main(sys.argv[1:], root=Path.cwd()))", "build", "--jobs", "1"]
    env = dict(os.environ, PYTHONPATH=str(PROJECT))
    first = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(project.glob("_site.build-*/claims")) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)  # the second starts while the first writes (then indexes) its staging folder
    second = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [p.communicate(timeout=300) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], results
    assert "waiting for another build into _site/ to finish" in results[1][1]
    together = tree(project / "_site")
    alone = tmp_path / "alone"
    subprocess.run([*cmd, "--out", str(alone)], cwd=project, env=env, check=True, capture_output=True)
    alone = tree(alone)
    # Pagefind orders pages with equal text differently from run to run: compare its index by shape.
    outside_index = {name: data for name, data in together.items() if not name.startswith("pagefind/")}
    assert outside_index == {name: data for name, data in alone.items() if not name.startswith("pagefind/")}
    assert index_shape(together) == index_shape(alone)
    assert sorted(p.name for p in project.iterdir() if p.name.startswith("_site")) == ["_site"]


def test_serve_refuses_a_committed_preview_link(project, run_cli):
    (project / ".preview").symlink_to("../victim", target_is_directory=True)
    before = fingerprint(project.parent)
    result = run_cli(project, "serve", "--port", "0")
    assert result.code == 1
    assert result.err.splitlines()[0] == (
        ".preview:1:1: expected a folder the build can replace, got a symbolic link (.preview -> ../victim); a build "
        "never writes through a link: remove the link or choose another output folder")
    assert fingerprint(project.parent) == before
