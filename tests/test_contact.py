"""Contact follows site.yaml: an email gives prefilled mailto: reports, a repository its issue forms,
both give both; GitHub Actions' repository stands in only when the file sets no route at all, and
`repository: false` turns that off."""
from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from site_gen.contact import mailto, missing_route_warning, references, report_error_links, routes
from site_gen.i18n import messages
from site_gen.load.config import read_config
from site_gen.model import ContentError

FIXTURE_YAML = (Path(__file__).parent / "fixtures" / "site" / "site.yaml").read_text()
ACTIONS = {"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "desk/checks"}
REPO = "https://git.example.org/desk/checks"
PAGE = "https://example.org/sub/claims/six-million/"
ENGLISH = messages("en")


def with_contact(contact: str) -> str:
    """The fixture's site.yaml with its contact: block replaced by `contact` (YAML lines, or "")."""
    start = FIXTURE_YAML.index("contact:")
    end = FIXTURE_YAML.index("verdicts:")
    return FIXTURE_YAML[:start] + contact + FIXTURE_YAML[end:]


def config(contact: str, environ: dict[str, str] | None = None):
    return read_config(with_contact(contact).encode(), environ=environ or {})


def query(href: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(href).query, keep_blank_values=True).items()}


EMAIL_ONLY = "contact:\n  email: desk@example.org\n"
REPO_ONLY = f"contact:\n  repository: {REPO}\n"
BOTH = f"contact:\n  repository: {REPO}\n  email: desk@example.org\n"


# ---- Which routes a site.yaml gives ------------------------------------------------------------


def test_actions_repository_stands_in_only_when_the_file_sets_no_route():
    assert config("", ACTIONS).contact.repository == "https://github.com/desk/checks"
    assert config("contact:\n", ACTIONS).contact.repository == "https://github.com/desk/checks"
    email_only = config(EMAIL_ONLY, ACTIONS).contact
    assert (email_only.repository, email_only.email) == (None, "desk@example.org")
    assert config(REPO_ONLY, ACTIONS).contact.repository == REPO  # the file's own wins


def test_repository_false_turns_the_actions_default_off():
    off = config("contact:\n  repository: false\n", ACTIONS).contact
    assert (off.repository, off.email, off.known, off.repository_off) == (None, None, False, True)
    with_email = config("contact:\n  repository: false\n  email: desk@example.org\n", ACTIONS).contact
    assert (with_email.repository, with_email.email) == (None, "desk@example.org")


@pytest.mark.parametrize("value", ["true", '"false"', "ftp://x.example.org/r"])
def test_repository_is_a_url_or_a_plain_false(value):
    with pytest.raises(ContentError) as err:
        config(f"contact:\n  repository: {value}\n")
    [problem] = err.value.problems
    assert problem.message.startswith("expected an http(s) URL or false, got ")
    assert str(problem).startswith("site.yaml:11:15: contact.repository: ")


def test_without_a_route_the_build_warns_and_says_why_when_the_repository_is_off():
    assert missing_route_warning(config(BOTH)) is None
    assert missing_route_warning(config(EMAIL_ONLY)) is None
    none = missing_route_warning(config(""))
    assert none is not None and none.warning
    assert none.message == ("expected a contact route (contact.repository or contact.email), got none: readers "
                            "cannot report an error (in GitHub Actions the repository being built is used)")
    off = missing_route_warning(config("contact:\n  repository: false\n", ACTIONS))
    assert off is not None and off.message == ("expected a contact route (contact.email, as contact.repository is "
                                               "false), got none: readers cannot report an error")


# ---- The claim page's "Report an error in this fact-check" ---------------------------------------


def test_email_only_reports_by_a_prefilled_mailto():
    links = report_error_links(config(EMAIL_ONLY), "Was it $6 million?", PAGE, ENGLISH)
    assert links.lead == "" and [link.label for link in links.links] == ["Report an error in this fact-check"]
    href = links.links[0].href
    assert href == ("mailto:desk@example.org?subject=Error%20in%3A%20Was%20it%20%246%20million%3F"
                    "&body=Fact-check%3A%20https%3A%2F%2Fexample.org%2Fsub%2Fclaims%2Fsix-million%2F%0D%0A%0D%0A"
                    "What%20is%20wrong%3A%0D%0A%0D%0A%0D%0AYour%20source%3A%0D%0A")
    assert query(href) == {"subject": "Error in: Was it $6 million?",
                           "body": f"Fact-check: {PAGE}\r\n\r\nWhat is wrong:\r\n\r\n\r\nYour source:\r\n"}


def test_repository_only_reports_by_the_issue_form():
    [link] = report_error_links(config(REPO_ONLY), "Was it $6 million?", PAGE, ENGLISH).links
    assert link.label == "Report an error in this fact-check"
    assert link.href == (f"{REPO}/issues/new?template=report-an-error.yml&title=Error%20in%3A%20Was%20it%20%246%20"
                         "million%3F&page=https%3A%2F%2Fexample.org%2Fsub%2Fclaims%2Fsix-million%2F")


