"""Hostile input (issue 22): what a small hostile file must not do, and the same answers as before.

Deep YAML nesting gets a located error, never a crash; the linear-time replacements give exactly
what they replace (heading ids, the footnote and citation scans, the raw-HTML scan, the link-label
search). How long hostile bodies take is measured by `python bench/hostile.py`, never here.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from functools import partial

import pytest
from conftest import FIXTURES, PROJECT, add_fixture_defaults
from markdown_it import helpers
from markdown_it.common.html_re import HTML_TAG_RE
from markdown_it.parser_inline import ParserInline
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote.index import footnote_inline, footnote_ref

from site_gen.load import body_rules, frontmatter, markdown, markdown_speed
from site_gen.load.markdown import render
from site_gen.model import ContentError, Source

NESTING = "expected at most 64 levels of nesting, got more (lists and mappings inside one another)"
ENTRY = """---
claim: A claim.
claimant: {claimant}
verdict: accurate
summary: A summary.
published: 2025-02-03
sources:
  - title: Source one
  - title: Source two
---
Text.
"""


# ---- Deep YAML nesting --------------------------------------------------------------------------


def nested(shape: str, depth: int) -> str:
    """A front matter whose `claimant` value holds `depth` collections inside one another (so
    depth + 1 levels with the document's own mapping), in one of the ways YAML nests."""
    if shape == "flow-lists":
        return "claimant: " + "[" * depth + "a" + "]" * depth + "\n"
    if shape == "flow-mappings":
        return "claimant: " + "{a: " * depth + "b" + "}" * depth + "\n"
    if shape == "compact-lists":  # - - - a
        return "claimant:\n" + "- " * depth + "a\n"
    if shape == "indented-mappings":  # one space deeper each
        return "claimant:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(depth - 1)) + " " * depth + "a: b\n"
    if shape == "lists-in-mappings":  # a mapping and its list at one column: two levels per two columns
        return "\n".join(_pairs(depth)) + "\n"
    raise ValueError(shape)


def _pairs(depth: int) -> list[str]:
    """claimant:\\n- a:\\n  - a:\\n    - a: … : each `- a:` line a list (at its mapping's column) and a
    mapping in its item; the last list holds a plain item."""
    lines, column, made = ["claimant:"], 0, 0
    while made + 2 <= depth:
        lines.append(" " * column + "- a:")
        column, made = column + 2, made + 2
    lines.append(" " * column + "- b" if made < depth else " " * (column + 1) + "b")
    return lines


SHAPES = ("flow-lists", "flow-mappings", "compact-lists", "indented-mappings", "lists-in-mappings")


def depth_of(node) -> int:
    if node.tag.endswith(":str"):
        return 0
    children = [c for pair in node.value for c in pair] if isinstance(node.value[0], tuple) else node.value
    return 1 + max(depth_of(c) for c in children)


@pytest.mark.parametrize("shape", SHAPES)
def test_sixty_four_levels_compose_and_sixty_five_are_refused_where_they_start(shape):
    deepest = frontmatter.compose("x.md", nested(shape, 63), first_line=2)
    assert depth_of(deepest) == 64  # the shape nests as meant (the document's mapping is the first level)
    with pytest.raises(ContentError) as caught:
        frontmatter.compose("x.md", nested(shape, 64), first_line=2)
    [problem] = caught.value.problems
    assert problem.message == NESTING
    # Located at the 65th level's first character.
    source_lines = nested(shape, 64).split("\n")
    text_at = source_lines[problem.line - 2][problem.col - 1:]
    assert text_at[:1] in ("[", "{", "-", "a"), (problem, text_at[:10])


@pytest.mark.parametrize("shape", SHAPES)
def test_the_quick_look_never_passes_what_is_too_deep(shape):
    """`_shallow` lets ordinary front matter skip the event pass; a document nested past the limit
    must never look shallow, in any way YAML nests."""
    for depth in range(64, 70):
        assert not frontmatter._shallow(nested(shape, depth)), (shape, depth)


@pytest.mark.parametrize("line_break", ["\r", "\x85", "\u2028", "\u2029"])
def test_other_line_breaks_do_not_hide_deep_indentation(line_break):
    """YAML also breaks lines at these (decode() leaves only \\n in an entry, not in site.yaml)."""
    source = nested("indented-mappings", 64).replace("\n", line_break)
    assert not frontmatter._shallow(source)
    with pytest.raises(ContentError) as caught:
        frontmatter.compose("x.md", source, first_line=2)
    assert [p.message for p in caught.value.problems] == [NESTING]


def test_ordinary_front_matter_takes_the_quick_way():
    """Every shipped entry and site.yaml looks shallow: they pay no second pass."""
    for path in [*(PROJECT / "content").rglob("*.md"), PROJECT / "site.yaml"]:
        text = path.read_text(encoding="utf-8")
        source = text if path.suffix == ".yaml" else text.split("\n---\n", 1)[0].removeprefix("---\n")
        assert frontmatter._shallow(source), path


def test_anchors_are_still_refused_with_the_nesting_check_in_the_same_pass():
    with pytest.raises(ContentError) as caught:
        frontmatter.compose("x.md", "a: &x [" + "[" * 70 + "]" * 70 + "]\nb: *x\n", first_line=2)
    assert [p.message for p in caught.value.problems] == [
        "expected plain YAML, got the anchor '&x' (anchors and aliases are not supported)", NESTING]


def test_site_yaml_nested_too_deep_is_located(tmp_path, run_cli):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "site", root)
    config = (root / "site.yaml").read_text(encoding="utf-8")
    (root / "site.yaml").write_text(config + "extra: " + "[" * 80 + "]" * 80 + "\n", encoding="utf-8")
    line = config.count("\n") + 1
    result = run_cli(root, "check")
    assert result.code == 1
    assert f"site.yaml:{line}:71: {NESTING}" in result.err.splitlines()


