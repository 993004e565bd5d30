"""Data tests for the content the site ships: content/claims/*.md and content/pages/*.md.

A fact-check site with a wrong figure or an invented link is worse than none, so these tests pin
the shipped entries to the research notes they were written from
(../shared/research/deepseek-facts.md, "the notes"):

- the content loads with no errors and no warnings;
- every entry has sources, and every cost row says what it counts (basis), what kind of figure it
  is (kind) and which of the entry's sources it comes from (source);
- every number in a cost table is listed in VERIFIED_FIGURES for that row's source, next to the
  line of the notes it comes from, and figures from each source have the kind that source gives;
- every URL anywhere in the content is one the notes list as seen (ALLOWED_URLS), and a source that
  links one names the publisher and date the notes give for it;
- at least 90% of the sources are linked, and the rest are pages the notes say were not found at
  an address; every quoted passage of a source is one the notes quote;
- every claim says where it appeared (the checked article, or the SemiAnalysis piece for the
  claims SemiAnalysis made), dated only where that page gives a date;
- corrections are dated within the entry's published..updated span.

Adding a figure or a link to an entry means adding it here too, with the line of the notes (or of
an updated version of them) that it comes from.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from site_gen.load.config import load_config
from site_gen.load.content import Content, load_content
from site_gen.model import ROW_KINDS, ContentError

PROJECT = Path(__file__).resolve().parents[2]
RESEARCH_NOTES = Path(__file__).parents[3] / "shared/research/deepseek-facts.md"
SOURCE_ARTICLE = Path(__file__).parents[3] / "shared/seed/000_fee70f51c43e2795.txt"

# (source id, number) -> the fragment of the research notes the number comes from. The fragment is
# quoted exactly (line breaks as spaces), so that it can be found in the notes
# (test_allowed_urls_and_verified_figures_quote_the_research_notes).
VERIFIED_FIGURES: dict[tuple[str, Decimal], str] = {
    # DeepSeek-V3 Technical Report (DeepSeek-AI, arXiv:2412.19437)
    ("v3-report", Decimal("5576000")): "that is $5.576M",
    ("v3-report", Decimal("5328000")): "(pre-training $5.328M, context extension $0.238M, post-training $0.01M)",
    ("v3-report", Decimal("238000")): "(pre-training $5.328M, context extension $0.238M, post-training $0.01M)",
    ("v3-report", Decimal("10000")): "(pre-training $5.328M, context extension $0.238M, post-training $0.01M)",
    ("v3-report", Decimal("2788000")): "Full training took 2.788M H800 GPU-hours",
    ("v3-report", Decimal("2664000")): "pre-training 2,664K, context extension 119K,",
    ("v3-report", Decimal("119000")): "pre-training 2,664K, context extension 119K,",
    ("v3-report", Decimal("5000")): "post-training 5K.",
    ("v3-report", Decimal("2048")): "3.7 days on their cluster of 2,048 H800",
    # DeepSeek-R1 in Nature (17 Sep 2025), supplementary cost table
    ("r1-nature", Decimal("512")): "R1-Zero: 64×8 = 512 H800 GPUs for ~198 hours = 101K GPU-hours (~$202K)",
    ("r1-nature", Decimal("101000")): "R1-Zero: 64×8 = 512 H800 GPUs for ~198 hours = 101K GPU-hours (~$202K)",
    ("r1-nature", Decimal("202000")): "R1-Zero: 64×8 = 512 H800 GPUs for ~198 hours = 101K GPU-hours (~$202K)",
    ("r1-nature", Decimal("5000")): "SFT data creation: 5K GPU-hours (~$10K)",
    ("r1-nature", Decimal("10000")): "SFT data creation: 5K GPU-hours (~$10K)",
    ("r1-nature", Decimal("41000")): "R1: ~80 hours = 41K GPU-hours (~$82K)",
    ("r1-nature", Decimal("82000")): "R1: ~80 hours = 41K GPU-hours (~$82K)",
    ("r1-nature", Decimal("147000")): "Total ~147K GPU-hours, ~$294K at the same $2/hour assumption",
    ("r1-nature", Decimal("294000")): "Total ~147K GPU-hours, ~$294K at the same $2/hour assumption",
    # SemiAnalysis, "DeepSeek Debates" (31 Jan 2025): analyst estimates
    ("semianalysis", Decimal("50000")): '"around 50,000 Hopper GPUs", which it stresses is not 50,000 H100s',
    ("semianalysis", Decimal("10000")): "~10,000 H800s, ~10,000 H100s",
    ("semianalysis", Decimal("1600000000")): "Total server capex ~$1.6B",
    ("semianalysis", Decimal("944000000")): "~$944M cost of operating the clusters",
    ("semianalysis", Decimal("500000000")): 'GPU/hardware spend "well higher than $500M" over the company\'s history',
    # Nvidia, 27 Jan 2025, as reported by CNBC
    ("cnbc", Decimal("589000000000")): "about $589B of market value lost",
    ("cnbc", Decimal("279000000000")): "(prior record $279B, Nvidia, Sep 2024)",
}

# What kind of figure each source gives (the notes: DeepSeek's papers are disclosures, SemiAnalysis
# gives analyst estimates, the Nvidia figures are reported by media).
SOURCE_KINDS = {
    "v3-report": "disclosed",
    "r1-nature": "disclosed",
    "semianalysis": "estimate",
    "cnbc": "reported",
}


class SeenPage(NamedTuple):
    publisher: str  # as a source that links the page names its publisher
    date: dt.date | None  # the page's date as the notes give it; None where the page gives none


TECHSTORY = "https://techstory.in/deepseek-might-not-be-as-disruptive-as-claimed-what-to-know/"
SEMIANALYSIS = ("https://semianalysis.com/2025/01/31/deepseek-debates/",
                "https://newsletter.semianalysis.com/p/deepseek-debates")

# The URLs the research notes list as seen. Nothing else may appear anywhere in the content.
ALLOWED_URLS: dict[str, SeenPage] = {
    # "URL seen" / "URLs seen", in "What the primary sources say"
    "https://arxiv.org/abs/2412.19437": SeenPage("DeepSeek-AI", dt.date(2024, 12, 27)),  # V3 report, v1
    "https://arxiv.org/abs/2501.12948": SeenPage("DeepSeek-AI", dt.date(2025, 1, 22)),  # R1 paper
    "https://doi.org/10.1038/s41586-025-09422-z": SeenPage("Nature", dt.date(2025, 9, 17)),  # R1 in Nature
    SEMIANALYSIS[0]: SeenPage("SemiAnalysis", dt.date(2025, 1, 31)),
    SEMIANALYSIS[1]: SeenPage("SemiAnalysis", dt.date(2025, 1, 31)),
    # "Addresses verified later"
    TECHSTORY: SeenPage("TechStory", None),  # "publication date not in the page copy"
    "https://www.ilpost.it/2025/01/30/limitazioni-deepseek-garante-privacy/": SeenPage("Il Post", dt.date(2025, 1, 30)),
    "https://za.lapresse.it/news-za/2025/01/30/ai-privacy-guarantor-blocks-deepseek/amp":
        SeenPage("LaPresse", dt.date(2025, 1, 30)),
    "https://www.ilfattoquotidiano.it/2025/01/30/garante-privacy-blocca-deepseek-italia-tutela-dati/7858405/":
        SeenPage("Il Fatto Quotidiano", dt.date(2025, 1, 30)),
    "https://www.channelnewsasia.com/business/italys-privacy-watchdog-blocks-chinese-ai-app-deepseek-4907016":
        SeenPage("Reuters, via CNA", dt.date(2025, 1, 31)),
    "https://dbrs.morningstar.com/research/446577/could-deepseek-deep-six-data-centre-credit-ratings":
        SeenPage("Morningstar DBRS", None),  # "date not in the copy"
    "https://www.nbcnewyork.com/news/business/money-report/deepseeks-hardware-spend-could-be-as-high-as-500-million-"
    "new-report-estimates/6130797/": SeenPage("CNBC, on NBC New York", dt.date(2025, 1, 31)),
    "https://www.techspot.com/news/109542-rare-disclosure-deepseek-claims-r1-model-training-cost.html":
        SeenPage("TechSpot", dt.date(2025, 9, 19)),
    "https://www.taiwannews.com.tw/news/6030380": SeenPage("Taiwan News", None),  # "date not in the copy"
}

# Sources that stay unlinked: the notes say their pages were not found at an address of their own.
# publisher -> the fragment of the notes that says so.
NOT_FOUND_AT_AN_ADDRESS = {
    "CNBC": "CNBC / Reuters / Bloomberg pages on the Nvidia drop (the CNBC headline is known; cite it without a URL)",
}
MIN_LINKED_SHARE = 0.9

# Who made each claim -> the pages where that claimant made it; a claim's first appearance is one.
CLAIMANT_PAGES = {"TechStory": (TECHSTORY,), "SemiAnalysis": SEMIANALYSIS}

# An http(s) URL in Markdown text: a link target, an autolink or a bare URL.
URL_RE = re.compile(r"https?://[^\s<>()\[\]\"'`]+")

REQUIRED_PAGES = {"about", "methodology", "corrections-policy"}

# Entries whose claim is quoted from the source article (../shared/seed/000_fee70f51c43e2795.txt).
ARTICLE_CLAIMS = {
    "deepseek-r1-six-million-training-cost",
    "deepseek-50000-hopper-gpus",
    "deepseek-1-6-billion-hardware-spend",
    "deepseek-944-million-operating-costs",
    "deepseek-500-million-since-inception",
    "deepseek-researcher-pay-1-3-million",
    "nvidia-589-billion-market-value-loss",
    "italy-garante-deepseek-block",
    "fitch-ratings-deepseek-ai-infrastructure",
    "deepseek-high-flyer-self-funded",
}


# The shipped site.yaml names no contact route: the repository that publishes the site is only known
# when GitHub Actions builds it (config.py takes it from GITHUB_SERVER_URL and GITHUB_REPOSITORY).
ACTIONS = {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "desk/checks"}


@pytest.fixture(scope="module")
def content() -> Content:
    """The shipped content, loaded as the publishing workflow loads it."""
    config = load_config(PROJECT, environ=ACTIONS)
    try:
        return load_content(PROJECT, config)
    except ContentError as err:
        pytest.fail("the shipped content has problems:\n" + "\n".join(str(p) for p in err.problems))


def rows(content: Content):
    """Every cost row, with the file and field path it was written at."""
    for claim in content.claims:
        for i, comparison in enumerate(claim.comparisons):
            for j, row in enumerate(comparison.rows):
                yield claim, f"comparisons[{i}].rows[{j}]", row


def test_content_loads_without_warnings(content):
    assert content.claims, "content/claims: expected shipped fact-checks, found none"
    assert not content.warnings, "the shipped content has warnings:\n" + "\n".join(map(str, content.warnings))


def test_readers_reach_the_repository_that_publishes_the_site_and_nothing_else():
    """No contact address is made up: outside GitHub Actions the shipped site has no route (and the
    build warns); in Actions it is the repository's issue forms, which the repository ships."""
    assert not load_config(PROJECT, environ={}).contact.known
    contact = load_config(PROJECT, environ=ACTIONS).contact
    assert (contact.repository, contact.email) == ("https://github.com/desk/checks", None)
    forms = {p.name for p in (PROJECT / ".github" / "ISSUE_TEMPLATE").glob("*.yml")}
    assert {"report-an-error.yml", "suggest-a-claim.yml"} <= forms


