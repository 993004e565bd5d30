#!/usr/bin/env python3
"""Synthetic fact-check entries for the benchmarks, deterministic from a seed.

    python bench/generate.py 1000 --seed 1 --out bench/out/n1000

writes one project per generator, each holding the same N entries in its own format:

    OUT/ours/      site.yaml (copied from the repo), content/claims/*.md, content/pages/*.md,
                   templates/ and static/ (copies of the repo's)
    OUT/hugo/      hugo.toml + layouts/ (from bench/competitors/hugo/), content/claims/*.md
    OUT/pelican/   pelicanconf.py + theme/ (from bench/competitors/pelican/), content/claims/*.md
    OUT/mkdocs/    mkdocs.yml + theme/ + hooks.py (from bench/competitors/mkdocs/), docs/claims/*.md

Entry i depends only on (seed, i): the first 1,000 entries of a 10,000-entry set are the 1,000
entries of the 1,000-entry set. Every entry passes `python build.py check`. All URLs are on
example.org (the entries are synthetic).

Each entry has the claim, a claimant, a verdict (a key of the repo's site.yaml scale), a summary,
dates spread over 2015-2025, tags and claimants drawn from Zipf-weighted pools, 3-6 sources
(ids src-1 ..., most with an example.org URL), one or two comparison tables (USD or GPUs; rows with
a value, a bound or a range, each with basis, kind and source), and about 600 words of Markdown
with headings, a table, a list, links and footnotes citing the sources (`[^src-2]`). Our generator
resolves such citations from the sources itself; the competitors get the same footnote definitions
written out in the body, so every tool renders the same footnotes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
COMPETITORS = BENCH / "competitors"
FORMATS = ("ours", "hugo", "pelican", "mkdocs")
# Written into OUT/GENERATED: bench/run.py regenerates projects written by another version. Bump it
# whenever what is written changes (2: the contact page that site.yaml requires; 3: a contact route;
# 4: templates/ and static/ copied, not linked: the build refuses input folders that are links).
VERSION = 4

# --- pools --------------------------------------------------------------------------------------

TOPICS = (
    "training-cost", "gpus", "hardware", "export-controls", "chips", "data-centres", "energy",
    "inference-cost", "pricing", "benchmarks", "open-weights", "funding", "valuation", "salaries",
    "cloud-rental", "supply-chain", "semiconductors", "market-value", "regulation", "privacy",
    "distillation", "reinforcement-learning", "mixture-of-experts", "tokens", "compute",
    "capital-expenditure", "operating-costs", "startups", "research", "hiring", "stock-market",
    "sanctions", "smuggling", "power-grid", "water-use", "emissions", "licensing", "copyright",
    "safety", "open-source",
)
QUALIFIERS = ("2023", "2024", "2025", "china", "us", "europe", "estimates", "disclosures", "analysts", "reports")
FIRST = ("Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Robin", "Jamie", "Avery", "Riley", "Quinn",
         "Drew", "Harper", "Rowan", "Emery", "Kai", "Noor", "Mei", "Ravi", "Lena", "Tomas", "Ines", "Yuki",
         "Omar", "Priya", "Jonas", "Ana", "Felix", "Hana", "Leo")
LAST = ("Chen", "Garcia", "Okafor", "Novak", "Silva", "Kim", "Haddad", "Larsen", "Moreau", "Ivanova",
        "Tanaka", "Mensah", "Rossi", "Kowalski", "Nguyen", "Fischer", "Patel", "Santos", "Berg", "Walsh")
ORG_A = ("Northbridge", "Pacific", "Meridian", "Granite", "Bluewater", "Summit", "Harbor", "Lakeside",
         "Crescent", "Ironwood", "Silverline", "Redfield", "Oakmont", "Clearview", "Brightwater", "Keystone")
ORG_B = ("Research", "Capital", "Analytics", "Securities", "Compute Review", "Tech Daily", "Markets",
         "Insights", "Partners", "Ventures", "Times", "Post", "Weekly", "Institute")
PUBLISHERS = ("Example Research", "Example Times", "Example Compute Journal", "Example Securities",
              "Example Analytics", "Example Institute", "Example Weekly", "Example Markets Review",
              "Example Lab", "Example Policy Centre", "Example Energy Monitor", "Example Chip Report")
MODELS = ("Atlas-3", "Borealis", "Cirrus-R1", "Delta-V2", "Ember-7B", "Fjord-MoE", "Glacier-2", "Helix-R",
          "Ion-4", "Juniper-V3", "Kestrel", "Lumen-2", "Mistral-Gap", "Nimbus-R2", "Orion-V", "Polaris-1")
COMPANIES = ("Acme AI", "Borealis Labs", "Cobalt Systems", "Dynamo Compute", "Everest AI", "Foundry Labs",
             "Gemstone AI", "Horizon Models", "Ionic Research", "Jetstream AI")
CHIPS = ("H800", "H100", "H20", "A100", "A800", "B200", "MI300X", "Ascend 910B")
KINDS = ("disclosed", "estimate", "reported", "claimed")

NOUNS = ("figure", "estimate", "report", "cluster", "training run", "budget", "rental price", "fleet",
         "disclosure", "analysis", "filing", "interview", "paper", "forecast", "invoice", "contract",
         "benchmark", "deployment", "data centre", "supplier", "model", "company", "spokesperson")
VERBS = ("covers", "excludes", "includes", "counts", "omits", "assumes", "reports", "describes",
         "estimates", "confirms", "contradicts", "supports", "qualifies", "revises", "repeats")
ADJS = ("final", "total", "reported", "disclosed", "estimated", "annual", "quarterly", "public",
        "internal", "rental-equivalent", "upfront", "ongoing", "marginal", "average", "independent")
CONNECT = ("However,", "In contrast,", "By the same measure,", "Taken together,", "On closer reading,",
           "As a result,", "For comparison,", "Put simply,", "Even so,", "In other words,")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Pools:
    tags: tuple[str, ...]
    claimants: tuple[str, ...]
    tag_weights: tuple[float, ...]
    claimant_weights: tuple[float, ...]

    @classmethod
    def make(cls, seed: int) -> Pools:
        rng = random.Random(f"pools-{seed}")
        tags = list(TOPICS) + [f"{t}-{q}" for t in TOPICS for q in QUALIFIERS]
        rng.shuffle(tags)
        tags = tags[:160]
        people = [f"{f} {l}" for f in FIRST for l in LAST]
        orgs = [f"{a} {b}" for a in ORG_A for b in ORG_B]
        rng.shuffle(people)
        rng.shuffle(orgs)
        claimants = people[:200] + orgs[:200]
        rng.shuffle(claimants)
        # Zipf-like: a few tags and claimants carry many entries, most carry a few.
        return cls(tuple(tags), tuple(claimants), tuple(1 / (r + 1) ** 0.9 for r in range(len(tags))),
                   tuple(1 / (r + 1) ** 0.8 for r in range(len(claimants))))


# --- one entry, independent of any format -------------------------------------------------------

@dataclass
class Entry:
    slug: str
    claim: str
    title: str | None
    claimant: str
    claimant_url: str | None
    claim_date: dt.date
    verdict: str
    summary: str
    published: dt.date
    updated: dt.date | None
    tags: list[str]
    sources: list[dict[str, Any]]
    comparisons: list[dict[str, Any]]
    corrections: list[dict[str, Any]]
    body: str  # Markdown citing sources as [^src-n], as editors write it for our generator
    cited: list[str] = field(default_factory=list)  # source ids the body cites, in first-cited order

    def footnote_definitions(self) -> str:
        """What our generator derives from `[^src-n]` + the sources, written out for the others."""
        by_id = {s["id"]: s for s in self.sources}
        lines = []
        for sid in self.cited:
            s = by_id[sid]
            parts = [f"[{s['title']}](#source-{sid})", s["publisher"]]
            if s.get("date"):
                parts.append(s["date"].isoformat())
            lines.append(f"[^{sid}]: " + ", ".join(parts) + ".")
        return "\n\n" + "\n\n".join(lines) + "\n" if lines else ""


def _money(value: int) -> str:
    if value >= 1_000_000_000:
        return f"${value / 1e9:.1f} billion"
    if value >= 1_000_000:
        return f"${value / 1e6:.1f} million"
    return f"${value:,}"


def make_entry(seed: int, i: int, pools: Pools, verdicts: tuple[str, ...]) -> Entry:
    rng = random.Random(f"entry-{seed}-{i}")
    company, model, chip = rng.choice(COMPANIES), rng.choice(MODELS), rng.choice(CHIPS)
    money = rng.choice((rng.randrange(1, 100) * 100_000, rng.randrange(1, 100) * 10_000_000,
                        rng.randrange(1, 50) * 100_000_000))
    gpus = rng.choice((256, 512, 1024, 2048, 4096, 10_000, 20_000, 50_000))
    claimant = rng.choices(pools.claimants, pools.claimant_weights)[0]
    published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 11 * 365))
    claim_date = published - dt.timedelta(days=rng.randrange(1, 60))
    updated = published + dt.timedelta(days=rng.randrange(1, 400)) if rng.random() < 0.25 else None
    claim_templates = (
        f"{company} trained {model} for just {_money(money)} on {gpus:,} {chip} GPUs.",
        f"{model} cost {company} less than {_money(money)} to build.",
        f"{company} owns {gpus:,} {chip} GPUs, worth more than {_money(money * 10)}.",
        f"Training {model} took {gpus:,} GPUs and {_money(money)}, a tenth of what rivals spent.",
        f"{company} spent {_money(money)} on electricity for {model} in one year.",
    )
    claim = rng.choice(claim_templates)
    words = " ".join(claim.split()[:8])
    slug = f"{_slug(words)[:60].strip('-')}-{i:05d}"
    title = f"Did {company} really {rng.choice(('spend', 'need', 'use'))} that much on {model}?" \
        if rng.random() < 0.4 else None
    tags = sorted({*rng.choices(pools.tags, pools.tag_weights, k=rng.randint(2, 5))})

    n_sources = rng.randint(3, 6)
    sources = []
    for s in range(1, n_sources + 1):
        publisher = rng.choice(PUBLISHERS)
        src_date = claim_date - dt.timedelta(days=rng.randrange(0, 400))
        source: dict[str, Any] = {
            "id": f"src-{s}",
            "title": f"{rng.choice(ADJS).capitalize()} {rng.choice(NOUNS)} on {model} and {rng.choice(TOPICS).replace('-', ' ')}",
            "publisher": publisher,
        }
        if rng.random() < 0.75:
            source["url"] = f"https://example.org/{_slug(publisher)}/{src_date.year}/{_slug(model)}-{i}-{s}"
        source["date"] = src_date
        if rng.random() < 0.2:
            source["accessed"] = published - dt.timedelta(days=rng.randrange(0, 5))
        if rng.random() < 0.15:
            source["quote"] = f"The {rng.choice(ADJS)} {rng.choice(NOUNS)} {rng.choice(VERBS)} the {rng.choice(NOUNS)}."
        sources.append(source)
    ids = [s["id"] for s in sources]

    comparisons = [_comparison(rng, n, ids, money, gpus, chip, model) for n in range(rng.choice((1, 1, 2)))]
    corrections = []
    if updated and rng.random() < 0.4:
        corrections.append({"date": updated, "note": f"Corrected the {rng.choice(NOUNS)} attributed to {rng.choice(PUBLISHERS)}."})
    verdict = rng.choice(verdicts)
    summary = (f"The {_money(money)} figure {rng.choice(VERBS)} the {rng.choice(ADJS)} {rng.choice(NOUNS)} of {model}, "
               f"not what {company} spent in total. {rng.choice(CONNECT)} the {gpus:,} {chip} GPUs are the "
               f"{rng.choice(ADJS)} {rng.choice(NOUNS)}, not the whole fleet.")
    body, cited = _body(rng, ids, company, model, chip, money, gpus)
    return Entry(slug, claim, title, claimant,
                 f"https://example.org/people/{_slug(claimant)}" if rng.random() < 0.2 else None,
                 claim_date, verdict, summary, published, updated, tags, sources, comparisons, corrections,
                 body, cited)


def _comparison(rng: random.Random, n: int, ids: list[str], money: int, gpus: int, chip: str, model: str) -> dict:
    usd = rng.random() < 0.65
    rows = []
    for r in range(rng.randint(3, 6)):
        base = money if usd else gpus
        scale = rng.choice((0.1, 0.5, 1, 2, 5, 20, 100))
        value = max(1, int(base * scale))
        row: dict[str, Any] = {"id": f"row-{r + 1}",
                               "label": f"{rng.choice(ADJS).capitalize()} {rng.choice(NOUNS)} ({model})"}
        shape = rng.random()
        if shape < 0.7:
            row["value"] = value
            if rng.random() < 0.3:
                row["approx"] = True
        elif shape < 0.8:
            row["min"] = value
        elif shape < 0.9:
            row["max"] = value
        else:
            row["min"], row["max"] = value, value * 2
        row["basis"] = (f"{rng.choice(ADJS)} {rng.choice(NOUNS)} at an assumed $2 per {chip} GPU-hour" if usd else
                        f"{chip} GPUs in the {rng.choice(ADJS)} {rng.choice(NOUNS)}")
        row["kind"] = rng.choice(KINDS)
        row["source"] = rng.choice(ids)
        rows.append(row)
    comparison: dict[str, Any] = {
        "title": f"What the {'dollar' if usd else 'GPU'} figures count" + (" (continued)" if n else ""),
        "unit": "USD" if usd else "GPUs",
    }
    with_value = [row["id"] for row in rows if "value" in row]
    if with_value and rng.random() < 0.5:
        comparison["baseline"] = with_value[0]
    if rng.random() < 0.4:
        comparison["note"] = "The rows count different things; a ratio between a run and a fleet measures nothing."
    comparison["rows"] = rows
    return comparison


def _sentence(rng: random.Random, company: str, model: str, chip: str, money: int, gpus: int) -> str:
    forms = (
        lambda: f"The {rng.choice(ADJS)} {rng.choice(NOUNS)} {rng.choice(VERBS)} the {rng.choice(ADJS)} {rng.choice(NOUNS)} of {model}, which is not the same thing as the {rng.choice(NOUNS)} {company} paid for.",
        lambda: f"{rng.choice(CONNECT)} a {rng.choice(NOUNS)} of {gpus:,} {chip} GPUs running for {rng.randint(20, 90)} days {rng.choice(VERBS)} roughly {_money(money)} at rental prices.",
        lambda: f"{company} {rng.choice(VERBS)} the {rng.choice(NOUNS)} in its {rng.choice(ADJS)} {rng.choice(NOUNS)}, but it does not say how the {rng.choice(NOUNS)} was measured.",
        lambda: f"Analysts put the {rng.choice(ADJS)} cost at {_money(money * rng.choice((3, 10, 30)))}, a figure that {rng.choice(VERBS)} {rng.choice(ADJS)} hardware and staff.",
        lambda: f"{rng.choice(CONNECT)} the {rng.choice(NOUNS)} {rng.choice(VERBS)} only {rng.randint(2, 40)} per cent of the {rng.choice(ADJS)} {rng.choice(NOUNS)}.",
        lambda: f"One {rng.choice(NOUNS)} from {rng.randint(2015, 2025)} {rng.choice(VERBS)} that {model} used *{rng.choice(ADJS)}* {chip} hardware rather than a {rng.choice(ADJS)} {rng.choice(NOUNS)}.",
        lambda: f"None of the sources we read {rng.choice(VERBS)} the {rng.choice(ADJS)} {rng.choice(NOUNS)}, so the comparison in the claim is **not like for like**.",
    )
    return rng.choice(forms)()


def _paragraph(rng: random.Random, ids: list[str], cited: list[str], ctx: tuple, n: int) -> str:
    sentences = []
    for _ in range(n):
        s = _sentence(rng, *ctx)
        if rng.random() < 0.35:
            sid = rng.choice(ids)
            s = s[:-1] + f"[^{sid}]" + s[-1]
            if sid not in cited:
                cited.append(sid)
        sentences.append(s)
    return " ".join(sentences)


def _body(rng: random.Random, ids: list[str], company: str, model: str, chip: str, money: int, gpus: int) -> tuple[str, list[str]]:
    cited: list[str] = []
    ctx = (company, model, chip, money, gpus)
    para = lambda n: _paragraph(rng, ids, cited, ctx, n)  # noqa: E731
    cited.append(ids[0])
    first = f"The claim rests on one number[^{ids[0]}], and the question is what that number counts. " + para(3)
    rows = "\n".join(f"| {rng.choice(ADJS).capitalize()} {rng.choice(NOUNS)} | {_money(money * m)} | "
                     f"{rng.choice(ADJS)} {rng.choice(NOUNS)} | {rng.choice(KINDS)} |"
                     for m in rng.sample((1, 2, 3, 5, 10, 20, 50), rng.randint(3, 5)))
    bullets = "\n".join(f"- **{rng.choice(ADJS).capitalize()} {rng.choice(NOUNS)}**: {_sentence(rng, *ctx)}"
                        for _ in range(rng.randint(3, 4)))
    note = ""
    if rng.random() < 0.3:
        note = (" The rental price is an assumption[^note].", "\n\n[^note]: The price per GPU-hour is the one "
                f"the {rng.choice(NOUNS)} assumes, not a price anyone paid.")
    parts = [
        first,
        "## What was claimed",
        para(4) + (note[0] if note else ""),
        "## What the sources say",
        para(4),
        "| Item | Figure | What it counts | Kind |\n|---|---:|---|---|\n" + rows,
        para(4),
        bullets,
        "## Why the figures differ",
        para(4),
        para(4),
        "## Conclusion",
        para(3) + f" See our [methodology](/methodology/) and the [{rng.choice(NOUNS)} itself]"
                  f"(https://example.org/{_slug(company)}/{_slug(model)}).",
    ]
    body = "\n\n".join(parts) + (note[1] if note else "") + "\n"
    return body, cited


# --- writers ------------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # our loader refuses anchors and aliases
        return True


def _yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)


def _front(data: dict, body: str) -> str:
    return f"---\n{_yaml(data)}---\n{body}"


PAGES = (
    ("about", "About", "Who writes these fact-checks and why.", 1, False),
    ("methodology", "Methodology", "How the claims are chosen, researched and rated.", 2, True),
    ("corrections-policy", "Corrections policy", "How and when entries are corrected.", 3, False),
    ("contact", "Contact", "How to reach the editors and report an error.", 4, False),  # required by site.yaml
)


def _page_body(rng: random.Random, title: str) -> str:
    ctx = ("Example Cost Check", "the model", "H800", 5_000_000, 2048)
    paras = [_sentence(rng, *ctx) + " " + _sentence(rng, *ctx) + " " + _sentence(rng, *ctx) for _ in range(6)]
    return f"## {title} in short\n\n{paras[0]}\n\n{paras[1]}\n\n## The details\n\n" + "\n\n".join(paras[2:]) + "\n"


def write_ours(root: Path, entries: list[Entry], seed: int) -> None:
    _fresh(root)
    claims, pages = root / "content" / "claims", root / "content" / "pages"
    claims.mkdir(parents=True)
    pages.mkdir(parents=True)
    # The repo's site.yaml, with a contact route (example.org is reserved for examples), as a
    # deployed site has one: without it every build warns, and "Report an error" has nowhere to go.
    config = (REPO / "site.yaml").read_text(encoding="utf-8")
    with_contact = config.replace("  # email: editors@example.org", "  email: editors@example.org", 1)
    assert with_contact != config, "site.yaml's contact example moved: update bench/generate.py"
    (root / "site.yaml").write_text(with_contact, encoding="utf-8")
    for name in ("templates", "static"):  # copies: the build refuses input folders that are links
        shutil.copytree(REPO / name, root / name)
    for e in entries:
        fm: dict[str, Any] = {}
        if e.title:
            fm["title"] = e.title
        fm["claim"] = e.claim
        fm["claimant"] = {"name": e.claimant, "url": e.claimant_url} if e.claimant_url else e.claimant
        fm["claim_date"] = e.claim_date
        fm["verdict"] = e.verdict
        fm["summary"] = e.summary
        fm["published"] = e.published
        if e.updated:
            fm["updated"] = e.updated
        fm["tags"] = e.tags
        fm["sources"] = e.sources
        if e.comparisons:
            fm["comparisons"] = e.comparisons
        if e.corrections:
            fm["corrections"] = e.corrections
        (claims / f"{e.slug}.md").write_text(_front(fm, e.body), encoding="utf-8")
    rng = random.Random(f"pages-{seed}")
    for slug, title, description, order, scale in PAGES:
        fm = {"title": title, "description": description, "nav_order": order}
        if scale:
            fm["verdict_scale"] = True
        if slug == "contact":
            fm["contact"] = True  # the page that says how to reach the editors
        (pages / f"{slug}.md").write_text(_front(fm, _page_body(rng, title)), encoding="utf-8")


def _competitor_params(e: Entry, verdict_labels: dict[str, str]) -> dict[str, Any]:
    params: dict[str, Any] = {"claim": e.claim, "claimant": e.claimant, "verdict": e.verdict,
                              "verdict_label": verdict_labels[e.verdict]}
    if e.updated:
        params["updated"] = e.updated
    params["sources"] = e.sources
    if e.comparisons:
        params["comparisons"] = e.comparisons
    if e.corrections:
        params["corrections"] = e.corrections
    return params


def write_hugo(root: Path, entries: list[Entry], seed: int, labels: dict[str, str]) -> None:
    _fresh(root)
    _copy_tree(COMPETITORS / "hugo", root)
    claims = root / "content" / "claims"
    claims.mkdir(parents=True)
    (root / "content" / "_index.md").write_text("---\ntitle: Latest fact-checks\n---\n", encoding="utf-8")
    (claims / "_index.md").write_text("---\ntitle: All fact-checks\n---\n", encoding="utf-8")
    for e in entries:
        fm = {"title": e.title or e.claim, "date": e.published, "slug": e.slug, "summary": e.summary,
              "tags": e.tags, "verdicts": [e.verdict], "claimants": [e.claimant],
              "params": _competitor_params(e, labels)}
        (claims / f"{e.slug}.md").write_text(_front(fm, e.body + e.footnote_definitions()), encoding="utf-8")
    rng = random.Random(f"pages-{seed}")
    for slug, title, description, order, _ in PAGES:
        fm = {"title": title, "description": description, "weight": order, "url": f"/{slug}/"}
        (root / "content" / f"{slug}.md").write_text(_front(fm, _page_body(rng, title)), encoding="utf-8")


def write_pelican(root: Path, entries: list[Entry], seed: int, labels: dict[str, str]) -> None:
    _fresh(root)
    _copy_tree(COMPETITORS / "pelican", root)
    claims, pages = root / "content" / "claims", root / "content" / "pages"
    claims.mkdir(parents=True)
    pages.mkdir(parents=True)
    for e in entries:
        # verdict -> Pelican category, claimant -> author, tags -> tags: each gets paginated lists.
        fm = {"title": e.title or e.claim, "date": e.published, "slug": e.slug, "category": e.verdict,
              "author": e.claimant, "tags": e.tags, "summary": e.summary, **_competitor_params(e, labels)}
        (claims / f"{e.slug}.md").write_text(_front(fm, e.body + e.footnote_definitions()), encoding="utf-8")
    rng = random.Random(f"pages-{seed}")
    for slug, title, description, _order, _ in PAGES:
        fm = {"title": title, "description": description, "slug": slug}
        (pages / f"{slug}.md").write_text(_front(fm, _page_body(rng, title)), encoding="utf-8")


def write_mkdocs(root: Path, entries: list[Entry], seed: int, labels: dict[str, str]) -> None:
    _fresh(root)
    _copy_tree(COMPETITORS / "mkdocs", root)
    docs = root / "docs"
    claims = docs / "claims"
    claims.mkdir(parents=True)
    (docs / "index.md").write_text("---\ntitle: Latest fact-checks\nkind: home\n---\n", encoding="utf-8")
    for e in entries:
        fm = {"title": e.title or e.claim, "kind": "claim", "published": e.published, "summary": e.summary,
              "tags": e.tags, **_competitor_params(e, labels)}
        (claims / f"{e.slug}.md").write_text(_front(fm, e.body + e.footnote_definitions()), encoding="utf-8")
    rng = random.Random(f"pages-{seed}")
    for slug, title, description, _order, _ in PAGES:
        fm = {"title": title, "description": description, "kind": "page"}
        (docs / f"{slug}.md").write_text(_front(fm, _page_body(rng, title)), encoding="utf-8")


def _fresh(root: Path) -> None:
    if root.is_symlink() or root.is_file():
        root.unlink()
    elif root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)


def _copy_tree(src: Path, dst: Path) -> None:
    """The competitor's config and templates (not its build script or notes)."""
    for item in src.iterdir():
        if item.name in {"build.sh", "README.md", "__pycache__"}:
            continue
        if item.is_dir():
            shutil.copytree(item, dst / item.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, dst / item.name)


