"""Right-to-left languages (issue 24, item 3).

- The rule: `site_gen.present.direction.text_direction` says "rtl" for Arabic, Hebrew, Persian, Urdu,
  their regional tags and every language whose script runs right to left (Babel's CLDR data, a
  script subtag, or a fallback list without Babel); base.html writes it as <html dir="rtl">. A
  left-to-right site gets no `dir` (the HTML default), so its pages stay as they were.
- Every stylesheet the site ships names sides logically (start/end, inline/block), never left or
  right, outside the allow-list below, where each exception says why.
- The charts are drawn left to right in every language (<svg direction="ltr">, see chart.py).
- In Chromium, on the fixture site in Arabic: the header and the claim page are mirrored, nothing
  overflows at 320 and 375 px, figures keep their order, chart labels stay inside the chart and read
  in their own direction, arrows point along the line, and axe finds nothing.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from browser import build_project, serve_site
from conftest import build_quietly, make_project

from site_gen.present import direction
from site_gen.present.direction import text_direction

ARABIC_LABEL = "التشغيل النهائي للتدريب"  # "the final training run": a chart and table label in Arabic
HTML_TAG = re.compile(r"<html\b[^>]*>")


def arabic_project(tmp: Path) -> Path:
    """The fixture site with `language: ar` (its locale stays en-GB: the figures' formats are still
    English ones) and one cost row labelled in Arabic."""
    root = make_project(tmp)
    config = root / "site.yaml"
    text = config.read_text(encoding="utf-8")
    assert "\nlanguage: en\n" in text
    config.write_text(text.replace("\nlanguage: en\n", "\nlanguage: ar\n"), encoding="utf-8")
    claim = root / "content" / "claims" / "six-million.md"
    text = claim.read_text(encoding="utf-8")
    assert "label: Final training run\n" in text
    claim.write_text(text.replace("label: Final training run\n", f"label: {ARABIC_LABEL}\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def arabic_build(tmp_path_factory) -> Path:
    """The Arabic fixture site, built once for this module (no search index). Read-only."""
    root = arabic_project(tmp_path_factory.mktemp("arabic-site"))
    build_quietly(root, "--no-search", "--base-url", "https://example.org/sub/")
    return root / "_site"


# ---- The rule ----------------------------------------------------------------------------------------

RIGHT_TO_LEFT = ["ar", "ar-EG", "ar-SA", "AR-eg", "ar_EG", "he", "he-IL", "iw", "fa", "fa-IR", "fa-AF", "ur",
                 "ur-PK", "ur-IN", "ps", "sd", "ug", "yi", "dv", "ckb", "pa-Arab", "ku-Arab", "az-Arab-IR"]
LEFT_TO_RIGHT = ["en", "en-GB", "fr", "fr-FR", "de", "it", "pt-BR", "zh-Hant", "ja", "hi", "sd-Deva", "ar-Latn",
                 "ku", "pa", "Français", "xx", "", "en-u-ca-x"]


@pytest.fixture
def fresh_rule():
    text_direction.cache_clear()
    yield text_direction
    text_direction.cache_clear()


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
def test_right_to_left_languages(fresh_rule, language):
    assert fresh_rule(language) == "rtl"


@pytest.mark.parametrize("language", LEFT_TO_RIGHT)
def test_left_to_right_languages_and_anything_unknown(fresh_rule, language):
    assert fresh_rule(language) == "ltr"


def test_without_babel_the_fallback_list_decides(fresh_rule, monkeypatch):
    monkeypatch.setitem(sys.modules, "babel", None)  # `from babel import ...` now raises ImportError
    assert direction._babel_direction("ar") is None
    for language in ("ar", "ar-EG", "he", "fa-IR", "ur", "pa-Arab", "yi"):
        assert fresh_rule(language) == "rtl", language
    for language in ("en", "fr-FR", "sd-Deva", "ar-Latn", "Français"):
        assert fresh_rule(language) == "ltr", language


def test_the_fallback_list_agrees_with_babel():
    from babel import Locale, UnknownLocaleError

    known = []
    for language in sorted(direction.RTL_LANGUAGES):
        try:
            order = Locale.parse(language).character_order
        except (UnknownLocaleError, ValueError):
            continue
        assert order == "right-to-left", language
        known.append(language)
    assert {"ar", "he", "fa", "ur"} <= set(known)


# ---- The pages ----------------------------------------------------------------------------------------

def html_tags(site: Path) -> dict[str, str]:
    tags = {}
    for page in sorted(site.rglob("*.html")):
        if page.is_relative_to(site / "static"):
            continue
        found = HTML_TAG.search(page.read_text(encoding="utf-8"))
        assert found, f"{page}: no <html> tag"
        tags[page.relative_to(site).as_posix()] = found.group(0)
    return tags


def test_every_page_of_an_arabic_site_is_right_to_left(arabic_build):
    tags = html_tags(arabic_build)
    assert {"index.html", "404.html", "claims/six-million/index.html", "costs/index.html",
            "search/index.html", "about/index.html"} <= tags.keys()
    wrong = {page: tag for page, tag in tags.items() if tag != '<html lang="ar" dir="rtl">'}
    assert not wrong, wrong


def test_an_english_site_has_no_dir_attribute(built):
    """The HTML default is left to right: English pages stay byte for byte as they were."""
    tags = html_tags(built)
    assert len(tags) > 10
    assert set(tags.values()) == {'<html lang="en">'}


def test_charts_are_drawn_left_to_right_on_an_arabic_page(arabic_build):
    page = (arabic_build / "claims" / "six-million" / "index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<svg [^>]*class="cost-chart__svg[^>]*>', page)
    assert len(charts) == 2  # narrow and wide
    assert all(' direction="ltr"' in chart for chart in charts), charts
    assert ARABIC_LABEL in page


# ---- The stylesheets: logical sides only ------------------------------------------------------------

# Physical sides that must stay, each with its reason: (stylesheet, selector, "property: value").
PHYSICAL_ALLOWED = {
    ("style.css", ".site-title::before", "border-width: 0 0.2em 0.2em 0"):
        "the two borders, turned 45 degrees, draw the favicon's check mark: a logo, not mirrored",
    ("costs.css", '[dir="rtl"] .cost-table td.cost-num', "text-align: left"):
        "figures read in their own direction (unicode-bidi: plaintext), which start/end would follow; "
        "this names the column's end on a right-to-left page",
    ("costs.css", '[dir="rtl"] .cost-table td.cost-num', "text-align: right"):
        "the same for phones, where a figure starts its line next to its column's name",
}

FOUR_SIDES = {"margin", "padding", "inset", "border-width", "border-style", "border-color",
              "scroll-margin", "scroll-padding"}
PHYSICAL_PROPERTY = re.compile(r"(?:^|-)(?:left|right)(?:-|$)")  # left, margin-left, border-top-right-radius ...
PHYSICAL_KEYWORD = re.compile(r"\b(?:left|right)\b")  # text-align: left, float: right, clear, positions ...


def declarations(css: str):
    """(selector, property, value) of every declaration, the selector being its innermost rule's."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: list[str] = []
    text = ""
    for char in css:
        if char == "{":
            rules.append(" ".join(text.split()))
            text = ""
        elif char in ";}":
            declaration = text.strip()
            text = ""
            if declaration and rules and ":" in declaration:
                prop, _, value = declaration.partition(":")
                yield rules[-1], prop.strip().lower(), " ".join(value.split())
            if char == "}" and rules:
                rules.pop()
        else:
            text += char


