"""site.yaml's colour fields: a verdict's `colour:` (light theme) and `colour_dark:` (dark theme),
'#rrggbb' or '#rgb' with enough contrast in that theme (site_gen/colours.py), else a located error."""
from __future__ import annotations

import math
from collections.abc import Callable

import yaml

from site_gen.colours import TEXT_CONTRAST, THEMES, Theme, parse_colour, shortfall
from site_gen.load.reader import Fields, Reader, Type, is_null


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
