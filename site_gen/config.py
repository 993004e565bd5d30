"""site.yaml -> SiteConfig, validated with the same reader and messages as the content."""
from __future__ import annotations

from pathlib import Path

from . import frontmatter
from .model import ContentError, Organisation, Problem, SiteConfig, Verdict
from .reader import Choice, Field, Fields, Integer, Key, ListOf, Record, Text, Url, is_http_url, read_document
from .units import SUPPORTED_LOCALES

CONFIG_FILE = "site.yaml"

VERDICT = Record({
    "key": Field(Key(), required=True),
    "label": Field(Text(60), required=True),
    "rating": Field(Integer(1, 5)),
    "meaning": Field(Text(500), required=True),
}, "a verdict (key, label, rating, meaning)")

SITE = Record({
    "title": Field(Text(120), required=True),
    "description": Field(Text(500), required=True),
    "base_url": Field(Url(), required=True),
    "language": Field(Text(20), required=True),
    "locale": Field(Choice(tuple(sorted(SUPPORTED_LOCALES))), required=True),
    "per_page": Field(Integer(1, 500)),
    "organisation": Field(Record({
        "name": Field(Text(120), required=True),
        "url": Field(Url()),
    }, "an organisation (name, url)"), required=True),
    "verdicts": Field(ListOf(VERDICT, min_items=1, max_items=20), required=True),
}, "the site configuration")


def load_config(root: Path, base_url: str | None = None) -> SiteConfig:
    """Read and validate site.yaml; `base_url` (from --base-url or CI) overrides the file's."""
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ContentError([Problem(CONFIG_FILE, 1, 1, "", f"expected a readable {CONFIG_FILE}, got {err.strerror}")]) from None
    text = frontmatter.decode(CONFIG_FILE, raw)
    node = frontmatter.compose(CONFIG_FILE, text, first_line=1)
    fields, reader = read_document(CONFIG_FILE, node, 1, SITE)
    verdicts = _verdicts(fields, reader.report) if fields else ()
    if reader.problems:
        raise ContentError(reader.problems)
    assert fields is not None
    org: Fields = fields.get("organisation")
    url = base_url or fields.get("base_url")
    if base_url is not None and not is_http_url(base_url):
        raise ContentError([Problem("--base-url", 1, 1, "", f"expected an http(s) URL, got {base_url!r}")])
    return SiteConfig(
        title=fields.get("title"),
        description=fields.get("description"),
        base_url=url if url.endswith("/") else url + "/",
        language=fields.get("language"),
        locale=fields.get("locale"),
        organisation=Organisation(org.get("name"), org.get("url")),
        verdicts=verdicts,
        per_page=fields.get("per_page", 10),
    )


def _verdicts(fields: Fields, report) -> tuple[Verdict, ...]:
    items = [v for v in fields.get("verdicts", ()) if v is not None]
    seen: set[str] = set()
    verdicts = []
    for i, item in enumerate(items):
        key = item.get("key")
        if key in seen:
            report(item.nodes["key"], f"verdicts[{i}].key", f"expected a key not used by another verdict, got {key!r} again")
        seen.add(key)
        verdicts.append(Verdict(key, item.get("label"), item.get("rating"), item.get("meaning")))
    return tuple(verdicts)
