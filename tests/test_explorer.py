"""The /costs/ explorer: every comparison listed once, grouped by unit, with its fact-check's verdict
and headline figures, linking to the full table; pages bounded however large the archive."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import jinja2

from site_gen import paths
from site_gen.i18n import messages
from site_gen.model import Claim, Claimant, Comparison, CostRow, Source
from site_gen.present import explorer
from site_gen.present.views import ClaimCard, DateView, VerdictBadge
from site_gen.site import Link

PROJECT = Path(__file__).resolve().parents[1]
BASE = "/sub/"
ENGLISH = messages("en")  # the interface as the code writes it


def row(label: str, value: str, kind: str = "disclosed", **extra) -> CostRow:
    return CostRow(label, kind, value=Decimal(value), basis="what it counts", **extra)


def claim(slug: str, *comparisons: Comparison, day: int = 1, featured: bool = False) -> Claim:
    return Claim(path=f"content/claims/{slug}.md", slug=slug, title=f"Title of {slug}", claim="A claim.",
                 claimant=Claimant("Someone"), verdict="misleading", summary="…",
                 published=dt.date(2025, 1, 1) + dt.timedelta(days=day), author="Desk",
                 sources=(Source("A source", id="s"),), comparisons=comparisons, featured=featured)


MONEY = Comparison("What it cost", "USD", (row("Run", "5576000", id="run"), row("Fleet", "1.6e9", "estimate")),
                   baseline="run")
GPUS = Comparison("GPUs", "GPUs", (row("Cluster", "2048"), row("Fleet", "50000", "estimate")))
BREAKDOWN = Comparison("Inside the run", "USD", (
    row("Pre-training", "5328000"), row("Context", "238000"), row("Post", "10000"),
    row("Total", "5576000", id="total")), total="total")


def card(c: Claim) -> ClaimCard:
    return ClaimCard(c.slug, f"claims/{c.slug}/", c.title, c.claim, Link("Someone", "claimants/someone/"),
                     VerdictBadge("misleading", "Misleading", "verdicts/misleading/", "!"), c.summary,
                     DateView(c.published.isoformat(), str(c.published)))


def render(template: str, **context) -> str:
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.DictLoader({"base.html": "<!doctype html><html><head>{% block head %}{% endblock %}</head>"
                                            "<body>{% block content %}{% endblock %}</body></html>"}),
            jinja2.FileSystemLoader(PROJECT / "templates")]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"])
    env.install_null_translations(newstyle=True)  # English, as render.make_environment without a catalogue
    env.globals.update(url=lambda path="": BASE + path.lstrip("/"), asset=lambda name: f"{BASE}static/{name}",
                       paths=paths)
    return env.get_template(template).render(**context)


def front_page(found: explorer.Plan) -> str:
    def items(entries):
        return tuple(explorer.item(e, "en-US", card, msg=ENGLISH) for e in entries)

    from types import SimpleNamespace
    return render("costs.html", page=SimpleNamespace(title="Cost comparisons"), count=found.count,
                  downloads=("costs/all.csv", "costs/all.json"),
                  featured=items([found.featured])[0] if found.featured else None,
                  groups=tuple((g, items(g.front)) for g in found.groups))


class Outline(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_comparisons_are_grouped_by_unit_most_first_and_the_featured_one_leads():
    claims = [claim("newest", GPUS, day=3), claim("middle", MONEY, BREAKDOWN, day=2, featured=True),
              claim("plain", day=1)]
    found = explorer.plan(claims, [c for c in claims if c.featured])
    assert [(g.unit_name, g.path, [(e.claim.slug, e.number) for e in g.entries]) for g in found.groups] == [
        ("US dollars", "costs/usd/", [("middle", 1), ("middle", 2)]),
        ("GPUs", "costs/gpus/", [("newest", 1)]),
    ]
    assert (found.featured.claim.slug, found.featured.number) == ("middle", 1)
    assert found.count == 3


def test_an_item_names_its_fact_check_and_verdict_and_its_headline_figures():
    breakdown = explorer.item(explorer.Entry(claim("x", MONEY, BREAKDOWN), 2), "en-US", card, msg=ENGLISH)
    assert breakdown.path == "claims/x/#cost-x-2"  # the full table on the claim page
    assert breakdown.card.verdict.label == "Misleading"
    # a breakdown's total first, then its parts, three in all; the rest counted
    assert [(f.label, f.figure, f.role, f.role_label) for f in breakdown.figures] == [
        ("Total", "$5.58 million", "total", "total"), ("Pre-training", "$5.33 million", None, None),
        ("Context", "$238,000", None, None)]
    assert (breakdown.more, breakdown.breakdown, breakdown.kinds) == (1, True, "Disclosed")
    mixed = explorer.item(explorer.Entry(claim("x", MONEY), 1), "en-US", card, msg=ENGLISH)
    assert mixed.kinds == "Disclosed and estimate" and mixed.figures[0].role == "baseline"


def test_the_costs_page_lists_each_comparison_without_its_table_or_chart():
    claims = [claim("a", MONEY, BREAKDOWN, featured=True), claim("b", GPUS, day=2)]
    html = front_page(explorer.plan(claims, claims[:1]))
    tags = Outline(html)
    assert not [t for t, _ in tags.tags if t in ("table", "svg")]  # those live on the claim pages
    hrefs = [a.get("href") for t, a in tags.tags if t == "a"]
    assert f"{BASE}claims/a/#cost-a-1" in hrefs and f"{BASE}claims/b/#cost-b-1" in hrefs
    assert f"{BASE}costs/all.csv" in hrefs and f"{BASE}costs/all.json" in hrefs
    assert "#unit-usd" in hrefs and "#unit-gpus" in hrefs  # the contents
    assert html.index("Featured comparison") < html.index("Contents") < html.index('id="unit-usd"')
    assert html.count("badge--misleading") == 4  # the featured one, then three in their groups
    assert all(a.get("style") is None for _, a in tags.tags)


def test_pages_stay_bounded_at_ten_thousand_entries():
    """No /costs/ page grows with the archive: the front page lists FRONT_ITEMS a unit, a unit's own
    pages PER_PAGE each."""
    claims = [claim(f"e{i:05d}", MONEY, GPUS, day=i) for i in range(10_000)]
    found = explorer.plan(claims, [])
    front = front_page(found)
    assert front.count('class="cost-item"') == explorer.FRONT_ITEMS * 2
    assert len(front.encode()) < 60_000
    usd = found.groups[0]
    assert usd.has_own_pages and len(usd.pages()) == 10_000 // explorer.PER_PAGE
    page = usd.pages()[-1]
    html = render("costs_unit.html", heading="Cost comparisons in US dollars", group=usd, pagination=page,
                  page=None, items=tuple(explorer.item(e, "en-US", card, msg=ENGLISH) for e in page.items))
    assert html.count('class="cost-item"') == explorer.PER_PAGE
    assert len(html.encode()) < 150_000
