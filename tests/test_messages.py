"""The interface's messages: one gettext catalogue per language, for templates, Python and the pages'
scripts alike (site_gen/i18n.py, scripts/messages.py, site_gen/present/script_messages.py).

- The template (site_gen/locale/messages.pot) holds every message the code has, and every shipped
  catalogue is complete and current (what `python scripts/messages.py --check` checks).
- A site's own `locale/<lang>.po` overrides single messages: those show translated wherever they
  are made (templates, Python, the scripts' data), with the language's plural rules; every other
  message stays as the package has it.
- A pseudo-translation (every message marked `§…‡`) leaves no interface word unmarked on any page
  of the fixture site, in text, labels, placeholders, titles or the scripts' messages: the guard
  that no string was missed.
"""
from __future__ import annotations

import importlib.util
import json
import re
import textwrap
from html import unescape
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations
from conftest import PROJECT
from markupsafe import escape

from site_gen.i18n import PACKAGE_CATALOGUES, Messages, messages
from site_gen.load.config import load_config
from site_gen.load.content import load_content

TEMPLATE = PACKAGE_CATALOGUES / "messages.pot"
START, END = "§", "‡"  # what the pseudo-translation puts around every message


def messages_script():
    spec = importlib.util.spec_from_file_location("messages_script", PROJECT / "scripts" / "messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- The catalogues are current and complete -----------------------------------------------------


def test_the_template_holds_every_message_of_the_code():
    script = messages_script()
    assert TEMPLATE.is_file(), "run python scripts/messages.py"
    current = script._messages(script.po_text(script.extract()))
    assert script._messages(TEMPLATE.read_bytes()) == current, \
        "site_gen/locale/messages.pot is out of date: run python scripts/messages.py"


@pytest.mark.parametrize("catalogue", sorted(PACKAGE_CATALOGUES.glob("*.po")), ids=lambda path: path.name)
def test_every_shipped_catalogue_is_complete_and_current(catalogue: Path):
    """(Checks each catalogue there is: one file per shipped language.)"""
    script = messages_script()
    found = script.problems(catalogue, script.updated(catalogue, script.extract()), catalogue.read_bytes())
    assert not found, "\n".join(found[:20]) + ("\n..." if len(found) > 20 else "")


# ---- Helpers: a French copy of the fixture site -------------------------------------------------


def french(site: Path) -> Path:
    config = site / "site.yaml"
    text = config.read_text(encoding="utf-8")
    assert "language: en\n" in text and "locale: en-GB\n" in text
    config.write_text(text.replace("language: en\n", "language: fr\n").replace("locale: en-GB\n", "locale: fr-FR\n"),
                      encoding="utf-8")
    return site


def write_catalogue(site: Path, text: str) -> None:
    (site / "locale").mkdir(exist_ok=True)
    (site / "locale" / "fr.po").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def build(site: Path, run_cli) -> Path:
    result = run_cli(site, "build", "--no-search")
    assert result.code == 0, result.err
    return site / "_site"


def script_messages(html: str, element: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', html, re.S)
    assert found, f"no {element} element"
    return json.loads(found.group(1))


# ---- A site's own catalogue overrides single messages --------------------------------------------

SITE_CATALOGUE = r'''
    msgid ""
    msgstr ""
    "Language: fr\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"

    msgid "Skip to content"
    msgstr "Aller au contenu"

    msgid "Compared with the baseline"
    msgstr "Par rapport à la référence"

    msgid "%(title)s: %(num)d fact-check(s)."
    msgid_plural "%(title)s: %(num)d fact-check(s)."
    msgstr[0] "%(title)s : %(num)d vérification."
    msgstr[1] "%(title)s : %(num)d vérifications."

    msgid "%(num)d fact-check found for “%(query)s”."
    msgid_plural "%(num)d fact-checks found for “%(query)s”."
    msgstr[0] "%(num)d vérification trouvée pour « %(query)s »."
    msgstr[1] "%(num)d vérifications trouvées pour « %(query)s »."
'''


def meta_description(html: str) -> str:
    return unescape(re.search(r'<meta name="description" content="([^"]*)">', html).group(1))


def test_a_sites_catalogue_overrides_single_messages_everywhere_they_are_made(fixture_site, run_cli):
    site = french(fixture_site)
    write_catalogue(site, SITE_CATALOGUE)
    out = build(site, run_cli)
    package = messages("fr")  # what the package itself says in French (English while it has no catalogue)
    claim = (out / "claims/six-million/index.html").read_text(encoding="utf-8")
    # A template's message:
    assert '<a class="skip-link" href="#main">Aller au contenu</a>' in claim
    # Python's (costs.py): the table's column and each cell's label.
    assert '<th scope="col" class="cost-num">Par rapport à la référence</th>' in claim
    assert 'data-label="Par rapport à la référence"' in claim
    # Python's plural, by French rules (0 and 1 singular): two entries, then one.
    two = (out / "tags/gpus/index.html").read_text(encoding="utf-8")
    assert meta_description(two) == f"{package('Tag: %(tag)s', tag='gpus')} : 2 vérifications."
    one = (out / "claimants/example-news/index.html").read_text(encoding="utf-8")
    assert meta_description(one) == f"{package('Claims by %(claimant)s', claimant='Example News')} : 1 vérification."
    # The search script's data: each CLDR category of French with the form the catalogue gives it
    # (1,000,000 is "many" in CLDR, plural in the catalogue).
    search = script_messages((out / "search/index.html").read_text(encoding="utf-8"), "search-messages")
    assert search["found_query"] == {"one": "%(num)d vérification trouvée pour « %(query)s ».",
                                     "many": "%(num)d vérifications trouvées pour « %(query)s ».",
                                     "other": "%(num)d vérifications trouvées pour « %(query)s »."}
    # Every other message as the package has it.
    assert search["loading"] == package("Loading the search index…")
    assert search["found"]["other"] == package.plural_forms("%(num)d fact-check found.", "%(num)d fact-checks found.")["other"]
    assert f'<li><a href="/sub/claims/">{escape(package("All checks"))}</a></li>' in claim
    assert f'<h2 id="sources-heading">{escape(package("Sources"))}</h2>' in claim


def test_a_sites_catalogue_is_read_only_for_its_language(fixture_site, run_cli):
    write_catalogue(fixture_site, SITE_CATALOGUE)  # fr.po, on an English site
    out = build(fixture_site, run_cli)
    claim = (out / "claims/six-million/index.html").read_text(encoding="utf-8")
    assert '<a class="skip-link" href="#main">Skip to content</a>' in claim
    assert "Par rapport" not in claim


# ---- Pseudo-translation: no interface word escapes the catalogue ---------------------------------

# Words of the interface (the fixture's own content is taken out first): any left outside a marked
# message is a string that does not come from the catalogue.
INTERFACE_WORDS = (
    "search", "verdict", "claimant", "published", "updated", "share", "sources", "source", "analysis", "correction",
    "figure", "topic", "tags", "costs", "cost comparison", "page", "skip", "made by", "appeared", "date not known",
    "report", "email", "copy", "link", "browse", "comparison", "disclosed", "estimate", "reported", "claimed",
    "baseline", "total", "amount", "number of", "kind", "what it counts", "scale", "bar chart", "retracted",
    "latest", "featured", "newer", "older", "contents", "loading", "results", "none given", "not stated",
    "fact-check", "all checks", "menu", "main", "about this site", "this page", "archived", "accessed", "cited",
    "contact", "issue tracker", "suggest", "order", "best match", "newest", "anyone", "any", "error", "claim",
    # and the little words every English sentence has: on a pseudo-translated page, only inside marked messages
    # (the figures' and dates' words come in the locale's language, fr-FR here):
    "the", "of", "and", "or", "in", "on", "by", "to", "for", "with", "is", "are", "not", "this", "what", "it", "its",
    "no", "from", "each", "every", "all", "more", "than", "here", "yet", "so far", "we",
)
WORDS = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in INTERFACE_WORDS) + r")", re.IGNORECASE)
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt", "data-label")
SHOWN_META = ("description", "og:title", "og:description", "og:site_name")


