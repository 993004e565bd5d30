"""What reaches an editor's terminal or a CI log from content is escaped: a pull request cannot
write workflow commands (`::error`, `::add-mask::`) into the runner's log, nor terminal escape
sequences into a maintainer's terminal. Failures of the machine (a full disk, a busy port) say what
failed, not "a bug in the generator"."""
from __future__ import annotations

import os
import re
import resource
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, make_project, tree

INJECTED = "\n::error file=README.md,line=3::Injected\n::add-mask::secret\x1b[2J"
# The only lines that may start with "::": our own annotations, every property and message encoded.
OWN_ANNOTATION = re.compile(r"^::(error|warning) file=[^,:\n]*,line=\d+,(endLine=\d+,)?col=\d+,(endColumn=\d+,)?"
                            r"title=[^,:\n]*::[^\n]*$")
CLI = [sys.executable, "-c", "import sys; from pathlib import Path; from site_gen.cli import main; "
       "sys.exit(main(sys.argv[1:], root=Path.cwd()))"]


def run(root: Path, *args: str, preexec=None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=root, capture_output=True, text=True, preexec_fn=preexec,
                          env={**os.environ, "PYTHONPATH": str(PROJECT), **env}, timeout=300)


def test_a_key_and_a_file_name_cannot_write_workflow_commands_or_escape_sequences(tmp_path):
    root = make_project(tmp_path)
    entry = root / "content/claims/gpu-count.md"
    quoted = INJECTED.replace("\n", "\\n").replace("\x1b", "\\e")
    entry.write_text(entry.read_text().replace("tags:", f'"{quoted}": 1\ntags:', 1))
    (root / "content/claims" / f"x{INJECTED.replace('/', '_')}.md").write_text("not front matter\n")
    result = run(root, "check", GITHUB_ACTIONS="true")
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).splitlines()
    commands = [line for line in lines if line.lstrip().startswith("::")]
    assert commands and all(OWN_ANNOTATION.match(line) for line in commands), commands
    assert "\x1b" not in result.stdout + result.stderr
    assert any("x\\n::error file=README.md,line=3::Injected\\n::add-mask::secret\\x1b[2J.md:1:1: expected front "
               "matter" in line for line in lines), lines
    assert any("\\n::error file=README.md,line=3::Injected" in line and "gpu-count.md" in line for line in lines)


def test_problem_text_escapes_controls_and_invisible_characters():
    from site_gen.model import Problem

    printed = str(Problem("content/claims/a\u202eb.md", 2, 3, "tags\x1b", "got 'x\ny'\u200b"))
    assert printed == "content/claims/a\\u202eb.md:2:3: tags\\x1b: got 'x\\ny'\\u200b"


@pytest.mark.slow
def test_a_full_disk_says_what_failed_and_keeps_the_previous_site(tmp_path):
    """RLIMIT_FSIZE makes writes past 2 KB fail as a full disk would (EFBIG instead of ENOSPC)."""
    root = make_project(tmp_path)
    assert run(root, "build", "--no-search").returncode == 0
    before = tree(root / "_site")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    result = run(root, "build", "--no-search", "--jobs", "1", preexec=small_files)
    assert result.returncode == 1
    assert "bug in the generator" not in result.stderr and "Traceback" not in result.stderr
    assert re.fullmatch(r"\S+/_site\.build-\w+/\S+: File too large: a file would exceed the size this system "
                        r"allows: raise the limit \(ulimit -f\) or free space; the previous output is unchanged\n",
                        result.stderr), result.stderr
    assert tree(root / "_site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("_site")) == ["_site"]


@pytest.mark.slow
def test_serve_on_a_busy_port_says_so_before_building(tmp_path):
    root = make_project(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(root, "serve", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"--port:1:1: expected a port free on 127.0.0.1, got {port}: Address already in use (another serve?); stop "
        f"it, or choose another port with --port {port + 1}")
    assert not (root / ".preview").exists()


def test_an_invisible_character_in_site_yaml_is_located(tmp_path, run_cli):
    root = make_project(tmp_path)
    config = root / "site.yaml"
    text = config.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if row.startswith("title:"))
    config.write_text(text.replace("title:", "title: \u202e", 1), encoding="utf-8")
    result = run_cli(root, "check")
    assert result.code == 1
    assert result.problem_lines == [
        f"site.yaml:{line}:8: title: expected visible text, got the invisible character U+202E RIGHT-TO-LEFT "
        "OVERRIDE: it changes the order in which the text around it is shown; delete it"]
