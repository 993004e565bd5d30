"""Every field an editor writes that reaches a page is printed as text, never as markup.

A copy of the fixture site where each such field (front matter of fact-checks and pages, site.yaml)
holds its own payload, `<x-esc-N>"'&`, is built; then in every HTML and XML file:

- the payload's tag never appears raw (`<x-esc-N>`): only escaped (`&lt;x-esc-N&gt;`), or as
  `\\u003cx-esc-N\\u003e` in JSON script data (present/jsonld.py's script_json, which
  tests/test_xss_browser.py checks in Chromium);
- an attribute or a JSON string that holds a payload holds all of it (its quotes did not end the
  attribute early);
- every payload appears somewhere, escaped: a field that stopped being shown cannot pass unseen.

The check itself is tested: a template that prints a field with `|safe` is reported.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from site_gen.build import build
from site_gen.model import ContentError
from site_gen.present.jsonld import script_json

PAYLOAD = "<x-esc-{n}>\"'&"
URL_PAYLOAD = "https://example.com/x-esc-{n}/?a='&b"  # a URL holds no < > " (load/reader.py's Url)
SCANNED = (".html", ".xml", ".svg", ".xsl")
RAW_TAG = re.compile(r"<x-esc-(\d+)>", re.IGNORECASE)
ESCAPED = ("&lt;x-esc-{n}&gt;", "&#60;x-esc-{n}&#62;", "&#x3c;x-esc-{n}&#x3e;", "\\u003cx-esc-{n}\\u003e")


class Payloads:
    """One payload per field, numbered: `text(field)` for text, `url(field)` for a URL."""

    def __init__(self) -> None:
        self.fields: dict[int, str] = {}  # n -> the field it was put in
        self.values: dict[int, str] = {}

    def text(self, field: str) -> str:
        return self._new(field, PAYLOAD)

    def url(self, field: str) -> str:
        return self._new(field, URL_PAYLOAD)

    def _new(self, field: str, pattern: str) -> str:
        n = len(self.fields) + 1
        self.fields[n], self.values[n] = field, pattern.format(n=n)
        return self.values[n]


def front_matter(path: Path, change) -> None:
    """Rewrite a Markdown file's front matter: parsed, changed by `change(mapping)`, written back."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(head)
    change(data)
    path.write_text(f"---\n{dump(data)}---\n{body}", encoding="utf-8")


def dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def put_payloads(root: Path) -> Payloads:
    """Every field that reaches HTML, in the fixture site's files, given its own payload."""
    p = Payloads()
    config = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))
    config["title"] = p.text("site.yaml title")
    config["description"] = p.text("site.yaml description")
    config["organisation"]["name"] = p.text("site.yaml organisation.name")
    for i, verdict in enumerate(config["verdicts"]):
        verdict["label"] = p.text(f"site.yaml verdicts[{i}].label")
        verdict["meaning"] = p.text(f"site.yaml verdicts[{i}].meaning")
    # Tags are keys (a-z, 0-9, -: test_a_tag_cannot_carry_markup); how a tag is shown is site.yaml's.
    config["tags"] = {"gpus": p.text("site.yaml tags.gpus"), "training-cost": p.text("site.yaml tags.training-cost")}
    for i, member in enumerate(config["team"]):
        member["name"] = p.text(f"site.yaml team[{i}].name")
        member["role"] = p.text(f"site.yaml team[{i}].role")
        member["bio"] = p.text(f"site.yaml team[{i}].bio")
    (root / "site.yaml").write_text(dump(config), encoding="utf-8")
    author, reviewer = config["team"][0]["name"], config["team"][1]["name"]

    def six_million(claim: dict) -> None:
        claim["claim"] = p.text("six-million claim")
        claim["claimant"]["name"] = p.text("six-million claimant.name")
        claim["claimant"]["url"] = p.url("six-million claimant.url")
        claim["title"] = p.text("six-million title")
        claim["summary"] = p.text("six-million summary")
        for i, source in enumerate(claim["sources"]):
            source["title"] = p.text(f"six-million sources[{i}].title")
            source["publisher"] = p.text(f"six-million sources[{i}].publisher")
        claim["sources"][0]["quote"] = p.text("six-million sources[0].quote")
        table = claim["comparisons"][0]
        table["title"] = p.text("six-million comparisons[0].title")
        table["note"] = p.text("six-million comparisons[0].note")
        for i, row in enumerate(table["rows"]):
            row["label"] = p.text(f"six-million comparisons[0].rows[{i}].label")
            row["basis"] = p.text(f"six-million comparisons[0].rows[{i}].basis")
        claim["corrections"][0]["note"] = p.text("six-million corrections[0].note")
        claim["author"], claim["reviewer"] = author, reviewer

    def gpu_count(claim: dict) -> None:  # a claimant given as a plain name
        claim["claimant"] = p.text("gpu-count claimant")

    def withdrawn(claim: dict) -> None:
        claim["retracted"]["note"] = p.text("withdrawn-check retracted.note")
        claim["corrections"][0]["note"] = p.text("withdrawn-check corrections[0].note")

    claims = root / "content/claims"
    front_matter(claims / "six-million.md", six_million)
    front_matter(claims / "gpu-count.md", gpu_count)
    front_matter(claims / "withdrawn-check.md", withdrawn)
    for page in ("about", "methodology"):
        def change(data: dict, page: str = page) -> None:
            data["title"] = p.text(f"{page}.md title")
            data["description"] = p.text(f"{page}.md description")
        front_matter(root / "content/pages" / f"{page}.md", change)
    return p