class PageText(HTMLParser):
    """What a reader sees or hears of a page: its text (scripts and styles aside), the attributes
    shown or read out, its head's descriptions, and the JSON data handed to its scripts."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.attributes: list[str] = []
        self.data: list[tuple[str, str]] = []  # (element id, JSON text) of <script type="application/json">
        self._script: tuple[str, str] | None = None
        self._skipping = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.attributes += [attrs[name] for name in SHOWN_ATTRIBUTES if attrs.get(name)]
        href = attrs.get("href", "") if tag == "a" else ""
        if href.startswith("mailto:") or "/issues/new?" in href:  # what a report's email or issue opens with
            fields = parse_qs(urlsplit(href).query)
            self.attributes += [value for name in ("subject", "body", "title") for value in fields.get(name, ())]
        if tag == "meta" and (attrs.get("name") in SHOWN_META or attrs.get("property") in SHOWN_META):
            self.attributes.append(attrs.get("content", ""))
        if tag in ("script", "style"):
            self._skipping += 1
            if tag == "script" and attrs.get("type") == "application/json":
                self._script = (attrs.get("id", ""), "")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1
            if self._script is not None:
                self.data.append(self._script)
                self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script = (self._script[0], self._script[1] + data)
        elif not self._skipping:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return normal("\n".join(self.chunks))


def normal(text: str) -> str:
    return " ".join(text.split())


def unmarked(text: str) -> str:
    """`text` without its marked messages (nested ones too: a message may hold another)."""
    out, depth = [], 0
    for char in text:
        if char == START:
            depth += 1
        elif char == END:
            assert depth > 0, f"a message's end without its start: {text!r}"
            depth -= 1
        elif depth == 0:
            out.append(char)
    assert depth == 0, f"a message without its end: {text!r}"
    return "".join(out)


def content_strings(site: Path) -> list[str]:
    """Every text of the site's own content (site.yaml, entries, pages, bodies), longest first: it is
    in English whatever the interface's language, and is taken out before looking for words. (The
    bodies are read with every message empty: the interface's words in them are no content.)"""
    config = load_config(site, None)
    content = load_content(site, config, drafts=True, msg=Messages(Silent(), config.language))
    found = [config.title, config.description, config.organisation.name, config.search_hint or ""]
    found += [text for person in config.team for text in (person.name, person.role, person.bio or "")]
    found += [text for verdict in config.verdicts for text in (verdict.label, verdict.meaning)]
    for claim in content.claims:
        found += [claim.title, claim.claim, claim.claim_excerpt or "", claim.summary, claim.claimant.name, claim.author,
                  *claim.tags, *(c.note for c in claim.corrections), claim.retracted.note if claim.retracted else ""]
        found += [*claim.appearances, claim.claimant.url or "", *claim.claimant.same_as]
        for source in claim.sources:
            found += [source.title, source.publisher or "", source.quote or "", source.url or "", source.archive or ""]
        for comparison in claim.comparisons:
            found += [comparison.title, comparison.note or ""]
            found += [text for row in comparison.rows for text in (row.label, row.basis or "")]
    found += [text for page in content.pages for text in (page.title, page.description or "")]
    found += [PageText(html).text for html in content.html.values()]
    found += SERVICES
    return sorted({normal(text) for text in found if normal(text)}, key=len, reverse=True)


