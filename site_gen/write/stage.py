"""Pages -> the output folder, atomically.

Everything is written into a fresh sibling folder; only when the whole build (search index
included) has succeeded is it swapped into place. A failed or killed build leaves the previous
output exactly as it was; leftovers of a killed build are cleared by the next one.
"""
from __future__ import annotations

import contextlib
import ctypes
import itertools
import operator
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from site_gen.parallel import map_chunks, worker_count
from site_gen.write.jobs import GroupBatch, JobGroup, PageJob
from site_gen.write.output import mark

_RENAME_EXCHANGE = 2  # linux/fs.h
_FILES = operator.attrgetter("files")


@dataclass(frozen=True)
class GroupRecord:
    """What a build wrote for one JobGroup: the group's key and each file's own key."""

    key: str
    files: dict[str, str]


@dataclass
class Previous:
    """The last build's output folder and what it wrote, group by group: a group whose key is
    unchanged is reused whole; in a changed group, each file whose key is unchanged is hard-linked
    (or, in place, left) instead of being rendered again."""

    folder: Path
    groups: dict[str, GroupRecord]


class Stage:
    """A temporary output folder that refuses paths escaping it."""

    def __init__(self, path: Path, previous: Previous | None = None, in_place: bool = False):
        self.path = path
        self.previous = previous if previous is not None and previous.folder.is_dir() else None
        self.in_place = in_place and self.previous is not None and self.previous.folder == path
        self.count = 0
        self.reused = 0
        self.groups: dict[str, GroupRecord] = {}
        self._redone: list[str] = []  # groups written anew (not reused whole)
        self._root = os.fspath(path)  # plain strings from here on: tens of thousands of files
        self._folders: set[str] = set()

    def _target(self, rel: str) -> str:
        target = os.path.join(self._root, _safe_relative(rel))
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return target

    def _put(self, rel: str, data: bytes) -> None:
        target = self._target(rel)
        if self.in_place:  # replace, never truncate: the server may be reading the old file
            folder, name = os.path.split(target)
            tmp = os.path.join(folder, f".{name}.tmp")
            _write(tmp, data)
            os.replace(tmp, target)
        else:
            if self.previous is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)  # never write through a link into the previous output
            _write(target, data)

    def _reuse(self, rel: str) -> bool:
        """Take the previous build's file as it is (known to have the same key). In place, serve
        trusts its own folder rather than stat-ing thousands of files."""
        assert self.previous is not None
        return self.in_place or _link(os.path.join(self.previous.folder, rel), self._target(rel))

    def run(self, groups: Iterable[JobGroup | GroupBatch], workers: int = 1, *, defer_site_wide: bool = False) -> None:
        """Write every group's files, reusing what the previous build wrote under the same keys;
        the files left to render are spread over `workers` forked processes. With
        `defer_site_wide` (serve's first pass), site-wide groups the previous build wrote are left
        as they are, recorded under their old keys so that the next build redoes them."""
        todo: list[PageJob] = []
        for group in groups:
            if isinstance(group, GroupBatch):  # (its groups left are changed, so not reused whole)
                for i in self._keep_unchanged(group):
                    self._take(group.group(i), todo, defer_site_wide, whole=False)
            else:
                self._take(group, todo, defer_site_wide)

        # Each job is let go of once written: what it made for itself or shares with its page's other
        # files (a claim's view, its downloads' bytes) is freed then, not when the last file is
        # written. Held to the end, they were 200 MB of each worker's peak at 10,000 entries.
        pending: list[PageJob | None] = list(todo)
        del todo

        def render(start: int, end: int) -> int:
            for i in range(start, end):
                job, pending[i] = pending[i], None
                assert job is not None  # (each index is rendered once)
                self._put(job.out, job.render())
            return end - start

        map_chunks(render, len(pending), min(workers, worker_count(len(pending))))

    def _take(self, group: JobGroup, todo: list[PageJob], defer_site_wide: bool, whole: bool = True) -> None:
        """Record the group, reusing it whole if its key is unchanged, else adding to `todo` each of
        its files whose own key changed."""
        old = self.previous.groups.get(group.name) if self.previous is not None else None
        if whole and old is not None and ((defer_site_wide and group.site_wide) or old.key == group.key) \
                and self._keep(old):
            self.groups[group.name] = old
            return
        files: dict[str, str] = {}
        for job in group.jobs():
            files[job.out] = job.key
            if old is not None and old.files.get(job.out) == job.key and self._reuse(job.out):
                self.reused += 1
            else:
                todo.append(job)
        self.groups[group.name] = GroupRecord(group.key, files)
        self._redone.append(group.name)
        self.count += len(files)

    def _keep_unchanged(self, batch: GroupBatch) -> list[int]:
        """Reuse every group of the batch whose key is unchanged; the others' indexes."""
        self.groups[batch.name] = GroupRecord(batch.base, {})  # a record of the batch's base key
        before = self.previous.groups if self.previous is not None else {}
        base = before.get(batch.name)
        if base is None or base.key != batch.base:
            return list(range(len(batch.names)))
        olds = list(map(before.get, batch.names))
        same = [old is not None and old.key == key for key, old in zip(batch.keys, olds)]
        if self.in_place:  # (in C loops: a one-entry edit of a 10,000-entry site comes here)
            # (`same` is true only where the old record is there, so none of these is None)
            kept = cast("Iterable[GroupRecord]", itertools.compress(olds, same))
            self.groups.update(zip(itertools.compress(batch.names, same), kept))
            files = sum(map(len, map(_FILES, cast("Iterable[GroupRecord]", itertools.compress(olds, same)))))
            self.count += files
            self.reused += files
        else:
            for i, old in enumerate(olds):
                if same[i] and old is not None and self._keep(old):
                    self.groups[batch.names[i]] = old
                else:
                    same[i] = False
        return [i for i, kept in enumerate(same) if not kept]

    def _keep(self, old: GroupRecord) -> bool:
        """Take a previous group's files as they are (known to have the same keys)."""
        if not self.in_place and not all(self._reuse(rel) for rel in old.files):
            return False
        self.count += len(old.files)
        self.reused += len(old.files)
        return True

    def remove_stale(self) -> None:
        """In place: delete what the previous build wrote and this one did not. Only groups that
        were redone or went away can have such files; a reused group wrote exactly what it had."""
        if not self.in_place or self.previous is None:
            return
        before = self.previous.groups
        gone = {rel for name in (before.keys() - self.groups.keys()) | set(self._redone) if name in before
                for rel in before[name].files}
        if gone:  # minus what redone or new groups wrote (a page may move from one group to another)
            gone -= {rel for name in self._redone for rel in self.groups[name].files}
        for rel in gone:
            (self.path / _safe_relative(rel)).unlink(missing_ok=True)