def test_an_entry_nested_to_the_limit_is_read_and_checked_whole(tmp_path, run_cli):
    """Everything that walks the nodes (the reader, the placeholder search) copes with the deepest
    entry compose lets through."""
    root = tmp_path / "project"
    (root / "content" / "claims").mkdir(parents=True)
    entry = ENTRY.format(claimant="[" * 63 + "TODO" + "]" * 63).replace(
        "published:", "tags: " + "{a: " * 63 + "TODO" + "}" * 63 + "\npublished:")
    (root / "content" / "claims" / "entry.md").write_text(entry, encoding="utf-8")
    add_fixture_defaults(root)
    result = run_cli(root, "check")
    assert result.code == 1
    todo = "expected your own text, got the placeholder 'TODO' left by `init` or `new`"
    assert [re.sub(r"(\[0\]|\.a)+", "…", line).split(" (replace")[0] for line in result.problem_lines] == [
        "content/claims/entry.md:3:11: claimant: expected text, got a list",
        f"content/claims/entry.md:3:74: claimant…: {todo}",
        "content/claims/entry.md:6:7: tags: expected a list, got a mapping",
        f"content/claims/entry.md:6:259: tags…: {todo}",
    ]


def run_check(tmp_path, claimant: str) -> subprocess.CompletedProcess:
    """`python build.py check` in its own process, on a site of one entry with this claimant."""
    root = tmp_path / "project"
    (root / "content" / "claims").mkdir(parents=True)
    (root / "content" / "claims" / "entry.md").write_text(ENTRY.format(claimant=claimant), encoding="utf-8")
    add_fixture_defaults(root)
    script = "import sys; from pathlib import Path; from site_gen.cli import main; sys.exit(main(['check'], root=Path.cwd()))"
    return subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(PROJECT), "GITHUB_ACTIONS": ""})


@pytest.mark.slow
def test_fifty_thousand_nested_brackets_are_an_error_not_a_segfault(tmp_path):
    """The issue's case: the process used to die with SIGSEGV and no message."""
    result = run_check(tmp_path, "[" * 50_000)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.splitlines()[0] == f"content/claims/entry.md:3:74: {NESTING}"


