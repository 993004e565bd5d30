"""What git says about content/claims: which entries changed since a revision, and their text there.

`check --since REF` compares the working tree (what a pull request would merge) with REF through
git itself; this module is its only I/O. A revision this clone does not have is a clear error that
says how to fetch it, never a traceback.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from site_gen.load.content import CLAIMS_DIR
from site_gen.model import ContentError, Problem

FETCH_HINT = ("fetch it first (git fetch origin main), or in GitHub Actions check out the history with "
              "actions/checkout's fetch-depth: 0")


@dataclass(frozen=True)
class Changed:
    """An entry file that differs from its version at the revision."""

    status: str  # "A" added (or new and not yet added to git), "M" modified, "D" deleted
    path: str  # relative to the project root, e.g. "content/claims/x.md"


def changed_entries(root: Path, ref: str) -> list[Changed]:
    """content/claims/*.md files added, modified or deleted since `ref`, in path order. The working
    tree is compared, so an editor's uncommitted and untracked new entries count too."""
    _commit(root, ref)
    diff = _git(root, "diff", "--name-status", "--no-renames", "--relative", "-z", ref, "--", CLAIMS_DIR)
    fields = diff.split("\0")
    changes = {path: status[:1] for status, path in zip(fields[0::2], fields[1::2]) if path}
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", CLAIMS_DIR)
    changes.update((path, "A") for path in untracked.split("\0") if path)
    return [Changed("M" if status == "T" else status, path) for path, status in sorted(changes.items())
            if _is_entry(path)]


def text_at(root: Path, ref: str, path: str) -> bytes:
    """The bytes of `path` (relative to the project root) at `ref`."""
    return _run(root, "show", f"{ref}:./{path}").stdout


def _is_entry(path: str) -> bool:
    """A claim file as the loader lists them: *.md directly in content/claims, not hidden."""
    folder, _, name = path.rpartition("/")
    return folder == CLAIMS_DIR and name.endswith(".md") and not name.startswith(".")


def _commit(root: Path, ref: str) -> None:
    """Fail clearly unless `ref` names a commit this clone has."""
    if ref.startswith("-") or not ref.strip():
        raise _fail(f"expected a git revision such as origin/main, got {ref!r}")
    try:
        found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=root,
                               capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise _fail(f"expected git to run, got {err}") from None
    if found.returncode != 0:
        inside = subprocess.run(["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True, text=True)
        if inside.returncode != 0:
            raise _fail(f"expected a git checkout to compare with {ref!r}, got: {_first_line(inside.stderr)}")
        raise _fail(f"expected a revision this clone has, got {ref!r}, which it does not: {FETCH_HINT}")


def _git(root: Path, *args: str) -> str:
    return _run(root, *args).stdout.decode("utf-8", "surrogateescape")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise _fail(f"expected git to run, got {err}") from None
    if result.returncode != 0:
        raise _fail(f"expected `git {' '.join(args)}` to succeed, got: "
                    f"{_first_line(result.stderr.decode('utf-8', 'replace'))}")
    return result


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "no message")


def _fail(message: str) -> ContentError:
    return ContentError([Problem("--since", 1, 1, "", message)])
