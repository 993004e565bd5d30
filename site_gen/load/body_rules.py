"""What a body may not contain, as the editor's guide says: raw HTML and `#` (H1) headings.

Markdown is rendered with raw HTML off, so a tag would only show as escaped text: an error tells
the editor at once instead. A `#` heading would give the page a second <h1> (the title is the
first). Both are located at the line and column in the body; content.py adds the body's offset.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.token import Token

BREAKS = ("softbreak", "hardbreak")
SHOWN = 40  # characters of the offending text quoted in a message
MAX_WORDS = 100  # different tags located per block (see _Source.first_unescaped)


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
        if "<" not in text:
            continue
        source = _Source(lines, block.map)
        for found_tag in _tags(text):
            found = source.first_unescaped(found_tag.split(None, 1)[0].split(">")[0])
            if found is None or found[0] in reported:
                continue
            reported.add(found[0])
            tag = " ".join(found_tag.split())
            yield found[0] + 1, found[1] + 1, (
                f"expected Markdown, got the raw HTML {_shorten(tag)!r} (raw HTML is not allowed; "
                f"to show it as text, write \\{_shorten(tag)})")


def _tags(text: str) -> Iterator[str]:
    """What `HTML_TAG_RE.finditer(text)` finds, in linear time. The regex alone is quadratic on a
    run of openings that never close (`<?<?<?…`, `<!a<!a…`, `<!-- --->…`, `<![CDATA[…`): each
    looks to the end of the text. Those four kinds end at a fixed terminator, found here once for
    every opening (a comment by walking its grammar, remembering where a walk failed); an open or
    close tag is matched by the regex, which stops at the first character that cannot continue it."""
    next_at: dict[str, tuple[int, int]] = {}  # terminator -> (looked from, found at or -1)
    comment_fails: set[int] = set()

    def find(term: str, start: int) -> int:
        looked, at = next_at.get(term, (len(text) + 1, -1))
        if looked > start or (0 <= at < start):
            at = text.find(term, start)
            next_at[term] = (start, at)
        return at

    at = text.find("<")
    while at >= 0:
        end: int | None
        if text.startswith("<?", at):  # processing: <[?][\s\S]*?[?]>
            close = find("?>", at + 2)
            end = close + 2 if close >= 0 else None
        elif text.startswith("<![CDATA[", at):  # cdata: <!\[CDATA\[[\s\S]*?\]\]>
            close = find("]]>", at + 9)
            end = close + 3 if close >= 0 else None
        elif text.startswith("<!--", at):
            end = _comment_end(text, at, comment_fails)
        elif text.startswith("<!", at) and _is_letter(text[at + 2: at + 3]):  # declaration: <![A-Za-z][^>]*>
            close = find(">", at + 3)
            end = close + 1 if close >= 0 else None
        else:
            match = HTML_TAG_RE.match(text, at)
            end = match.end() if match else None
        if end is None:
            at = text.find("<", at + 1)
        else:
            yield text[at:end]
            at = text.find("<", end)


def _comment_end(text: str, at: int, fails: set[int]) -> int | None:
    """Where HTML_TAG_RE's comment (`<!---?>|<!--(?:[^-]|-[^-]|--[^>])*-->`) starting at `at` ends,
    or None. After `<!--` each step of the repetition is decided by its first characters, so the
    walk is the regex's own; the comment ends at the first step that starts with `-->`. `fails`:
    step positions from which an earlier walk reached the end of the text (a walk that reaches
    one fails the same way, so no text is walked twice)."""
    if text.startswith(">", at + 4) or text.startswith("->", at + 4):
        return text.index(">", at + 4) + 1
    i, size, walked = at + 4, len(text), []
    while i < size and i not in fails:
        if text.startswith("-->", i):
            return i + 3
        walked.append(i)
        if text[i] != "-":
            i += 1
        elif i + 1 < size and text[i + 1] != "-":
            i += 2
        elif i + 2 < size:  # "--" and not ">" (that was "-->")
            i += 3
        else:
            break
    fails.update(walked)
    return None


def _is_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()  # ([A-Za-z]; not the empty string)


class _Source:
    """The source lines of one block, where a tag's first word is looked for (once per word)."""

    def __init__(self, lines: list[str], span: list[int]):
        first, last = span[0], min(span[1], len(lines))
        self.text = "\n".join(lines[first:last])
        self.first = first
        self.starts = [0]  # offset in self.text of each line
        for line in lines[first:last - 1]:
            self.starts.append(self.starts[-1] + len(line) + 1)
        self.found: dict[str, tuple[int, int] | None] = {}

    def first_unescaped(self, word: str) -> tuple[int, int] | None:
        """(line, column), 0-based, of the first unescaped `word` in the block. A block of more than
        MAX_WORDS different tags is looked at for its first MAX_WORDS (each look may read the
        whole block): enough for an editor to see what to fix."""
        if word in self.found:
            return self.found[word]
        if len(self.found) >= MAX_WORDS:
            return None
        text, result = self.text, None
        at = text.find(word)
        while at >= 0:
            run = 0
            while at - run > 0 and text[at - run - 1] == "\\":
                run += 1
            if run % 2 == 0:  # not escaped
                n = bisect_right(self.starts, at) - 1
                result = (self.first + n, at - self.starts[n])
                break
            at = text.find(word, at + 1)
        self.found[word] = result
        return result


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
