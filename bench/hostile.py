#!/usr/bin/env python3
"""Hostile input (issue 22): how long one entry of ~1 MB of pathological Markdown or YAML takes.

    python bench/hostile.py                       # every case at just under MAX_FILE_BYTES
    python bench/hostile.py --size 100000 --cases headings,brackets --timeout 60

For each case, one claim file of (just under) the size limit: valid front matter, then a body made
of one construct repeated (or, for the `yaml:` cases, a normal body and a hostile `claimant:`).
Two figures, each in its own process so that a case which never ends is cut off at `--timeout`:

    render   site_gen.load.markdown.render(body, sources) alone (the body's whole Markdown path:
             citations check, parse, link and raw-HTML checks, HTML)
    check    `python build.py check` of a site holding that one entry (fixture site.yaml and
             pages), wall time of the whole process, Python's start included: what CI and an
             editor wait for. `exit` and `problems` are its status and how many problem lines it
             printed (a crash shows as the signal).

Speed is measured here, never asserted in tests. Run it on a quiet machine (`--repeat 3` keeps
the best of three runs of each figure); the figures and the machine go into bench/README.md
("Hostile input").
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
MAX_FILE_BYTES = 1_000_000  # site_gen.load.frontmatter.MAX_FILE_BYTES (not imported: --tree may predate it)

FRONT_MATTER = """---
claim: "A hostile entry."
claimant: {claimant}
verdict: misleading
summary: A summary of one sentence.
published: 2025-02-03
sources:
  - id: x
    title: Source one
    publisher: Publisher
    date: 2025-01-01
  - title: Source two
    publisher: Publisher
    date: 2025-01-02
---
"""


def repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def lines(make: Callable[[int], str]) -> Callable[[int], str]:
    """Lines made by make(i) until `size` characters (whole lines only)."""
    def body(size: int) -> str:
        out, total, i = [], 0, 0
        while True:
            line = make(i) + "\n"
            if total + len(line) > size:
                return "".join(out)
            out.append(line)
            total += len(line)
            i += 1
    return body


MIX = "## a\n[![*a**_a `x` > - [a](/b) <b> [^x] [^\n"

# name -> (what the body is, body of `size` characters); the `yaml:` cases put a normal body under
# a hostile claimant instead.
BODIES: dict[str, tuple[str, Callable[[int], str]]] = {
    "headings": ("`## a` lines (same id, a-1, a-2, …)", repeat("## a\n")),
    "headings-numbered": ("`## a-N` then `## a` lines (ids that collide)", lines(lambda i: f"## a-{i // 2}" if i % 2 else "## a")),
    "brackets": ("`[` run, no `]`", repeat("[")),
    "brackets-closed": ("`[` run, one `]` at the end", lambda size: "[" * (size - 1) + "]"),
    "image-brackets": ("`![` run", repeat("![")),
    "image-brackets-closed": ("`![` run, one `]` at the end", lambda size: "![" * (size // 2 - 1) + "]"),
    "nested-brackets": ("`[[[…a…]]]` lines, 40 deep", repeat("[" * 40 + "a" + "]" * 40 + "\n")),
    "emphasis-star": ("`*a` run", repeat("*a")),
    "emphasis-double": ("`**` run", repeat("**")),
    "emphasis-underscore": ("`_a ` run", repeat("_a ")),
    "emphasis-mixed": ("`*a**_a_b ` run", repeat("*a**_a_b ")),
    "blockquote-deep": ("`>` run on one line", repeat(">")),
    "blockquote-lines": ("`> > > … a` lines, 50 deep", repeat("> " * 50 + "a\n")),
    "list-deep": ("`- ` run on one line", repeat("- ")),
    "list-lines": ("`- a` lines", repeat("- a\n")),
    "ordered-lines": ("`1. a` lines", repeat("1. a\n")),
    "link-open": ("`[a](` run", repeat("[a](")),
    "link-lines": ("`[a](/b)` links", repeat("[a](/b) ")),
    "citations": ("`[^x]` run (a source id)", repeat("[^x]")),
    "citation-open": ("`[^` run, no `]`", repeat("[^")),
    "citation-unknown": ("`[^y]` lines (an error each)", repeat("[^y]\n")),
    "footnote-defs": ("`[^a]: b` lines", repeat("[^a]: b\n")),
    "inline-footnote-open": ("`^[` run", repeat("^[")),
    "backticks": ("`` ` `` run", repeat("`")),
    "backtick-runs": ("`` `a``a```a `` growing runs", lines(lambda i: "`" * (i % 50 + 1) + "a")),
    "fences": ("```` ``` ```` lines", repeat("```\n")),
    "angle": ("`<` run", repeat("<")),
    "angle-tags": ("`<a>` lines (one paragraph: one raw-HTML error)", repeat("<a>\n")),
    "escaped-tags": ("`\\<a>` run, one line", repeat("\\<a> ")),
    "open-comments": ("`<!-- --->` run", repeat("<!-- --->")),
    "processing": ("`<?` run", repeat("<?")),
    "cdata": ("`<![CDATA[` run", repeat("<![CDATA[")),
    "entities": ("`&#x` run", repeat("&#x")),
    "table": ("a table of 2-cell rows", lambda size: "|a|b|\n|-|-|\n" + repeat("|a|b|\n")(size - 12)),
    "todo": ("`TODO` lines (a placeholder error each)", repeat("TODO\n")),
    "mix": ("all of the above, line after line", repeat(MIX)),
}
# name -> (what the claimant is, claimant text of about `size` characters)
CLAIMANTS: dict[str, tuple[str, Callable[[int], str]]] = {
    "yaml:flow-sequences": ("`claimant:` 50,000 nested `[`", lambda size: "[" * 50_000),
    "yaml:flow-mappings": ("`claimant:` 50,000 nested `{a: `", lambda size: "{a: " * 50_000),
    "yaml:block-sequences": ("`claimant:` 50,000 `- ` on one line", lambda size: "\n  " + "- " * 50_000 + "a"),
    "yaml:flow-sequences-1m": ("`claimant:` nested `[` to the size limit", lambda size: "[" * size),
}
CASES = {**BODIES, **CLAIMANTS}


def entry(case: str, size: int) -> tuple[str, str]:
    """(front matter, body) of the case's claim file, at most `size` bytes in all."""
    if case in CLAIMANTS:
        fm = FRONT_MATTER.format(claimant=CLAIMANTS[case][1](size - len(FRONT_MATTER) - 200))
        return fm, "Some text.\n"
    fm = FRONT_MATTER.format(claimant="Someone")
    return fm, BODIES[case][1](size - len(fm.encode("utf-8")) - 1)


