"""Markdown body -> safe HTML, with located problems for links and citations.

One configured MarkdownIt: CommonMark with raw HTML off, tables, footnotes and heading anchors.
Hostile bodies (a file may hold 1 MB) take time in proportion to their length: where markdown-it
or a plugin would look ahead again from every character of a run (`[^`, `<?`, `[`…`]`), a rule
here gives the same answer from what it has seen already (`bench/hostile.py` measures them).
A `[^source-id]` with no footnote definition of its own cites the entry's source of that id: a
numbered link into the page's one source list ("[2]" for its second source), which links back
(site_gen/citations.py spells the anchors on both sides and counts them in the rendered HTML).
"""
from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt, helpers
from markdown_it.common.utils import escapeHtml, normalizeReference
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

from site_gen.citations import cite_anchor, source_anchor
from site_gen.load.body_rules import body_problems
from site_gen.load.heading_anchors import heading_anchors_plugin
from site_gen.load.markdown_speed import (
    InlineParser,
    footnote_inline_linear,
    footnote_ref_linear,
    link_destination,
    link_label,
)
from site_gen.model import Source

SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
SAFE_SCHEMES = {"http", "https", "mailto"}
SHARED_PATHS = ("/static/", "/pagefind/")  # at the site's root in every language's edition
FOOTNOTE_REF_RE = re.compile(r"\[\^([^\]\s]+)\]")  # what _footnote_refs finds
REF_STOP_RE = re.compile(r"[\]\s]")
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


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin)
    md.inline.ruler.at("footnote_ref", footnote_ref_linear)
    md.inline.ruler.at("footnote_inline", footnote_inline_linear)
    # This instance's link and image rules find a label's end with link_label.
    # (markdown-it reads md.helpers only by attribute: a namespace of the three functions stands in
    # for its helpers module, which mypy knows only as that module.)
    md.helpers = SimpleNamespace(parseLinkLabel=link_label, parseLinkDestination=link_destination,  # type: ignore[assignment]
                                 parseLinkTitle=helpers.parseLinkTitle)
    md.use(heading_anchors_plugin, min_level=2, max_level=3)  # the plugin's ids, in linear time
    md.inline.ruler.before("footnote_ref", "source_cite", _source_cite)
    md.add_render_rule("source_cite", _render_cite)
    # Links are checked (and refused with a located error) by `_check_links`; markdown-it's own
    # filter would silently turn a bad link into text, which hides the editor's mistake.
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # (this instance's own: markdown-it calls md.validateLink)
    md.inline.terminator_re = INLINE_TERMINATORS_RE
    # With html off these rules only ever decline; skipping them gives the same output, sooner.
    md.disable(["html_block", "html_inline"])
    md.inline = InlineParser(md.inline)
    md.add_render_rule("table_open", lambda *a: '<div class="table-scroll" tabindex="0"><table>\n')
    md.add_render_rule("table_close", lambda *a: "</table></div>\n")
    return md


def _source_cite(state: StateInline, silent: bool) -> bool:
    """`[^id]` naming one of the entry's sources (and no footnote of the body's own)."""
    if not state.src.startswith("[^", state.pos):
        return False
    numbers = state.env.get("cite_numbers", {})
    if not numbers:
        return False
    # No further than the longest source id: the regex would look from every `[^` to the next `]`
    # or space, quadratic on a run of `[^` with neither (an id longer than every source's is none).
    match = CITE_RE.match(state.src, state.pos, min(state.posMax, state.pos + _longest(state.env, numbers) + 3))
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


def _longest(env: EnvType, numbers: Mapping[str, int]) -> int:
    if "cite_longest" not in env:  # (render() puts it there; any other caller of the parser gets it here)
        env["cite_longest"] = max(map(len, numbers), default=0)
    longest: int = env["cite_longest"]
    return longest


