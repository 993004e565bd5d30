"""site.yaml -> SiteConfig, validated with the same reader and messages as the content."""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from site_gen.colours import DARK, LIGHT
from site_gen.dates import default_date_format
from site_gen.load import frontmatter
from site_gen.load.colours import Colour, unwritten_colours
from site_gen.load.editions import editions, languages_field
from site_gen.load.invisible import field_at, invisible_characters
from site_gen.load.reader import (
    FALSE_WORDS,
    Choice,
    Email,
    Field,
    Fields,
    Integer,
    Key,
    ListOf,
    Reader,
    Record,
    Text,
    Type,
    Url,
    http_url,
    is_http_url,
    kind_of,
    read_document,
)
from site_gen.locales import (
    babel_locale,
    canonical_language,
    canonical_locale,
    language_problem,
    locale_problem,
)
from site_gen.model import (
    DATE_FORMATS,
    Contact,
    ContentError,
    Organisation,
    Person,
    Problem,
    RequiredPage,
    SiteConfig,
    Verdict,
)

CONFIG_FILE = "site.yaml"


class UrlOrOff(Type):
    """contact.repository: an http(s) URL, or a plain `false` (read as False) that turns a route off.
    (Not a Url: its value may be False, which a Url's never is.)"""

    describe = "an http(s) URL or false"

    def read(self, r: Reader, node: yaml.Node, path: str) -> str | bool | None:
        if isinstance(node, yaml.ScalarNode) and not node.style and node.value.strip().lower() in FALSE_WORDS:
            return False
        return http_url(self, r, node, path)


class Tag(Text):
    """A tag checked by `problem` (a message, or None when fine) and kept as `canonical` spells it
    (None only for a tag `problem` refuses)."""

    def __init__(self, describe: str, problem: Callable[[str], str | None], canonical: Callable[[str], str | None]):
        super().__init__()
        self.describe, self.problem, self.canonical = describe, problem, canonical

    def read(self, r: Reader, node: yaml.Node, path: str) -> str | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        if problem := self.problem(raw):
            r.report(node, path, problem)
            return None
        return self.canonical(raw)


def _read_locale(raw: str) -> str | None:
    babel_locale(raw)  # its CLDR data read now, once, before a build forks its workers
    return canonical_locale(raw)


# `locale`: any locale CLDR has data for (en-US, fr-FR, pt-BR, ar-EG ...), as CLDR spells it;
# `language`: a BCP 47 language tag (en, fr, pt-BR, zh-Hant), in its usual letter case.
LOCALE = Tag("a locale such as en-GB or fr-FR (a CLDR locale)", locale_problem, _read_locale)
LANGUAGE = Tag("a BCP 47 language tag such as en, fr or pt-BR", language_problem, canonical_language)


class Labels(Type):
    """`tags:`: how each tag key is shown, the same in every language (`gpus: GPUs`) or per
    language (`gpus: {en: GPUs, fr: Processeurs graphiques}`); the keys stay in the URLs."""

    describe = "a mapping of tag keys to labels"

    def read(self, r: Reader, node: yaml.Node, path: str) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None:
        if not isinstance(node, yaml.MappingNode):
            r.report(node, path, f"expected {self.describe}, got {kind_of(node)}")
            return None
        labels = []
        for key_node, value_node in node.value:
            key = Key().read(r, key_node, path)
            if key is None:
                continue
            where = f"{path}.{key}"
            if isinstance(value_node, yaml.MappingNode):
                per_language = []
                for lang_node, text_node in value_node.value:
                    language = LANGUAGE.read(r, lang_node, where)
                    text = Text(60).read(r, text_node, f"{where}.{language}")
                    if language is not None and text is not None:
                        per_language.append((language, text))
                labels.append((key, tuple(per_language)))
            elif (text := Text(60).read(r, value_node, where)) is not None:
                labels.append((key, (("*", text),)))
        return tuple(labels)


# site.yaml keys a newer version removed -> what replaced them (with the version, as the CHANGELOG
# says it), so that an upgraded site gets a located error saying what to write instead, e.g.
# "nav": "0.5.0 replaced with the pages' own nav_order". None has been removed yet.
REPLACED: dict[str, str] = {}

