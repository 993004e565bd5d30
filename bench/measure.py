"""Measuring one command's whole process tree: wall time, CPU time, peak RSS, and the same per process.

    result = measure.run(["python", "build.py", "build"], cwd=project, env=env)
    result.wall_s, result.cpu_s, result.peak_rss_mb          # exact, from os.wait4()
    result.group("pagefind")                                 # sampled from /proc: that process's own figures

The exact figures come from `os.wait4()` on the child: CPU time (user + system) of the child and of
every descendant it waited for, and `ru_maxrss`, the peak RSS of the largest single process among
them (the kernel keeps the maximum, not a sum). They cannot say *which* process was the largest, nor
how long a grandchild (our build's Pagefind step) ran. For that a thread polls the tree every
`interval` seconds through /proc/<pid>/task/<tid>/children and records, per process: its command
line (re-read, as `python -m pagefind` exec()s the Pagefind binary in place), VmHWM (the kernel's
own peak RSS of that process: exact up to the last sample, so it misses only growth in the final
`interval` before exit), user + system CPU from /proc/<pid>/stat, and when it was first and last
seen. A process that lives less than one interval may be missed. `bench/searchable.py` checks the
sampled peak against wait4()'s exact one where both exist (Pagefind run on its own).
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Proc:
    """One process of the tree, as sampled."""
    pid: int
    cmdline: str
    first_seen: float  # seconds since the command started
    last_seen: float
    hwm_kb: int = 0  # VmHWM: peak resident set of this process (of its current program image)
    cpu_s: float = 0.0  # user + system of this process alone, at the last sample
    samples: int = 0

    @property
    def peak_rss_mb(self) -> float:
        return self.hwm_kb / 1024

    @property
    def span_s(self) -> float:
        return self.last_seen - self.first_seen


@dataclass
class Result:
    cmd: list[str]
    ok: bool
    returncode: int
    wall_s: float
    cpu_s: float  # user + system of the whole waited-for tree (wait4)
    peak_rss_mb: float  # ru_maxrss: the largest single process of the tree (wait4)
    load: float  # 1-minute load average just before the command
    stdout: str
    stderr: str
    procs: list[Proc] = field(default_factory=list)

    def group(self, word: str) -> Group:
        """The sampled processes whose command line contains `word` (e.g. "pagefind")."""
        return Group([p for p in self.procs if word in p.cmdline])

    def others(self, word: str) -> Group:
        return Group([p for p in self.procs if word not in p.cmdline])

    def largest(self) -> Proc | None:
        return max(self.procs, key=lambda p: p.hwm_kb, default=None)

    def error(self) -> str:
        lines = self.stderr.strip().splitlines() or self.stdout.strip().splitlines() or ["no output"]
        return lines[-1][:300]


@dataclass
class Group:
    procs: list[Proc]

    def __bool__(self) -> bool:
        return bool(self.procs)

    @property
    def peak_rss_mb(self) -> float | None:
        return max((p.peak_rss_mb for p in self.procs), default=None)

    @property
    def cpu_s(self) -> float | None:
        return sum(p.cpu_s for p in self.procs) if self.procs else None

    @property
    def span_s(self) -> float | None:
        """From the first sample that saw one of them to the last (± one interval)."""
        if not self.procs:
            return None
        return max(p.last_seen for p in self.procs) - min(p.first_seen for p in self.procs)


def _read(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return None


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        text = _read(f"/proc/{pid}/task/{tid}/children")
        if text:
            out += [int(c) for c in text.split()]
    return out


class TreeSampler(threading.Thread):
    """Polls the process tree under `root` until stopped."""

    def __init__(self, root: int, started: float, interval: float):
        super().__init__(daemon=True)
        self.root, self.started, self.interval = root, started, interval
        self.procs: dict[int, Proc] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.sample()
            self.stopping.wait(self.interval)

    def sample(self) -> None:
        now = time.perf_counter() - self.started
        todo, seen = [self.root], set()
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            status = _read(f"/proc/{pid}/status")
            stat = _read(f"/proc/{pid}/stat")
            cmdline = _read(f"/proc/{pid}/cmdline")
            if status is None or stat is None:
                continue
            if "\nState:\tZ" in status:  # exited, not yet reaped: its figures are gone
                continue
            hwm = 0
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
                    break
            fields = stat.rsplit(")", 1)[-1].split()
            cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14, 15)
            cmd = (cmdline or "").replace("\0", " ").strip()
            p = self.procs.get(pid)
            if p is None:
                p = self.procs[pid] = Proc(pid, cmd, now, now)
            elif cmd and "pagefind" in cmd and "pagefind" not in p.cmdline:
                p.cmdline = cmd  # exec()ed into Pagefind
            p.last_seen, p.samples = now, p.samples + 1
            p.hwm_kb = max(p.hwm_kb, hwm)
            p.cpu_s = max(p.cpu_s, cpu)
            todo += _children(pid)


def run(cmd: list[str], cwd: Path, env: dict[str, str], *, sync: bool = True, sample: bool = True,
        interval: float = 0.02, timeout: float | None = None) -> Result:
    """Run cmd once and measure it (see the module's docstring). `sync`: flush dirty pages first
    (untimed), so the previous build's write-back does not land in this one's time."""
    if sync:
        os.sync()
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        sampler = TreeSampler(proc.pid, started, interval) if sample else None
        if sampler:
            sampler.start()
        if timeout is not None:
            timer = threading.Timer(timeout, proc.kill)
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if timeout is not None:
            timer.cancel()
        if sampler:
            sampler.stopping.set()
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return Result(cmd, proc.returncode == 0, proc.returncode, wall, usage.ru_utime + usage.ru_stime,
                  usage.ru_maxrss / 1024, load, stdout, stderr, list(sampler.procs.values()) if sampler else [])


def tree_size(folder: Path, exclude: str | None = None) -> tuple[int, int, int]:
    """(files, bytes, allocated bytes) under folder; `exclude`: a top-level subfolder left out."""
    files = size = blocks = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        if exclude and os.path.samefile(dirpath, folder) and exclude in dirnames:
            dirnames.remove(exclude)
        for name in filenames:
            st = os.lstat(os.path.join(dirpath, name))
            files += 1
            size += st.st_size
            blocks += st.st_blocks
    return files, size, blocks * 512
