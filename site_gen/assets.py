"""Static files -> output names; CSS and JS get a content hash in their name so browsers may cache
them forever and still see a change at once. The files are the theme's and the site's own
(theme.static_files: the site's win by name)."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol

from site_gen import paths

HASHED_SUFFIXES = {".css", ".js"}


class Source(Protocol):
    """A static file to publish: a Path in static/, or a Generated one."""

    @property
    def suffix(self) -> str: ...

    def read_bytes(self) -> bytes: ...


@dataclass(frozen=True)
class Generated:
    """A file the build writes rather than copies (present/verdict_colours.py's stylesheet), given
    among the sources by its name: planned, hashed and written as a static file is."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix

    def read_bytes(self) -> bytes:
        return self.data


def plan_assets(sources: Mapping[str, Source]) -> dict[str, str]:
    """Source name (relative to static/) -> output path (relative to the site root)."""
    plan = {}
    for name, path in sources.items():
        if path.suffix in HASHED_SUFFIXES:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            plan[name] = f"{paths.STATIC}{name[: -len(path.suffix)]}.{digest}{path.suffix}"
        else:
            plan[name] = f"{paths.STATIC}{name}"
    return plan


def asset_files(sources: Mapping[str, Source], plan: dict[str, str]) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """(output path, how to read it) for every planned asset."""
    for name, out in plan.items():
        yield out, sources[name].read_bytes
