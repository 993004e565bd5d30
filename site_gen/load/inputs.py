"""The project's inputs are its own files: nothing is read, or published, through a link that leaves them.

Files in static/ are published as they are, templates can include any file they can reach, and
pull requests come from people we do not control: a committed link `static/x -> /etc/passwd` (or
`-> ../.git/config`) would put that file on the site. So site.yaml and the input folders
(content/, templates/, static/, locale/) must be real files and folders, and a symbolic link inside an input
folder must point inside that same folder (a link from one template to another is fine). Each
offending link is a problem at its path, and every one is reported in one run.
"""
from __future__ import annotations

import os
from pathlib import Path

from site_gen.model import ContentError, Problem

INPUT_FOLDERS = ("content", "templates", "static", "locale")
CONFIG_FILE = "site.yaml"


def check_inputs(root: Path) -> None:
    """Raise ContentError with every link that leaves its input folder (or is one)."""
    problems = input_problems(root)
    if problems:
        raise ContentError(problems)


def input_problems(root: Path) -> list[Problem]:
    problems = []
    if (root / CONFIG_FILE).is_symlink():
        problems.append(_problem(root, CONFIG_FILE, "expected the file site.yaml itself, got a symbolic link"))
    for name in INPUT_FOLDERS:
        folder = root / name
        if folder.is_symlink():
            problems.append(_problem(root, name, f"expected the folder {name}/ itself, got a symbolic link"))
        elif folder.is_dir():
            problems += _links_leaving(root, folder)
    return problems


def _links_leaving(root: Path, folder: Path) -> list[Problem]:
    """Links below `folder` whose target is not inside it (broken links included: they would point
    anywhere the day their target appears). os.walk does not follow links to folders."""
    inside = folder.resolve()
    problems = []
    for parent, folders, files in os.walk(folder):
        for name in sorted(folders + files):
            path = Path(parent, name)
            if path.is_symlink() and not stays_inside(path, inside):
                problems.append(_problem(root, path.relative_to(root).as_posix(),
                                         f"expected a file inside {folder.name}/, got a symbolic link pointing outside it"))
    return problems


def stays_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, read through any links, is inside `folder` (a broken link is not: it would
    point anywhere the day its target appears)."""
    return path.exists() and path.resolve().is_relative_to(folder.resolve())


def _problem(root: Path, rel: str, message: str) -> Problem:
    target = os.readlink(root / rel)
    return Problem(rel, 1, 1, "", f"{message} (to {target}); inputs are never read through links that leave them")
