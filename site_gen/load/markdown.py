"""Markdown body -> safe HTML, with located problems for links and citations.

One configured MarkdownIt: CommonMark with raw HTML off, tables, footnotes and heading anchors.
A `[^source-id]` with no footnote definition of its own cites the entry's source of that id: a
numbered link into the page's one source list ("[2]" for its second source), which links back
(`citations` counts them in the rendered HTML for that).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml, normalizeReference
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from site_gen.load.body_rules import body_problems
from site_gen.model import Source

SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SAFE_SCHEMES = {"http", "https", "mailto"}
FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]\s]+)\]")
FOOTNOTE_DEF_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)
CODE_RE = re.compile(r"(^|\n)(```|~~~).*?(\n\2|$)|`[^`\n]*`", re.DOTALL)
# Where the inline `text` rule stops to let other rules try: only characters that an enabled rule
# starts at (newline, image, entity, emphasis, autolink, link and footnote, escape, inline
# footnote, code) or that ends a link label. markdown-it's default set also stops at characters
# kept for rules that are off here (strikethrough `~`, linkify `:`, typographer, extensions),
# where every rule then fails and the character joins the text all the same, only slower.
INLINE_TERMINATORS_RE = re.compile(r"[\n!&*<\[\\\]^_`]")
MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~])")
CITE_RE = re.compile(r"\[\^([^\]\s]+)\]")
CITED_RE = re.compile(r'data-cite="([^"]+)"')


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=2, max_level=3)
    md.inline.ruler.before("footnote_ref", "source_cite", _source_cite)
    md.add_render_rule("source_cite", _render_cite)
    # Links are checked (and refused with a located error) by `_check_links`; markdown-it's own
    # filter would silently turn a bad link into text, which hides the editor's mistake.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.inline.terminator_re = INLINE_TERMINATORS_RE
    # With html off these rules only ever decline; skipping them gives the same output, sooner.
    md.disable(["html_block", "html_inline"])
    md.add_render_rule("table_open", lambda *a: '<div class="table-scroll" tabindex="0"><table>\n')
    md.add_render_rule("table_close", lambda *a: "</table></div>\n")
    return md


def _source_cite(state: StateInline, silent: bool) -> bool:
    """`[^id]` naming one of the entry's sources (and no footnote of the body's own)."""
    if not state.src.startswith("[^", state.pos):
        return False
    match = CITE_RE.match(state.src, state.pos, state.posMax)
    numbers = state.env.get("cite_numbers", {})
    if match is None or match.group(1) not in numbers:
        return False
    source_id = match.group(1)
    if ":" + source_id in state.env.get("footnotes", {}).get("refs", {}):
        return False  # the body defines a footnote of that name: the footnote rule takes it
    if not silent:
        counts = state.env.setdefault("cite_counts", {})
        counts[source_id] = counts.get(source_id, 0) + 1
        token = state.push("source_cite", "", 0)
        token.meta = {"id": source_id, "number": numbers[source_id], "occurrence": counts[source_id]}
    state.pos = match.end()
    return True


def _render_cite(self, tokens: Sequence[Token], idx: int, options, env) -> str:
    meta = tokens[idx].meta
    source_id, number = escapeHtml(meta["id"]), meta["number"]
    # Left out of search excerpts (data-pagefind-ignore): "[2]" is not part of the prose.
    return (f'<sup class="cite" data-pagefind-ignore><a href="#source-{source_id}" id="{cite_anchor(source_id, meta["occurrence"])}" '
            f'data-cite="{source_id}"><span class="visually-hidden">source </span>[{number}]</a></sup>')


def cite_anchor(source_id: str, occurrence: int) -> str:
    """The element id of a source's n-th citation in the body (what its source-list entry links back to)."""
    return f"cite-{source_id}-{occurrence}"


def citations(html: str) -> dict[str, int]:
    """How many times the rendered body cites each source id."""
    counts: dict[str, int] = {}
    for source_id in CITED_RE.findall(html):
        counts[source_id] = counts.get(source_id, 0) + 1
    return counts


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


def render(body: str, sources: Sequence[Source] = (), base_path: str = "/",
           references: Mapping[str, str] | None = None) -> RenderedBody:
    """Render a body; root-relative links get the site's base path so they work from a sub-path.
    `references`: link targets the text may use as `[text][name]` without defining them (the
    contact routes), checked like any other link."""
    problems: list[BodyProblem] = []
    _check_citations(body, sources, problems)
    env = {"references": {normalizeReference(name): {"title": "", "href": href, "map": None}
                          for name, href in (references or {}).items()},
           "cite_numbers": {s.id: n for n, s in enumerate(sources, start=1) if s.id}}
    tokens = _MD.parse(body, env)
    problems.extend(_check_links(tokens, base_path))
    problems.extend(BodyProblem(line, message, col) for line, col, message in body_problems(body, tokens))
    html = _MD.renderer.render(tokens, _MD.options, {})
    return RenderedBody(html, tuple(sorted(problems, key=lambda p: (p.line, p.col, p.message))))


def _check_citations(body: str, sources: Sequence[Source], problems: list[BodyProblem]) -> None:
    """A `[^name]` must name a footnote the body defines or one of the entry's source ids."""
    prose = CODE_RE.sub(lambda m: "\n" * m.group(0).count("\n"), body)
    defined = set(FOOTNOTE_DEF_RE.findall(prose))
    known = {s.id for s in sources if s.id}
    definition_starts = {m.start() + len(m.group(0)) - len(m.group(0).lstrip()) for m in FOOTNOTE_DEF_RE.finditer(prose)}
    for match in FOOTNOTE_REF_RE.finditer(prose):
        if match.start() in definition_starts:  # `[^x]:` opening a line defines x; elsewhere it cites x
            continue
        ref = match.group(1)
        if ref not in defined and ref not in known:
            line = prose.count("\n", 0, match.start()) + 1
            listed = ", ".join(sorted(known)) or "none: give a source an id"
            problems.append(BodyProblem(line, f"footnote [^{ref}]: expected a footnote definition or a source id of this entry ({listed}), got {ref!r}"))


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
