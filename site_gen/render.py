"""Site + templates -> (output path, bytes) for every HTML page.

One Jinja environment (autoescape, StrictUndefined). Each page gets a small precomputed context;
a template error becomes a Problem naming the template file and line, never a traceback.
"""
from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
import functools
import hashlib
from typing import Any, Callable, Iterator, Mapping

import jinja2
from markupsafe import Markup

from .costs import claim_table_files, costs_page_entries
from .jsonld import claim_review_json
from .model import Claim, ContentError, Problem
from .site import Group, Link, Site, paginate
from .urls import Urls
from .views import ClaimCard, CorrectionView, claim_card, claim_view, date_view

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


# Only the site's own scripts and styles; no inline script or style (JSON-LD is data, not script).
# 'wasm-unsafe-eval' because Pagefind compiles its WebAssembly search engine (without it Chromium
# refuses and search is unavailable); its worker is a same-origin file. Established in Chromium by
# tests/test_search_browser.py, which runs the search under this policy.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; "
                           "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                           "form-action 'self'; object-src 'none'")


def make_environment(root: Path, urls: Urls, csp: str = CONTENT_SECURITY_POLICY) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(url=urls.url, asset=urls.asset, absolute=urls.absolute, csp=csp)
    return env


@dataclass(frozen=True)
class PageJob:
    """One output page: its path, a key that changes whenever anything it shows changes, and how
    to render it. Equal keys mean byte-identical pages, which is what incremental builds rely on."""

    out: str
    key: str
    render: Callable[[], bytes]


