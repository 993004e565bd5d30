"""The content contract: front-matter schemas, cross-field checks, and the frozen Claim/Page.

Field types and their messages live in reader.py; this module says which fields exist, which are
required, and what must hold between them (updated >= published, cited ids resolve, ...).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from site_gen.figures.numbers import plain
from site_gen.figures.units import unit_problem
from site_gen.load.reader import (
    Bool,
    Choice,
    Date,
    Either,
    Field,
    Fields,
    Integer,
    Key,
    ListOf,
    Number,
    Reader,
    Record,
    Text,
    Url,
)
from site_gen.model import (
    ROW_KINDS,
    Claim,
    Claimant,
    Comparison,
    Correction,
    CostRow,
    Page,
    Retraction,
    SiteConfig,
    Source,
)

SOURCE = Record({
    "id": Field(Key(), help="lets the body ([^id]) and cost rows (source: id) cite this source"),
    "title": Field(Text(300), required=True),
    "publisher": Field(Text(200)),
    "url": Field(Url()),
    "date": Field(Date()),
    "accessed": Field(Date()),
    "archive": Field(Url(), help="an archived copy, e.g. on the Wayback Machine"),
    "quote": Field(Text(2000), help="the passage relied on"),
}, "a source (title, publisher, url, date ...)")

ROW = Record({
    "id": Field(Key(), help="lets `baseline` name this row"),
    "label": Field(Text(200), required=True),
    "value": Field(Number()),
    "min": Field(Number(), help="a lower bound: shown as 'more than'"),
    "max": Field(Number(), help="an upper bound: shown as 'up to'; with min, a range"),
    "approx": Field(Bool(), help="shown as 'about'"),
    "basis": Field(Text(300), required=True, help="what exactly the figure counts"),
    "kind": Field(Choice(ROW_KINDS), required=True),
    "source": Field(Key(), help="the id of one of this entry's sources"),
}, "a row (label, value, basis, kind, source)")

COMPARISON = Record({
    "title": Field(Text(200), required=True),
    "unit": Field(Text(40), required=True, help="an ISO 4217 code (USD) or a count unit (GPUs)"),
    "baseline": Field(Key(), help="the id of the row that ratios are computed against"),
    "total": Field(Key(), help="the id of the row the other rows add up to: the table is a breakdown of it"),
    "note": Field(Text(1000)),
    "rows": Field(ListOf(ROW, min_items=1, max_items=30), required=True),
}, "a comparison (title, unit, rows)")

CORRECTION = Record({
    "date": Field(Date(), required=True),
    "note": Field(Text(1000), required=True),
}, "a correction (date, note)")

RETRACTION = Record({
    "date": Field(Date(), required=True),
    "note": Field(Text(1000), required=True, help="why the fact-check is withdrawn"),
}, "a retraction (date, note)")

CLAIMANT = Either(Text(200), Record({
    "name": Field(Text(200), required=True),
    "url": Field(Url()),
    "same_as": Field(ListOf(Url(), max_items=20)),
}, "a claimant (name, url, same_as)"))


class TeamMember(Choice):
    """A name from site.yaml's `team:` (an entry's author or reviewer), exactly as the team lists it."""

    @property
    def describe(self) -> str:  # type: ignore[override]  # (Type's is a class attribute; this one is only read)
        names = self.choices
        return f"a name from site.yaml's team ({', '.join(names)})" if names else \
            "a name from site.yaml's team (it lists nobody yet: add the person under team: first)"


def claim_schema(verdict_keys: Callable[[], tuple[str, ...]] | tuple[str, ...],
                 team: tuple[str, ...] = (), extra: Mapping[str, Field] | None = None) -> Record:
    """The front matter of a fact-check, with the plugins' `extra` fields (plugins.py) after the
    built-in ones (a plugin cannot replace one: its name would be taken)."""
    fields = _claim_fields(verdict_keys, team)
    return Record({**fields, **{name: f for name, f in (extra or {}).items() if name not in fields}},
                  "the front matter of a fact-check")


def _claim_fields(verdict_keys: Callable[[], tuple[str, ...]] | tuple[str, ...], team: tuple[str, ...]) -> dict[str, Field]:
    return {
        "claim": Field(Text(1000), required=True, help="the exact wording rated"),
        "claimant": Field(CLAIMANT, required=True),
        "claim_excerpt": Field(Text(300), help="the claim's key words, cut with … (a phone shows them first)"),
        "claim_date": Field(Date()),
        "appearances": Field(ListOf(Url(), max_items=50), help="where the claim appeared; the first is the first appearance"),
        "verdict": Field(Choice(verdict_keys), required=True),
        "summary": Field(Text(1500), required=True),
        "published": Field(Date(), required=True),
        "updated": Field(Date()),
        "title": Field(Text(200)),
        "slug": Field(Key()),
        "author": Field(TeamMember(team), help="who wrote the check (by default the organisation)"),
        "reviewer": Field(TeamMember(team), help="who reviewed it before publication"),
        "tags": Field(ListOf(Key(), max_items=30)),
        "draft": Field(Bool()),
        "featured": Field(Bool(), help="shown first on the home page and on /costs/"),
        "sources": Field(ListOf(SOURCE, min_items=1, max_items=100), required=True),
        "comparisons": Field(ListOf(COMPARISON, max_items=20)),
        "corrections": Field(ListOf(CORRECTION, max_items=100)),
        "retracted": Field(RETRACTION, help="withdraws a published fact-check: its page stays with this notice, "
                                            "and it leaves listings, feeds, claims.json and search"),
    }


BUILT_IN_FIELDS = frozenset(_claim_fields((), ()))


PAGE_SCHEMA = Record({
    "title": Field(Text(200), required=True),
    "description": Field(Text(500), required=True),
    "slug": Field(Key()),
    "nav_order": Field(Integer(0, 99)),
    "verdict_scale": Field(Bool(), help="append the verdict scale from site.yaml"),
    "contact": Field(Bool(), help="append the contact routes from site.yaml"),
    "draft": Field(Bool(), help="not published yet (init's starter pages): its TODOs are warnings until "
                                "draft: true goes, then errors"),
    "team": Field(Bool(), help="append the team from site.yaml (the about page)"),
    "featured": Field(Bool(), help="linked from the home page (an overview that answers the site's main question)"),
    "draws_on": Field(ListOf(Key(), max_items=100), help="slugs of the fact-checks this page draws on: each links "
                      "back to it"),
    "sources": Field(ListOf(SOURCE, max_items=100), help="what the page's tables cite, as in a fact-check"),
    "comparisons": Field(ListOf(COMPARISON, max_items=20), help="cost-comparison tables, as in a fact-check"),
}, "the front matter of a page")


# A claim longer than this shows on a phone with its verdict only if it has a claim_excerpt.
LONG_CLAIM = 200


def check_claim(f: Fields, r: Reader) -> None:
    """Checks between fields; each points at the field the editor has to change."""
    claim, excerpt = f.get("claim"), f.get("claim_excerpt")
    if claim and excerpt and not is_excerpt(excerpt, claim):
        r.report(f.nodes["claim_excerpt"], "claim_excerpt", "expected the claim's own words in their order, cut "
                 f"with …, got {excerpt!r}, which the claim does not contain")
    elif claim and not excerpt and len(claim) > LONG_CLAIM and "claim" in f.nodes:
        r.report(f.nodes["claim"], "claim", f"expected a claim_excerpt for a claim over {LONG_CLAIM} characters "
                 f"(a phone shows it with the verdict in its first screen), got {len(claim)} characters and none",
                 warning=True)
    published, updated = f.get("published"), f.get("updated")
    if published and updated and updated < published:
        r.report(f.nodes["updated"], "updated", f"expected a date on or after published ({published}), got '{updated}'")
    retracted = f.get("retracted")
    if published and isinstance(retracted, Fields) and retracted.get("date") and retracted.get("date") < published:
        r.report(retracted.nodes["date"], "retracted.date",
                 f"expected a date on or after published ({published}), got '{retracted.get('date')}'")
    if "sources" in f.nodes and len(getattr(f.nodes["sources"], "value", ())) == 1:
        r.report(f.nodes["sources"], "sources", "expected at least two independent sources, got 1", warning=True)
    check_tables(f, r)


def check_tables(f: Fields, r: Reader) -> None:
    """A fact-check's or a page's sources and cost tables: ids unique, every row's source listed."""
    sources = [s for s in f.get("sources", ()) if s is not None]
    source_ids = [s.get("id") for s in sources if s.get("id")]
    _unique(r, sources, "id", "sources", "source id")
    for i, comparison in enumerate(f.get("comparisons", ())):
        if comparison is not None:
            _check_comparison(comparison, f"comparisons[{i}]", source_ids, r)


