"""Site -> Atom feeds (RFC 4287): one for the whole site, one per verdict.

Built with xml.etree, so every text and attribute is escaped by the serializer. Deterministic: no
clock is read; a feed's `updated` is the newest `updated` of its entries (the front matter has
dates, written as midnight UTC). An empty feed (a verdict nobody has received yet) takes the
site's newest date, so it is still a valid feed.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence

from site_gen import paths
from site_gen.i18n import Messages
from site_gen.model import Claim, SiteConfig
from site_gen.paths import Urls
from site_gen.site import Site, last_modified

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_TYPE = "application/atom+xml"
EPOCH = dt.date(1970, 1, 1)
# The newest entries only, as feed readers expect (a feed of a 10,000-entry archive would be
# megabytes fetched again on every poll); claims.json and the sitemap list everything.
FEED_ENTRIES = 100


def timestamp(date: dt.date) -> str:
    """An RFC 3339 date-time, as Atom requires, for a date: midnight UTC."""
    return f"{date.isoformat()}T00:00:00Z"


def feed_files(site: Site, urls: Urls, msg: Messages) -> Iterator[tuple[str, bytes]]:
    """feed.xml for every claim, and verdicts/<key>/feed.xml for each verdict on the scale."""
    config = site.config
    site_newest = last_modified(site.claims) or EPOCH
    yield paths.FEED, atom_feed(
        config, urls, site.claims[:FEED_ENTRIES], feed_path=paths.FEED, page_path=paths.HOME, title=config.title,
        subtitle=config.description, fallback_updated=site_newest, msg=msg)
    for group in site.verdicts:
        yield paths.verdict_feed(group.key), atom_feed(
            config, urls, group.claims[:FEED_ENTRIES], feed_path=paths.verdict_feed(group.key), page_path=group.path,
            # Translators: the title of a verdict's feed: "Fixture Checks: Misleading".
            title=msg("%(site)s: %(verdict)s", site=config.title, verdict=group.label), subtitle=group.description,
            fallback_updated=site_newest, msg=msg)


def atom_feed(config: SiteConfig, urls: Urls, claims: Sequence[Claim], *, feed_path: str, page_path: str,
              title: str, subtitle: str, fallback_updated: dt.date, msg: Messages) -> bytes:
    # The default namespace is written as a plain attribute: ElementTree's namespace registry is
    # process-global state, and un-prefixed tags under xmlns= are what feed readers expect.
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: config.language})
    _text(feed, "id", urls.absolute(feed_path))
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    ET.SubElement(feed, "link", {"rel": "self", "type": ATOM_TYPE, "href": urls.absolute(feed_path)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": urls.absolute(page_path)})
    _text(feed, "updated", timestamp(last_modified(claims) or fallback_updated))
    _person(feed, config.organisation.name, config.organisation.url or urls.absolute())
    for claim in claims:
        _entry(feed, claim, config, urls, msg)
    ET.indent(feed, space="  ")
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)  # (bytes in any encoding but "unicode")
    return data + b"\n"


def _entry(feed: ET.Element, claim: Claim, config: SiteConfig, urls: Urls, msg: Messages) -> None:
    verdict = config.verdict(claim.verdict)
    url = urls.absolute(paths.claim(claim.slug))
    entry = ET.SubElement(feed, "entry")
    _text(entry, "id", url)
    _text(entry, "title", claim.title)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    _text(entry, "published", timestamp(claim.published))
    _text(entry, "updated", timestamp(claim.modified))
    org = config.organisation
    person = config.person(claim.author)  # (a team member's own page, when the team gives one)
    _person(entry, claim.author, person.url if person else (org.url or urls.absolute()) if claim.author == org.name
            else None)
    ET.SubElement(entry, "category", {"term": verdict.key, "label": verdict.label,
                                      "scheme": urls.absolute(paths.VERDICTS)})
    for tag in claim.tags:
        label = config.tag_label(tag)
        ET.SubElement(entry, "category", {"term": tag, **({"label": label} if label != tag else {}),
                                          "scheme": urls.absolute(paths.TAGS)})
    # Translators: an entry's summary in a feed: "Misleading: The figure covers one training run."
    _text(entry, "summary", msg("%(verdict)s: %(summary)s", verdict=verdict.label, summary=claim.summary))


def _person(parent: ET.Element, name: str, uri: str | None) -> None:
    author = ET.SubElement(parent, "author")
    _text(author, "name", name)
    if uri:
        _text(author, "uri", uri)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element
