#!/usr/bin/env python3
"""Where a cold build of ours spends its time: cProfile over one build in this process, all work in it.

    python bench/profile_build.py bench/out/n1000/ours              # with search (Pagefind), as CI builds
    python bench/profile_build.py bench/out/n1000/ours --no-search --top 60
    python bench/profile_build.py bench/out/n1000/ours --strace      # also count system calls (strace -f -c)

Runs `build` on PROJECT (a project bench/generate.py wrote) from an empty output and cache, with
SITE_GEN_JOBS=1 so that rendering happens in this process rather than in forked workers (cProfile
sees one process; Pagefind, a child process, appears as the time spent waiting for it in
`search.index_site`). Prints the top of the profile by cumulative time, then the calls that
create files and folders (their count and own time) and a few stages by name. cProfile makes
Python code about 2-3× slower and leaves system calls and Pagefind as they are, so read shares
within one profile, not times against an unprofiled build.

With --strace, builds once more under `strace -f -c` (the build and every child it starts,
Pagefind included) and prints the system call counts: how many files were opened, written,
linked, renamed, and folders made. strace slows every system call: its times mean nothing here.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

# (label, pstats name filter): filesystem calls by the function cProfile records them under.
FILE_CALLS = (("open files", r"^<built-in method io.open>$|^<built-in method posix.open>$"),
              ("mkdir", r"^<built-in method posix.mkdir>$"), ("makedirs", r"os.py:\d+\(makedirs\)"),
              ("link", r"^<built-in method posix.link>$"),
              ("rename / replace", r"^<built-in method posix.(rename|replace)>$"),
              ("unlink", r"^<built-in method posix.unlink>$"), ("stat", r"^<built-in method posix.stat>$"),
              ("write to a file", r"^<method 'write' of '_io.(BufferedWriter|FileIO|TextIOWrapper)' objects>$"))
STAGES = (("Pagefind (waiting for the child)", r"site_gen/search.py:\d+\(index_site\)"),
          ("loading entries", r"site_gen/load/content.py:\d+\(load_content\)"),
          ("Markdown", r"site_gen/load/markdown.py:\d+\(render\)"),
          ("Jinja templates", r"jinja2/environment.py:\d+\(render\)"),
          ("rendering and writing the files", r"site_gen/write/stage.py:\d+\(run\)"),
          ("writing one file (site_gen.write.stage._write)", r"site_gen/write/stage.py:\d+\(_write\)"))


def clear(project: Path) -> None:
    for name in ("_site", ".cache"):
        shutil.rmtree(project / name, ignore_errors=True)
    for leftover in project.glob("_site.*"):
        shutil.rmtree(leftover, ignore_errors=True)


def profile(project: Path, build_args: list[str], top: int) -> None:
    os.environ["SITE_GEN_JOBS"] = "1"
    sys.path.insert(0, str(REPO))
    from site_gen.cli import main  # noqa: E402

    clear(project)
    prof = cProfile.Profile()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        code = prof.runcall(main, ["build", "--out", "_site", *build_args], root=project)
    finally:
        os.chdir(cwd)
    if code:
        sys.exit(f"the build failed ({code})")
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    total = max(v[3] for v in stats.stats.values())  # the outermost call's cumulative time
    stats.sort_stats("cumulative").print_stats(top)
    print(out.getvalue())
    print(f"profiled build: {total:.1f} s in all (SITE_GEN_JOBS=1, under cProfile)\n")
    print("| what | calls | own time | cumulative |\n|---|---:|---:|---:|")
    for label, pattern in FILE_CALLS + STAGES:
        calls = own = cum = 0.0
        found = False
        for (file, line, name), (_cc, nc, tt, ct, _) in stats.stats.items():
            key = name if file == "~" else f"{file}:{line}({name})"
            if re.search(pattern, key):
                found, calls, own, cum = True, calls + nc, own + tt, max(cum, ct)
        if found:
            print(f"| {label} | {int(calls):,} | {own:.2f} s | {cum:.2f} s ({cum / total * 100:.0f} %) |")


def strace(project: Path, build_args: list[str]) -> None:
    if not shutil.which("strace"):
        print("strace not found (apt-get install -y strace)")
        return
    clear(project)
    env = dict(os.environ, PYTHONPATH=str(REPO), SITE_GEN_JOBS="1")
    cli = ("import sys; from pathlib import Path; from site_gen.cli import main; "
           "sys.exit(main(sys.argv[1:], root=Path.cwd()))")
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as log:
        subprocess.run(["strace", "-f", "-c", "-o", log.name, sys.executable, "-c", cli, "build", "--out", "_site",
                        *build_args], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
        lines = log.read().splitlines()
    print("system calls of the whole build (strace -f -c; counts only):")
    wanted = {"openat", "open", "mkdir", "mkdirat", "write", "pwrite64", "link", "linkat", "rename", "renameat",
              "renameat2", "unlink", "unlinkat", "newfstatat", "statx", "stat", "lstat", "close", "fsync",
              "getdents64", "read"}
    for line in lines:
        parts = line.split()
        if parts and parts[-1] in wanted:
            calls = parts[3]  # % time, seconds, usecs/call, calls, [errors,] syscall
            print(f"  {parts[-1]:<12} {int(calls):>10,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile a cold build of ours (cProfile, optionally strace).")
    parser.add_argument("project", type=Path, help="a project bench/generate.py wrote, e.g. bench/out/n1000/ours")
    parser.add_argument("--no-search", action="store_true", help="build without the Pagefind step")
    parser.add_argument("--top", type=int, default=45, help="rows of the profile to print (default 45)")
    parser.add_argument("--strace", action="store_true", help="also count system calls with strace -f -c")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    build_args = ["--no-search"] if args.no_search else []
    profile(project, build_args, args.top)
    if args.strace:
        strace(project, build_args)
    clear(project)
    return 0


if __name__ == "__main__":
    sys.exit(main())