# --- main ---------------------------------------------------------------------------------------

def load_verdicts(site_yaml: Path) -> dict[str, str]:
    data = yaml.safe_load(site_yaml.read_text(encoding="utf-8"))
    return {str(v["key"]).lower() if isinstance(v["key"], bool) else str(v["key"]): str(v["label"])
            for v in data["verdicts"]}


def generate(n: int, seed: int, out: Path, formats: Iterable[str] = FORMATS) -> list[Entry]:
    labels = load_verdicts(REPO / "site.yaml")
    pools = Pools.make(seed)
    entries = [make_entry(seed, i, pools, tuple(labels)) for i in range(n)]
    writers: dict[str, Callable[[Path], None]] = {
        "ours": lambda root: write_ours(root, entries, seed),
        "hugo": lambda root: write_hugo(root, entries, seed, labels),
        "pelican": lambda root: write_pelican(root, entries, seed, labels),
        "mkdocs": lambda root: write_mkdocs(root, entries, seed, labels),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name in formats:
        writers[name](out / name)
    (out / "GENERATED").write_text(f"n={n} seed={seed} version={VERSION} formats={','.join(formats)}\n", encoding="utf-8")
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of entries")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder to write the projects into (replaced)")
    parser.add_argument("--formats", default=",".join(FORMATS),
                        help=f"comma-separated subset of {','.join(FORMATS)} (default: all)")
    args = parser.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    unknown = set(formats) - set(FORMATS)
    if unknown or args.n < 1:
        parser.error(f"expected n >= 1 and formats among {', '.join(FORMATS)}, got {args.n} and {sorted(unknown)}")
    generate(args.n, args.seed, args.out, formats)
    print(f"wrote {args.n} entries (seed {args.seed}) for {', '.join(formats)} into {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
