"""Search in real Chromium: the fixture site built with its Pagefind index and served under /sub/.

Every page here fails its test on any console error or uncaught exception (tests/browser.py).
"""
from __future__ import annotations

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture reports it: a skip locally, a failure in CI
    expect = None

pytest_plugins = ["browser"]  # shared fixtures (served_site, browser, page, ...), registered once

pytestmark = pytest.mark.browser

# The fixture site's claims (tests/fixtures/site/content/claims; draft-entry.md is a draft).
CLAIMS = {
    "six-million": {"title": "Was the model trained for $6 million?", "verdict": "Misleading",
                    "verdict_key": "misleading", "published": "2025-02-03",
                    "claimant": ["Example AI"], "tag": ["gpus", "training-cost"]},
    "gpu-count": {"title": "The model was trained on 2,048 GPUs.", "verdict": "Accurate",
                  "verdict_key": "accurate", "published": "2025-02-04",
                  "claimant": ["Example AI"], "tag": ["gpus"]},
    "market-value": {"title": "A chipmaker lost $589 billion of market value in one day.", "verdict": "False",
                     "verdict_key": "false", "published": "2025-02-01",
                     "claimant": ["Example News"], "tag": []},
}


def open_search(page, served_site, query: str = ""):
    page.goto(served_site.url(f"search/{query}"))
    page.wait_for_selector("#search-form[data-state=ready]")
    return page


