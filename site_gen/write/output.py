"""Which folder a build may write, and one build at a time into it.

A build replaces its output folder whole, so the folder is checked before anything is written:
never the project, a folder holding it, one of its inputs, `.git`, a symbolic link (a pull request
can commit `_site -> ../elsewhere`) or a mount point (it cannot be swapped). An existing folder is
replaced only when an earlier build marked it as its own output (MARKER) or when it is empty.

`output_lock` lets one build (or `serve`) at a time write a folder: a second one waits. The lock is
`flock` on a file beside the folder (`_site.lock`), so it is released when its process ends,
however it ends; the file itself is there only while a build runs.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from site_gen.model import ContentError, Problem, printable

MARKER = ".site_gen-output"  # in every output folder: what the next build may replace
MARKER_TEXT = b"Made by site_gen (python build.py). The next build into this folder replaces it whole.\n"
# The project's own files a build must never replace, nor write inside.
PROTECTED = ("content", "templates", "static", "locale", ".git", ".github", ".cache", "site.yaml")

_held: dict[str, int] = {}  # output folders this process holds the lock of -> how many times
_held_guard = threading.Lock()


def check_output(root: Path, out: Path, option: str = "--out") -> Path:
    """`out`, resolved, once it is a folder the build may replace; else a ContentError naming it.
    `option` names where the path came from in the message (--out, or serve's folder)."""
    root = root.resolve()
    shown = _shown(root, out)
    link = _link_on_the_way(root, out)
    if link is not None:
        raise _refuse(option, f"expected a folder the build can replace, got a symbolic link ({_shown(root, link)} -> "
                              f"{os.readlink(link)}); a build never writes through a link: remove the link or "
                              "choose another output folder")
    target = out.resolve()
    if target == root or root.is_relative_to(target):
        what = "the project folder" if target == root else "a folder that holds the project"
        raise _refuse(option, f"expected an output folder outside the project's own files, got {shown}, {what}; "
                              "the build replaces its output whole: choose a new folder such as _site")
    for name in PROTECTED:
        protected = (root / name).resolve()
        if target == protected or target.is_relative_to(protected) or protected.is_relative_to(target):
            raise _refuse(option, f"expected an output folder outside the project's own files, got {shown}, which "
                                  f"{'is' if target == protected else 'holds' if protected.is_relative_to(target) else 'is inside'} "
                                  f"the project's {name}{'' if name == 'site.yaml' else '/'}; choose a new folder such as _site")
    if ".git" in target.parts:  # another repository's
        raise _refuse(option, f"expected an output folder outside git's own files, got {shown}, inside a .git folder")
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise _refuse(option, f"expected a folder, got {shown}, which is a file")
        if os.path.ismount(target):
            raise _refuse(option, f"expected a folder the build can swap in one step, got {shown}, a mount point; "
                                  f"build into a folder inside it ({shown}/site)")
        if not (target / MARKER).is_file() and any(os.scandir(target)):
            raise _refuse(option, f"expected a new or empty folder, or one an earlier build made (it holds {MARKER}), "
                                  f"got {shown}, a folder with other files in it; the build replaces its output "
                                  "whole, so it never takes a folder it did not make: move those files, or delete "
                                  "the folder if it is an old build, or choose another output folder")
    return target


def mark(folder: Path) -> None:
    """Mark a finished build's folder as the build's own (check_output then lets the next replace it)."""
    (folder / MARKER).write_bytes(MARKER_TEXT)


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the lock of output folder `out` (waiting, with a message, while another process holds
    it). Re-entrant within a process: `build()` takes it, and so does the command that calls it."""
    out = out.resolve()
    key = os.fspath(out)
    with _held_guard:
        fd = None if key in _held else _acquire(lock_path(out), out.name)
        _held[key] = _held.get(key, 0) + 1
    try:
        yield
    finally:
        with _held_guard:
            _held[key] -= 1
            if _held[key] == 0:
                del _held[key]
                if fd is not None:
                    _release(lock_path(out), fd)


def lock_path(out: Path) -> Path:
    """The lock file beside the output folder: `_site.lock` for `_site`, there while a build runs."""
    return out.with_name(f"{out.name}.lock")


def _acquire(path: Path, name: str) -> int:
    """flock the lock file, made if need be. The holder deletes it when done (so that a finished
    build leaves nothing behind), so a waiter that gets the lock of a file already deleted tries
    again on the new one: only the file at the path counts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    said = False
    while True:
        try:  # O_NOFOLLOW: a committed `_site.lock` link must not make us create files elsewhere
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise _refuse(os.fspath(path), "expected a lock file, got a symbolic link; remove it") from None
            raise
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not said:
                print(f"waiting for another build into {printable(name)}/ to finish ...", file=sys.stderr, flush=True)
                said = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.path.samestat(os.fstat(fd), os.lstat(path))
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


def _release(path: Path, fd: int) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)  # still holding the lock: a waiter then finds its file gone and tries again
    os.close(fd)


def _link_on_the_way(root: Path, out: Path) -> Path | None:
    """The first symbolic link among `out` and, inside the project, the folders between it and the
    project (a committed `build -> ../victim` makes `--out build/site` write into victim/)."""
    out = Path(os.path.abspath(out))
    steps = [out]
    if out.is_relative_to(root):
        steps = [root.joinpath(*out.relative_to(root).parts[: i + 1]) for i in range(len(out.relative_to(root).parts))]
    return next((step for step in steps if step.is_symlink()), None)


def _shown(root: Path, path: Path) -> str:
    """The path as the editor would write it: relative to the project when inside it."""
    absolute = Path(os.path.abspath(path))
    return absolute.relative_to(root).as_posix() or "." if absolute.is_relative_to(root) else str(absolute)


def _refuse(where: str, message: str) -> ContentError:
    return ContentError([Problem(where, 1, 1, "", message)])


def check_output_file(root: Path, path: Path, option: str) -> Path:
    """A single file a command writes (`schema`, `links --out`): never through a link, never one of
    the project's inputs; returns it resolved."""
    root = root.resolve()
    shown = _shown(root, path)
    link = _link_on_the_way(root, path)
    if link is not None:
        raise _refuse(option, f"expected a file to write, got a symbolic link ({_shown(root, link)} -> "
                              f"{os.readlink(link)}); nothing is written through a link: remove it")
    target = path.resolve()
    if ".git" in target.parts or any(target == (root / name).resolve() or target.is_relative_to((root / name).resolve())
                                     for name in PROTECTED if name != ".cache"):
        raise _refuse(option, f"expected a file outside the project's inputs, got {shown}")
    if target.is_dir():
        raise _refuse(option, f"expected a file, got {shown}, which is a folder")
    return target


def write_file(path: Path, data: bytes) -> None:
    """Replace `path` in one step: readers see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_new_file(path: Path, data: bytes) -> bool:
    """Create `path` with `data` whole, or return False if it exists (nothing overwritten): written
    aside, then hard-linked into place, which fails rather than replace. A full disk leaves no
    empty or half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink(missing_ok=True)