def escaping_problems(out: Path, payloads: Payloads) -> list[str]:
    """What the built site prints as markup (or cuts short) of the payloads, and the payloads it
    does not show at all."""
    problems: list[str] = []
    seen: set[int] = set()
    for path in sorted(out.rglob("*")):
        if path.suffix not in SCANNED or not path.is_file():
            continue
        rel = path.relative_to(out).as_posix()
        text = path.read_text(encoding="utf-8")
        for raw in RAW_TAG.finditer(text):
            n = int(raw.group(1))
            context = text[max(0, raw.start() - 60):raw.end() + 20].replace("\n", " ")
            problems.append(f"{rel}: raw markup of {payloads.fields.get(n, '?')}: …{context}…")
        for n, value in payloads.values.items():
            if value.startswith("<"):
                if any(form.format(n=n) in text for form in ESCAPED) or f"&amp;lt;x-esc-{n}&amp;gt;" in text:
                    seen.add(n)
            elif value.replace("&", "&amp;").replace("'", "&#39;") in text or script_json(value)[1:-1] in text:
                seen.add(n)  # (a URL: in an attribute, or in JSON-LD)
        if path.suffix == ".html":
            problems += [f"{rel}: {problem}" for problem in _cut_short(text, payloads)]
    problems += [f"{payloads.fields[n]}: its payload {payloads.values[n]!r} is on no page"
                 for n in payloads.values if n not in seen]
    return problems


class _Values(HTMLParser):
    """Attribute values (decoded) and script contents of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.scripts: list[tuple[str, str]] = []  # (type, text)
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [(tag, name, value) for name, value in attrs if value]
        if tag == "script":
            self._script = dict(attrs).get("type") or ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def _cut_short(page: str, payloads: Payloads) -> list[str]:
    """Attributes and JSON strings holding part of a payload but not all of it: a quote of the
    payload ended the attribute or the string."""
    parser = _Values()
    parser.feed(page)
    found: list[str] = []
    for tag, name, value in parser.attributes:
        found += [f"<{tag} {name}> holds {payloads.fields[n]} cut short: {value!r}"
                  for n in _parts(value, payloads) if payloads.values[n] not in value]
    for kind, text in parser.scripts:
        if "json" not in kind:
            continue
        for string in _strings(json.loads(text)):
            found += [f"JSON in <script type={kind}> holds {payloads.fields[n]} cut short: {string!r}"
                      for n in _parts(string, payloads) if payloads.values[n] not in string]
    return found


def _parts(value: str, payloads: Payloads) -> list[int]:
    """The payloads `value` holds the start of (the tag, or the URL up to its query)."""
    return [n for n, full in payloads.values.items() if full.split('"')[0].split("'")[0] in value]


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


@pytest.fixture
def escaping_site(fixture_site: Path) -> tuple[Path, Payloads]:
    return fixture_site, put_payloads(fixture_site)


def built(root: Path) -> Path:
    out = root.parent / "out"
    build(root, out, base_url="https://example.org/sub/", search=False)
    return out


def test_every_field_that_reaches_a_page_is_printed_as_text(escaping_site):
    root, payloads = escaping_site
    assert len(payloads.values) >= 45  # (the fields above: if one is dropped from the list, say so here)
    assert escaping_problems(built(root), payloads) == []


def test_the_check_reports_a_field_printed_with_safe(escaping_site):
    """The same site with a template that prints the claim's title with `|safe`, as a template
    written carelessly would: the check names the page and the field."""
    root, payloads = escaping_site
    template = root / "templates/claim.html"
    assert "{{ claim.card.title }}" in template.read_text(encoding="utf-8")
    template.write_text(template.read_text(encoding="utf-8").replace("{{ claim.card.title }}",
                                                                     "{{ claim.card.title|safe }}"), encoding="utf-8")
    problems = escaping_problems(built(root), payloads)
    title = next(n for n, field in payloads.fields.items() if field == "six-million title")
    assert problems and all("six-million title" in problem for problem in problems), problems
    assert any(problem.startswith("claims/six-million/index.html: raw markup of six-million title: ")
               and f"<x-esc-{title}>" in problem for problem in problems), problems


def test_the_check_reports_a_quote_that_ends_an_attribute(escaping_site):
    """A template that escapes < and > but not quotes (a hand-made filter) lets a payload's quote
    end the attribute: the check sees the attribute cut short."""
    root, payloads = escaping_site
    template = root / "templates/claim.html"
    text = template.read_text(encoding="utf-8")
    assert "<h1 " in text
    template.write_text(text.replace(
        "<h1 ", "<h1 data-x=\"{{ claim.card.title|replace('<', '&lt;')|replace('>', '&gt;')|safe }}\" ", 1),
        encoding="utf-8")
    problems = escaping_problems(built(root), payloads)
    assert problems and all("<h1 data-x> holds six-million title cut short" in problem for problem in problems), problems


def test_a_tag_cannot_carry_markup(fixture_site):
    """Tags are keys (a-z, 0-9, single hyphens): markup is refused, with the file and line."""
    front_matter(fixture_site / "content/claims/gpu-count.md", lambda claim: claim.update(tags=["<x-esc-0>"]))
    with pytest.raises(ContentError) as refused:
        build(fixture_site, fixture_site.parent / "out", search=False)
    assert any(p.path == "content/claims/gpu-count.md" and p.field == "tags[0]" for p in refused.value.problems), \
        refused.value.problems