def _check_comparison(c: Fields, path: str, source_ids: list[str], r: Reader) -> None:
    unit = c.get("unit")
    if unit and (problem := unit_problem(unit)):
        r.report(c.nodes["unit"], f"{path}.unit", problem)
    rows = [(i, row) for i, row in enumerate(c.get("rows", ())) if row is not None]
    _unique(r, [row for _, row in rows], "id", f"{path}.rows", "row id")
    for i, row in rows:
        row_path = f"{path}.rows[{i}]"
        has = {k for k in ("value", "min", "max") if k in row.nodes}
        if not has or ("value" in has and len(has) > 1):
            r.report(row.node, row_path, "expected either value, or min and/or max (a bound or a range), "
                     f"got {', '.join(sorted(has)) or 'none of them'}")
        lo, hi = row.get("min"), row.get("max")
        if lo is not None and hi is not None and not lo < hi:
            r.report(row.nodes["max"], f"{row_path}.max", f"expected a number above min ({lo}), got {hi}")
        source = row.get("source")
        if source and source not in source_ids:
            r.report(row.nodes["source"], f"{row_path}.source",
                     f"expected the id of one of this entry's sources ({', '.join(source_ids) or 'none has an id'}), got {source!r}")
    for name in ("baseline", "total"):
        target_id = c.get(name)
        if not target_id:
            continue
        target = next((row for _, row in rows if row.get("id") == target_id), None)
        if target is None:
            ids = ", ".join(row.get("id") for _, row in rows if row.get("id")) or "no row has an id"
            r.report(c.nodes[name], f"{path}.{name}", f"expected the id of a row of this table ({ids}), got {target_id!r}")
        elif "value" not in target.nodes:
            r.report(c.nodes[name], f"{path}.{name}", f"expected a row with a single value, got the bound or range {target_id!r}")
        elif name == "total":
            _check_breakdown(c, path, rows, target, r)


