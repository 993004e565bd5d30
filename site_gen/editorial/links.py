"""`build.py links`: every address a reader can follow out of a fact-check (each source's URL and
archived copy, each appearance of the claim), for the weekly link check (.github/workflows/links.yml).

It writes the addresses one per line, once each and sorted (lychee reads them as a plain-text
input), and optionally a Markdown list of where each is used, so the issue that reports a dead link
also says which entries to fix.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from site_gen.model import Claim


@dataclass(frozen=True)
class LinkUse:
    url: str
    path: str  # the entry's file, e.g. content/claims/x.md
    field: str  # where in its front matter: sources[0].url, sources[0].archive, appearances[1]


def link_uses(claims: Iterable[Claim]) -> Iterator[LinkUse]:
    for claim in claims:
        for index, source in enumerate(claim.sources):
            for name in ("url", "archive"):
                if url := getattr(source, name):
                    yield LinkUse(url, claim.path, f"sources[{index}].{name}")
        for index, url in enumerate(claim.appearances):
            yield LinkUse(url, claim.path, f"appearances[{index}]")


def links_text(uses: Iterable[LinkUse]) -> str:
    return "".join(f"{url}\n" for url in sorted({use.url for use in uses}))


def where_markdown(uses: Iterable[LinkUse]) -> str:
    """One line per URL: - <https://…>: `content/claims/a.md` (sources[0].url, appearances[0]), …"""
    fields: dict[str, dict[str, list[str]]] = {}  # url -> path -> fields, in the order met
    for use in uses:
        fields.setdefault(use.url, {}).setdefault(use.path, []).append(use.field)
    return "".join(f"- <{url}>: " + ", ".join(f"`{path}` ({', '.join(names)})" for path, names in fields[url].items())
                   + "\n" for url in sorted(fields))