def test_required_pages_are_shipped(content):
    slugs = {page.slug for page in content.pages}
    assert slugs >= REQUIRED_PAGES, f"content/pages: missing {sorted(REQUIRED_PAGES - slugs)}"
    methodology = next(page for page in content.pages if page.slug == "methodology")
    assert methodology.verdict_scale, f"{methodology.path}: verdict_scale: expected true"


def test_every_entry_has_sources(content):
    for claim in content.claims:
        assert len(claim.sources) >= 1, f"{claim.path}: sources: expected at least one source"
        for k, source in enumerate(claim.sources):
            assert source.publisher, f"{claim.path}: sources[{k}].publisher: expected a publisher"


def test_every_cost_row_has_basis_kind_and_a_resolving_source(content):
    for claim, where, row in rows(content):
        source_ids = {s.id for s in claim.sources if s.id}
        assert row.basis and row.basis.strip(), f"{claim.path}: {where}.basis: expected what the figure counts"
        assert row.kind in ROW_KINDS, f"{claim.path}: {where}.kind: expected one of {ROW_KINDS}, got {row.kind!r}"
        assert row.source in source_ids, (
            f"{claim.path}: {where}.source: expected one of this entry's source ids {sorted(source_ids)}, "
            f"got {row.source!r}")


def test_every_table_figure_comes_from_the_research_notes(content):
    for claim, where, row in rows(content):
        for name in ("value", "min", "max"):
            number = getattr(row, name)
            if number is None:
                continue
            assert (row.source, number) in VERIFIED_FIGURES, (
                f"{claim.path}: {where}.{name}: {number} from source {row.source!r} is not in VERIFIED_FIGURES; "
                "check it against the research notes before adding it")