def _check_breakdown(c: Fields, path: str, rows: list[tuple[int, Fields]], total: Fields, r: Reader) -> None:
    """A table with `total:` is a breakdown: its other rows are the parts of that row, so each must
    be a single figure, and together they must make the total, within the precision the figures
    are written to (half a unit of each one's last written digit: 5.33e6 is good to ±5,000)."""
    baseline = c.get("baseline")
    if baseline and baseline != total.get("id"):
        r.report(c.nodes["baseline"], f"{path}.baseline", f"expected no baseline in a breakdown (each part shows its "
                 f"share of the total {total.get('id')!r}), got {baseline!r}")
    parts = [(i, row) for i, row in rows if row is not total]
    bounded = [(i, row) for i, row in parts if "value" not in row.nodes]
    for i, row in bounded:
        r.report(row.node, f"{path}.rows[{i}]", f"expected a single value in a breakdown (its parts add up to "
                 f"{total.get('id')!r}), got a bound or range")
    values = [row.get("value") for _, row in parts]
    if bounded or not parts or any(v is None for v in values) or total.get("value") is None:
        return
    whole, together = total.get("value"), sum(values, Decimal(0))
    slack = sum((_half_unit(v) for v in (*values, whole)), Decimal(0))
    if abs(together - whole) > slack:
        r.report(c.nodes["total"], f"{path}.total", f"expected the parts to add up to the total {total.get('id')!r}, "
                 f"{plain(whole)}, within the precision they are written to (±{plain(slack)}), got parts that "
                 f"add up to {plain(together)}")


