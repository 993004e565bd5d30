"""Heading ids (`<h2 id="costs">`), as mdit_py_plugins' `anchors_plugin` makes them, in linear time.

Why it exists: the plugin finds a free id for a repeated heading by trying "a-1", "a-2", ... from 1
every time, so n headings of the same text cost n² set lookups (the issue measured 78 s for
100 KB of `## a` lines). This rule gives byte-identical ids (the same slugify, the same title
text, "a", "a-1", "a-2" in order, and the same yielding to a heading whose own slug is "a-1")
but remembers, per slug, the suffix to try next: every taken id is passed over at most once,
whatever the headings.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_NOT_SLUG_RE = re.compile(r"[^\w\u4e00-\u9fff\- ]")


def slugify(title: str) -> str:
    """GitHub-style, exactly as mdit_py_plugins.anchors.slugify."""
    return _NOT_SLUG_RE.sub("", title.lower().replace(" ", "-"))


def heading_anchors_plugin(md: MarkdownIt, min_level: int = 2, max_level: int = 3) -> None:
    """Give every heading from `min_level` to `max_level` without an id a unique one."""
    levels = frozenset(range(min_level, max_level + 1))

    def heading_anchors(state: StateCore) -> None:
        tokens = state.tokens
        # As the plugin does: ids a heading already has (at any level) are taken up front.
        taken: set[str] = {str(i) for t in tokens if t.type == "heading_open" and (i := t.attrGet("id"))}
        next_suffix: dict[str, int] = {}  # slug -> the first n that "slug-n" might still be free at
        for idx, token in enumerate(tokens):
            if token.type != "heading_open" or int(token.tag[1]) not in levels or token.attrGet("id"):
                continue
            title = "".join(child.content for child in tokens[idx + 1].children or ()
                            if child.type in ("text", "code_inline"))
            slug = slugify(title)
            if slug in taken:
                # Every "slug-k" below next_suffix[slug] was taken when last tried, and ids are
                # never given back, so the search resumes there: what trying from 1 would find.
                n = next_suffix.get(slug, 1)
                while f"{slug}-{n}" in taken:
                    n += 1
                next_suffix[slug] = n + 1
                slug = f"{slug}-{n}"
            taken.add(slug)
            token.attrSet("id", slug)

    md.core.ruler.push("heading_anchors", heading_anchors)
