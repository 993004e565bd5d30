"""How a body's citations and its page's source list find each other: the element ids both sides
use, and the count of a rendered body's citations of each source.

The loader renders `[^source-id]` in a body as a numbered link to the source's entry in the list
(load/markdown.py); the claim page's view (present/views.py) gives each entry its id and links back
to every citation of it. Both spell the ids here.
"""
from __future__ import annotations

import re

CITED_RE = re.compile(r'data-cite="([^"]+)"')  # what load/markdown.py's citation link carries


def source_anchor(source_id: str) -> str:
    """The element id of a source's entry in the page's source list (what a citation links to)."""
    return f"source-{source_id}"


def cite_anchor(source_id: str, occurrence: int) -> str:
    """The element id of a source's n-th citation in the body (what its source-list entry links back to)."""
    return f"cite-{source_id}-{occurrence}"


def citations(html: str) -> dict[str, int]:
    """How many times the rendered body cites each source id."""
    counts: dict[str, int] = {}
    for source_id in CITED_RE.findall(html):
        counts[source_id] = counts.get(source_id, 0) + 1
    return counts
