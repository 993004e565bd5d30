"""Any verdict scale looks right: each verdict's colour follows its place on the scale (or site.yaml's
`colour:` / `colour_dark:`), reaches the pages as the stylesheet the build writes
(static/verdicts.<hash>.css), and passes WCAG AA contrast in the light and the dark theme.
(site_gen/present/verdict_colours.py)"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from browser import enforce_csp, serve_site
from conftest import FIXTURES, PROJECT, make_project
from hypothesis import given, settings
from hypothesis import strategies as st

from site_gen.build import build
from site_gen.colours import DARK, LIGHT, THEMES, contrast, parse_colour, shortfall
from site_gen.load.config import load_config, read_config
from site_gen.model import ContentError, Verdict
from site_gen.present.verdict_colours import at_place, dark_from_light, looks, places, stylesheet

# This repository's own scale, as static/style.css showed it before the colours were derived:
# key -> (light, dark). The derived palette reproduces every one of them.
SHIPPED = {
    "accurate": ("#17663a", "#6fd08f"),
    "mostly-accurate": ("#3b6a12", "#b2d77a"),
    "missing-context": ("#8a4b00", "#f0c75e"),
    "misleading": ("#b1380b", "#ffa574"),
    "false": ("#b3172b", "#ff919c"),
    "unproven": ("#4b5563", "#c3cad3"),
}

FRENCH_SCALE = """verdicts:
  - key: vrai
    icon: "✓"
    label: Vrai
    rating: 5
    meaning: L'affirmation est exacte.
  - key: plutot-vrai
    icon: "✓"
    label: Plutôt vrai
    rating: 4
    meaning: Exacte, mais à préciser.
  - key: trompeur
    icon: "!"
    label: Trompeur
    rating: 2
    meaning: Une part de vrai, une impression fausse.
  - key: faux
    icon: "✗"
    label: Faux
    rating: 1
    meaning: L'affirmation est inexacte.
  - key: inverifiable
    icon: "?"
    label: Invérifiable
    meaning: Les preuves publiques ne permettent pas de trancher.
"""
# The fixture site's entries, moved onto the French scale.
FRENCH_KEYS = {"accurate": "vrai", "misleading": "trompeur", "false": "faux", "unproven": "inverifiable"}
RULE = re.compile(r"\.badge--([a-z0-9-]+), \.verdict--\1 \{ --v: (#[0-9a-f]{6}); \}")


def with_scale(site_yaml: str, scale: str) -> str:
    """site.yaml's text with its `verdicts:` block (the last top-level block) replaced by `scale`."""
    start = site_yaml.index("\nverdicts:") + 1
    rest = re.search(r"^\S", site_yaml[start + len("verdicts:"):], re.M)
    end = start + len("verdicts:") + rest.start() if rest else len(site_yaml)
    return site_yaml[:start] + scale + site_yaml[end:]


def fixture_yaml(scale: str = FRENCH_SCALE) -> str:
    return with_scale((FIXTURES / "site" / "site.yaml").read_text(encoding="utf-8"), scale)


def colours_of(css: str) -> dict[str, tuple[str, str]]:
    """The generated stylesheet -> key -> (light, dark) colour, read back from its rules."""
    top, dark = css.split("@media (prefers-color-scheme: dark) {", 1)
    dark = dark.split("\n}", 1)[0]
    light_rules, dark_rules = dict(RULE.findall(top)), dict(RULE.findall(dark))
    assert light_rules.keys() == dark_rules.keys()
    return {key: (light_rules[key], dark_rules[key]) for key in light_rules}


def verdicts_css(site: Path, page: str = "index.html") -> tuple[str, str]:
    """(href, text) of the verdict stylesheet `page` links to."""
    html = (site / page).read_text(encoding="utf-8")
    href = re.search(r'<link rel="stylesheet" href="/sub/(static/verdicts\.[0-9a-f]{10}\.css)">', html).group(1)
    return href, (site / href).read_text(encoding="utf-8")


def french_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path)
    (project / "site.yaml").write_text(fixture_yaml(), encoding="utf-8")
    for entry in (project / "content" / "claims").glob("*.md"):
        text = entry.read_text(encoding="utf-8")
        text = re.sub(r'^verdict: "?([a-z-]+)"?$', lambda m: f"verdict: {FRENCH_KEYS[m.group(1)]}", text, flags=re.M)
        entry.write_text(text, encoding="utf-8")
    return project


