"""Site + templates -> (output path, bytes) for every HTML page.

One Jinja environment (autoescape, StrictUndefined). Each page gets a small precomputed context;
a template error becomes a Problem naming the template file and line, never a traceback.
"""
from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jinja2
from markupsafe import Markup

from .costs import costs_page_entries
from .jsonld import claim_review_json
from .model import ContentError, Problem
from .site import Group, Site, paginate
from .urls import Urls
from .views import CorrectionView, claim_card, claim_view, date_view

TEMPLATES_DIR = "templates"


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    path: str  # site path of this page ("" for home)
    kind: str  # home | claim | list | index | page | corrections | costs | search | 404


@dataclass(frozen=True)
class SiteView:
    title: str
    description: str
    language: str
    organisation: str
    nav: tuple  # Links to content pages with a nav_order


def make_environment(root: Path, urls: Urls) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(url=urls.url, asset=urls.asset, absolute=urls.absolute)
    return env


def render_pages(site: Site, env: jinja2.Environment) -> Iterator[tuple[str, bytes]]:
    from .site import Link

    config = site.config
    site_view = SiteView(config.title, config.description, config.language, config.organisation.name,
                         tuple(Link(p.title, f"{p.slug}/") for p in site.pages if p.nav_order is not None))
    cards = {c.slug: claim_card(c, config) for c in site.claims}

    def page(template: str, out: str, meta: PageMeta, **context: Any) -> tuple[str, bytes]:
        return out, _render(env, template, site=site_view, page=meta, **context).encode("utf-8")

    tally = tuple(g.link for g in site.verdicts)
    yield page("home.html", "index.html", PageMeta(config.title, config.description, "", "home"),
               latest=tuple(cards[c.slug] for c in site.claims[: config.per_page]), tally=tally,
               total=len(site.claims))
    for claim in site.claims:
        view = claim_view(claim, site.html[claim.path], config)
        yield page("claim.html", f"claims/{claim.slug}/index.html",
                   PageMeta(claim.title, claim.summary, view.card.path, "claim"),
                   claim=view, verdict=config.verdict(claim.verdict),
                   jsonld=Markup(claim_review_json(claim, config, env.globals["absolute"](view.card.path))))
    everything = Group("all", "All fact-checks", "claims/", site.claims,
                       "Every fact-check on this site, newest first.")
    yield from _listing(page, everything, cards, config.per_page, "All fact-checks")
    for heading, groups, kind, intro in (
        ("Verdicts", site.verdicts, "verdicts/", "Browse the fact-checks by the rating they received."),
        ("Tags", site.tags, "tags/", "Browse the fact-checks by topic."),
        ("Claimants", site.claimants, "claimants/", "Browse the fact-checks by who made the claim."),
    ):
        yield page("index_list.html", f"{kind}index.html", PageMeta(heading, intro, kind, "index"),
                   heading=heading, intro=intro, groups=groups)
        for group in groups:
            title = {"verdicts/": f"Verdict: {group.label}", "tags/": f"Tag: {group.label}",
                     "claimants/": f"Claims by {group.label}"}[kind]
            yield from _listing(page, group, cards, config.per_page, title)
    for content_page in site.pages:
        yield page("page.html", f"{content_page.slug}/index.html",
                   PageMeta(content_page.title, content_page.description, f"{content_page.slug}/", "page"),
                   body_html=Markup(site.html[content_page.path]),
                   verdicts=config.verdicts if content_page.verdict_scale else ())
    yield page("corrections.html", "corrections/index.html",
               PageMeta("Corrections", "Every correction made to a fact-check on this site, newest first.",
                        "corrections/", "corrections"),
               corrections=tuple((CorrectionView(date_view(e.correction.date, config.locale), e.correction.note),
                                  cards[e.claim.slug]) for e in site.corrections))
    yield page("costs.html", "costs/index.html",
               PageMeta("Cost comparisons", "Every cost comparison on this site, with downloads.", "costs/", "costs"),
               entries=costs_page_entries(site.claims, config.locale),
               downloads=("costs/all.csv", "costs/all.json"))
    yield page("search.html", "search/index.html",
               PageMeta("Search", f"Search the fact-checks of {config.title}.", "search/", "search"),
               verdicts=tally, tags=tuple(g.link for g in site.tags), claimants=tuple(g.link for g in site.claimants))
    yield page("404.html", "404.html", PageMeta("Page not found", "This page does not exist.", "404.html", "404"),
               latest=tuple(cards[c.slug] for c in site.claims[:5]))


def _listing(page, group: Group, cards, per_page: int, title: str) -> Iterator[tuple[str, bytes]]:
    for pagination in paginate(group.claims, per_page, group.path):
        shown = title if pagination.number == 1 else f"{title} (page {pagination.number} of {pagination.total})"
        yield page("list.html", f"{pagination.path}index.html",
                   PageMeta(shown, group.description or f"{title}: {len(group.claims)} fact-check(s).",
                            pagination.path, "list"),
                   heading=title, intro=group.description, pagination=pagination,
                   cards=tuple(cards[c.slug] for c in pagination.items), total=len(group.claims))


def _render(env: jinja2.Environment, template: str, **context: Any) -> str:
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateSyntaxError as err:
        raise ContentError([Problem(f"{TEMPLATES_DIR}/{err.name or template}", err.lineno or 1, 1, "",
                                    f"template error: {err.message}")]) from None
    except jinja2.TemplateNotFound as err:
        raise ContentError([Problem(f"{TEMPLATES_DIR}/{template}", 1, 1, "",
                                    f"template error: expected a template named {err.name!r}, got none")]) from None
    except Exception as err:  # an error inside a template: point at the template line that raised it
        name, line = _template_frame(sys.exc_info()[2], template)
        raise ContentError([Problem(f"{TEMPLATES_DIR}/{name}", line, 1, "",
                                    f"template error: {type(err).__name__}: {err}")]) from None


def _template_frame(tb, default: str) -> tuple[str, int]:
    """The innermost traceback frame that belongs to a template file (Jinja rewrites them so)."""
    found = (default, 1)
    for frame, line in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if f"{TEMPLATES_DIR}/" in filename.replace("\\", "/") and filename.endswith((".html", ".xml", ".txt")):
            found = (filename.replace("\\", "/").split(f"{TEMPLATES_DIR}/", 1)[1], line)
    return found