class Renderer:
    """Turns a Site into PageJobs. `base_key` covers what every page depends on (generator
    version, site.yaml, templates, static assets); `digests` are the source files' hashes."""

    def __init__(self, site: Site, env: jinja2.Environment, base_key: str, digests: Mapping[str, str]):
        self.site, self.env, self.config = site, env, site.config
        self.digests = digests
        self.site_view = SiteView(self.config.title, self.config.description, self.config.language,
                                  self.config.organisation.name,
                                  tuple(Link(p.title, f"{p.slug}/") for p in site.pages if p.nav_order is not None))
        # Every page shows the footer navigation, built from the content pages.
        self.base_key = _key(base_key, *(digests[p.path] for p in site.pages))
        self.everything_key = _key(self.base_key, *(digests[c.path] for c in site.claims))
        self._cards: dict[str, ClaimCard] = {}

    def group_key(self, name: str) -> str:
        """The key of files that depend on every entry (feeds, sitemap, exports)."""
        return _key(self.everything_key, name)

    def card(self, claim: Claim) -> ClaimCard:
        card = self._cards.get(claim.slug)
        if card is None:
            card = self._cards[claim.slug] = claim_card(claim, self.config)
        return card

    def _job(self, template: str, out: str, meta: PageMeta, key: str, context: Callable[[], dict] = dict) -> PageJob:
        """`context` is called only if the page has to be rendered: an unchanged page costs its key."""

        def render() -> bytes:
            return _render(self.env, template, site=self.site_view, page=meta, **context()).encode("utf-8")

        return PageJob(out, key, render)

    def claim_jobs(self) -> Iterator[PageJob]:
        """Claim pages depend on their own entry only (and what every page depends on)."""
        absolute, config = self.env.globals["absolute"], self.config
        for claim in self.site.claims:
            path = f"claims/{claim.slug}/"
            yield self._job("claim.html", f"{path}index.html", PageMeta(claim.title, claim.summary, path, "claim"),
                            _key(self.base_key, "claim", self.digests[claim.path]),
                            lambda c=claim, p=path: dict(
                                claim=claim_view(c, self.site.html[c.path], config, absolute),
                                verdict=config.verdict(c.verdict),
                                jsonld=Markup(claim_review_json(c, config, absolute(p)))))

    def other_jobs(self) -> Iterator[PageJob]:
        site, config, card = self.site, self.config, self.card
        tally = tuple(g.link for g in site.verdicts)
        every = self.everything_key
        yield self._job("home.html", "index.html", PageMeta(config.title, config.description, "", "home"), every,
                        lambda: dict(latest=tuple(card(c) for c in site.claims[: config.per_page]), tally=tally,
                                     total=len(site.claims)))
        everything = Group("all", "All fact-checks", "claims/", site.claims,
                           "Every fact-check on this site, newest first.")
        yield from self._listing(everything, "All fact-checks")
        for heading, groups, kind, intro in (
            ("Verdicts", site.verdicts, "verdicts/", "Browse the fact-checks by the rating they received."),
            ("Tags", site.tags, "tags/", "Browse the fact-checks by topic."),
            ("Claimants", site.claimants, "claimants/", "Browse the fact-checks by who made the claim."),
        ):
            yield self._job("index_list.html", f"{kind}index.html", PageMeta(heading, intro, kind, "index"),
                            _key(every, kind), lambda h=heading, i=intro, g=groups: dict(heading=h, intro=i, groups=g))
            for group in groups:
                title = {"verdicts/": f"Verdict: {group.label}", "tags/": f"Tag: {group.label}",
                         "claimants/": f"Claims by {group.label}"}[kind]
                yield from self._listing(group, title)
        for content_page in site.pages:
            yield self._job("page.html", f"{content_page.slug}/index.html",
                            PageMeta(content_page.title, content_page.description, f"{content_page.slug}/", "page"),
                            _key(self.base_key, content_page.path),
                            lambda p=content_page: dict(body_html=Markup(site.html[p.path]),
                                                        verdicts=config.verdicts if p.verdict_scale else ()))
        yield self._job("corrections.html", "corrections/index.html",
                        PageMeta("Corrections", "Every correction made to a fact-check on this site, newest first.",
                                 "corrections/", "corrections"), every,
                        lambda: dict(corrections=tuple(
                            (CorrectionView(date_view(e.correction.date, config.locale), e.correction.note), card(e.claim))
                            for e in site.corrections)))
        yield from self._costs_pages()
        yield self._job("search.html", "search/index.html",
                        PageMeta("Search", f"Search the fact-checks of {config.title}.", "search/", "search"), every,
                        lambda: dict(verdicts=tally, tags=tuple(g.link for g in site.tags),
                                     claimants=tuple(g.link for g in site.claimants)))
        yield self._job("404.html", "404.html", PageMeta("Page not found", "This page does not exist.", "404.html", "404"),
                        every, lambda: dict(latest=tuple(card(c) for c in site.claims[:5])))

    def _costs_pages(self) -> Iterator[PageJob]:
        """/costs/, paginated like the lists: one page of a 10,000-entry archive would weigh 100+ MB,
        and an edit re-renders only the page its entry is on."""
        with_costs = [c for c in self.site.claims if c.comparisons]
        for p in paginate(with_costs, self.config.per_page, "costs/"):
            title = "Cost comparisons" if p.number == 1 else f"Cost comparisons (page {p.number} of {p.total})"
            key = _key(self.base_key, "costs", p.path, str(p.total), *(self.digests[c.path] for c in p.items))
            yield self._job("costs.html", f"{p.path}index.html",
                            PageMeta(title, "Every cost comparison on this site, with downloads.", p.path, "costs"),
                            key, lambda p=p: dict(entries=costs_page_entries(p.items, self.config.locale),
                                                  downloads=("costs/all.csv", "costs/all.json"), pagination=p))

    def download_jobs(self) -> Iterator[PageJob]:
        """Each claim's table downloads (CSV, JSON), keyed by the claim like its page."""
        absolute = self.env.globals["absolute"]
        for claim in self.site.claims:
            if not claim.comparisons:
                continue
            key = _key(self.base_key, "downloads", self.digests[claim.path])
            files = functools.lru_cache(maxsize=1)(lambda c=claim: claim_table_files(c, absolute))
            for number in range(1, len(claim.comparisons) + 1):
                for suffix in ("csv", "json"):
                    out = f"costs/{claim.slug}-{number}.{suffix}"
                    yield PageJob(out, key, lambda out=out, files=files: files()[out])

    def _listing(self, group: Group, title: str) -> Iterator[PageJob]:
        for pagination in paginate(group.claims, self.config.per_page, group.path):
            shown = title if pagination.number == 1 else f"{title} (page {pagination.number} of {pagination.total})"
            key = _key(self.base_key, "list", pagination.path, title, group.description, str(pagination.number),
                       str(pagination.total), str(len(group.claims)), *(self.digests[c.path] for c in pagination.items))
            yield self._job("list.html", f"{pagination.path}index.html",
                            PageMeta(shown, group.description or f"{title}: {len(group.claims)} fact-check(s).",
                                     pagination.path, "list"), key,
                            lambda p=pagination: dict(heading=title, intro=group.description, pagination=p,
                                                      cards=tuple(self.card(c) for c in p.items), total=len(group.claims)))


def _key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


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
