"""Site -> machine-readable files: cost tables as CSV/JSON, robots.txt (feeds etc. join here)."""
from __future__ import annotations

from typing import Iterator

from .costs import comparison_files
from .site import Site
from .urls import Urls


def output_files(site: Site, urls: Urls) -> Iterator[tuple[str, bytes]]:
    yield from comparison_files(site.claims, urls.absolute).items()
    yield "robots.txt", b"User-agent: *\nAllow: /\n"
