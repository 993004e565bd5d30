"""What a body may not contain, as the editor's guide says: raw HTML and `#` (H1) headings.

Markdown is rendered with raw HTML off, so a tag would only show as escaped text: an error tells
the editor at once instead. A `#` heading would give the page a second <h1> (the title is the
first). Both are located at the line and column in the body; content.py adds the body's offset.
"""
from __future__ import annotations

from typing import Iterator, Sequence

from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.token import Token

BREAKS = ("softbreak", "hardbreak")
SHOWN = 40  # characters of the offending text quoted in a message


def body_problems(body: str, tokens: Sequence[Token]) -> Iterator[tuple[int, int, str]]:
    """(line, column, message) of each raw HTML tag (the first on its line) and each H1, in the
    body's own numbering (1-based). `tokens`: the body parsed by markdown.py's parser."""
    lines = body.split("\n")
    if "<" in body:  # (no tag without one: most bodies are skipped in one pass)
        yield from _raw_html(lines, tokens)
    yield from _h1_headings(lines, tokens)


def _raw_html(lines: list[str], tokens: Sequence[Token]) -> Iterator[tuple[int, int, str]]:
    """Tags in the text Markdown made of the body (so never in code), found where the source has
    them unescaped (`\\<b>` and `&lt;b>` are how to show one as text)."""
    reported: set[int] = set()
    for block in tokens:
        if block.type != "inline" or not block.map or not block.children:
            continue
        # The block's text as rendered (breaks as newlines, anything else as a gap), so a tag is
        # found within one text and never across a code span or a link.
        text = "".join(c.content if c.type == "text" else "\n" if c.type in BREAKS else "\x00"
                       for c in block.children)
        for match in HTML_TAG_RE.finditer(text):
            tag = " ".join(match.group(0).split())
            found = _in_source(lines, block.map, match.group(0).split(None, 1)[0].split(">")[0])
            if found is None or found[0] in reported:
                continue
            reported.add(found[0])
            yield found[0] + 1, found[1] + 1, (
                f"expected Markdown, got the raw HTML {_shorten(tag)!r} (raw HTML is not allowed; "
                f"to show it as text, write \\{_shorten(tag)})")


def _in_source(lines: list[str], span: list[int], start: str) -> tuple[int, int] | None:
    """(line, column), 0-based, of the first unescaped `start` in the lines of `span`."""
    for n in range(span[0], min(span[1], len(lines))):
        line, at = lines[n], lines[n].find(start)
        while at >= 0:
            run = len(line[:at]) - len(line[:at].rstrip("\\"))
            if run % 2 == 0:  # not escaped
                return n, at
            at = line.find(start, at + 1)
    return None


def _h1_headings(lines: list[str], tokens: Sequence[Token]) -> Iterator[tuple[int, int, str]]:
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or token.tag != "h1" or not token.map:
            continue
        text = _shorten(tokens[i + 1].content) if i + 1 < len(tokens) else ""
        first = token.map[0]
        source = lines[first] if first < len(lines) else ""
        if token.markup == "#":
            col = source.find("#") + 1
            got = f"the # heading {text!r}"
        else:  # a setext heading: text underlined with ===
            col = len(source) - len(source.lstrip(" >")) + 1
            got = f"the heading {text!r} underlined with ="
        yield first + 1, max(col, 1), (f"expected headings from ## down (the title is the page's only # heading), "
                                       f"got {got}")


def _shorten(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
