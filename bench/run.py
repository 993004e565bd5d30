#!/usr/bin/env python3
"""Build-speed benchmark: our generator against itself (cold, warm, one entry edited; with and
without the Pagefind step) and against Hugo, Pelican and MkDocs building the same entries.

    python bench/run.py --sizes 1000,10000 --runs 3

Each measurement is one child process, timed from the parent (wall clock) with its CPU time and
peak resident memory taken from os.wait4() (the child's own rusage, including any process it
waited for, e.g. Pagefind; peak RSS is the largest single process, not a sum). Before each
measurement the page cache is flushed to disk (os.sync, untimed) so one build's write-back does not
land in the next one's time. Runs are interleaved (ours, Hugo, Pelican, MkDocs, ours with search,
then the next run), and each competitor's ratio is taken per run and the median of those reported,
because ratios of builds run side by side hold on a noisy machine where absolute times do not.

Entries come from bench/generate.py (deterministic from --seed) into WORK/n<size>/ and are reused
when already there. Results are printed as Markdown tables and saved as JSON in WORK.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402

# Our CLI, run from the bench project (which has no build.py of its own).
OUR_CLI = ("import sys; from pathlib import Path; from site_gen.cli import main; "
           "sys.exit(main(sys.argv[1:], root=Path.cwd()))")
OUT = "_site"
# What the generator writes into each project; everything else there is output or cache.
INPUTS = {
    "ours": {"site.yaml", "content", "templates", "static"},
    "hugo": {"hugo.toml", "layouts", "content"},
    "pelican": {"pelicanconf.py", "theme", "content"},
    "mkdocs": {"mkdocs.yml", "theme", "hooks.py", "docs"},
}
COMPETITORS = ("hugo", "pelican", "mkdocs")
MODES = ("cold", "warm", "edit")
TARGETS_AT = 10_000
BUILT_RE = re.compile(r"\(([\d,]+) files,.*?([\d.]+) s\)")


@dataclass
class Measurement:
    tool: str
    mode: str  # cold | cold-incr | warm | edit
    search: bool
    size: int
    run: int
    ok: bool
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    inner_s: float | None = None  # our CLI's own "built ... (X s)": the build without interpreter start-up
    files: int | None = None
    error: str = ""
    load: float = 0.0  # 1-minute load average just before: other work on the machine skews wall times


@dataclass
class Tools:
    python: str
    env: dict[str, str]  # for our build (PYTHONPATH = the repo)
    comp_env: dict[str, str] = field(default_factory=dict)  # for the competitors (the venv first on PATH)
    versions: dict[str, str] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)
    incremental_flag: str | None = None


# --- measuring ----------------------------------------------------------------------------------

def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[bool, float, float, float, str, str, float]:
    """Run cmd once; (ok, wall s, cpu s, peak RSS MB, stdout, stderr, load) of that one child."""
    os.sync()
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    return (proc.returncode == 0, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout, stderr, load)


def clear_outputs(project: Path, tool: str) -> None:
    """A cold start: remove everything in the project that the generator did not write
    (the output folder, leftovers of interrupted builds, any cache a tool keeps there)."""
    for item in project.iterdir():
        if item.name in INPUTS[tool]:
            continue
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item)
        else:
            item.unlink()


def our_command(tools: Tools, *, search: bool, incremental: bool) -> list[str]:
    cmd = [tools.python, "-c", OUR_CLI, "build", "--out", OUT]
    if not search:
        cmd.append("--no-search")
    if incremental and tools.incremental_flag:
        cmd.append(tools.incremental_flag)
    return cmd


def competitor_command(tool: str, project: Path) -> list[str]:
    return ["sh", str(BENCH / "competitors" / tool / "build.sh"), str(project), str(project / OUT)]


class EntryEditor:
    """Edits the body of one entry (the middle one) per edit run; restores it at the end."""

    def __init__(self, project: Path):
        files = sorted((project / "content" / "claims").glob("*.md"))
        self.path = files[len(files) // 2]
        self.original = self.path.read_bytes()
        self.count = 0

    def edit(self) -> None:
        self.count += 1
        self.path.write_bytes(self.original + f"\nEdited for benchmark run {self.count}: the figure was checked "
                              f"again against the same sources.\n".encode())

    def restore(self) -> None:
        self.path.write_bytes(self.original)


# --- tools --------------------------------------------------------------------------------------

def find_tools(venv: Path | None) -> Tools:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PYTHONPATH"] = str(REPO)
    env["SOURCE_DATE_EPOCH"] = env.get("SOURCE_DATE_EPOCH", "1735689600")
    comp_env = dict(env)
    comp_env.pop("PYTHONPATH")
    tools = Tools(sys.executable, env, comp_env)
    if venv and (venv / "bin").is_dir():
        comp_env["PATH"] = f"{venv / 'bin'}{os.pathsep}{comp_env.get('PATH', '')}"
        comp_env["VIRTUAL_ENV"] = str(venv)
        hugo_bins = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
        if hugo_bins:
            comp_env["HUGO_BIN"] = str(hugo_bins[0])  # the binary itself, not the Python launcher

    def version(cmd: list[str]) -> str | None:
        exe = shutil.which(cmd[0], path=comp_env.get("PATH")) if not os.path.isabs(cmd[0]) else cmd[0]
        if not exe:
            return None
        try:
            result = subprocess.run([exe, *cmd[1:]], capture_output=True, text=True, env=comp_env, timeout=60)
        except OSError as err:
            return f"error: {err}"
        text = (result.stdout + result.stderr).strip().splitlines()
        return text[-1] if text else "?"

    for tool, cmd in (("hugo", [comp_env.get("HUGO_BIN", "hugo"), "version"]), ("pelican", ["pelican", "--version"]),
                      ("mkdocs", ["mkdocs", "--version"])):
        found = version(cmd)
        if found is None or found.startswith("error"):
            tools.missing[tool] = found or f"{cmd[0]} not found (install bench/requirements.txt)"
        else:
            tools.versions[tool] = found
    tools.versions["python"] = platform.python_version()
    return tools


def detect_incremental(tools: Tools, project: Path) -> str | None:
    """Our CLI's incremental flag, if `build --help` lists one (another engineer is adding it)."""
    result = subprocess.run([tools.python, "-c", OUR_CLI, "build", "--help"], cwd=project, env=tools.env,
                            capture_output=True, text=True, timeout=120)
    return "--incremental" if "--incremental" in result.stdout else None