def _write(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as err:  # (a failed write names no file: say which, for the message)
        raise OSError(err.errno, err.strerror, err.filename or path) from None


def _link(source: str, target: str) -> bool:
    try:
        os.link(source, target)
        return True
    except OSError:  # missing (removed by hand) or another file system: render instead
        return False


def _safe_relative(rel: str) -> str:
    parts = rel.split("/")
    if not rel or rel.startswith("/") or ".." in parts or all(p in ("", ".") for p in parts):
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return rel


@contextlib.contextmanager
def staging(out: Path, previous: Previous | None = None, *, discard_in_background: bool = False) -> Iterator[Stage]:
    """Yield a Stage next to `out`; on success swap it in, on any failure remove it. The replaced
    output is deleted before returning, or by a background thread (for `serve`, which lives on)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(out)
    tmp = Path(tempfile.mkdtemp(prefix=f"{out.name}.build-", dir=out.parent))
    try:
        yield Stage(tmp, previous)
        mark(tmp)
        os.chmod(tmp, 0o755)  # mkdtemp makes it 0700; a web server must be able to read it
        _swap_in(tmp, out, _discard_later if discard_in_background else _discard)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextlib.contextmanager
def updating_in_place(out: Path, previous: Previous | None) -> Iterator[Stage]:
    """For `serve` only: change just the files that differ, in the folder being served (each file
    replaced whole). Not atomic as a set, which a preview can afford; a first build, with nothing
    to update, is staged and swapped in as usual."""
    if previous is None or previous.folder.resolve() != out.resolve() or not out.is_dir():
        with staging(out, previous, discard_in_background=True) as stage:
            yield stage
        return
    stage = Stage(out.resolve(), Previous(out.resolve(), previous.groups), in_place=True)
    yield stage
    stage.remove_stale()


def _swap_in(new: Path, out: Path, discard: Callable[[Path], None]) -> None:
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):  # one atomic step: readers see the old tree or the new, never neither
        discard(new)  # `new` now holds the previous output
        return
    old = out.with_name(f"{out.name}.old-{os.getpid()}")
    os.rename(out, old)
    os.rename(new, out)
    discard(old)


def _discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _discard_later(folder: Path) -> None:
    threading.Thread(target=_discard, args=(folder,), name="discard-old-output", daemon=True).start()


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE) where the C library and file system have it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result: int = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)  # (C int)
    return result == 0


def _clear_leftovers(out: Path) -> None:
    """Remove staging folders of builds that were killed; restore an output lost mid-swap. (The
    caller holds the output's lock, so no other build is using them; links are not ours.)"""
    for leftover in sorted(out.parent.glob(f"{out.name}.old-*")):
        if leftover.is_symlink() or not leftover.is_dir():
            continue
        if not out.exists():
            os.rename(leftover, out)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in out.parent.glob(f"{out.name}.build-*"):
        if leftover.is_symlink():
            continue
        shutil.rmtree(leftover, ignore_errors=True)