def test_both_routes_are_offered_the_issue_form_first():
    links = report_error_links(config(BOTH), "T", PAGE, ENGLISH)
    assert links.lead == "Report an error in this fact-check:" and links.separator == " or "
    assert [(link.label, link.href.split("?")[0]) for link in links.links] == [
        ("in our issue tracker", f"{REPO}/issues/new"), ("by email", "mailto:desk@example.org")]


def test_no_route_links_the_contact_page():
    [link] = report_error_links(config(""), "T", PAGE, ENGLISH).links
    assert (link.label, link.href) == ("Report an error in this fact-check", None)


def test_a_title_cannot_end_a_field_or_add_a_header():
    title = "A & B?\r\nBcc: x@evil.example&cc=y@evil.example#z"
    [link] = report_error_links(config(EMAIL_ONLY), title, PAGE, ENGLISH).links
    href = link.href
    assert not re.search(r"[\r\n ]", href)
    assert href.count("?") == 1 and href.count("&") == 1  # only the one between subject and body
    assert set(query(href)) == {"subject", "body"}
    assert query(href)["subject"] == "Error in: A & B? Bcc: x@evil.example&cc=y@evil.example#z"  # one line
    assert "%26%20B%3F%20Bcc%3A%20x%40evil.example%26cc%3Dy%40evil.example%23z&body=" in href
    [form] = report_error_links(config(REPO_ONLY), title, PAGE, ENGLISH).links
    assert query(form.href)["title"] == "Error in: A & B? Bcc: x@evil.example&cc=y@evil.example#z"


def test_an_address_with_reserved_characters_is_encoded():
    assert mailto("a?b&c=d#e%f/g@example.org", "S") == "mailto:a%3Fb%26c%3Dd%23e%25f%2Fg@example.org?subject=S"
    assert mailto("o'neil+desk@example.org") == "mailto:o'neil+desk@example.org"


# ---- The Contact page and the reference links ----------------------------------------------------


def test_contact_page_offers_both_and_an_email_only_site_reports_by_email():
    both = routes(config(BOTH), ENGLISH)
    assert [r.label for r in both] == ["Report an error", "Suggest a claim to check", "Report an error by email",
                                       "Email desk@example.org"]
    assert query(both[2].href)["subject"] == "Report an error" and "What is wrong:" in query(both[2].href)["body"]
    email_only = routes(config(EMAIL_ONLY, ACTIONS), ENGLISH)
    assert [r.label for r in email_only] == ["Report an error", "Email desk@example.org"]
    assert all(r.href.startswith("mailto:desk@example.org") for r in email_only)
    assert routes(config("contact:\n  repository: false\n", ACTIONS), ENGLISH) == ()


def test_reference_links_follow_the_routes():
    email_only = references(config(EMAIL_ONLY), ENGLISH)
    assert email_only["report-error"].startswith("mailto:desk@example.org?subject=Report%20an%20error&body=")
    assert email_only["suggest-claim"] == "mailto:desk@example.org?subject=A%20claim%20to%20check"
    assert references(config(BOTH), ENGLISH)["report-error"] == f"{REPO}/issues/new?template=report-an-error.yml"
    assert references(config(""), ENGLISH)["contact-email"] == "/contact/"


# ---- Built pages -----------------------------------------------------------------------------------


def report_line(root: Path, slug: str = "six-million") -> str:
    page = (root / f"_site/claims/{slug}/index.html").read_text()
    return re.search(r'<p class="report-error"[^>]*>\s*(.*?)\s*</p>', page, re.S).group(1)


def test_an_email_only_site_built_in_actions_sends_no_reader_to_github(fixture_site, run_cli, monkeypatch):
    for name, value in ACTIONS.items():
        monkeypatch.setenv(name, value)
    (fixture_site / "site.yaml").write_text(with_contact(EMAIL_ONLY))
    result = run_cli(fixture_site, "build", "--no-search")
    assert result.code == 0, result.err
    line = report_line(fixture_site)
    [href] = re.findall(r'href="([^"]*)"', line)
    assert line.endswith(">Report an error in this fact-check</a>")
    assert query(unescape(href)) == {
        "subject": "Error in: Was the model trained for $6 million?",
        "body": f"Fact-check: {PAGE}\r\n\r\nWhat is wrong:\r\n\r\n\r\nYour source:\r\n"}
    for page in ("claims/six-million/index.html", "contact/index.html"):
        assert "github.com" not in (fixture_site / "_site" / page).read_text()
    assert "warning: contact" not in result.err


def test_repository_false_in_actions_builds_without_a_github_link_and_warns(fixture_site, run_cli, monkeypatch):
    for name, value in ACTIONS.items():
        monkeypatch.setenv(name, value)
    (fixture_site / "site.yaml").write_text(with_contact("contact:\n  repository: false\n"))
    result = run_cli(fixture_site, "build", "--no-search")
    assert result.code == 0, result.err
    assert "contact: expected a contact route (contact.email, as contact.repository is false)" in result.err
    assert report_line(fixture_site) == '<a href="/sub/contact/">Report an error in this fact-check</a>'
    for page in ("claims/six-million/index.html", "contact/index.html"):
        assert "github.com" not in (fixture_site / "_site" / page).read_text()
