#!/usr/bin/env python3
"""Does a bilingual site cost at most the sum of its languages? (issue 24)

    python bench/bilingual.py --size 1000 --runs 5 --work /dev/shm/bench

From the generated entries (bench/out/n<size>/ours, as ab.py uses them), three projects of this
tree: `en`, the entries in English; `fr`, the same entries as a French-only site; `en+fr`, one site
with both (`languages: [en, fr]`, every entry also as <slug>.fr.md, the pages likewise). Cold
builds (`build --no-search`, default workers, a fresh process and output folder each), interleaved
run by run; printed: each project's median wall and CPU time, and en+fr ÷ (en + fr).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import run as bench  # noqa: E402  bench/run.py: the generated projects
from ab import cold_build  # noqa: E402

TREE = BENCH.parent
PER_LANGUAGE = ("title", "description", "language", "locale")


def project(name: str, source: Path, work: Path) -> Path:
    folder = work / f"bilingual-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source / "content", folder / "content", copy_function=os.link)
    config = (source / "site.yaml").read_text(encoding="utf-8")
    if name == "fr":
        config = re.sub(r"^language: .*$", "language: fr", config, flags=re.M)
        config = re.sub(r"^locale: .*$", "locale: fr-FR", config, flags=re.M)
    elif name == "en+fr":
        values = {key: re.search(rf"^{key}: (.*)$", config, re.M).group(1) for key in ("title", "locale")}
        for key in PER_LANGUAGE:
            config = re.sub(rf"^{key}: .*\n(?:  .*\n)*", "", config, flags=re.M)
        title, locale = json.dumps(values["title"].strip()), values["locale"].split("#")[0].strip()
        config += (f"languages:\n  - {{language: en, title: {title}, description: \"The English edition.\", "
                   f"locale: {locale}}}\n  - {{language: fr, title: {title}, "
                   f"description: \"L'édition française.\", locale: fr-FR}}\n")
        for folder_name in ("claims", "pages"):
            for entry in sorted((folder / "content" / folder_name).glob("*.md")):
                os.link(entry, entry.with_name(f"{entry.stem}.fr.md"))
    (folder / "site.yaml").write_text(config, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=BENCH / "out")
    args = parser.parse_args()
    source = bench.ensure_projects(args.work, args.size, args.seed, ["ours"], False) / "ours"
    names = ("en", "fr", "en+fr")
    projects = {name: project(name, source, args.work) for name in names}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for run in range(args.runs):
        for name in names if run % 2 == 0 else tuple(reversed(names)):
            wall, cpu, _ = cold_build(TREE, projects[name], args.work / f"bilingual-{name}-site")
            times[name].append((wall, cpu))
            print(f"run {run + 1} {name:<6} wall {wall:6.2f} s  cpu {cpu:6.2f} s  load {os.getloadavg()[0]:.1f}", flush=True)
    med = {name: (statistics.median(w for w, _ in t), statistics.median(c for _, c in t)) for name, t in times.items()}
    for name, (wall, cpu) in med.items():
        print(f"{name}: median wall {wall:.2f} s, cpu {cpu:.2f} s")
    both, summed = med["en+fr"], (med["en"][0] + med["fr"][0], med["en"][1] + med["fr"][1])
    print(f"en+fr / (en + fr): wall {both[0] / summed[0]:.3f}, cpu {both[1] / summed[1]:.3f}")
    for name in names:
        shutil.rmtree(args.work / f"bilingual-{name}-site", ignore_errors=True)
        shutil.rmtree(projects[name], ignore_errors=True)


if __name__ == "__main__":
    main()
