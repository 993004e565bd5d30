"""Colours and contrast: '#rrggbb' parsed, WCAG 2 contrast checked, OKLab for blending, and the
two themes every verdict colour is held against.

Contrast: a badge prints its label in the badge text colour (--v-text) on the verdict's colour and
its icon in the verdict's colour on a disc of --v-text; an off-scale badge prints its label in the
verdict's colour on the page (--bg). The badge's edge, its hover ring and the verdict box's top
border are the colour against the page (non-text: 3:1 would do). So each colour needs 4.5:1 (WCAG
1.4.3, text) against --v-text and --bg of its theme (`shortfall`). THEMES holds the two themes'
colours; tests check them against static/style.css.

Shared by the loader (a colour set in site.yaml that falls short is a located error:
load/colours.py) and the presentation (the scale's derived colours: present/verdict_colours.py).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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

COLOUR_RE = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def parse_colour(text: str) -> str | None:
    """'#1A7F37' or '#1a7' -> '#1a7f37'; anything else None."""
    text = text.strip()
    if not COLOUR_RE.fullmatch(text):
        return None
    digits = text[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def linear_rgb(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' -> linear-light sRGB channels, 0 to 1."""
    def linear(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return linear(int(colour[1:3], 16)), linear(int(colour[3:5], 16)), linear(int(colour[5:7], 16))


def hex_colour(channels: Iterable[float]) -> str:
    """Linear-light sRGB channels (clipped to 0-1) -> '#rrggbb'."""
    def encode(c: float) -> int:
        c = min(1.0, max(0.0, c))
        c = 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
        return round(c * 255)
    return "#" + "".join(f"{encode(c):02x}" for c in channels)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#rrggbb'."""
    r, g, b = linear_rgb(colour)
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


def oklab(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' -> OKLab (L, a, b), where blends and lightness changes look even."""
    r, g, b = linear_rgb(colour)
    l_, m_, s_ = (math.copysign(abs(v) ** (1 / 3), v) for v in (
        0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b,
        0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
        0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b))
    return (0.2104542553 * l_ + 0.7936177850 * m_ - 0.0040720468 * s_,
            1.9779984951 * l_ - 2.4285922050 * m_ + 0.4505937099 * s_,
            0.0259040371 * l_ + 0.7827717662 * m_ - 0.8086757660 * s_)


def linear_from_oklab(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    """OKLab -> linear-light sRGB channels (outside 0-1 when the colour is out of gamut)."""
    L, a, b = lab
    l_ = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (L - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
            -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
            -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_)


def in_gamut(channels: Sequence[float]) -> bool:
    """Whether linear-light channels are a colour sRGB can show (within rounding)."""
    return all(-1e-4 <= c <= 1 + 1e-4 for c in channels)


def passing(colour: str, theme: Theme) -> str:
    """`colour`, or the nearest colour toward theme.toward (black or white, mixed in linear light,
    which keeps the hue) that reaches TEXT_CONTRAST against everything it touches in `theme`."""
    start, end = linear_rgb(colour), linear_rgb(theme.toward)
    steps = 256
    for i in range(steps + 1):
        mix = i / steps
        candidate = hex_colour(s + (e - s) * mix for s, e in zip(start, end))
        if shortfall(candidate, theme) is None:
            return candidate
    raise AssertionError(f"no colour between {colour} and {theme.toward} passes the {theme.name} theme")  # pragma: no cover