SERVICES = ["Bluesky", "LinkedIn", "Facebook"]  # the share links' services: their names are names


class Silent(NullTranslations):
    """Every message empty."""

    def gettext(self, message: str) -> str:
        return ""

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return ""


def left_over(text: str, content: list[str]) -> list[str]:
    """The interface words left in `text` outside its marked messages and the site's own content."""
    text = normal(unmarked(text))
    for own in content:  # (whole words only: a one-letter tag must not break a word in two)
        text = re.sub(rf"(?<![\w-]){re.escape(own)}(?![\w-])", " ", text)
    text = re.sub(r"\b(?:https?|mailto):\S+", " ", text)  # addresses are no words
    text = re.sub(r"<iframe\b[^>]*></iframe>", " ", text)  # nor is the embed snippet's code
    return [text[max(0, m.start() - 30): m.end() + 30] for m in WORDS.finditer(text)]


def pseudo_catalogue() -> str:
    """messages.pot as a French catalogue with every message marked: §message‡."""
    with open(TEMPLATE, "rb") as handle:
        catalogue = read_po(handle, locale="fr")
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            singular, plural = message.id
            message.string = tuple(f"{START}{singular if n == 0 else plural}{END}"
                                   for n in range(catalogue.num_plurals))
        else:
            message.string = f"{START}{message.id}{END}"
    buffer = BytesIO()
    write_po(buffer, catalogue)
    return buffer.getvalue().decode("utf-8")


