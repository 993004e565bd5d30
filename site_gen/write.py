"""Pages -> the output folder, atomically.

Everything is written into a fresh sibling folder; only when the whole build (search index
included) has succeeded is it swapped into place. A failed or killed build leaves the previous
output exactly as it was; leftovers of a killed build are cleared by the next one.
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Iterable, Iterator

_RENAME_EXCHANGE = 2  # linux/fs.h


class Stage:
    """A temporary output folder that refuses paths escaping it."""

    def __init__(self, path: Path):
        self.path = path
        self.count = 0

    def write(self, files: Iterable[tuple[str, bytes]]) -> None:
        for rel, data in files:
            target = self.path / _safe_relative(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.count += 1


def _safe_relative(rel: str) -> PurePosixPath:
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return path


@contextlib.contextmanager
def staging(out: Path) -> Iterator[Stage]:
    """Yield a Stage next to `out`; on success swap it in, on any failure remove it."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(out)
    tmp = Path(tempfile.mkdtemp(prefix=f"{out.name}.build-", dir=out.parent))
    try:
        yield Stage(tmp)
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700; a web server must be able to read it
        _swap_in(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap_in(new: Path, out: Path) -> None:
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):  # one atomic step: readers see the old tree or the new, never neither
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the previous output
        return
    old = out.with_name(f"{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE) where the C library and file system have it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _clear_leftovers(out: Path) -> None:
    """Remove staging folders of builds that were killed; restore an output lost mid-swap."""
    for leftover in sorted(out.parent.glob(f"{out.name}.old-*")):
        if not out.exists():
            os.rename(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.parent.glob(f"{out.name}.build-*"):
        shutil.rmtree(leftover, ignore_errors=True)
