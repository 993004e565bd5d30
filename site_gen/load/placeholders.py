"""Text that `init` (its starter pages) and `python build.py new` leave for the editor to replace,
found wherever it is left.

The scaffold marks every placeholder with PLACEHOLDER ("TODO: the conclusion ..."). In a published
entry one is an error at its line; in a draft, a warning (a draft is work in progress). YAML
comments are not values, so the scaffold's own "Fill in every TODO" comment never counts.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

import yaml

from site_gen.load.markdown import CODE_RE

PLACEHOLDER = "TODO"
PLACEHOLDER_RE = re.compile(rf"\b{PLACEHOLDER}\b")
NEWLINE_RE = re.compile("\n")
SHOWN = 60  # characters of the placeholder quoted in a message


def placeholders(node: yaml.Node, source: str, body: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, column, field, message) of each placeholder: in the front matter's values (`source`
    is the YAML text `node` was composed from; lines and columns 0-based within it), then in the
    body (lines and columns 0-based within the body, field "body")."""
    if PLACEHOLDER not in source and PLACEHOLDER not in body:  # the common case, in one pass each
        return
    line_starts = [0] + [m.end() for m in NEWLINE_RE.finditer(source)]  # (a line and column in O(log n) each)
    for path, value in _scalars(node, ""):
        text = source[value.start_mark.index:value.end_mark.index]
        match = PLACEHOLDER_RE.search(text)
        if match:
            at = value.start_mark.index + match.start()
            line = bisect_right(line_starts, at) - 1
            yield line, at - line_starts[line], path, _message(" ".join(value.value.split()))
    # An example in fenced code or a code span is not a placeholder.
    prose = CODE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)  # same lines and columns
    body_lines = body.split("\n")
    for n, prose_line in enumerate(prose.split("\n")):
        match = PLACEHOLDER_RE.search(prose_line)
        if match:
            yield n, match.start(), "body", _message(body_lines[n].strip())


def _scalars(node: yaml.Node, path: str) -> Iterator[tuple[str, yaml.ScalarNode]]:
    """Every scalar value with its field path ("sources[0].title")."""
    if isinstance(node, yaml.ScalarNode):
        yield path, node
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalars(item, f"{path}[{i}]")
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            yield from _scalars(value, f"{path}.{name}" if path else name)


def _message(text: str) -> str:
    shown = text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
    return (f"expected your own text, got the placeholder {shown!r} left by `init` or `new` "
            f"(replace every {PLACEHOLDER})")