@pytest.mark.slow
def test_no_way_of_nesting_crashes_the_loader(tmp_path):
    """Flow mappings, compact lists and a million `[` (the parser itself never reads past the
    limit: libyaml's parser takes quadratic time over deep nesting), each in a fresh process."""
    script = ("import sys; from site_gen.load import frontmatter; from site_gen.model import ContentError\n"
              "for source in sys.stdin.read().split('\\0'):\n"
              "    try: frontmatter.compose('x.md', source, 2)\n"
              "    except ContentError as err: print(err.problems[0].line, err.problems[0].col, err.problems[0].message)\n")
    sources = ["claimant: " + "{a: " * 50_000, "claimant:\n" + "- " * 50_000 + "a\n", "claimant: " + "[" * 1_000_000]
    result = subprocess.run([sys.executable, "-c", script], input="\0".join(sources), capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [f"2 {10 + 4 * 63 + 1} {NESTING}", f"3 {2 * 63 + 1} {NESTING}",
                                          f"2 {10 + 63 + 1} {NESTING}"]


# ---- Heading ids --------------------------------------------------------------------------------


def ids(body: str) -> list[str]:
    return re.findall(r'<h[23] id="([^"]*)"', render(body).html)


def test_repeated_headings_get_the_ids_they_always_had():
    """a, a-1, a-2 in order; a heading whose own slug is taken yields to the earlier one and takes
    the next free suffix of its own; one whose own slug is "a-1" takes it when it comes first."""
    assert ids("## a\n## a\n## a\n") == ["a", "a-1", "a-2"]
    assert ids("## a\n## a\n## a-1\n## a\n") == ["a", "a-1", "a-1-1", "a-2"]
    assert ids("## a-1\n## a\n## a\n## a\n") == ["a-1", "a", "a-2", "a-3"]
    assert ids("## a-2\n### a\n## a\n## a\n## a-2\n") == ["a-2", "a", "a-1", "a-3", "a-2-1"]
    assert ids("## A `b` *c*\n## a b c\n# h1\n#### a-b-c\n") == ["a-b-c", "a-b-c-1"]


def test_heading_ids_match_the_anchors_plugin_they_replace():
    """Against mdit_py_plugins' own anchors plugin, on random runs of colliding headings."""
    reference = markdown._make_parser()
    reference.core.ruler.disable("heading_anchors")
    reference.use(anchors_plugin, min_level=2, max_level=3)
    words = ["a", "a-1", "a-2", "a 1", "a-1-1", "A", "`a`", "a!", "b", "*a*", "a-", "-1", "a-01", "中文", "é", "a  1"]
    rng = random.Random(22)
    for _ in range(600):
        body = "".join(f"{rng.choice(['#', '##', '###', '####'])} {' '.join(rng.sample(words, rng.randint(1, 2)))}\n"
                       for _ in range(rng.randint(1, 30)))
        assert markdown._MD.render(body) == reference.render(body), body


# ---- The rest of the Markdown path gives what it gave ------------------------------------------


def stock_parser():
    """render()'s parser with markdown-it's and the plugins' own rules back in place of the
    linear-time ones (link labels, `^[note]`, `[^label]`, heading ids) and markdown-it's own inline
    loop (every rule at every character)."""
    md = markdown._make_parser()
    stock = ParserInline()
    stock.ruler, stock.ruler2, stock.terminator_re = md.inline.ruler, md.inline.ruler2, md.inline.terminator_re
    md.inline = stock
    md.helpers = helpers
    md.inline.ruler.at("footnote_inline", footnote_inline)
    md.inline.ruler.at("footnote_ref", partial(footnote_ref, always_match=False))
    md.core.ruler.disable("heading_anchors")
    md.use(anchors_plugin, min_level=2, max_level=3)
    return md


@pytest.mark.slow
def test_bracket_heavy_bodies_render_as_with_markdown_its_own_rules(monkeypatch):
    """The same HTML and problems as with the stock rules, on bodies dense with what they look at:
    nested and unclosed brackets (past markdown-it's nesting limit of 20), notes, citations."""
    atoms = ["[", "]", "[", "]", "^[", "![", "(", ")", "`", "a", "[^a]", "\\[", "<x>", "*", "[^a]: n\n", "](",
             "[a]", "(/x)", "[" * 22, "]" * 5, "[^x]", "[^", "\n", "## a\n", "[^x-y]", " "]
    sources = (Source("t", id="x"), Source("u", id="x-y"))
    rng = random.Random(5)
    bodies = ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 120))) for _ in range(2000)]
    ours = [render(body, sources) for body in bodies]
    monkeypatch.setattr(markdown, "_MD", stock_parser())
    for body, own in zip(bodies, ours):
        assert render(body, sources) == own, body