def test_every_table_figure_has_its_sources_kind(content):
    for claim, where, row in rows(content):
        expected = SOURCE_KINDS.get(row.source)
        assert expected is not None, f"{claim.path}: {where}.source: {row.source!r} has no kind in SOURCE_KINDS"
        assert row.kind == expected, (
            f"{claim.path}: {where}.kind: figures from {row.source!r} are {expected!r}, got {row.kind!r}")


def test_every_citation_renders_as_a_footnote(content):
    """A `[^id]` left as literal text in the HTML is a citation the reader never sees."""
    for item in (*content.claims, *content.pages):
        html = content.html[item.path]
        leftover = re.findall(r"\[\^[^\]\s]*\]", html)
        assert not leftover, f"{item.path}: body: citations not rendered as footnotes: {leftover}"


def shipped_urls(content: Content):
    """Every URL in the content, with the file and field it was found in."""
    for claim in content.claims:
        for k, source in enumerate(claim.sources):
            for name in ("url", "archive"):
                if getattr(source, name):
                    yield claim.path, f"sources[{k}].{name}", getattr(source, name)
        if claim.claimant.url:
            yield claim.path, "claimant.url", claim.claimant.url
        for k, url in enumerate(claim.claimant.same_as):
            yield claim.path, f"claimant.same_as[{k}]", url
        for k, url in enumerate(claim.appearances):
            yield claim.path, f"appearances[{k}]", url
        for text_field in ("claim", "summary"):
            for url in URL_RE.findall(getattr(claim, text_field)):
                yield claim.path, text_field, url.rstrip(".,;:!?*_")
        body = (PROJECT / claim.path).read_text(encoding="utf-8").split("\n---\n", 1)[1]  # after the front matter
        for url in URL_RE.findall(body):
            yield claim.path, "body", url.rstrip(".,;:!?*_")
    for page in content.pages:
        for url in URL_RE.findall(page.body):
            yield page.path, "body", url.rstrip(".,;:!?*_")