# More entries than the fixture has, so that every kind of text is made: a breakdown of a total,
# ranges and bounds, every kind of figure, several appearances of a dated claim, a featured entry,
# and more than ten comparisons in one unit (the unit gets its own pages).
BREAKDOWN = """\
---
claim: "The whole run cost $6 million, most of it pre-training."
claimant: Example Lab
claim_date: 2025-01-22
appearances: [https://www.example.net/one, https://example.org/two, https://example.com/three]
verdict: accurate
summary: The parts add up.
published: 2025-02-05
featured: true
sources:
  - id: lab
    title: Lab Paper
    url: https://example.com/lab
  - title: Second Paper
comparisons:
  - title: Inside the run
    unit: USD
    total: whole
    rows:
      - {label: Pre-training, value: 5328000, kind: disclosed, basis: the first stage, source: lab}
      - {label: Context extension, value: 238000, kind: reported, basis: reported by staff}
      - {label: Post-training, value: 10000, kind: claimed, basis: as claimed}
      - {id: whole, label: Whole run, value: 5576000, kind: disclosed, basis: all stages, source: lab}
  - title: Bounds
    unit: GPU-hours
    rows:
      - {label: A range, min: 1000, max: 3000, kind: estimate, basis: a guess}
      - {label: An upper bound, max: 500, kind: estimate, basis: a guess}
      - {label: A lower bound, min: 20, kind: reported, basis: a guess}
---
The parts of the run.
"""


def more_content(site: Path) -> None:
    claims = site / "content" / "claims"
    (claims / "breakdown.md").write_text(BREAKDOWN, encoding="utf-8")
    for n in range(10):
        (claims / f"spend-{n}.md").write_text(textwrap.dedent(f"""\
            ---
            claim: "Spend number {n} was small."
            claimant: Example Lab
            verdict: false
            summary: It was not.
            published: 2025-03-{n + 1:02d}
            sources:
              - title: Ledger {n}
              - title: Journal {n}
            comparisons:
              - title: Spend {n}
                unit: USD
                rows:
                  - {{label: Spend, value: {1000 + n}, kind: estimate, basis: the ledger}}
            ---
            Body {n}.
            """), encoding="utf-8")


def test_a_pseudo_translation_leaves_no_interface_word_unmarked(fixture_site, run_cli):
    site = french(fixture_site)
    more_content(site)
    write_catalogue(site, pseudo_catalogue())
    out = build(site, run_cli)
    content = content_strings(site)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 30 and (out / "costs/usd/index.html").is_file()  # every kind of page, a unit's own too
    found, data_seen = [], set()
    for path in pages:
        name = path.relative_to(out).as_posix()
        page = PageText(path.read_text(encoding="utf-8"))
        found += [f"{name}: …{snippet}…" for snippet in left_over(page.text, content)]
        for value in page.attributes:
            found += [f"{name} (attribute {value!r}): …{snippet}…" for snippet in left_over(normal(value), content)]
        for element, text in page.data:
            data_seen.add(element)
            for leaf in leaves(json.loads(text)):
                if not (leaf.startswith(START) and leaf.endswith(END)):
                    found.append(f"{name} ({element}): {leaf!r} is not from the catalogue")
    assert not found, "interface text outside the catalogue:\n" + "\n".join(found[:40])
    assert data_seen == {"search-messages", "share-messages"}
    search = script_messages((out / "search/index.html").read_text(encoding="utf-8"), "search-messages")
    assert set(search["found"]) == {"one", "many", "other"}  # French's CLDR categories
    for feed in sorted(out.rglob("feed.xml")):  # the verdicts' feeds: their titles and entries' summaries
        xml = feed.read_text(encoding="utf-8")
        if "verdicts/" in feed.relative_to(out).as_posix():
            assert re.search(rf"<title>{START}[^<]*{END}</title>", xml), feed
        assert all(summary.startswith(START) for summary in re.findall(r"<summary>([^<]*)</summary>", xml)), feed


def leaves(value) -> list[str]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in leaves(item)]
    return [value] if isinstance(value, str) else []


def test_the_pseudo_check_finds_an_interface_word_left_in_english():
    """The check above can fail: an unmarked word is found, a marked one (nested too) and the
    content's own words are not."""
    content = ["Was the model trained for $6 million?", "Example AI"]
    [snippet] = left_over("§Made by ‡Example AI · Published 3 mars", content)
    assert "Published" in snippet
    assert left_over("§§All fact-checks‡ (page 2 of 3)‡ Was the model trained for $6 million?", content) == []
    with pytest.raises(AssertionError):
        unmarked("§Search")