def render_seconds(case: str, size: int) -> float:
    """In this process: render the case's body once and return the seconds it took."""
    sys.path.insert(0, str(ROOT))
    from site_gen.load.markdown import render
    from site_gen.model import Source

    _, body = entry(case, size)
    sources = (Source(title="Source one", id="x"), Source(title="Source two"))
    start = time.perf_counter()
    render(body, sources)
    return time.perf_counter() - start


def timed(argv: list[str], timeout: float, **kwargs) -> tuple[float | None, subprocess.CompletedProcess | None]:
    """(wall seconds, result) of a command, or (None, None) when it ran past `timeout` (killed)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **kwargs)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None, None
    return time.perf_counter() - start, subprocess.CompletedProcess(argv, proc.returncode, out, err)


def site_with(case: str, size: int, folder: Path) -> Path:
    """A site of the fixture's site.yaml and pages and one claim: the case's entry."""
    shutil.copy(FIXTURE / "site.yaml", folder / "site.yaml")
    shutil.copytree(FIXTURE / "content" / "pages", folder / "content" / "pages")
    (folder / "content" / "claims").mkdir(parents=True)
    fm, body = entry(case, size)
    (folder / "content" / "claims" / "hostile.md").write_text(fm + body, encoding="utf-8")
    return folder


def measure(case: str, size: int, timeout: float, markdown_only: bool, repeat: int) -> dict:
    """The case's row: the best of `repeat` runs of each figure (a run cut off ends the tries)."""
    row: dict = {"case": case, "what": CASES[case][0]}
    fm, body = entry(case, size)
    row["bytes"] = len((fm + body).encode("utf-8"))
    if case in BODIES:
        renders = []
        for _ in range(repeat):
            seconds, result = timed([sys.executable, __file__, "--render-one", case, "--size", str(size)], timeout)
            renders.append(None if result is None else json.loads(result.stdout)["seconds"]
                           if result.returncode == 0 else f"exit {result.returncode}")
            if not isinstance(renders[-1], float):
                break
        row["render"] = renders[-1] if not isinstance(renders[-1], float) else min(renders)
    if markdown_only:
        return row
    checks = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        site = site_with(case, size, Path(tmp))
        code = f"import sys; from pathlib import Path; from site_gen.cli import main; sys.exit(main(['check'], root=Path({str(site)!r})))"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "GITHUB_ACTIONS": ""}
        for _ in range(repeat):
            seconds, result = timed([sys.executable, "-c", code], timeout, cwd=site, env=env)
            checks.append(seconds)
            if seconds is None:
                break
    row["check"] = None if checks[-1] is None else min(checks)
    if result is not None:
        row["exit"] = result.returncode if result.returncode >= 0 else signal.Signals(-result.returncode).name
        row["problems"] = sum(1 for line in result.stderr.splitlines() if re.match(r"^\S.*:\d+:\d+: ", line))
        row["first"] = next((line for line in result.stderr.splitlines() if re.match(r"^\S.*:\d+:\d+: ", line)), "")[:150]
        if result.returncode not in (0, 1):  # not a verdict on the entry: say what happened
            row["stderr"] = result.stderr[-2000:]
    return row


def show(value, timeout: float) -> str:
    if value is None:
        return f"> {timeout:g} s (cut off)"
    if isinstance(value, float):
        return f"{value:.2f} s"
    return str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=MAX_FILE_BYTES - 1_000,
                        help="bytes of each claim file (default: just under the 1,000,000-byte limit)")
    parser.add_argument("--cases", help="comma-separated case names (default: all); see --list")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a case is cut off (default 120)")
    parser.add_argument("--markdown-only", action="store_true", help="render only, no `check` run")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each figure; the best is shown (default 1)")
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--render-one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render_one:
        print(json.dumps({"seconds": render_seconds(args.render_one, args.size)}))
        return 0
    if args.list:
        for name, (what, _) in CASES.items():
            print(f"{name:24} {what}")
        return 0
    names = args.cases.split(",") if args.cases else list(CASES)
    unknown = [name for name in names if name not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; see --list")
    print("| case | body | bytes | render | check | exit | problems |")
    print("|---|---|---:|---:|---:|---:|---:|")
    rows = []
    for name in names:
        row = measure(name, args.size, args.timeout, args.markdown_only, args.repeat)
        rows.append(row)
        render = show(row["render"], args.timeout) if "render" in row else "n/a"
        check = show(row.get("check"), args.timeout) if not args.markdown_only else ""
        print(f"| {name} | {row['what']} | {row['bytes']:,} | {render} | {check} | {row.get('exit', '')} | "
              f"{row.get('problems', '')} |", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