def scale_of(n: int, rated: bool) -> list[Verdict]:
    """n verdicts, truest first; rated: ratings 5 down to 1 spread over them, and one unrated."""
    if not rated:
        return [Verdict(f"v{i}", f"V{i}", None, "m") for i in range(n)]
    verdicts = [Verdict(f"v{i}", f"V{i}", 5 - round(4 * i / max(n - 2, 1)), "m") for i in range(n - 1)]
    return verdicts + [Verdict("unrated", "Unrated", None, "m")]


# ---- The fixture site: its badges' colours come from the stylesheet the build writes --------------

def test_fixture_badges_get_their_colours_from_the_generated_stylesheet(built):
    href, css = verdicts_css(built)
    assert href == f"static/verdicts.{hashlib.sha256(css.encode()).hexdigest()[:10]}.css"
    scale = load_config(FIXTURES / "site").verdicts
    assert colours_of(css) == {v.key: SHIPPED[v.key] for v in scale}
    # every page links it, after style.css (whose rules it completes)
    for page in ("index.html", "claims/six-million/index.html", "verdicts/index.html", "404.html", "search/index.html"):
        html = (built / page).read_text(encoding="utf-8")
        assert html.index("/static/style.") < html.index(f'href="/sub/{href}"'), page
    # the badges and the verdict box carry the classes the rules select
    claim = (built / "claims/six-million/index.html").read_text(encoding="utf-8")
    assert 'class="badge badge--misleading"' in claim and 'verdict-box verdict--misleading' in claim
    # shapes and the off-scale outline by place: "false" is the bottom, "misleading" just above it
    assert ".badge--false .badge-icon { border-radius: 0.2em; }" in css
    assert ".badge--misleading .badge-icon {\n  width: 1.6em;" in css
    assert ".badge--unproven { background: transparent; color: var(--v); border-style: dashed; }" in css


def test_the_stylesheet_names_no_verdict_key():
    """Verdict looks come from the scale, never from a stylesheet that lists keys."""
    for name in ("style.css", "costs.css", "search.css"):
        text = (PROJECT / "static" / name).read_text(encoding="utf-8")
        for key in SHIPPED:
            assert f"badge--{key}" not in text and f"verdict--{key}" not in text, (name, key)


def test_the_shipped_scale_keeps_its_colours():
    scale = load_config(PROJECT).verdicts
    assert {look.key: (look.light, look.dark) for look in looks(scale)} == SHIPPED
    assert colours_of(stylesheet(scale).decode()) == SHIPPED
    assert {look.key: look.shape for look in looks(scale)} == {
        "accurate": "disc", "mostly-accurate": "disc", "missing-context": "disc", "misleading": "triangle",
        "false": "square", "unproven": "outline"}


def test_the_contrast_checks_use_the_themes_of_style_css():
    """THEMES holds the colours the verdict colour meets (--v-text, --bg) and the neutral: as style.css says."""
    css = (PROJECT / "static" / "style.css").read_text(encoding="utf-8")
    light = css.split(":root {", 1)[1].split("}", 1)[0]
    dark = css.split("@media (prefers-color-scheme: dark) {\n  :root {", 1)[1].split("}", 1)[0]

    def var(block: str, name: str) -> str:
        return re.search(rf"--{name}:\s*(#[0-9a-f]{{6}});", block).group(1)

    for theme, block in ((LIGHT, light), (DARK, dark)):
        assert (theme.text, theme.page, theme.neutral) == (var(block, "v-text"), var(block, "bg"), var(block, "v-neutral"))


def test_a_french_scale_gets_colours_and_shapes_by_place(fixture_site, run_cli):
    project = french_project(fixture_site.parent / "fr")
    assert run_cli(project, "build", "--no-search", "--base-url", "https://example.org/sub/").code == 0
    _, css = verdicts_css(project / "_site")
    assert colours_of(css) == {"vrai": SHIPPED["accurate"], "plutot-vrai": SHIPPED["mostly-accurate"],
                               "trompeur": SHIPPED["misleading"], "faux": SHIPPED["false"],
                               "inverifiable": SHIPPED["unproven"]}
    assert ".badge--faux .badge-icon { border-radius: 0.2em; }" in css
    assert ".badge--inverifiable { background: transparent;" in css
    claim = (project / "_site/claims/six-million/index.html").read_text(encoding="utf-8")
    assert 'class="badge badge--trompeur"' in claim