def test_every_url_is_one_the_research_notes_list(content):
    for path, field, url in shipped_urls(content):
        assert url in ALLOWED_URLS, (
            f"{path}: {field}: {url} is not a URL the research notes list as seen; never invent a URL "
            "(cite the source by title, publisher and date instead)")


def test_allowed_urls_and_verified_figures_quote_the_research_notes():
    if RESEARCH_NOTES.exists():
        notes = RESEARCH_NOTES.read_text(encoding="utf-8")
        flowed = " ".join(notes.split())  # the notes wrap lines; fragments are quoted unwrapped
        for url in sorted(ALLOWED_URLS):
            assert url in notes, f"{RESEARCH_NOTES}: ALLOWED_URLS lists {url}, which the notes do not contain"
        for (source, number), fragment in VERIFIED_FIGURES.items():
            assert " ".join(fragment.split()) in flowed, (
                f"{RESEARCH_NOTES}: VERIFIED_FIGURES[{source!r}, {number}] quotes {fragment!r}, "
                "which the notes do not contain")
        for publisher, fragment in NOT_FOUND_AT_AN_ADDRESS.items():
            assert fragment in flowed, f"{RESEARCH_NOTES}: NOT_FOUND_AT_AN_ADDRESS[{publisher!r}] is not in the notes"


def sources(content: Content):
    for claim in content.claims:
        for k, source in enumerate(claim.sources):
            yield claim, f"sources[{k}]", source