def _render_cite(self: RendererProtocol, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    meta = tokens[idx].meta
    source_id, number = escapeHtml(meta["id"]), meta["number"]
    # Left out of search excerpts (data-pagefind-ignore): "[2]" is not part of the prose.
    return (f'<sup class="cite" data-pagefind-ignore><a href="#{source_anchor(source_id)}" id="{cite_anchor(source_id, meta["occurrence"])}" '
            f'data-cite="{source_id}"><span class="visually-hidden">{escapeHtml(env["cite_label"])} </span>[{number}]</a></sup>')


_MD = _make_parser()
# A site's markdown-it plugin and the options it is used with (plugins.Registry.markdown).
PluginUse = tuple[Callable[..., None], dict[str, Any]]
_WITH_PLUGINS: dict[tuple[tuple[Callable[..., None], tuple[tuple[str, Any], ...]], ...], MarkdownIt] = {}


def parser(plugins: tuple[PluginUse, ...] = ()) -> MarkdownIt:
    """The configured parser, with the site's markdown-it plugins ((plugin, options) pairs: plugins.py)
    on a copy of its own; the same object for the same plugins."""
    if not plugins:
        return _MD
    key = tuple((plugin, tuple(sorted(options.items()))) for plugin, options in plugins)
    if key not in _WITH_PLUGINS:
        md = _make_parser()
        for plugin, options in plugins:
            md.use(plugin, **options)
        _WITH_PLUGINS[key] = md
    return _WITH_PLUGINS[key]


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
           references: Mapping[str, str] | None = None, cite_label: str = "source", edition: str = "",
           md: MarkdownIt | None = None) -> RenderedBody:
    """Render a body; root-relative links get the site's base path so they work from a sub-path, and
    in a version in another language (`edition`, "fr/") its language's prefix, but for the files
    every language shares (/static/).
    `references`: link targets the text may use as `[text][name]` without defining them (the
    contact routes), checked like any other link. `cite_label`: what screen readers hear before a
    citation's number ("source [2]"), in the site's language."""
    problems: list[BodyProblem] = []
    _check_citations(body, sources, problems)
    env: EnvType = {"references": {normalizeReference(name): {"title": "", "href": href, "map": None}
                          for name, href in (references or {}).items()},
           "cite_numbers": {s.id: n for n, s in enumerate(sources, start=1) if s.id}}
    env["cite_longest"] = max(map(len, env["cite_numbers"]), default=0)
    with _no_cycle_collection():
        md = md or _MD
        tokens = md.parse(body, env)
        problems.extend(_check_links(tokens, base_path, edition))
        problems.extend(BodyProblem(line, message, col) for line, col, message in body_problems(body, tokens))
        html = md.renderer.render(tokens, md.options, {"cite_label": cite_label})
    return RenderedBody(html, tuple(sorted(problems, key=lambda p: (p.line, p.col, p.message))))


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a body's tokens are alive. They hold no reference
    cycles (reference counting frees them as ever), yet the collector walks them again and again
    as they pile up: a quarter to a third of the time of 1 MB of headings, list items or table
    rows. Resumed after (unless it was off already), when it catches up with anything else."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_citations(body: str, sources: Sequence[Source], problems: list[BodyProblem]) -> None:
    """A `[^name]` must name a footnote the body defines or one of the entry's source ids."""
    # (Most bodies hold no code at all: the regex, tried at every character, was 2 % of a build.)
    prose = CODE_RE.sub(lambda m: "\n" * m.group(0).count("\n"), body) if "`" in body or "~~~" in body else body
    definitions = list(FOOTNOTE_DEF_RE.finditer(prose))
    defined = {m.group(1) for m in definitions}
    known = {s.id for s in sources if s.id}
    listed = ", ".join(sorted(known)) or "none: give a source an id"
    definition_starts = {m.start() + len(m.group(0)) - len(m.group(0).lstrip()) for m in definitions}
    line, counted = 1, 0  # the line of prose[counted]
    for start, ref in _footnote_refs(prose):
        if start in definition_starts:  # `[^x]:` opening a line defines x; elsewhere it cites x
            continue
        if ref not in defined and ref not in known:
            line, counted = line + prose.count("\n", counted, start), start
            problems.append(BodyProblem(line, f"footnote [^{ref}]: expected a footnote definition or a source id of this entry ({listed}), got {ref!r}"))


def _footnote_refs(text: str) -> Iterator[tuple[int, str]]:
    """(start, name) of each match of FOOTNOTE_REF_RE in `text`, in linear time: the regex alone
    looks from every `[^` to the next `]` or space, quadratic on a run of `[^` with neither."""
    stop = -1  # the first `]` or space at or after the last place looked from
    at = text.find("[^")
    while at >= 0:
        if stop < at + 2:
            found = REF_STOP_RE.search(text, at + 2)
            stop = found.start() if found else len(text)
        if stop > at + 2 and text.startswith("]", stop):
            yield at, text[at + 2:stop]
            at = text.find("[^", stop + 1)
        else:
            at = text.find("[^", at + 1)


def escape(text: str) -> str:
    """Plain text as Markdown that shows it as it is (one line, Markdown's characters escaped)."""
    return MD_SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def _check_links(tokens: Sequence[Token], base_path: str, edition: str = "") -> Iterable[BodyProblem]:
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
                shared = url.startswith(SHARED_PATHS)
                token.attrs[attr] = base_path + ("" if shared else edition) + url[1:]
            elif url.startswith("//"):
                yield BodyProblem(line, f"link: expected an http(s) or relative URL, got the scheme-relative {url!r}")
                token.attrs[attr] = "#"


def _has_control(url: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in url)
