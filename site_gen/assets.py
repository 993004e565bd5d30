"""static/ -> output names; CSS and JS get a content hash in their name so browsers may cache them
forever and still see a change at once."""
from __future__ import annotations

import hashlib
from pathlib import Path

from site_gen import paths

HASHED_SUFFIXES = {".css", ".js"}


def plan_assets(static_dir: Path) -> dict[str, str]:
    """Source name (relative to static/) -> output path (relative to the site root)."""
    plan = {}
    if not static_dir.is_dir():
        return plan
    for path in sorted(p for p in static_dir.rglob("*") if p.is_file()):
        name = path.relative_to(static_dir).as_posix()
        if path.suffix in HASHED_SUFFIXES:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            plan[name] = f"{paths.STATIC}{name[: -len(path.suffix)]}.{digest}{path.suffix}"
        else:
            plan[name] = f"{paths.STATIC}{name}"
    return plan


def asset_files(static_dir: Path, plan: dict[str, str]):
    """(output path, how to read it) for every planned asset."""
    for name, out in plan.items():
        yield out, (static_dir / name).read_bytes