VERDICT = Record({
    "key": Field(Key(), required=True),
    "label": Field(Text(60), required=True),
    "rating": Field(Integer(1, 5)),
    "meaning": Field(Text(500), required=True),
    "icon": Field(Text(2), help="a symbol shown beside the label (✓, !, ✗, ?), so that colour is never the only "
                  "sign of a verdict"),
    "colour": Field(Colour(LIGHT), help="the verdict's colour in the light theme, \"#rrggbb\" (quoted); by default "
                    "from its place on the scale"),
    "colour_dark": Field(Colour(DARK), help="its colour in the dark theme; by default from `colour`'s hue or the place"),
}, "a verdict (key, label, rating, meaning, icon, colour, colour_dark)")

SITE = Record({
    # Required unless the site lists `languages:` (editions.py checks that).
    "title": Field(Text(120)),
    "description": Field(Text(500)),
    "base_url": Field(Url(), required=True),
    "language": Field(LANGUAGE, help="the language of the pages, a BCP 47 tag: en, fr, pt-BR"),
    "locale": Field(LOCALE, help="how figures and dates are written: any CLDR locale, e.g. "
                    "en-US, en-GB, fr-FR, de-DE, pt-BR, ar-EG"),
    "languages": languages_field(LANGUAGE, LOCALE),
    "per_page": Field(Integer(1, 500)),
    "tags": Field(Labels(), help="how each tag is shown: gpus: GPUs, or per language: {en: GPUs, fr: …}"),
    "search_hint": Field(Text(80), help="examples in the home page's search box, e.g. \"e.g. GPUs, $6 million\""),
    "organisation": Field(Record({
        "name": Field(Text(120), required=True),
        "url": Field(Url()),
    }, "an organisation (name, url)"), required=True),
    "verdicts": Field(ListOf(VERDICT, min_items=1, max_items=20), required=True),
    "date_format": Field(Choice(DATE_FORMATS), help="how every page shows a date: 3 February 2025, "
                         "February 3, 2025 or 2025-02-03; by default as the locale writes it"),
    "contact": Field(Record({
        "repository": Field(UrlOrOff(), help="the repository whose issue forms take readers' reports; false: none, "
                            "not even the repository GitHub Actions builds"),
        "email": Field(Email()),
    }, "a contact route (repository, email)"), help="how readers reach the editors"),
    "required_pages": Field(ListOf(Key(), max_items=20), help="slugs of pages the site must keep"),
    "team": Field(ListOf(Record({
        "name": Field(Text(120), required=True),
        "role": Field(Text(120), required=True, help="what they do: Fact-checker, Editor, …"),
        "url": Field(Url(), help="their page or profile (never a made-up address)"),
        "bio": Field(Text(500), help="a sentence or two, on the about page"),
    }, "a member of the team (name, role, url, bio)"), max_items=500),
        help="the people whom entries name as author or reviewer, shown on the about page"),
    "plugins": Field(ListOf(Text(80), max_items=20), help="Python modules that extend the generator, from the "
                     "site's plugins/ folder or installed (the README's Plugins section)"),
}, "the site configuration", replaced=REPLACED)

# The standards pages a fact-checker publishes and keeps (IFCN, EFCSN): how claims are checked, how
# mistakes are corrected, and how readers reach the editors to complain.
DEFAULT_REQUIRED_PAGES = ("methodology", "corrections-policy", "contact")


def load_config(root: Path, base_url: str | None = None, environ: Mapping[str, str] | None = None) -> SiteConfig:
    """Read and validate site.yaml; `base_url` (from --base-url or CI) overrides the file's. In
    GitHub Actions (`environ`, by default the process's), a file that sets no contact route gets the
    repository being built (see `_contact`): a real address, never a made-up one."""
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ContentError([Problem(CONFIG_FILE, 1, 1, "", f"expected a readable {CONFIG_FILE}, got {err.strerror}")]) from None
    return read_config(raw, base_url, environ)


