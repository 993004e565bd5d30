"""A site in several languages, as the build makes it: one edition per language (site.yaml's
`languages:`), the default at the site's URLs and each other one under /<language>/.

Each edition is the whole site in its language, built from its own versions of the entries and
pages, with its own lists, feeds, claims.json and sitemap; what the editions share is written once,
at the root: the static files, the search bundle (Pagefind makes one index per language, chosen by
the page's <html lang>), robots.txt (naming every edition's sitemap) and 404.html. Every page names
its versions in the other languages (`<link rel="alternate" hreflang>`, and x-default) and offers
them in a language switcher: only the versions that exist.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from babel import Locale, UnknownLocaleError

from site_gen.load.content import Content
from site_gen.load.versions import edition_key
from site_gen.model import Edition, SiteConfig
from site_gen.paths import Urls
from site_gen.write.jobs import GroupBatch, JobGroup, PageJob

SHARED_ROOT_FILES = ("robots.txt", "404.html")  # the default edition's only


@dataclass(frozen=True)
class Alternate:
    """A page's version in one language: for <link rel="alternate" hreflang> and the switcher."""

    language: str  # BCP 47, hreflang
    name: str  # the language's name in itself: "English", "français"
    href: str  # absolute URL
    current: bool  # the page itself


def edition_content(content: Content, config: SiteConfig, edition: Edition) -> Content:
    """The entries and pages of one edition (html, digests and warnings stay whole: looked up by path)."""
    language = edition_key(config, edition.language)
    return replace(content, claims=tuple(c for c in content.claims if c.language == language),
                   pages=tuple(p for p in content.pages if p.language == language))


def edition_urls(config: SiteConfig, edition: Edition, assets: Mapping[str, str]) -> Urls:
    """An edition's URLs: its pages under its prefix, the shared files at the site's root."""
    return Urls(config.base_url + edition.prefix, config.base_path + edition.prefix, assets, config.base_path)


class Versions:
    """Which page paths each edition has, to name a page's versions in the other languages."""

    def __init__(self, config: SiteConfig, paths_by_language: Mapping[str, frozenset[str]]):
        self.config, self.paths = config, paths_by_language
        self.key = hashlib.sha256(repr(sorted((lang, sorted(p)) for lang, p in paths_by_language.items())).encode()).hexdigest()

    def alternates(self, language: str, path: str) -> tuple[Alternate, ...]:
        """`path`'s versions, in the order of site.yaml's languages, when there is more than one."""
        found = tuple(Alternate(e.language, language_name(e.language), self.config.base_url + e.prefix + path,
                                e.language == language)
                      for e in self.config.editions if path in self.paths.get(e.language, ()))
        return found if len(found) > 1 else ()


def language_name(language: str) -> str:
    """A language's name in itself, as a switcher offers it: "English", "français", "العربية"."""
    try:
        return Locale.parse(language, sep="-").get_display_name() or language
    except (ValueError, UnknownLocaleError):
        return language


def under(prefix: str, groups: Iterable[JobGroup | GroupBatch], keep: Callable[[str], bool] = lambda out: True
          ) -> list[JobGroup | GroupBatch]:
    """An edition's output groups with every name and file under its prefix ("fr/"); `keep` drops
    the files the default edition alone writes (robots.txt, 404.html)."""
    if not prefix:
        return list(groups)

    def moved(group: JobGroup) -> JobGroup:
        jobs = group.jobs
        return group._replace(name=prefix + group.name, jobs=lambda: [
            PageJob(prefix + job.out, job.key, job.render) for job in jobs() if keep(job.out)])

    def moved_batch(make: Callable[[int], JobGroup]) -> Callable[[int], JobGroup]:
        return lambda i: moved(make(i))

    found: list[JobGroup | GroupBatch] = []
    for group in groups:
        if isinstance(group, GroupBatch):
            found.append(group._replace(name=prefix + group.name, names=[prefix + name for name in group.names],
                                        group=moved_batch(group.group)))
        else:
            found.append(moved(group))
    return found
