"""The Markdown stage: safe HTML, citations of source ids, links that honour the base path."""
from __future__ import annotations

import random
import re

import pytest
from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline

from site_gen.citations import citations
from site_gen.load.markdown import render
from site_gen.model import Source

SOURCES = (Source("DeepSeek-V3 Technical Report", id="v3-report", publisher="DeepSeek-AI"),)


def test_a_source_id_footnote_cites_the_source_even_before_a_colon():
    result = render("The figure[^v3-report]: $5.576M.\n", SOURCES)
    assert result.problems == ()
    assert ('<sup class="cite" data-pagefind-ignore><a href="#source-v3-report" id="cite-v3-report-1" '
            'data-cite="v3-report"><span class="visually-hidden">source </span>[1]</a></sup>: $5.576M.') in result.html
    assert "footnote" not in result.html  # one list of sources on the page, not a second list of notes


def test_citations_are_numbered_by_the_source_list_and_counted_for_the_links_back():
    sources = (Source("A", id="a"), Source("Unnamed"), Source("C", id="c"))
    result = render("One[^c], two[^a] and three[^c].\n", sources)
    assert re.findall(r'id="(cite-[a-z]-\d)"[^>]*>.*?\[(\d)\]', result.html) == [
        ("cite-c-1", "3"), ("cite-a-1", "1"), ("cite-c-2", "3")]
    assert citations(result.html) == {"c": 2, "a": 1}


def test_contact_routes_are_reference_links_a_page_need_not_define():
    result = render("[Report an error][report-error], or [see][nothing].\n", base_path="/repo/",
                    references={"report-error": "https://git.example.org/x/issues/new"})
    assert '<a href="https://git.example.org/x/issues/new">Report an error</a>' in result.html
    assert "[see][nothing]" in result.html  # an undefined reference stays text, as CommonMark says


def test_an_editors_own_footnote_is_kept_and_an_unknown_one_is_an_error():
    own = render("Text[^aside].\n\n[^aside]: An aside.\n", SOURCES)
    assert own.problems == () and "An aside." in own.html
    unknown = render("Line one.\n\nText[^v3-reprot].\n", SOURCES)
    assert [(p.line, p.message) for p in unknown.problems] == [
        (3, "footnote [^v3-reprot]: expected a footnote definition or a source id of this entry (v3-report), got 'v3-reprot'")]


def test_a_footnote_inside_code_is_not_a_citation():
    result = render("Write `[^id]` to cite.\n\n```\n[^other]\n```\n", SOURCES)
    assert result.problems == ()
    fenced_with_tildes = render("Text.\n\n~~~\n[^other]\n~~~\n", SOURCES)  # (and no backtick anywhere)
    assert fenced_with_tildes.problems == ()


def test_raw_html_is_escaped_and_root_links_get_the_base_path():
    result = render("<script>alert(1)</script>\n\n[About](/about/) [ext](https://example.com/) [rel](../x/)\n",
                    base_path="/repo/")
    assert "<script>" not in result.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in result.html
    assert '<a href="/repo/about/">About</a>' in result.html
    assert '<a href="https://example.com/">ext</a>' in result.html and '<a href="../x/">rel</a>' in result.html


def test_tables_scroll_and_headings_get_anchors():
    result = render("## What it counts\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert '<h2 id="what-it-counts">What it counts</h2>' in result.html
    assert '<div class="table-scroll" tabindex="0"><table>' in result.html


def test_images_come_from_the_site_itself():
    """Pages load nothing from other hosts (privacy, and the CSP's img-src 'self')."""
    remote = render("![chart](https://example.com/chart.png)\n")
    assert [p.message for p in remote.problems] == [
        "image: expected a path to an image of this site such as /static/chart.png (pages load nothing from other "
        "hosts), got 'https://example.com/chart.png'"]
    local = render("![chart](/static/chart.png)\n", base_path="/repo/")
    assert local.problems == () and '<img src="/repo/static/chart.png" alt="chart" />' in local.html


@pytest.mark.slow
def test_fewer_inline_stops_give_the_same_html_as_markdown_its_own(monkeypatch):
    """INLINE_TERMINATORS_RE skips characters no enabled rule starts at; render's HTML (and its
    problems) must not change. The stock run swaps the stops of render's own parser for
    markdown-it's default ones through markdown-it's public `terminator_re` (the attribute its
    text rule reads; a property on the class outranks the one each inline parser sets itself)."""
    atoms = [*"ab 1 \n\n  \t!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~é", "[a](b)", "[^x]", "^[y z]", "<http://x.y>",
             "<a@b.co>", "&amp;", "&#35;", "**", "__", "``", '![i](/p.png "t")', "[l]: /u", "[^x]: note",
             "| a | b |\n|---|---|\n", "- ", "1. ", "> ", "# ", "```\n", "~~", "<b>", "\\\n", "  \n", "[a][l]"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    sample = "Some *emphasis* and [a link](/x/).\n"
    ours = [render(text) for text in texts]
    own_sample = render(sample)

    def stops(pattern: re.Pattern, reads: list) -> property:
        return property(lambda self: reads.append(1) or pattern, lambda self, value: None)

    stock_reads: list = []
    monkeypatch.setattr(ParserInline, "terminator_re", stops(MarkdownIt("commonmark").inline.terminator_re,
                                                             stock_reads), raising=False)
    for text, own in zip(texts, ours):
        assert render(text) == own, text
    assert stock_reads  # render's parser did take the stock stops

    # The comparison can fail: with too few stops (newlines only) emphasis and links go unseen.
    monkeypatch.setattr(ParserInline, "terminator_re", stops(re.compile(r"\n"), []), raising=False)
    assert "<em>" in own_sample.html and "<em>" not in render(sample).html
