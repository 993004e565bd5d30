"""What each kind of figure is called and means, in the site's language: the tables' Kind column
and notes (costs.py), the charts' labels (chart.py) and the /costs/ listings (explorer.py)."""
from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from site_gen.i18n import Messages
from site_gen.model import ROW_KINDS


@dataclass(frozen=True)
class KindText:
    label: str  # "Estimate": a badge, a table's Kind cell, the start of a note
    name: str  # "estimate": inside a sentence ("of different kinds (disclosed, estimate)")
    meaning: str  # "an outside estimate, not a disclosure"

    @property
    def title(self) -> str:
        """The meaning as a tooltip: its first letter a capital."""
        return self.meaning[:1].upper() + self.meaning[1:]


@functools.lru_cache(maxsize=8)  # (asked for by every table, chart and /costs/ listing of a build)
def kind_texts(msg: Messages) -> Mapping[str, KindText]:
    """Each of model.ROW_KINDS, in its order, as readers see it. Only the words are here: which
    kinds there are is ROW_KINDS' to say (a kind without words is a KeyError on the first table)."""
    words = {
        # Translators: a kind of figure in a cost table: as a badge, then inside a sentence, then what it means.
        "disclosed": KindText(msg("Disclosed"), msg("disclosed"), msg("published by the organisation itself")),
        # Translators: a kind of figure in a cost table: as a badge, then inside a sentence, then what it means.
        "estimate": KindText(msg("Estimate"), msg("estimate"), msg("an outside estimate, not a disclosure")),
        # Translators: a kind of figure in a cost table: as a badge, then inside a sentence, then what it means.
        "reported": KindText(msg("Reported"), msg("reported"), msg("reported by others, not independently confirmed")),
        # Translators: a kind of figure in a cost table: as a badge, then inside a sentence, then what it means.
        "claimed": KindText(msg("Claimed"), msg("claimed"), msg("the figure as claimed, not confirmed")),
    }
    return MappingProxyType({kind: words[kind] for kind in ROW_KINDS})


def role_text(role: str | None, msg: Messages) -> str | None:
    """A row's role beside its label: "total" (a breakdown's whole) or "baseline" (what ratios are
    computed against)."""
    if role == "total":
        # Translators: beside a cost table's row: the whole that the other rows are parts of.
        return msg("total")
    if role == "baseline":
        # Translators: beside a cost table's row: the figure the others are compared with.
        return msg("baseline")
    return None