def _half_unit(value: Decimal) -> Decimal:
    """Half a unit in the last digit as written: 5328000 -> 0.5, 5.33e6 -> 5000."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # figures are finite by construction (figures.numbers.parse_number)
    return Decimal(5).scaleb(exponent - 1)


def is_excerpt(excerpt: str, text: str) -> bool:
    """Whether `excerpt` is pieces of `text` in their order, joined by "…" (or "..."), and shorter."""
    words = " ".join(text.split())
    at = 0
    pieces = [" ".join(p.split()) for p in excerpt.replace("...", "…").split("…")]
    for piece in filter(None, pieces):
        found = words.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return any(pieces) and len(excerpt) < len(text)


def _unique(r: Reader, items: list[Fields], key: str, path: str, what: str) -> None:
    seen: set[Any] = set()
    for item in items:
        value = item.get(key)
        if value is None:
            continue
        if value in seen:
            r.report(item.nodes[key], f"{path}[].{key}", f"expected a {what} not used twice, got {value!r} again")
        seen.add(value)


def claim_from(f: Fields, *, path: str, slug: str, config: SiteConfig) -> Claim:
    """Fields that passed every check -> the frozen Claim (defaults filled in here, once)."""
    claimant = f.get("claimant")
    if isinstance(claimant, Fields):
        claimant = Claimant(claimant.get("name"), claimant.get("url"), tuple(claimant.get("same_as", ())))
    else:
        claimant = Claimant(claimant)
    return Claim(
        path=path,
        slug=slug,
        title=f.get("title") or f.get("claim"),
        claim=f.get("claim"),
        claimant=claimant,
        verdict=f.get("verdict"),
        summary=f.get("summary"),
        published=f.get("published"),
        author=f.get("author") or config.organisation.name,
        reviewer=f.get("reviewer"),
        extra=tuple((name, value) for name, value in sorted(f.values.items()) if name not in BUILT_IN_FIELDS),
        sources=tuple(Source(**s.values_without_missing()) for s in f.get("sources")),
        claim_date=f.get("claim_date"),
        claim_excerpt=f.get("claim_excerpt"),
        appearances=tuple(f.get("appearances", ())),
        updated=f.get("updated"),
        tags=tuple(sorted(set(f.get("tags", ())))),
        draft=bool(f.get("draft", False)),
        featured=bool(f.get("featured", False)),
        comparisons=tuple(_comparison(c) for c in f.get("comparisons", ())),
        corrections=tuple(sorted((Correction(c.get("date"), c.get("note")) for c in f.get("corrections", ())),
                                 key=lambda c: c.date)),
        retracted=Retraction(f.get("retracted").get("date"), f.get("retracted").get("note")) if f.get("retracted") else None,
    )


def _comparison(c: Fields) -> Comparison:
    rows = tuple(CostRow(**row.values_without_missing()) for row in c.get("rows"))
    return Comparison(title=c.get("title"), unit=c.get("unit"), rows=rows, baseline=c.get("baseline"),
                      note=c.get("note"), total=c.get("total"))


def page_from(f: Fields, *, path: str, slug: str, body: str) -> Page:
    return Page(path=path, slug=slug, title=f.get("title"), description=f.get("description"), body=body,
                nav_order=f.get("nav_order"), verdict_scale=bool(f.get("verdict_scale", False)),
                contact=bool(f.get("contact", False)), draft=f.get("draft") is True, team=f.get("team") is True,
                featured=f.get("featured") is True, draws_on=tuple(f.get("draws_on") or ()),
                sources=tuple(Source(**s.values_without_missing()) for s in f.get("sources") or ()),
                comparisons=tuple(_comparison(c) for c in f.get("comparisons") or ()))
