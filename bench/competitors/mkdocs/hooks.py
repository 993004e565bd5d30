"""MkDocs hooks: the list pages MkDocs has no notion of (by verdict, tag, claimant; all claims).

Claim pages are collected as MkDocs reads them; once every page is read (on_env) the indexes are
built and the home page's context gets the latest ten; after the build the paginated lists are
rendered with the theme's list.html.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

_claims: list = []
_site: dict = {}


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "unnamed"


def on_pre_build(config, **kwargs):
    _claims.clear()
    _site.clear()


def on_page_markdown(markdown, page, config, files, **kwargs):
    if page.meta.get("kind") == "claim":
        _claims.append(page)
    return markdown


def on_env(env, config, files, **kwargs):
    claims = sorted(_claims, key=lambda p: (p.meta["published"], p.url), reverse=True)
    groups: dict[str, dict[str, list]] = {"verdicts": defaultdict(list), "tags": defaultdict(list),
                                         "claimants": defaultdict(list)}
    names: dict[tuple[str, str], str] = {}
    for page in claims:
        verdict = str(page.meta["verdict"])
        groups["verdicts"][verdict].append(page)
        names["verdicts", verdict] = page.meta["verdict_label"]
        for tag in page.meta.get("tags", ()):
            groups["tags"][tag].append(page)
            names["tags", tag] = tag
        claimant = _slugify(page.meta["claimant"])
        groups["claimants"][claimant].append(page)
        names["claimants", claimant] = page.meta["claimant"]
    _site.update(claims=claims, groups=groups, names=names)
    env.globals["latest"] = claims[:10]
    env.globals["tally"] = [(names["verdicts", k], f"verdicts/{k}/", len(v)) for k, v in groups["verdicts"].items()]
    env.globals["slugify"] = _slugify
    return env


def on_post_build(config, **kwargs):
    env = config.theme.get_env()
    env.globals["slugify"] = _slugify
    template = env.get_template("list.html")
    index_template = env.get_template("index_list.html")
    per_page = int(config.extra["per_page"])
    site_dir = Path(config.site_dir)
    base = {"config": config, "base_url": ".."}

    def write(path: str, html: str) -> None:
        target = site_dir / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")

    def listing(path: str, heading: str, claims: list) -> None:
        pages = [claims[i:i + per_page] for i in range(0, len(claims), per_page)] or [[]]
        for n, chunk in enumerate(pages, start=1):
            here = path if n == 1 else f"{path}page/{n}/"
            prev = None if n == 1 else (path if n == 2 else f"{path}page/{n - 1}/")
            nxt = f"{path}page/{n + 1}/" if n < len(pages) else None
            write(here, template.render(**base, heading=heading, items=chunk, total=len(claims), number=n,
                                        pages=len(pages), prev=prev, next=nxt))

    listing("claims/", "All fact-checks", _site["claims"])
    titles = {"verdicts": "Verdict: {}", "tags": "Tag: {}", "claimants": "Claims by {}"}
    for kind, groups in _site["groups"].items():
        entries = sorted(((_site["names"][kind, key], f"{kind}/{key}/", len(items)) for key, items in groups.items()))
        write(f"{kind}/", index_template.render(**base, heading=kind.capitalize(), entries=entries))
        for key, items in groups.items():
            listing(f"{kind}/{key}/", titles[kind].format(_site["names"][kind, key]), items)