def machine() -> dict[str, Any]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1), "os": platform.platform(),
            "date": dt.date.today().isoformat()}


# --- the run ------------------------------------------------------------------------------------

def ensure_projects(work: Path, size: int, seed: int, tools_wanted: list[str], regenerate: bool) -> Path:
    folder = work / f"n{size}"
    marker = folder / "GENERATED"
    wanted = f"n={size} seed={seed} version={generate.VERSION} formats={','.join(tools_wanted)}"
    have = marker.read_text().strip() if marker.is_file() else ""
    if regenerate or not have.startswith(f"n={size} seed={seed} version={generate.VERSION} ") or \
            not set(tools_wanted) <= set(have.split("formats=", 1)[-1].split(",")):
        print(f"generating {size} entries (seed {seed}) for {', '.join(tools_wanted)} ...", flush=True)
        started = time.perf_counter()
        generate.generate(size, seed, folder, tools_wanted)
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
        marker.write_text(wanted + "\n")
    return folder


def run_size(size: int, folder: Path, tools: Tools, args: argparse.Namespace, results: list[Measurement]) -> None:
    ours = folder / "ours"
    competitors = [t for t in args.tools if t in COMPETITORS and t not in tools.missing]
    editor = EntryEditor(ours) if "ours" in args.tools else None
    searches = {"both": (False, True), "off": (False,), "on": (True,)}[args.search]

    def record(m: Measurement) -> None:
        results.append(m)
        extra = f" (in-process {m.inner_s * 1000:.0f} ms)" if m.inner_s is not None else ""
        status = "" if m.ok else f"  FAILED: {m.error}"
        print(f"  n={size} run {m.run} {m.tool:<8} {m.mode:<9} {'search' if m.search else 'no-search':<9} "
              f"{m.wall_s * 1000:>9.0f} ms  {m.wall_s * 1000 / size:6.2f} ms/entry  cpu {m.cpu_s:6.1f} s  "
              f"peak {m.peak_rss_mb:6.0f} MB  load {m.load:4.1f}{extra}{status}", flush=True)

    def ours_series(run: int, search: bool) -> None:
        modes = list(args.modes)
        if tools.incremental_flag and {"warm", "edit"} & set(modes):
            # A plain cold build (what CI runs) leaves no cache, so warm and edit start from an
            # incremental build from an empty cache and output ("cold-incr"). Without search both
            # are measured (the difference is the cost of writing the cache); with search, where
            # Pagefind dominates, only the incremental one, to keep the whole run short.
            modes[modes.index("cold")] = "cold-incr" if search else "cold"
            if not search:
                modes.insert(modes.index("cold") + 1, "cold-incr")
        for mode in modes:
            if mode.startswith("cold"):
                clear_outputs(ours, "ours")
            if mode == "edit":
                editor.edit()
            cmd = our_command(tools, search=search, incremental=mode != "cold")
            ok, wall, cpu, rss, stdout, stderr, load = measure(cmd, ours, tools.env)
            found = BUILT_RE.search(stdout)
            results_error = "" if ok else (stderr.strip().splitlines() or ["no output"])[-1][:300]
            record(Measurement("ours", mode, search, size, run, ok, wall, cpu, rss,
                               float(found.group(2)) if found else None,
                               int(found.group(1).replace(",", "")) if found else None, results_error, load))

    try:
        for run in range(1, args.runs_by_size[size] + 1):
            if editor and False in searches:
                ours_series(run, False)
            for tool in competitors:
                project = folder / tool
                clear_outputs(project, tool)
                env = dict(tools.comp_env, HUGO_CACHEDIR=str(project / ".hugo_cache"))  # cleared when cold
                ok, wall, cpu, rss, stdout, stderr, load = measure(competitor_command(tool, project), project, env)
                error = "" if ok else (stderr.strip().splitlines() or stdout.strip().splitlines() or ["no output"])[-1][:300]
                record(Measurement(tool, "cold", False, size, run, ok, wall, cpu, rss, error=error, load=load))
            if editor and True in searches:
                ours_series(run, True)
    finally:
        if editor:
            editor.restore()