def test_the_stock_comparison_can_fail(monkeypatch):
    """(The comparison above is not vacuous: the stock parser is used, and differs where it should.)"""
    stock = stock_parser()
    assert stock.helpers is helpers and markdown._MD.helpers is not helpers
    assert type(stock.inline) is ParserInline and type(markdown._MD.inline) is not ParserInline
    assert stock.render("## a\n## a\n") == markdown._MD.render("## a\n## a\n")
    stock.core.ruler.disable("anchor")
    assert stock.render("## a\n") != markdown._MD.render("## a\n")


def test_footnote_references_are_found_as_the_regex_finds_them():
    atoms = ["[^", "[", "^", "]", "a", " ", "\n", "\t", "[^a]", "b]", "\u00a0", "x"]
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 20)))
        expected = [(m.start(), m.group(1)) for m in markdown.FOOTNOTE_REF_RE.finditer(text)]
        assert list(markdown._footnote_refs(text)) == expected, text


def test_link_destinations_end_where_markdown_it_ends_them():
    atoms = ["(", ")", "\\", " ", "a", "\x01", "\x7f", "\n", "<", ">", "\\ ", "\\(", "é", "\t", "b)"]
    rng = random.Random(6)
    for _ in range(30000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 12)))
        if rng.random() < 0.1:  # around markdown-it's limit of 32 open parentheses
            text = "(" * rng.randint(30, 35) + text + ")" * rng.randint(0, 35)
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        stock, ours = helpers.parseLinkDestination(text, pos, end), markdown_speed.link_destination(text, pos, end)
        assert (ours.ok, ours.pos, ours.str) == (stock.ok, stock.pos, stock.str), (text, pos, end)


def test_raw_html_tags_are_found_as_the_regex_finds_them():
    atoms = ["<", ">", "!", "-", "?", "]", "[", "CDATA", "a", " ", "\n", "/", '"', "'", "=", "b", "<!--", "-->",
             "<?", "?>", "<![CDATA[", "]]>", "<a", "</a>", "<!D", "\\", "x", "---", "<!-->", "<!--->"]
    rng = random.Random(4)
    for _ in range(30000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 25)))
        assert list(body_rules._tags(text)) == [m.group(0) for m in HTML_TAG_RE.finditer(text)], text


def test_raw_html_is_located_where_the_source_has_it_unescaped():
    body = "\\<b> and &lt;b> are text, \\\\<b> is a tag\n\n<i>x</i> <i>\n\n`<b>` <!-- a --> \n"
    assert [(p.line, p.col, re.search(r"raw HTML '([^']*)'", p.message).group(1)) for p in render(body).problems] == [
        (1, 29, "<b>"), (3, 1, "<i>"), (5, 7, "<!-- a -->")]


def test_citations_longer_than_any_source_id_are_not_citations():
    """The citation and footnote rules look no further than the longest id or label; one that is
    longer is still found by the check (as an unknown reference), and the text is kept."""
    sources = (Source("t", id="ab"),)
    result = render("[^ab] [^abc] [^a] [^x] [^xy]\n\n[^x]: own note\n", sources)
    assert result.html.count('class="cite"') == 1 and result.html.count('class="footnote-ref"') == 1
    assert [p.message.split(":")[0] for p in result.problems] == ["footnote [^a]", "footnote [^abc]", "footnote [^xy]"]
    assert "[^abc]" in result.html and "[^xy]" in result.html
