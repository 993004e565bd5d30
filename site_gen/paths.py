"""Every path of the site, spelled once, and the one place a path becomes a URL.

A site path is relative to the site's root, without a leading slash ("claims/x/", "" for home);
a folder path ends with "/" and its page is the folder's index.html. No other module (and no
template: they get this module as `paths`) writes a section of the URL scheme. `Urls` turns a path
into an href that honours the base path, so the site works from a GitHub Pages project sub-path
(/<repo>/), 404.html included at any nested URL.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Mapping

HOME = ""
CLAIMS = "claims/"  # every fact-check, newest first; each claim's own folder below it
VERDICTS = "verdicts/"
TAGS = "tags/"
CLAIMANTS = "claimants/"
COSTS = "costs/"  # the explorer; each unit's own pages below it
SEARCH = "search/"
CORRECTIONS = "corrections/"
CONTACT = "contact/"  # content/pages/contact.md
SEARCH_INDEX = "pagefind/"  # Pagefind's bundle and index
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
CLAIMS_JSON = "claims.json"
ALL_FIGURES = ("costs/all.csv", "costs/all.json")  # every cost table on the site
STATIC = "static/"

# Pagefind reads these files only: the claim pages, the one kind of page with searchable content.
SEARCHED_PAGES = f"{CLAIMS}*/index.html"
# Top-level names a content page (content/pages/<slug>.md, published at <slug>/) must not take.
SECTIONS = frozenset(p.strip("/") for p in (CLAIMS, VERDICTS, TAGS, CLAIMANTS, COSTS, SEARCH, CORRECTIONS,
                                            SEARCH_INDEX, STATIC)) | {"feeds", "page"}


def claim(slug: str) -> str:
    return f"{CLAIMS}{slug}/"


def claim_figures(slug: str) -> tuple[str, str]:
    """A fact-check's cost tables, beside its page: (CSV, JSON)."""
    return f"{CLAIMS}{slug}/figures.csv", f"{CLAIMS}{slug}/figures.json"


def verdict(key: str) -> str:
    return f"{VERDICTS}{key}/"


def verdict_feed(key: str) -> str:
    return f"{VERDICTS}{key}/{FEED}"


def tag(name: str) -> str:
    return f"{TAGS}{name}/"


def claimant(name: str) -> str:
    return f"{CLAIMANTS}{slugify(name)}/"


def costs_unit(unit: str) -> str:
    """A unit's own explorer pages: "USD" -> "costs/usd/"."""
    return f"{COSTS}{slugify(unit)}/"


def content_page(slug: str) -> str:
    return f"{slug}/"


def numbered(first: str, number: int) -> str:
    """Page `number` of a paginated list whose first page is `first`: first, first/page/2/, ..."""
    return first if number == 1 else f"{first}page/{number}/"


def output_file(path: str) -> str:
    """The file a site path is written to: a folder's index.html, a file itself."""
    return f"{path}index.html" if path == HOME or path.endswith("/") else path


@functools.lru_cache(maxsize=4096)  # claimant names repeat across thousands of entries
def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "unnamed"


@dataclass(frozen=True)
class Urls:
    base_url: str  # absolute, ends with "/"
    base_path: str  # "/" or "/repo/"
    assets: Mapping[str, str]  # "style.css" -> "static/style.1a2b3c4d.css"

    def url(self, path: str = "") -> str:
        """Site path ("claims/x/", "" for home) -> root-absolute href ("/repo/claims/x/")."""
        return self.base_path + path.lstrip("/")

    def absolute(self, path: str = "") -> str:
        """Site path -> absolute URL, for canonical links, feeds and the sitemap."""
        return self.base_url + path.lstrip("/")

    def asset(self, name: str) -> str:
        """A static file by its source name -> href of its (content-hashed) output name."""
        if name not in self.assets:
            raise LookupError(f"asset({name!r}): expected a file static/{name}, got none")
        return self.url(self.assets[name])
