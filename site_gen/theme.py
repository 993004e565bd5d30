"""Where templates and static files come from: the site's own folders first, then the theme's.

The default theme is this repository's `templates/` and `static/`. An installed generator carries
them inside the package (`site_gen/default_theme/`, put there by the wheel build, pyproject.toml);
running from this checkout, they are read from the top-level folders. A site overrides the theme
file by file: its `templates/header.html` replaces the theme's, every other template still comes
from the theme (like Hugo's theme lookup and MkDocs' custom_dir).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
INSTALLED = PACKAGE / "default_theme"  # in a wheel
CHECKOUT = PACKAGE.parent  # this repository
TEMPLATES, STATIC = "templates", "static"


def theme_dir() -> Path:
    """The folder holding the default theme's templates/ and static/."""
    return INSTALLED if (INSTALLED / TEMPLATES).is_dir() else CHECKOUT


@dataclass(frozen=True)
class Layers:
    """The folders a site's templates and static files come from, the site's own first. (In this
    repository the site's folders are the theme's: each is listed once.)"""

    templates: tuple[Path, ...]
    static: tuple[Path, ...]


def layers(root: Path) -> Layers:
    theme = theme_dir()
    return Layers(_distinct(root / TEMPLATES, theme / TEMPLATES), _distinct(root / STATIC, theme / STATIC))


def static_files(layers: Layers) -> dict[str, Path]:
    """Every static file by its name relative to static/, sorted: the site's where it has one."""
    found: dict[str, Path] = {}
    for folder in reversed(layers.static):  # the theme's first, so the site's overwrite them
        for parent, folders, files in os.walk(folder):
            folders.sort()
            for name in files:
                path = Path(parent, name)
                found[path.relative_to(folder).as_posix()] = path
    return dict(sorted(found.items()))


def _distinct(*folders: Path) -> tuple[Path, ...]:
    present = [folder for folder in folders if folder.is_dir()]
    return tuple({folder.resolve(): folder for folder in present}.values())