def read_config(raw: bytes, base_url: str | None = None, environ: Mapping[str, str] | None = None) -> SiteConfig:
    """site.yaml's bytes -> SiteConfig (load_config's, or the file at a git revision's)."""
    text = frontmatter.decode(CONFIG_FILE, raw)
    node = frontmatter.compose(CONFIG_FILE, text, first_line=1)
    fields, reader = read_document(CONFIG_FILE, node, 1, SITE)
    reader.problems += (Problem(CONFIG_FILE, line, col, field_at(node, 1, line), message)
                        for line, col, message in invisible_characters(text))
    verdicts = _verdicts(fields, reader.report) if fields else ()
    required = _required_pages(fields, reader) if fields else ()
    languages = editions(fields, reader, default_date_format) if fields else ()
    team = _team(fields, reader) if fields else ()
    if reader.problems:
        raise ContentError(reader.problems)
    assert fields is not None
    org: Fields = fields.get("organisation")
    url = base_url or fields.get("base_url")
    if base_url is not None and not is_http_url(base_url):
        raise ContentError([Problem("--base-url", 1, 1, "", f"expected an http(s) URL, got {base_url!r}")])
    default = languages[0]
    return SiteConfig(
        title=default.title,
        description=default.description,
        base_url=url if url.endswith("/") else url + "/",
        language=default.language,
        locale=default.locale,
        organisation=Organisation(org.get("name"), org.get("url")),
        verdicts=verdicts,
        per_page=fields.get("per_page", 10),
        date_format=default.date_format,
        editions=languages,
        contact=_contact(fields.get("contact"), os.environ if environ is None else environ),
        required_pages=required,
        search_hint=fields.get("search_hint"),
        tag_labels=fields.get("tags") or (),
        team=team,
        plugins=tuple(fields.get("plugins") or ()),
    )


def _contact(fields: Fields | None, environ: Mapping[str, str]) -> Contact:
    """The routes the file sets. GitHub Actions' repository stands in only when it sets neither a
    repository nor an email (an email-only site keeps its email only); `repository: false` says no."""
    repository = fields.get("repository") if fields else None
    email = fields.get("email") if fields else None
    if repository is False:
        return Contact(None, email, repository_off=True)
    if repository is None and email is None and environ.get("GITHUB_ACTIONS") == "true":
        server, name = environ.get("GITHUB_SERVER_URL", ""), environ.get("GITHUB_REPOSITORY", "")
        if name and is_http_url(f"{server}/{name}"):
            repository = f"{server}/{name}"
    return Contact(repository.rstrip("/") if repository else None, email)


def _team(fields: Fields, reader: Reader) -> tuple[Person, ...]:
    """site.yaml's team, each name once (an entry names its author by it)."""
    people: list[Person] = []
    for i, member in enumerate(fields.get("team") or ()):
        if member is None or member.get("name") is None or member.get("role") is None:
            continue
        name = member.get("name")
        if any(p.name == name for p in people):
            reader.report(member.nodes["name"], f"team[{i}].name", f"expected each name once, got {name!r} again")
            continue
        people.append(Person(name, member.get("role"), member.get("url"), member.get("bio")))
    return tuple(people)


def _required_pages(fields: Fields, reader: Reader) -> tuple[RequiredPage, ...]:
    if "required_pages" not in fields.nodes:
        return tuple(RequiredPage(slug) for slug in DEFAULT_REQUIRED_PAGES)
    nodes = getattr(fields.nodes["required_pages"], "value", ())
    return tuple(RequiredPage(slug, *reader.where(node)) for slug, node in zip(fields.get("required_pages") or (), nodes))


def _verdicts(fields: Fields, report: Callable[[yaml.Node, str, str], None]) -> tuple[Verdict, ...]:
    items = [v for v in fields.get("verdicts", ()) if v is not None]
    seen: set[str] = set()
    verdicts = []
    for i, item in enumerate(items):
        key = item.get("key")
        if key in seen:
            report(item.nodes["key"], f"verdicts[{i}].key", f"expected a key not used by another verdict, got {key!r} again")
        seen.add(key)
        unwritten_colours(item, i, report)
        verdicts.append(Verdict(key, item.get("label"), item.get("rating"), item.get("meaning"), item.get("icon", "•"),
                                item.get("colour"), item.get("colour_dark")))
    return tuple(verdicts)


def check_locale(locale: str, where: str) -> None:
    """A locale given on the command line (init's --locale), checked as site.yaml's would be."""
    if problem := locale_problem(locale):
        raise ContentError([Problem(where, 1, 1, "", problem)])
