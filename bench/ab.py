#!/usr/bin/env python3
"""Cold builds of two versions of the generator, side by side: is a change faster or slower?

    git worktree add /tmp/before <commit>                  # the version to compare with
    python bench/ab.py /tmp/before . --size 10000 --runs 4 # interleaved: before, after, after, before, ...

Both versions build the same generated entries (bench/out/n<size>/ours, made by generate.py on
first use), each in its own copy of the project with `templates/`, `static/` and `site.yaml` from
its own tree, as a fresh process (`build --no-search`, default workers, into a fresh folder on the
same disk; `--search` for searchable builds, Pagefind included). Per build: wall time, CPU time
(user + system of the process and its workers) and minor page faults (memory first touched, or
copied on write after the workers' fork). The order alternates run by run, so a drift of the
host's speed falls on both alike; printed are every build, each version's medians, and after ÷
before of the medians and, pair by pair, its median.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import run as bench  # noqa: E402  bench/run.py: the generated projects


def project_for(name: str, tree: Path, source: Path, work: Path) -> Path:
    """A copy of the generated entries with this tree's templates, static files and site.yaml."""
    project = work / f"ab-{name}"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    # Copies, not links: the build refuses input folders that are links. Hard links for the
    # thousands of entries (nothing here writes to them), real copies of the two small folders.
    shutil.copytree(source / "content", project / "content", copy_function=os.link)
    for shared in ("templates", "static"):
        shutil.copytree(tree / shared, project / shared)
    config = source / "site.yaml"  # generate.py's (the repo's, with a contact route) ...
    if (tree / "site.yaml").read_text() != (BENCH.parent / "site.yaml").read_text():
        config = tree / "site.yaml"  # ... unless the other tree's differs: then its own
    shutil.copy(config, project / "site.yaml")
    return project


def cold_build(tree: Path, project: Path, out: Path, search: bool = False) -> tuple[float, float, int]:
    """Wall time, CPU time and minor page faults (memory first touched or copied on write) of one
    build, its workers included."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    os.sync()
    argv = ["build", *([] if search else ["--no-search"]), "--out", str(out)]
    code = f"import sys; sys.path.insert(0, {str(tree)!r}); from site_gen.cli import main; sys.exit(main({argv!r}))"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"the build of {tree} failed:\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), after.ru_minflt - before.ru_minflt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="the tree of the version to compare with")
    parser.add_argument("after", type=Path, help="the tree of the changed version")
    parser.add_argument("--size", type=int, default=1000, help="entries (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="pairs (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--search", action="store_true", help="searchable builds (Pagefind too); else --no-search")
    parser.add_argument("--work", type=Path, default=BENCH / "out")
    args = parser.parse_args()
    source = bench.ensure_projects(args.work, args.size, args.seed, ["ours"], False) / "ours"
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    projects = {name: project_for(name, tree, source, args.work) for name, tree in trees.items()}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for run in range(args.runs):
        for name in ("before", "after") if run % 2 == 0 else ("after", "before"):
            wall, cpu, faults = cold_build(trees[name], projects[name], args.work / f"ab-{name}-site", args.search)
            times[name].append((wall, cpu))
            print(f"run {run + 1} {name:<6} wall {wall:6.2f} s  cpu {cpu:6.2f} s  minor faults {faults:>9,}  "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
    med = {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for name, t in times.items()}
    for name, (wall, cpu) in med.items():
        print(f"{name}: median wall {wall:.2f} s, cpu {cpu:.2f} s")
    pairs = [a[0] / b[0] for a, b in zip(times["after"], times["before"])]
    print(f"after / before: wall {med['after'][0] / med['before'][0]:.3f}, cpu {med['after'][1] / med['before'][1]:.3f} "
          f"(of the medians); wall pair by pair {', '.join(f'{r:.3f}' for r in pairs)}, median {statistics.median(pairs):.3f}")
    for name in trees:
        shutil.rmtree(args.work / f"ab-{name}-site", ignore_errors=True)
        shutil.rmtree(projects[name], ignore_errors=True)


if __name__ == "__main__":
    main()