def _values(value: str) -> list[str]:
    """A value's space-separated parts, parentheses kept whole, !important dropped."""
    parts, depth, current = [], 0, ""
    for char in value.replace("!important", "").strip():
        depth += (char == "(") - (char == ")")
        if char.isspace() and depth == 0:
            if current:
                parts.append(current)
            current = ""
        else:
            current += char
    return parts + ([current] if current else [])


def _asymmetric_radius(value: str) -> bool:
    for half in value.split("/"):
        v = _values(half)
        if len(v) == 1:
            v = v * 4
        elif len(v) == 2:
            v = [v[0], v[1], v[0], v[1]]
        elif len(v) == 3:
            v = [v[0], v[1], v[2], v[1]]
        top_left, top_right, bottom_right, bottom_left = v[:4]
        if top_left != top_right or bottom_left != bottom_right:
            return True
    return False


def physical_sides(css: str) -> list[tuple[str, str]]:
    """(selector, "property: value") of each declaration that names a left or right side."""
    found = []
    for selector, prop, value in declarations(css):
        bare = re.sub(r"\"[^\"]*\"|'[^']*'", "", value)  # strings are content, not sides
        physical = (
            PHYSICAL_PROPERTY.search(prop)
            or PHYSICAL_KEYWORD.search(bare)
            or (prop in FOUR_SIDES and len(_values(bare)) == 4 and _values(bare)[1] != _values(bare)[3])
            or (prop == "border-radius" and _asymmetric_radius(bare))
            or re.search(r"\btranslateX\(|\btranslate3?d?\(\s*-?[1-9.]", bare)
        )
        if physical:
            found.append((selector, f"{prop}: {value}"))
    return found


