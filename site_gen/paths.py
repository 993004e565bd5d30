"""Every path of the site, spelled once, and the one place a path becomes a URL.

A site path is relative to the site's root, without a leading slash ("claims/x/", "" for home);
a folder path ends with "/" and its page is the folder's index.html. No other module (and no
template: they get this module as `paths`) writes a section of the URL scheme. `Urls` turns a path
into an href that honours the base path, so the site works from a GitHub Pages project sub-path
(/<repo>/), 404.html included at any nested URL.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from anyascii import anyascii

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
SITE_CARD = "card.png"  # the image link previews show for any page but a claim's (sharing.py)
ALL_FIGURES = ("costs/all.csv", "costs/all.json")  # every cost table on the site
STATIC = "static/"

# Pagefind reads these files only: the claim pages, the one kind of page with searchable content.
SEARCHED_PAGES = f"{CLAIMS}*/index.html"
# Top-level names a content page (content/pages/<slug>.md, published at <slug>/) must not take.
SECTIONS = frozenset(p.strip("/") for p in (CLAIMS, VERDICTS, TAGS, CLAIMANTS, COSTS, SEARCH, CORRECTIONS,
                                            SEARCH_INDEX, STATIC)) | {"feeds", "page"}


def claim(slug: str) -> str:
    return f"{CLAIMS}{slug}/"


def claim_card(slug: str) -> str:
    """A fact-check's share card (og:image), beside its page."""
    return f"{CLAIMS}{slug}/card.png"


def claim_embed(slug: str) -> str:
    """A fact-check's embeddable card, for an iframe on another site."""
    return f"{CLAIMS}{slug}/embed/"


def claim_figures(slug: str) -> tuple[str, str]:
    """A fact-check's cost tables, beside its page: (CSV, JSON)."""
    return f"{CLAIMS}{slug}/figures.csv", f"{CLAIMS}{slug}/figures.json"


def verdict(key: str) -> str:
    return f"{VERDICTS}{key}/"


def verdict_feed(key: str) -> str:
    return f"{VERDICTS}{key}/{FEED}"


def tag(name: str) -> str:
    return f"{TAGS}{name}/"


def claimant(key: str) -> str:
    """A claimant's page from its URL key (`Claimant.url_key`)."""
    return f"{CLAIMANTS}{key}/"


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


MAX_SLUG = 80  # the longest slug `slugify` makes (a Key field's limit too)
_SYLLABLE = re.compile(r"[A-Z][a-z0-9]*")
_NOT_IN_WORDS = re.compile(r"[^A-Za-z0-9 ]")


@functools.lru_cache(maxsize=4096)  # claimant names repeat across thousands of entries
def slugify(text: str) -> str:
    """A readable URL segment (a-z, 0-9 and single hyphens) for a name in any script.

    ASCII passes as it always did: lowercased, every run of other characters one hyphen
    ("Model-V3 (R1)" -> "model-v3-r1"). Other characters are transliterated by anyascii:
    "Élu municipal" -> "elu-municipal", "Москва" -> "moskva", "Αθήνα" -> "athina", "とうきょう" ->
    "toukiyou", "😀" -> "grinning". A letter never breaks a word, though anyascii may spell it with
    a mark ("Зеленський" -> "zelenskiy", not "zelens-kiy"). A letter of a script without case
    (Unicode category Lo) that anyascii spells as a capitalised syllable (Chinese, Korean: "深" ->
    "Shen") stands between hyphens, so the syllables stay apart: "深度求索" -> "shen-du-qiu-suo",
    "百度" -> "bai-du". Joined, pinyin is ambiguous (方案 "fang-an" and 反感 "fan-gan" would both be
    "fangan"), and a URL shared by two names is an error (load.content), so boundaries make fewer.

    Never empty and at most MAX_SLUG characters: a name that leaves nothing (only punctuation, or a
    script anyascii does not know) gets "unnamed-" and 8 hex digits of the name's SHA-256; a longer
    slug is cut at a hyphen and ends with those 8 digits. Distinct names can still share a slug
    ("A.B." and "A B", "Bai Du" and "百度", homophones): callers that need distinct URLs check that.
    """
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        spelt = text
    else:
        spelt = "".join(char if char.isascii() else _transliterated(char) for char in text)
    slug = re.sub(r"[^a-z0-9]+", "-", spelt.lower()).strip("-")
    if not slug:
        return f"unnamed-{_digest(text)}"
    if len(slug) > MAX_SLUG:
        head = slug[:MAX_SLUG - 9]
        head = head.rsplit("-", 1)[0] if "-" in head else head
        return f"{head}-{_digest(text)}"
    return slug


def _transliterated(char: str) -> str:
    ascii_ = anyascii(char)
    category = unicodedata.category(char)
    if category.startswith("L"):  # a letter is part of a word: "ь" -> "'", "ع" -> "`" mark no break
        ascii_ = _NOT_IN_WORDS.sub("", ascii_)
    if category == "Lo" and _SYLLABLE.fullmatch(ascii_):  # a letter of a caseless script
        return f"-{ascii_}-"
    return ascii_


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


@dataclass(frozen=True)
class Urls:
    base_url: str  # absolute, ends with "/"
    base_path: str  # "/" or "/repo/"; a language's edition: "/repo/fr/"
    assets: Mapping[str, str]  # "style.css" -> "static/style.1a2b3c4d.css"
    shared_path: str = ""  # where the files every edition shares are (static/, the search bundle): the site's root

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
        return self.shared(self.assets[name])

    def shared(self, path: str = "") -> str:
        """A path of what every language's edition shares (the search bundle) -> root-absolute href."""
        return (self.shared_path or self.base_path) + path.lstrip("/")
