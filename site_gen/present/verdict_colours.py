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

Contrast: each colour needs 4.5:1 (WCAG 1.4.3, text) against the badge text and the page of its
theme (site_gen/colours.py says why, and holds the two themes). A colour set in site.yaml that
falls short is a located error (load/colours.py); a derived one is moved toward black (light theme)
or white (dark) until it passes.

Icon shapes follow the place too: a square at the bottom of the scale (rating 1), a warning
triangle in the lower quarter (rating 2), a disc above, and an outlined badge off the scale; the
colour is never the only sign of a verdict.

Pages carry a strict Content-Security-Policy (style-src 'self': no inline styles), so the colours
reach them only as this stylesheet, planned and hashed like a static file (assets.Generated).
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from site_gen.colours import (
    DARK,
    LIGHT,
    TEXT_CONTRAST,
    Theme,
    hex_colour,
    in_gamut,
    linear_from_oklab,
    oklab,
    passing,
    shortfall,
)
from site_gen.model import Verdict

STYLESHEET = "verdicts.css"  # its name among the static files (base.html links asset('verdicts.css'))
DARK_LIGHTNESS = 0.8  # OKLab lightness of a dark-theme colour derived from a site.yaml `colour:` (the stops': 0.78-0.85)
DARK_CHROMA = 0.14  # at most (the stops': 0.12-0.13)


# ---- The colour of a place on the scale ----------------------------------------------------------

def at_place(place: float, theme: Theme) -> str:
    """The colour of a place on the scale (0 = worst, 1 = truest): a stop, or a blend of the two
    around it in OKLab; then moved until it passes."""
    x = min(1.0, max(0.0, place)) * (len(theme.stops) - 1)
    i = min(int(x), len(theme.stops) - 2)
    f = x - i
    if f < 1e-9 or f > 1 - 1e-9:
        colour = theme.stops[i if f < 0.5 else i + 1]
    else:
        (l0, a0, b0), (l1, a1, b1) = oklab(theme.stops[i]), oklab(theme.stops[i + 1])
        colour = hex_colour(linear_from_oklab((l0 + (l1 - l0) * f, a0 + (a1 - a0) * f, b0 + (b1 - b0) * f)))
    return passing(colour, theme)


def dark_from_light(colour: str) -> str:
    """A dark-theme colour for a site.yaml `colour:` without `colour_dark:`: its hue, at the
    lightness of the stops' dark colours (chroma reduced until it fits sRGB), then moved until it passes."""
    _, a, b = oklab(colour)
    chroma, hue = min(math.hypot(a, b), DARK_CHROMA), math.atan2(b, a)
    while True:
        channels = linear_from_oklab((DARK_LIGHTNESS, chroma * math.cos(hue), chroma * math.sin(hue)))
        if in_gamut(channels) or chroma <= 0:
            break
        chroma = max(0.0, chroma - 0.005)
    return passing(hex_colour(channels), DARK)


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