def test_the_side_check_finds_physical_sides():
    css = """
    .a { margin-left: 1rem; padding: 0 1rem 0 2rem; border-radius: 0 8px 8px 0; text-align: right; }
    @media (max-width: 10rem) { .b:hover { float: left; right: 0; border-top-left-radius: 2px; } }
    .c { transform: translateX(2px); }
    /* left: 0 in a comment */ .ok { margin: 0 1rem; padding: 1px 2px 3px 2px; border-radius: 999px;
      inset-inline-start: 0; text-align: start; content: "left"; border-radius: 8px 8px 0 0; }
    """
    assert [s for s, _ in physical_sides(css)] == [".a"] * 4 + [".b:hover"] * 3 + [".c"]


def shipped_stylesheets(site: Path) -> dict[str, str]:
    """Every stylesheet the built site ships (the generated verdicts.css too), by its source name."""
    sheets = {re.sub(r"\.[0-9a-f]{10}\.css$", ".css", p.name): p.read_text(encoding="utf-8")
              for p in sorted((site / "static").glob("*.css"))}
    assert {"style.css", "costs.css", "search.css", "verdicts.css"} <= sheets.keys()
    return sheets


def test_stylesheets_name_no_left_or_right_side_outside_the_allow_list(arabic_build):
    found = {(name, selector, declaration)
             for name, css in shipped_stylesheets(arabic_build).items()
             for selector, declaration in physical_sides(css)}
    unexplained = sorted(found - PHYSICAL_ALLOWED.keys())
    assert not unexplained, (
        "physical sides in the stylesheets: use the logical property (margin-inline-start, "
        "padding-inline, border-inline-start, inset-inline-start, text-align: start/end, float: "
        "inline-start ...) so right-to-left pages mirror, or add it to PHYSICAL_ALLOWED with the reason:\n  "
        + "\n  ".join(f"static/{n}: {s} {{ {d} }}" for n, s, d in unexplained))
    stale = sorted(PHYSICAL_ALLOWED.keys() - found)
    assert not stale, f"allowed physical sides no stylesheet has any more (remove them): {stale}"


# ---- In Chromium -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory):
    """The Arabic fixture site, with its search index, served under /sub/."""
    workdir = tmp_path_factory.mktemp("arabic-served")
    project = arabic_project(workdir)
    with serve_site(build_project(project), workdir) as site:
        yield site
    shutil.rmtree(workdir / "www", ignore_errors=True)


LAPTOP = {"width": 1280, "height": 800}
CLAIM = "claims/six-million/"

# The visual order of a text node's characters, left to right, as Chromium lays them out.
VISUAL_ORDER = """(el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const chars = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      if (!node.data[i].trim()) continue;
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      chars.push([node.data[i], r.left + r.width / 2, r.top]);
    }
  }
  chars.sort((a, b) => (Math.round(a[2]) - Math.round(b[2])) || (a[1] - b[1]));
  return chars.map(c => c[0]).join('');
}"""


def rect(page, selector: str) -> dict:
    found = page.locator(selector).first
    bounds = found.bounding_box()
    assert bounds is not None, f"{selector} is not shown"
    return bounds


def content_box(page, selector: str) -> dict:
    """The element's content box (inside padding and border), in page pixels."""
    return page.locator(selector).first.evaluate("""(el) => {
      const r = el.getBoundingClientRect(), s = getComputedStyle(el);
      const px = (p) => parseFloat(s[p]) || 0;
      return {left: r.left + px('borderLeftWidth') + px('paddingLeft'),
              right: r.right - px('borderRightWidth') - px('paddingRight')};
    }""")


@pytest.mark.browser
def test_the_header_and_the_claim_page_are_mirrored(make_page, arabic_site):
    page = make_page(viewport=LAPTOP)
    page.goto(arabic_site.url(CLAIM))
    wrap = content_box(page, ".site-header .wrap")
    title, nav, search = rect(page, ".site-title"), rect(page, ".site-nav"), rect(page, ".header-search")
    assert abs(title["x"] + title["width"] - wrap["right"]) < 1, (title, wrap)  # the title at the right edge
    assert nav["x"] + nav["width"] <= title["x"]  # the links after it, to its left
    assert abs(search["x"] - wrap["left"]) < 1, (search, wrap)  # the search box at the far (left) end

    main = content_box(page, "main")
    for selector in ("h1", ".claim-box", ".verdict-box"):
        box = rect(page, selector)
        assert abs(box["x"] + box["width"] - main["right"]) < 1, (selector, box, main)
    claim_box = page.locator(".claim-box").evaluate(
        "(el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]")
    assert claim_box == ["5px", "0px"]  # its rule is on the side where lines start
    badge, icon = rect(page, ".verdict-box .badge"), rect(page, ".verdict-box .badge-icon")
    assert icon["x"] > badge["x"] + badge["width"] / 2  # the verdict's icon comes first: on the right
    summary, verdict = content_box(page, ".verdict-box .summary"), content_box(page, ".verdict-box")
    assert abs(summary["right"] - verdict["right"]) < 1


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("path", ["", CLAIM, "claims/", "claims/withdrawn-check/", "costs/", "search/?q=million",
                                  "about/", "corrections/"])