def result_links(page) -> list[str]:
    return page.locator("#search-result-list .card-title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def search_for(page, words: str) -> None:
    page.fill("#search-input", words)
    page.press("#search-input", "Enter")
    expect(page.locator("#search-status")).to_contain_text(f"“{words}”")


def test_index_holds_only_claim_pages_with_their_filters_and_meta(page, served_site):
    """The real index, read through Pagefind's own JS API: the three published claims and nothing
    else (no home, list, search, about or 404 page, no draft), with filters, meta and a date sort."""
    open_search(page, served_site)
    indexed = page.evaluate("""async (bundle) => {
        const pagefind = await import(bundle + "pagefind.js");
        const all = await pagefind.search(null, {sort: {date: "desc"}});
        const totals = await pagefind.filters();
        const data = await Promise.all(all.results.map(r => r.data()));
        return {totals, pages: data.map(d => ({url: d.url, meta: d.meta, filters: d.filters}))};
    }""", served_site.url("pagefind/"))
    urls = [p["url"] for p in indexed["pages"]]
    assert urls == [f"{served_site.base_path}claims/{slug}/" for slug in ("gpu-count", "six-million", "market-value")]
    for entry in indexed["pages"]:
        expected = CLAIMS[entry["url"].rstrip("/").rsplit("/", 1)[1]]
        meta, filters = entry["meta"], entry["filters"]
        assert meta["title"] == expected["title"]
        assert (meta["verdict"], meta["verdict_key"], meta["published"]) == \
               (expected["verdict"], expected["verdict_key"], expected["published"])
        assert meta["claim"] and meta["date"] and meta["verdict_icon"]
        assert filters["verdict"] == [expected["verdict"]]
        assert filters["claimant"] == expected["claimant"]
        assert sorted(filters.get("tag", [])) == expected["tag"]
    assert indexed["totals"]["verdict"] == {"Accurate": 1, "Misleading": 1, "False": 1}
    assert indexed["totals"]["tag"] == {"gpus": 2, "training-cost": 1}


def test_a_query_finds_the_expected_claim(page, served_site):
    open_search(page, served_site)
    search_for(page, "chipmaker")
    page.wait_for_selector("#search-result-list .search-result")
    assert result_links(page) == [f"{served_site.base_path}claims/market-value/"]
    card = page.locator(".search-result").first
    assert card.locator(".badge.badge--false .badge-icon[aria-hidden=true]").count() == 1
    assert "False" in card.locator(".badge").inner_text()
    assert card.locator(".card-claimant").inner_text() == "Example News:"
    assert card.locator(".search-excerpt mark").first.inner_text().lower() == "chipmaker"
    assert card.locator("time").get_attribute("datetime") == "2025-02-01"
    assert page.locator("#search-status").inner_text() == "1 fact-check found for “chipmaker”."
    assert page.locator("#search-status").get_attribute("aria-live") == "polite"


def test_excerpts_escape_markup_and_keep_only_marks(page, served_site):
    """six-million.md's body holds the literal text `<b>bold</b>`: it must stay text."""
    open_search(page, served_site, "?q=bold")
    excerpt = page.locator(".search-excerpt").first
    excerpt.wait_for()
    assert "<b>" in excerpt.inner_text()
    assert excerpt.locator("b").count() == 0
    assert excerpt.evaluate("e => [...e.querySelectorAll('*')].map(n => n.localName)") == ["mark"]


def test_verdict_filter_narrows_results_and_the_url_says_so(page, served_site):
    open_search(page, served_site)
    search_for(page, "model")
    expect(page.locator(".search-result")).to_have_count(2)
    verdict = page.locator("#search-filter-verdict")
    assert verdict.locator("option[value=Misleading]").inner_text() == "Misleading (1)"
    assert verdict.locator("option[value=False]").is_disabled()  # no "model" claim is rated False
    verdict.select_option("Misleading")
    expect(page.locator(".search-result")).to_have_count(1)
    assert result_links(page) == [f"{served_site.base_path}claims/six-million/"]
    assert page.url == served_site.url("search/?q=model&verdict=Misleading")
    assert page.locator("#search-status").inner_text() == "1 fact-check found for “model” with verdict Misleading."
    # The other verdicts still show what choosing them instead would give.
    assert verdict.locator("option[value=Accurate]").inner_text() == "Accurate (1)"


def test_reloading_the_url_restores_the_state(page, served_site):
    # A shared link may use the verdict key; it is matched to the filter value and canonicalised.
    open_search(page, served_site, "?q=model&verdict=misleading&sort=newest")
    page.wait_for_selector(".search-result")
    for _ in range(2):
        assert page.input_value("#search-input") == "model"
        assert page.input_value("#search-filter-verdict") == "Misleading"
        assert page.input_value("#search-sort") == "newest"
        assert result_links(page) == [f"{served_site.base_path}claims/six-million/"]
        assert page.url == served_site.url("search/?q=model&verdict=Misleading&sort=newest")
        page.reload()
        page.wait_for_selector("#search-form[data-state=ready]")


def test_a_filter_alone_lists_its_claims_newest_first(page, served_site):
    open_search(page, served_site, "?tag=gpus")
    expect(page.locator(".search-result")).to_have_count(2)
    assert result_links(page) == [f"{served_site.base_path}claims/gpu-count/",
                                  f"{served_site.base_path}claims/six-million/"]
    assert page.locator("#search-filter-claimant option[value='Example News']").is_disabled()
    search_for(page, "zebra")
    expect(page.locator("#search-status[data-kind=empty]")).to_have_count(1)
    assert page.locator(".search-result").count() == 0
    assert page.locator("#search-status").inner_text() == (
        "No fact-checks found for “zebra” with topic gpus. Try fewer or different words, or remove a filter. Browse the fact-checks by verdict, topic or claimant.")


def test_the_header_search_box_leads_to_results_without_console_errors(page, served_site):
    """From a claim page (sub-path, hashed assets) through the header form to the search page."""
    page.goto(served_site.url("claims/six-million/"))
    page.fill("#header-search-input", "model")
    page.press("#header-search-input", "Enter")
    page.wait_for_url(re.compile(re.escape(served_site.url("search/?q=model")) + "$"))
    page.wait_for_selector("#search-form[data-state=ready]")
    page.wait_for_selector(".search-result")
    assert page.input_value("#search-input") == "model"
    assert len(result_links(page)) == 2
    page.click(".search-result a >> nth=0")
    page.wait_for_url(re.compile(re.escape(served_site.url("claims/")) + ".+/$"))


def test_keyboard_alone_reaches_and_opens_the_first_result(page, served_site):
    open_search(page, served_site)
    page.focus("#search-input")
    page.keyboard.type("million")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-result")
    first = page.locator("#search-result-list .card-title a").first
    for _ in range(10):
        page.keyboard.press("Tab")
        if first.evaluate("a => a === document.activeElement"):
            break
    else:
        pytest.fail("Tab from the search box never reached the first result link")
    href = first.get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(served_site.url(href.removeprefix(served_site.base_path)))


def test_without_javascript_the_page_points_to_the_browse_links(make_page, served_site):
    page = make_page(java_script_enabled=False)
    page.goto(served_site.url("search/?q=model"))
    message = page.locator(".search-unavailable")
    assert message.is_visible()
    assert message.inner_text().startswith("Search needs JavaScript")
    assert message.locator("a").get_attribute("href") == "#browse"
    assert page.locator("#search-filters").is_hidden()
    browse = page.locator("#browse a")
    hrefs = browse.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert f"{served_site.base_path}verdicts/misleading/" in hrefs
    assert f"{served_site.base_path}tags/gpus/" in hrefs
    assert any(h.startswith(f"{served_site.base_path}claimants/") for h in hrefs)
    assert browse.first.is_visible()
    form = page.locator("#search-form")
    assert (form.get_attribute("method"), form.get_attribute("action")) == ("get", f"{served_site.base_path}search/")
    assert page.locator("#search-input").get_attribute("name") == "q"


def test_a_missing_index_fails_soft(page, console, served_site):
    console.allow(r"Failed to load resource: the server responded with a status of 404")
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(served_site.url("search/?q=model"))
    page.wait_for_selector("#search-form[data-state=unavailable]")
    status = page.locator("#search-status")
    assert status.inner_text().startswith("Search is unavailable right now")
    assert status.locator("a").get_attribute("href") == "#browse"
    assert page.locator("#search-filters").is_hidden()
    assert page.locator(".search-result").count() == 0
    assert page.locator("#browse a").first.is_visible()


def test_search_works_under_a_strict_content_security_policy(page, served_site):
    """No inline script or style, no eval, no element.style: a violation logs a console error,
    which fails the test. Sent as a header, the policy also binds Pagefind's worker."""
    from browser import enforce_csp  # imported once pytest_plugins has registered (and rewritten) it

    enforce_csp(page)
    open_search(page, served_site, "?q=model&verdict=Accurate")
    page.wait_for_selector(".search-result")
    assert result_links(page) == [f"{served_site.base_path}claims/gpu-count/"]
    page.select_option("#search-filter-verdict", "")
    expect(page.locator(".search-result")).to_have_count(2)
