"""Each verdict's colour, from its place on the verdict scale or from site.yaml, written as the
stylesheet the build adds to every page (static/verdicts.<hash>.css): one rule per verdict class,
in the light and the dark theme, every colour checked for WCAG AA contrast.

The rule (README, site.yaml): a verdict's `colour:` (light theme) and `colour_dark:` (dark theme)
when site.yaml sets them; otherwise its place on the scale picks it. The place is the rating,
0 for rating 1 (worst) to 1 for rating 5 (truest); on a scale that rates no verdict at all, the
order of the list (truest first). Verdicts without a rating on a rated scale ("unproven") are off
the scale: a neutral grey, an outlined badge. Five stops, the colours of this repository's own
scale at ratings 1 to 5, give the colour of a place (blended in OKLab between two stops), so a
five-step scale shows exactly those colours. A `colour:` set without `colour_dark:` gives the dark
theme its hue, lightened.

Contrast: a badge prints its label in the badge text colour (--v-text) on the verdict's colour and
its icon in the verdict's colour on a disc of --v-text; an off-scale badge prints its label in the
verdict's colour on the page (--bg). The badge's edge, its hover ring and the verdict box's top
border are the colour against the page (non-text: 3:1 would do). So each colour needs 4.5:1 (WCAG
1.4.3, text) against --v-text and --bg of its theme. A colour set in site.yaml that
falls short is a located error; a derived one is moved toward black (light theme) or white (dark)
until it passes. THEMES holds the two themes' colours; tests check them against static/style.css.

Icon shapes follow the place too: a square at the bottom of the scale (rating 1), a warning
triangle in the lower quarter (rating 2), a disc above, and an outlined badge off the scale; the
colour is never the only sign of a verdict.

Pages carry a strict Content-Security-Policy (style-src 'self': no inline styles), so the colours
reach them only as this stylesheet, planned and hashed like a static file (assets.Generated).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import yaml

from site_gen.load.reader import Fields, Reader, Type, is_null
from site_gen.model import Verdict

STYLESHEET = "verdicts.css"  # its name among the static files (base.html links asset('verdicts.css'))
TEXT_CONTRAST = 4.5  # WCAG 2 AA for text (1.4.3); every use of a verdict colour is held to it


@dataclass(frozen=True)
class Theme:
    name: str  # "light", "dark"
    field: str  # the site.yaml field that sets a verdict's colour in this theme
    text: str  # --v-text: the badge's label on the verdict colour
    page: str  # --bg: around the badge; an off-scale badge's label is the colour on the page
    stops: tuple[str, str, str, str, str]  # the colours of ratings 1 (worst) ... 5 (truest)
    neutral: str  # verdicts off the scale
    toward: str  # where a derived colour moves until it passes: black on a light page, white on a dark one

    def checks(self) -> tuple[tuple[str, str], ...]:
        """(what, colour) the verdict colour must reach TEXT_CONTRAST against."""
        if self.text == self.page:
            return ((f"the {self.name} theme's badge text and page", self.page),)
        return ((f"the {self.name} theme's badge text", self.text), (f"the {self.name} theme's page", self.page))


LIGHT = Theme("light", "colour", text="#ffffff", page="#ffffff",
              stops=("#b3172b", "#b1380b", "#8a4b00", "#3b6a12", "#17663a"), neutral="#4b5563", toward="#000000")
DARK = Theme("dark", "colour_dark", text="#121417", page="#121417",
             stops=("#ff919c", "#ffa574", "#f0c75e", "#b2d77a", "#6fd08f"), neutral="#c3cad3", toward="#ffffff")
THEMES = (LIGHT, DARK)
DARK_LIGHTNESS = 0.8  # OKLab lightness of a dark-theme colour derived from a site.yaml `colour:` (the stops': 0.78-0.85)
DARK_CHROMA = 0.14  # at most (the stops': 0.12-0.13)

COLOUR_RE = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


# ---- Colours and contrast ----------------------------------------------------------------------------

def parse_colour(text: str) -> str | None:
    """'#1A7F37' or '#1a7' -> '#1a7f37'; anything else None."""
    text = text.strip()
    if not COLOUR_RE.fullmatch(text):
        return None
    digits = text[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _channels(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' -> linear-light sRGB channels, 0 to 1."""
    def linear(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return linear(int(colour[1:3], 16)), linear(int(colour[3:5], 16)), linear(int(colour[5:7], 16))


def _hex(channels: Iterable[float]) -> str:
    def encode(c: float) -> int:
        c = min(1.0, max(0.0, c))
        c = 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
        return round(c * 255)
    return "#" + "".join(f"{encode(c):02x}" for c in channels)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#rrggbb'."""
    r, g, b = _channels(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def shortfall(colour: str, theme: Theme) -> tuple[str, str, float] | None:
    """The first check `colour` fails in `theme`: (what, against, ratio); None when it passes."""
    for what, against in theme.checks():
        ratio = contrast(colour, against)
        if ratio < TEXT_CONTRAST:
            return what, against, ratio
    return None


def _oklab(colour: str) -> tuple[float, float, float]:
    r, g, b = _channels(colour)
    l_, m_, s_ = (math.copysign(abs(v) ** (1 / 3), v) for v in (
        0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b,
        0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
        0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b))
    return (0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
            1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
            0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_)


def _linear_from_oklab(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    L, a, b = lab
    l_ = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (L - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
            -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
            -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_)


def _in_gamut(channels: Sequence[float]) -> bool:
    return all(-1e-4 <= c <= 1 + 1e-4 for c in channels)


def passing(colour: str, theme: Theme) -> str:
    """`colour`, or the nearest colour toward theme.toward (black or white, mixed in linear light,
    which keeps the hue) that reaches TEXT_CONTRAST against everything it touches in `theme`."""
    start, end = _channels(colour), _channels(theme.toward)
    steps = 256
    for i in range(steps + 1):
        mix = i / steps
        candidate = _hex(s + (e - s) * mix for s, e in zip(start, end))
        if shortfall(candidate, theme) is None:
            return candidate
    raise AssertionError(f"no colour between {colour} and {theme.toward} passes the {theme.name} theme")  # pragma: no cover


def at_place(place: float, theme: Theme) -> str:
    """The colour of a place on the scale (0 = worst, 1 = truest): a stop, or a blend of the two
    around it in OKLab; then moved until it passes."""
    x = min(1.0, max(0.0, place)) * (len(theme.stops) - 1)
    i = min(int(x), len(theme.stops) - 2)
    f = x - i
    if f < 1e-9 or f > 1 - 1e-9:
        colour = theme.stops[i if f < 0.5 else i + 1]
    else:
        lo, hi = _oklab(theme.stops[i]), _oklab(theme.stops[i + 1])
        colour = _hex(_linear_from_oklab(tuple(p + (q - p) * f for p, q in zip(lo, hi))))
    return passing(colour, theme)


def dark_from_light(colour: str) -> str:
    """A dark-theme colour for a site.yaml `colour:` without `colour_dark:`: its hue, at the
    lightness of the stops' dark colours (chroma reduced until it fits sRGB), then moved until it passes."""
    _, a, b = _oklab(colour)
    chroma, hue = min(math.hypot(a, b), DARK_CHROMA), math.atan2(b, a)
    while True:
        channels = _linear_from_oklab((DARK_LIGHTNESS, chroma * math.cos(hue), chroma * math.sin(hue)))
        if _in_gamut(channels) or chroma <= 0:
            break
        chroma = max(0.0, chroma - 0.005)
    return passing(_hex(channels), DARK)


# ---- The scale -> colours and looks ------------------------------------------------------------------

def places(verdicts: Sequence[Verdict]) -> dict[str, float | None]:
    """Each verdict's place on the scale, 0 (worst) to 1 (truest); None off the scale. By rating
    ((rating - 1) / 4) when the scale rates any verdict, an unrated one then being off the scale;
    by order (truest first) when it rates none."""
    if any(v.rating is not None for v in verdicts):
        return {v.key: None if v.rating is None else (v.rating - 1) / 4 for v in verdicts}
    last = max(len(verdicts) - 1, 1)
    return {v.key: 1 - i / last if len(verdicts) > 1 else 1.0 for i, v in enumerate(verdicts)}


@dataclass(frozen=True)
class VerdictLook:
    key: str
    light: str
    dark: str
    place: float | None  # None: off the scale

    @property
    def shape(self) -> str:
        """'outline' (off the scale), 'square' (the bottom), 'triangle' (the lower quarter) or 'disc'."""
        if self.place is None:
            return "outline"
        if self.place <= 1e-9:
            return "square"
        return "triangle" if self.place <= 0.25 + 1e-9 else "disc"


def looks(verdicts: Sequence[Verdict]) -> tuple[VerdictLook, ...]:
    """Every verdict's colours (site.yaml's, else derived) and shape, each colour checked."""
    found, where = [], places(verdicts)
    for verdict in verdicts:
        place = where[verdict.key]
        light = verdict.colour or (LIGHT.neutral if place is None else at_place(place, LIGHT))
        dark = verdict.colour_dark or (
            dark_from_light(verdict.colour) if verdict.colour
            else DARK.neutral if place is None else at_place(place, DARK))
        for theme, colour in ((LIGHT, light), (DARK, dark)):
            failed = shortfall(colour, theme)
            if failed:  # site.yaml's colours are checked where they are read; derived ones pass by construction
                raise AssertionError(f"verdict {verdict.key!r}: {colour} reaches only {failed[2]:.2f}:1 against {failed[0]}")
        found.append(VerdictLook(verdict.key, light, dark, place))
    return tuple(found)


def _ident(text: str) -> str:
    """CSS identifier escaping (keys are [a-z0-9-] already: this is belt and braces)."""
    return "".join(c if re.fullmatch(r"[A-Za-z0-9_-]", c) else f"\\{ord(c):x} " for c in text)


# What each shape adds to the rules of style.css's .badge and .badge-icon.
SHAPES = {
    "outline": ("{badge} {{ background: transparent; color: var(--v); border-style: dashed; }}\n"
                "{badge} .badge-icon {{ background: var(--v); color: var(--bg); }}\n"),
    "square": "{badge} .badge-icon {{ border-radius: 0.2em; }}\n",
    "triangle": ("{badge} .badge-icon {{\n  width: 1.6em; height: 1.45em; border-radius: 0; padding-top: 0.3em;\n"
                 "  clip-path: polygon(50% 0, 100% 100%, 0 100%);\n}}\n"),
    "disc": "",
}


def stylesheet(verdicts: Sequence[Verdict]) -> bytes:
    """The verdict scale as CSS: `--v` (the verdict's colour, read by style.css's .badge and
    .verdict-box) per badge--<key> and verdict--<key> class, light then dark, and the shapes."""
    scale = looks(verdicts)
    lines = ["/* Generated by the build from site.yaml's verdict scale (site_gen/present/verdict_colours.py):",
             "   each verdict's colour, by its place on the scale or as site.yaml sets it, and its badge's shape.",
             f"   Every colour reaches {TEXT_CONTRAST:g}:1 against the badge text and the page in its theme. */", ""]
    for look in scale:
        key = _ident(look.key)
        lines.append(f".badge--{key}, .verdict--{key} {{ --v: {look.light}; }}")
    lines += ["", "@media (prefers-color-scheme: dark) {"]
    for look in scale:
        key = _ident(look.key)
        lines.append(f"  .badge--{key}, .verdict--{key} {{ --v: {look.dark}; }}")
    lines += ["}", ""]
    for look in scale:
        rule = SHAPES[look.shape]
        if rule:
            lines.append(f"/* {_ident(look.key)}: {look.shape} */")
            lines.append(rule.format(badge=f".badge--{_ident(look.key)}").rstrip("\n"))
    return ("\n".join(lines).rstrip("\n") + "\n").encode()


# ---- site.yaml's colour fields -----------------------------------------------------------------------

class Colour(Type):
    """A verdict's colour in one theme: '#rrggbb' or '#rgb', with enough contrast in that theme."""

    describe = "a colour such as \"#1a7f37\" (quoted: YAML reads an unquoted # as a comment)"

    def __init__(self, theme: Theme):
        self.theme = theme

    def read(self, r: Reader, node: yaml.Node, path: str) -> str | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        colour = parse_colour(raw)
        if colour is None:
            r.report(node, path, f"expected {self.describe}, got {raw!r}")
            return None
        failed = shortfall(colour, self.theme)
        if failed:
            what, against, ratio = failed
            shown = math.floor(ratio * 100) / 100  # never rounded up to the minimum
            r.report(node, path, f"expected a colour with a contrast of at least {TEXT_CONTRAST:g}:1 against "
                                 f"{what} ({against}), got {raw!r} ({shown:.2f}:1)")
            return None
        return colour


COLOUR_FIELDS = {theme.field: theme for theme in THEMES}


def unwritten_colours(item: Fields, index: int, report: Callable[[yaml.Node, str, str], None]) -> None:
    """`colour:` with nothing after it is an error, not "not set": `colour: #1a7f37` unquoted is
    exactly that, YAML taking the colour for a comment."""
    for name in COLOUR_FIELDS:
        node = item.nodes.get(name)
        if node is not None and is_null(node):
            report(node, f"verdicts[{index}].{name}", f"expected {Colour.describe}, got nothing")