def test_nothing_overflows_on_a_phone(make_page, arabic_site, width, path):
    page = make_page(viewport={"width": width, "height": 700})
    page.goto(arabic_site.url(path))
    if path.startswith("search/"):
        page.wait_for_selector("#search-result-list li")
    overflow = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert overflow[0] <= overflow[1], f"{path or 'home'} at {width} px: {overflow[0]} px wide"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [LAPTOP, {"width": 375, "height": 700}])
def test_figures_keep_their_order_and_line_up_at_the_columns_end(make_page, arabic_site, viewport):
    page = make_page(viewport=viewport)
    page.goto(arabic_site.url(CLAIM))
    rows = page.locator(".cost-table tbody tr")
    assert rows.count() == 3
    for i in range(rows.count()):
        for cell in (rows.nth(i).locator("td.cost-figure"), rows.nth(i).locator("td.cost-ratio")):
            text = "".join(cell.inner_text().split())
            assert re.search(r"\d", text)
            assert cell.evaluate(VISUAL_ORDER) == text  # left to right as written: "US$5.58million", ">89×"
    if viewport is LAPTOP:  # a table: figures at the column's end, the left, under their heading
        figure = page.locator(".cost-table tbody tr").nth(1).locator("td.cost-figure")
        box = figure.evaluate("(el) => el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingLeft)")
        text_left = figure.evaluate("""(el) => { const r = document.createRange(); r.selectNodeContents(el);
                                                 return r.getBoundingClientRect().left; }""")
        assert abs(text_left - box) < 1


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [LAPTOP, {"width": 375, "height": 700}])
def test_the_chart_stays_left_to_right_with_its_labels_inside(make_page, arabic_site, viewport):
    page = make_page(viewport=viewport)
    page.goto(arabic_site.url(CLAIM))
    svg = page.locator(".cost-chart__svg:visible")
    assert svg.count() == 1
    frame = svg.bounding_box()
    texts = svg.locator("text")
    for i in range(texts.count()):
        box = texts.nth(i).bounding_box()
        assert box["x"] >= frame["x"] - 0.5 and box["x"] + box["width"] <= frame["x"] + frame["width"] + 0.5, (
            texts.nth(i).text_content(), box, frame)
    bar = svg.locator("rect.cost-chart__bar").first.bounding_box()
    assert bar["x"] - frame["x"] < 0.02 * frame["width"]  # bars grow from the left
    label = svg.locator("text.cost-chart__label", has_text=ARABIC_LABEL)
    assert label.count() == 1
    assert label.bounding_box()["x"] - frame["x"] < 0.02 * frame["width"]  # at the bars' start
    # ... and it reads right to left: its first letter is the rightmost
    first_last = label.evaluate("""(el) => { const n = el.getNumberOfChars();
        return [el.getExtentOfChar(0).x, el.getExtentOfChar(n - 1).x]; }""")
    assert first_last[0] > first_last[1]


@pytest.mark.browser
def test_arrows_point_along_the_line(make_page, arabic_site):
    page = make_page(viewport=LAPTOP)
    for path, link in [("claims/", 'a[rel="next"]'), ("claims/page/2/", 'a[rel="prev"]'), ("", ".more-link a")]:
        page.goto(arabic_site.url(path))
        arrow = page.locator(f'{link} [aria-hidden="true"]')
        assert arrow.evaluate("(el) => getComputedStyle(el).transform") == "matrix(-1, 0, 0, 1, 0, 0)", path
    page.goto(arabic_site.url("claims/"))
    older, arrow = rect(page, 'a[rel="next"]'), rect(page, 'a[rel="next"] [aria-hidden="true"]')
    assert arrow["x"] < older["x"] + older["width"] / 2  # "Older" is forward: its arrow at the left end


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", CLAIM, "costs/"])
def test_axe_finds_nothing_on_arabic_pages(make_page, arabic_site, path):
    from test_a11y_browser import describe, run_axe

    page = make_page(viewport=LAPTOP)
    page.goto(arabic_site.url(path))
    violations = run_axe(page)
    assert not violations, describe(violations)