# --- reporting ----------------------------------------------------------------------------------

def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summarise(results: list[Measurement], sizes: list[int]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for size in sizes:
        rows = {}
        for m in results:
            if m.size != size:
                continue
            key = f"{m.tool}|{m.mode}|{'search' if m.search else 'no-search'}"
            rows.setdefault(key, []).append(m)
        table = {}
        for key, ms in rows.items():
            good = [m for m in ms if m.ok]
            table[key] = {
                "runs": len(ms), "failed": len(ms) - len(good),
                "wall_ms": _median([m.wall_s * 1000 for m in good]),
                "ms_per_entry": _median([m.wall_s * 1000 / size for m in good]),
                "cpu_s": _median([m.cpu_s for m in good]),
                "peak_rss_mb": max((m.peak_rss_mb for m in good), default=None),
                "inner_ms": _median([m.inner_s * 1000 for m in good if m.inner_s is not None]),
                "load": _median([m.load for m in ms]),
                "error": next((m.error for m in ms if not m.ok), ""),
            }
        ratios = {}
        ours_cold = {m.run: m for m in results if m.size == size and m.tool == "ours" and m.mode == "cold"
                     and not m.search and m.ok}
        for tool in COMPETITORS:
            theirs = {m.run: m for m in results if m.size == size and m.tool == tool and m.ok}
            common = sorted(ours_cold.keys() & theirs.keys())
            per_run = [ours_cold[r].wall_s / theirs[r].wall_s for r in common]
            per_run_cpu = [ours_cold[r].cpu_s / theirs[r].cpu_s for r in common]
            if per_run:
                ratios[tool] = {"median": statistics.median(per_run), "runs": per_run,
                                "cpu_median": statistics.median(per_run_cpu), "cpu_runs": per_run_cpu}
        summary[str(size)] = {"table": table, "ratios": ratios}
    return summary


def targets(summary: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(target, figure, met?) for the 10,000-entry targets of the issue."""
    s = summary.get(str(TARGETS_AT))
    if not s:
        return [("targets are judged at 10,000 entries", "not measured", "n/a")]
    t, r = s["table"], s["ratios"]
    out = []

    def ratio(tool: str, limit: float, text: str) -> None:
        if tool in r:
            v = r[tool]["median"]
            out.append((text, f"ours ÷ {tool} = {v:.2f} (CPU time: {r[tool]['cpu_median']:.2f})",
                        "met" if v <= limit else "not met"))
        else:
            out.append((text, f"{tool} not measured", "n/a"))

    ratio("hugo", 1.5, "cold, no search, ≤ 1.5× Hugo's time")
    ratio("pelican", 0.25, "cold, no search, ≥ 4× faster than Pelican")
    ratio("mkdocs", 0.25, "cold, no search, ≥ 4× faster than MkDocs")
    edit = t.get("ours|edit|no-search")
    if edit and edit["wall_ms"] is not None:
        inner = f" (in-process {edit['inner_ms']:.0f} ms)" if edit["inner_ms"] is not None else ""
        out.append(("one edited entry: HTML rebuilt < 150 ms", f"{edit['wall_ms']:.0f} ms wall{inner}",
                    "met" if edit["wall_ms"] < 150 else "not met"))
    peaks = [v["peak_rss_mb"] for k, v in t.items() if k.startswith("ours|") and k.endswith("|no-search")
             and v["peak_rss_mb"] is not None]
    if peaks:
        out.append(("peak memory, no Pagefind, < 600 MB", f"{max(peaks):.0f} MB", "met" if max(peaks) < 600 else "not met"))
    return out


def markdown(summary: dict[str, Any], info: dict[str, Any]) -> str:
    lines = [f"Date {info['machine']['date']}; {info['machine']['cpu']}, {info['machine']['cores']} cores, "
             f"{info['machine']['memory_gib']} GiB; Python {info['versions'].get('python')}; runs per figure "
             f"(median): {', '.join(f'{r} at {n:,}' for n, r in info['runs_by_size'].items())}; seed {info['seed']}; incremental flag: {info['incremental_flag'] or 'none'}.",
             ""]
    for size, s in summary.items():
        n = int(size)
        lines += [f"**{n:,} entries**", "",
                  "| tool | build | search | wall (ms) | ms/entry | CPU (s) | peak RSS (MB) | ours ÷ theirs, wall | ours ÷ theirs, CPU | load |",
                  "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for key, v in s["table"].items():
            tool, mode, search = key.split("|")
            if v["wall_ms"] is None:
                lines.append(f"| {tool} | {mode} | {search} | failed: {v['error'][:80]} | | | | | | |")
                continue
            ratio = s["ratios"].get(tool, {}).get("median")
            cpu_ratio = s["ratios"].get(tool, {}).get("cpu_median")
            wall = f"{v['wall_ms']:,.0f}" + (f" ({v['inner_ms']:,.0f} in-process)" if v["inner_ms"] is not None else "")
            lines.append(f"| {tool} | {mode} | {search} | {wall} | {v['ms_per_entry']:.2f} | {v['cpu_s']:.1f} | "
                         f"{v['peak_rss_mb']:.0f} | {f'{ratio:.2f}' if ratio is not None else ''} | "
                         f"{f'{cpu_ratio:.2f}' if cpu_ratio is not None else ''} | {v['load']:.1f} |")
        lines.append("")
    for tool, why in info["missing"].items():
        lines.append(f"- {tool}: not run ({why})")
    lines += ["", "| target (10,000 entries) | figure | |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in targets(summary)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--searchable" in argv:  # the whole job against Hugo + Pagefind: its own options, see searchable.py
        import searchable
        return searchable.main([a for a in argv if a != "--searchable"])
    parser = argparse.ArgumentParser(description="Benchmark our build against itself and Hugo, Pelican, MkDocs.",
                                     epilog="--searchable: our build with search against Hugo + Pagefind instead "
                                            "(bench/searchable.py; `--searchable --help` for its options)")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated entry counts (default 1000,10000)")
    parser.add_argument("--runs", default="3", help="runs per measurement, medians reported: one number, or one per "
                        "size (--sizes 1000,10000 --runs 3,1); default 3")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tools", default="ours,hugo,pelican,mkdocs", help="subset of ours,hugo,pelican,mkdocs")
    parser.add_argument("--modes", default="cold,warm,edit", help="our builds to measure: subset of cold,warm,edit")
    parser.add_argument("--search", choices=("both", "off", "on"), default="both",
                        help="our builds with the Pagefind step, without, or both (default)")
    parser.add_argument("--work", type=Path, default=BENCH / "out", help="where projects and results go (bench/out)")
    parser.add_argument("--venv", type=Path, default=BENCH / "out" / "venv",
                        help="virtualenv holding bench/requirements.txt (default bench/out/venv; else PATH)")
    parser.add_argument("--regenerate", action="store_true", help="rewrite the entries even if present")
    args = parser.parse_args(argv)
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    args.tools = [t for t in args.tools.split(",") if t]
    args.modes = [m for m in args.modes.split(",") if m]
    runs = [int(r) for r in str(args.runs).split(",") if r]
    if len(runs) == 1:
        runs *= len(args.sizes)
    if set(args.tools) - set(INPUTS) or set(args.modes) - set(MODES) or len(runs) != len(args.sizes) or min(runs) < 1:
        parser.error("expected --tools among ours,hugo,pelican,mkdocs, --modes among cold,warm,edit, and --runs "
                     "as one number >= 1 or one per size")
    args.runs_by_size = dict(zip(args.sizes, runs))
    if "cold" not in args.modes and "ours" in args.tools:
        args.modes.insert(0, "cold")  # warm and edit need a built site to start from
    args.modes = [m for m in MODES if m in args.modes]

    started = time.perf_counter()
    tools = find_tools(args.venv)
    for tool, why in tools.missing.items():
        if tool in args.tools:
            print(f"note: {tool} is not available: {why}", flush=True)
    results: list[Measurement] = []
    for size in args.sizes:
        folder = ensure_projects(args.work, size, args.seed, args.tools, args.regenerate)
        if "ours" in args.tools and tools.incremental_flag is None:
            tools.incremental_flag = detect_incremental(tools, folder / "ours")
            print(f"incremental flag: {tools.incremental_flag or 'none (warm and edit runs are full rebuilds)'}", flush=True)
        run_size(size, folder, tools, args, results)

    info = {"machine": machine(), "versions": tools.versions, "missing": {t: w for t, w in tools.missing.items()
            if t in args.tools}, "runs": args.runs, "seed": args.seed, "incremental_flag": tools.incremental_flag,
            "elapsed_s": round(time.perf_counter() - started, 1), "argv": sys.argv[1:],
            "runs_by_size": args.runs_by_size}
    summary = summarise(results, args.sizes)
    report = markdown(summary, info)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / f"results-{stamp}.json").write_text(json.dumps(
        {"info": info, "summary": summary, "measurements": [asdict(m) for m in results]}, indent=1, default=str))
    (args.work / f"results-{stamp}.md").write_text(report)
    print()
    print(report)
    print(f"versions: {json.dumps(tools.versions)}")
    print(f"total {info['elapsed_s']:.0f} s; results in {args.work}/results-{stamp}.json and .md")
    return 0 if all(m.ok for m in results) else 1


if __name__ == "__main__":
    sys.exit(main())
