"""Markdown body -> safe HTML, with located problems for links and citations.

One configured MarkdownIt: CommonMark with raw HTML off, tables, footnotes and heading anchors.
A `[^source-id]` with no footnote definition of its own cites the entry's source of that id.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .body_rules import body_problems
from .model import Source

SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SAFE_SCHEMES = {"http", "https", "mailto"}
FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]\s]+)\]")
FOOTNOTE_DEF_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
CODE_RE = re.compile(r"(^|\n)(```|~~~).*?(\n\2|$)|`[^`\n]*`", re.DOTALL)
MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")
# Where the inline `text` rule stops to let other rules try: only characters that an enabled rule
# starts at (newline, image, entity, emphasis, autolink, link and footnote, escape, inline
# footnote, code) or that ends a link label. markdown-it's default set also stops at characters
# kept for rules that are off here (strikethrough `~`, linkify `:`, typographer, extensions),
# where every rule then fails and the character joins the text all the same, only slower.
INLINE_TERMINATORS_RE = re.compile(r"[\n!&*<\[\\\]^_`]")


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=3)
    # Links are checked (and refused with a located error) by `_check_links`; markdown-it's own
    # filter would silently turn a bad link into text, which hides the editor's mistake.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.inline.terminator_re = INLINE_TERMINATORS_RE
    # With html off these rules only ever decline; skipping them gives the same output, sooner.
    md.disable(["html_block", "html_inline"])
    md.add_render_rule("table_open", lambda *a: '<div class="table-scroll" tabindex="0"><table>\n')
    md.add_render_rule("table_close", lambda *a: "</table></div>\n")
    return md


_MD = _make_parser()


@dataclass(frozen=True)
class BodyProblem:
    line: int  # 1-based line within the body
    message: str
    col: int = 1  # 1-based


@dataclass(frozen=True)
class RenderedBody:
    html: str
    problems: tuple[BodyProblem, ...]


def render(body: str, sources: Sequence[Source] = (), base_path: str = "/") -> RenderedBody:
    """Render a body; root-relative links get the site's base path so they work from a sub-path."""
    problems: list[BodyProblem] = []
    text = body + _citation_footnotes(body, sources, problems)
    tokens = _MD.parse(text)
    problems.extend(_check_links(tokens, base_path))
    problems.extend(BodyProblem(line, message, col) for line, col, message in body_problems(body, tokens))
    html = _MD.renderer.render(tokens, _MD.options, {})
    return RenderedBody(html, tuple(sorted(problems, key=lambda p: (p.line, p.col, p.message))))


def _citation_footnotes(body: str, sources: Sequence[Source], problems: list[BodyProblem]) -> str:
    """Footnote definitions for `[^id]` references that name a source instead of a footnote."""
    prose = CODE_RE.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    defined = set(FOOTNOTE_DEF_RE.findall(prose))
    by_id = {s.id: s for s in sources if s.id}
    added: list[str] = []
    definition_starts = {m.start() + len(m.group(0)) - len(m.group(0).lstrip()) for m in FOOTNOTE_DEF_RE.finditer(prose)}
    for match in FOOTNOTE_REF_RE.finditer(prose):
        if match.start() in definition_starts:  # `[^x]:` opening a line defines x; elsewhere it cites x
            continue
        ref = match.group(1)
        if ref in defined or ref in added:
            continue
        if ref not in by_id:
            line = prose.count("\n", 0, match.start()) + 1
            known = ", ".join(sorted(by_id)) or "none: give a source an id"
            problems.append(BodyProblem(line, f"footnote [^{ref}]: expected a footnote definition or a source id of this entry ({known}), got {ref!r}"))
            continue
        added.append(ref)
    return "".join(f"\n\n[^{ref}]: {_cite(by_id[ref])}" for ref in added)


def _cite(source: Source) -> str:
    parts = [f"[{escape(source.title)}](#source-{source.id})"]
    parts += [escape(x) for x in (source.publisher, source.date and source.date.isoformat()) if x]
    return ", ".join(parts) + "."


def escape(text: str) -> str:
    """Plain text as Markdown that shows it as it is (one line, Markdown's characters escaped)."""
    return MD_SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def _check_links(tokens: Sequence[Token], base_path: str) -> Iterable[BodyProblem]:
    """Only http(s), mailto and relative URLs may reach an href or src; root paths get the base."""
    for block in tokens:
        for token in block.children or ():
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else None
            if attr is None:
                continue
            url = str(token.attrs.get(attr, ""))
            line = (block.map[0] + 1) if block.map else 1
            # What a lenient browser might read: percent-decoded, with whitespace and controls dropped.
            scheme = SCHEME_RE.match(re.sub(r"[\x00-\x20\x7f]", "", unquote(url)))
            if scheme and scheme.group(1).lower() not in SAFE_SCHEMES or _has_control(url):
                yield BodyProblem(line, f"link: expected an http(s) or relative URL, got {url!r}")
                token.attrs[attr] = "#"
            elif attr == "src" and scheme:
                yield BodyProblem(line, f"image: expected a path to an image of this site such as /static/chart.png "
                                        f"(pages load nothing from other hosts), got {url!r}")
                token.attrs[attr] = ""
            elif url.startswith("/") and not url.startswith("//"):
                token.attrs[attr] = base_path + url[1:]
            elif url.startswith("//"):
                yield BodyProblem(line, f"link: expected an http(s) or relative URL, got the scheme-relative {url!r}")
                token.attrs[attr] = "#"


def _has_control(url: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in url)