def test_a_colour_in_site_yaml_wins_and_gives_the_dark_theme_its_hue():
    scale = FRENCH_SCALE.replace("    rating: 2\n", '    rating: 2\n    colour: "#6B21A8"\n').replace(
        "    rating: 1\n", '    rating: 1\n    colour: "#900"\n    colour_dark: "#ffb4b4"\n')
    config = read_config(fixture_yaml(scale).encode(), environ={})
    by_key = {v.key: v for v in config.verdicts}
    assert (by_key["trompeur"].colour, by_key["trompeur"].colour_dark) == ("#6b21a8", None)
    found = {look.key: (look.light, look.dark) for look in looks(config.verdicts)}
    assert found["faux"] == ("#990000", "#ffb4b4")
    light, dark = found["trompeur"]
    assert light == "#6b21a8" and dark == dark_from_light("#6b21a8") and shortfall(dark, DARK) is None
    assert found["vrai"] == SHIPPED["accurate"]  # the others keep their places' colours


# ---- Contrast: site.yaml's colours are checked where they are written -------------------------------

def problems(scale: str) -> list[str]:
    with pytest.raises(ContentError) as err:
        read_config(fixture_yaml(scale).encode(), environ={})
    return [str(p) for p in err.value.problems]


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(next(line for line in text.splitlines() if needle in line)) + 1


def test_a_colour_without_contrast_is_an_error_at_its_line_and_column(fixture_site, run_cli):
    text = fixture_yaml(FRENCH_SCALE.replace("    rating: 2\n", '    rating: 2\n    colour: "#ffff00"\n'))
    (fixture_site / "site.yaml").write_text(text, encoding="utf-8")
    result = run_cli(fixture_site, "check")
    assert result.code == 1
    line = line_of(text, '"#ffff00"')
    assert f"site.yaml:{line}:13: verdicts[2].colour: expected a colour with a contrast of at least 4.5:1 against " \
           f"the light theme's badge text and page (#ffffff), got '#ffff00' (1.07:1)" in result.err.splitlines()


def test_a_dark_colour_without_contrast_is_an_error_too():
    scale = FRENCH_SCALE.replace("    rating: 5\n", "    rating: 5\n    colour_dark: '#17663a'\n")
    line = line_of(fixture_yaml(scale), "colour_dark")
    assert problems(scale) == [
        (f"site.yaml:{line}:18: verdicts[0].colour_dark: expected a colour with a contrast of at least 4.5:1 against "
         f"the dark theme's badge text and page (#121417), got '#17663a' (2.63:1)")]


@pytest.mark.parametrize("written, shown", [
    ('"red"', "'red'"), ('"#12345"', "'#12345'"), ('"#1a7f37ff"', "'#1a7f37ff'"), ('"rgb(0,0,0)"', "'rgb(0,0,0)'"),
    ("[1, 2]", "a list"),
])
def test_a_colour_is_hex_or_an_error(written, shown):
    scale = FRENCH_SCALE.replace("    rating: 4\n", f"    rating: 4\n    colour: {written}\n")
    line = line_of(fixture_yaml(scale), "    colour:")
    assert problems(scale) == [(f"site.yaml:{line}:13: verdicts[1].colour: expected a colour such as \"#1a7f37\" "
                                f"(quoted: YAML reads an unquoted # as a comment), got {shown}")]


def test_an_unquoted_colour_is_an_error_not_a_comment():
    scale = FRENCH_SCALE.replace("    rating: 4\n", "    rating: 4\n    colour: #1a7f37\n")
    line = line_of(fixture_yaml(scale), "    colour:")
    # (at the column where the value is missing: YAML keeps no trace of the comment)
    assert problems(scale) == [(f"site.yaml:{line}:12: verdicts[1].colour: expected a colour such as \"#1a7f37\" "
                                "(quoted: YAML reads an unquoted # as a comment), got nothing")]


def test_short_and_upper_case_colours_are_read():
    assert parse_colour("#1A7") == "#11aa77" and parse_colour(" #1a7F37 ") == "#1a7f37"
    assert parse_colour("1a7f37") is None and parse_colour("#1a7f3") is None


def test_contrast_is_wcag_2():
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#ffff00", "#ffffff"), 2) == 1.07
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the familiar AA-passing grey


# ---- Derived colours always pass ---------------------------------------------------------------------