def test_a_linked_source_names_the_publisher_and_date_of_its_page(content):
    """A URL with the wrong source (or a date the page does not give) is a citation a reader cannot
    follow back to what we say it says."""
    for claim, where, source in sources(content):
        if source.url in ALLOWED_URLS:
            page = ALLOWED_URLS[source.url]
            assert source.publisher == page.publisher, (
                f"{claim.path}: {where}.publisher: expected {page.publisher!r} (the notes' publisher of "
                f"{source.url}), got {source.publisher!r}")
            assert source.date == page.date, (
                f"{claim.path}: {where}.date: expected {page.date} (as the notes give it for {source.url}; None: "
                f"the page gives no date), got {source.date}")


def test_nine_in_ten_sources_are_linked_and_the_rest_were_not_found_at_an_address(content):
    every = list(sources(content))
    unlinked = [(claim, where, source) for claim, where, source in every if not source.url]
    for claim, where, source in unlinked:
        assert source.publisher in NOT_FOUND_AT_AN_ADDRESS, (
            f"{claim.path}: {where}.url: expected a link to {source.title!r}: the notes list an address for "
            "it, or add its publisher to NOT_FOUND_AT_AN_ADDRESS with the notes' words that none was found")
    share = 1 - len(unlinked) / len(every)
    assert share >= MIN_LINKED_SHARE, f"only {share:.0%} of {len(every)} sources are linked"


def test_every_quoted_passage_of_a_source_is_one_the_notes_quote(content):
    """`quote:` says "these words are in the source": only words the notes saw there may be quoted."""
    if RESEARCH_NOTES.exists():
        flowed = " ".join(RESEARCH_NOTES.read_text(encoding="utf-8").split())
        for claim, where, source in sources(content):
            if source.quote:
                assert " ".join(source.quote.split()) in flowed, (
                    f"{claim.path}: {where}.quote: {source.quote!r} is not a passage the notes quote")


def test_every_claim_says_where_it_appeared(content):
    for claim in content.claims:
        assert claim.appearances, f"{claim.path}: appearances: expected where the claim appeared, got none"
        pages = CLAIMANT_PAGES.get(claim.claimant.name)
        assert pages, f"{claim.path}: claimant: {claim.claimant.name!r} has no pages in CLAIMANT_PAGES"
        assert claim.appearances[0] in pages, (
            f"{claim.path}: appearances[0]: expected where {claim.claimant.name} made the claim "
            f"({' or '.join(pages)}), got {claim.appearances[0]}")


def test_a_claim_quoted_from_the_article_lists_the_article_among_its_appearances(content):
    for claim in content.claims:
        if claim.slug in ARTICLE_CLAIMS:
            assert TECHSTORY in claim.appearances, (
                f"{claim.path}: appearances: expected the article the claim box quotes, {TECHSTORY}")


def test_a_claim_is_dated_only_where_its_first_appearance_gives_a_date(content):
    """The TechStory page carries no date: "date not known" beats a guessed one."""
    for claim in content.claims:
        page = ALLOWED_URLS[claim.appearances[0]]
        assert claim.claim_date == page.date, (
            f"{claim.path}: claim_date: expected {page.date} (the date of {claim.appearances[0]} in the notes; "
            f"None: the page gives none), got {claim.claim_date}")


def test_corrections_are_dated_between_publication_and_the_last_update(content):
    for claim in content.claims:
        for k, correction in enumerate(claim.corrections):
            assert claim.updated and claim.published <= correction.date <= claim.updated, (
                f"{claim.path}: corrections[{k}].date: expected a date from published ({claim.published}) to "
                f"updated ({claim.updated}), got {correction.date}")


def test_claims_quote_the_source_article_exactly(content):
    """The claim box quotes the article word for word (" ... " marks an omission)."""
    claims = {claim.slug: claim for claim in content.claims}
    missing = sorted(ARTICLE_CLAIMS - set(claims))
    assert not missing, f"content/claims: ARTICLE_CLAIMS names entries that are not shipped: {missing}"
    if SOURCE_ARTICLE.exists():
        article = " ".join(SOURCE_ARTICLE.read_text(encoding="utf-8").split())
        for claim in (claims[slug] for slug in sorted(ARTICLE_CLAIMS)):
            for part in claim.claim.split(" ... "):
                assert " ".join(part.split()) in article, (
                    f"{claim.path}: claim: {part!r} is not worded as in the source article")