@pytest.mark.parametrize("rated", [False, True], ids=["by-order", "by-rating"])
@pytest.mark.parametrize("n", range(1, 21))
def test_derived_palettes_pass_in_both_themes(n, rated):
    scale = scale_of(n, rated)
    found = looks(scale)
    assert [look.key for look in found] == [v.key for v in scale]
    for look in found:
        for theme, colour in ((LIGHT, look.light), (DARK, look.dark)):
            for _, against in theme.checks():
                assert contrast(colour, against) >= 4.5, (n, look, theme.name)
    if not rated:  # by order: every place its own colour, truest first, the last the bottom
        assert len({look.light for look in found}) == n and len({look.dark for look in found}) == n
        assert found[0].light == SHIPPED["accurate"][0]
        if n > 1:
            assert (found[-1].light, found[-1].shape) == (SHIPPED["false"][0], "square")


def test_places_come_from_ratings_or_else_from_order():
    assert places(scale_of(3, rated=False)) == {"v0": 1.0, "v1": 0.5, "v2": 0.0}
    rated = [Verdict("a", "A", 5, "m"), Verdict("b", "B", 2, "m"), Verdict("u", "U", None, "m")]
    assert places(rated) == {"a": 1.0, "b": 0.25, "u": None}


@settings(max_examples=300, deadline=None)
@given(st.floats(0, 1))
def test_every_place_passes(place):
    for theme in THEMES:
        assert shortfall(at_place(place, theme), theme) is None


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 0xFFFFFF))
def test_a_dark_colour_derived_from_any_light_one_passes(rgb):
    assert shortfall(dark_from_light(f"#{rgb:06x}"), DARK) is None


def test_keys_are_escaped_in_the_stylesheet():
    """Keys are [a-z0-9-] (load.reader.Key); anything else would still not break out of a rule."""
    css = stylesheet([Verdict("a{b}/*", "A", 1, "m")]).decode()
    assert ".badge--a\\7b b\\7d \\2f \\2a " in css and "{b}" not in css and "/*:" not in css


# ---- In Chromium: a French scale's badges are coloured, with contrast, in both themes ---------------

def rgb(css_colour: str) -> tuple[int, int, int, float]:
    parts = [float(p) for p in re.findall(r"[\d.]+", css_colour)]
    return int(parts[0]), int(parts[1]), int(parts[2]), parts[3] if len(parts) > 3 else 1.0


def as_hex(colour: tuple[int, int, int, float]) -> str:
    return "#" + "".join(f"{c:02x}" for c in colour[:3])


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_french_scale_is_coloured_with_contrast_in_chromium(tmp_path, make_page, scheme):
    project = french_project(tmp_path)

    def build_site(out: Path, base_url: str) -> None:
        build(project, out, base_url=base_url, drafts=True, search=False)

    with serve_site(build_site, tmp_path / "served") as site:
        page = make_page()
        enforce_csp(page)  # no inline style could have done it
        page.emulate_media(color_scheme=scheme)
        on_scale = {"claims/gpu-count/": "vrai", "claims/six-million/": "trompeur", "claims/market-value/": "faux"}
        for path, key in on_scale.items():
            page.goto(site.url(path))
            seen = page.locator(f".verdict-box .badge.badge--{key}").evaluate("""el => {
                const s = getComputedStyle(el), box = getComputedStyle(el.closest('.verdict-box'));
                return [s.backgroundColor, s.color, box.borderTopColor, getComputedStyle(document.body).backgroundColor];
            }""")
            background, text, border, body = (rgb(c) for c in seen)
            assert background[3] == 1 and max(background[:3]) - min(background[:3]) >= 40, (key, seen)  # not grey
            assert contrast(as_hex(background), as_hex(text)) >= 4.5, (key, scheme, seen)
            assert as_hex(border) == as_hex(background) and contrast(as_hex(border), as_hex(body)) >= 4.5, (key, seen)
        # off the scale: an outline, its label in the neutral colour on the page
        page.goto(site.url("claims/draft-entry/"))
        seen = page.locator(".verdict-box .badge.badge--inverifiable").evaluate("""el => {
            const s = getComputedStyle(el);
            return [s.backgroundColor, s.color, s.borderTopStyle, getComputedStyle(document.body).backgroundColor];
        }""")
        assert rgb(seen[0])[3] == 0 and seen[2] == "dashed", seen
        neutral = (LIGHT if scheme == "light" else DARK).neutral
        assert as_hex(rgb(seen[1])) == neutral and contrast(neutral, as_hex(rgb(seen[3]))) >= 4.5, seen
