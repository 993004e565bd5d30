"""How readers reach the editors: the routes site.yaml gives (contact:), as links.

One place decides every contact link on the site: the Contact page's list, the "Report an error in
this fact-check" link on each claim page, and the reference links pages may use in their text
(`[report an error][report-error]`). A route that is not configured is never made up: the link
falls back to the Contact page, and the build warns (see `missing_route_warning`).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from site_gen import paths
from site_gen.model import Problem, SiteConfig

REPORT_FORM = "report-an-error.yml"  # .github/ISSUE_TEMPLATE/
SUGGEST_FORM = "suggest-a-claim.yml"


@dataclass(frozen=True)
class ContactRoute:
    label: str
    href: str  # absolute (https:, mailto:)
    description: str


def routes(config: SiteConfig) -> tuple[ContactRoute, ...]:
    """Every configured way to reach the editors, for the Contact page; empty when none is known."""
    contact, found = config.contact, []
    if contact.repository:
        found += [
            ContactRoute("Report an error", _issue_form(contact.repository, REPORT_FORM),
                         "a form in our public issue tracker: say which fact-check, what is wrong and why"),
            ContactRoute("Suggest a claim to check", _issue_form(contact.repository, SUGGEST_FORM),
                         "a form in our public issue tracker: the claim's exact words, who made it, where"),
        ]
    if contact.email:
        found.append(ContactRoute(f"Email {contact.email}", f"mailto:{contact.email}",
                                  "for anything else, or if you would rather not write in public"))
    return tuple(found)


def report_error_href(config: SiteConfig, title: str, page_url: str) -> str | None:
    """A link that opens an error report about one fact-check, its title and address filled in;
    None when no route is configured (the page then links to the Contact page)."""
    contact = config.contact
    if contact.repository:
        return _issue_form(contact.repository, REPORT_FORM, title=f"Error in: {title}", page=page_url)
    if contact.email:
        return f"mailto:{contact.email}?" + urlencode({"subject": f"Error in: {title}", "body": page_url},
                                                       quote_via=quote)
    return None


def references(config: SiteConfig) -> dict[str, str]:
    """Reference-link targets a page's Markdown may use: `[report an error][report-error]`,
    `[suggest a claim][suggest-claim]`, `[write to us][contact-email]`. Each falls back to the
    Contact page when its route is not configured."""
    contact, fallback = config.contact, "/" + paths.CONTACT
    mail = f"mailto:{contact.email}" if contact.email else None
    form = (lambda name: _issue_form(contact.repository, name)) if contact.repository else None
    return {
        "report-error": form(REPORT_FORM) if form else (f"{mail}?subject=Report%20an%20error" if mail else fallback),
        "suggest-claim": form(SUGGEST_FORM) if form else (f"{mail}?subject=A%20claim%20to%20check" if mail else fallback),
        "contact-email": mail or fallback,
    }


def missing_route_warning(config: SiteConfig) -> Problem | None:
    if config.contact.known:
        return None
    return Problem("site.yaml", 1, 1, "contact", "expected a contact route (contact.repository or contact.email), "
                   "got none: readers cannot report an error (in GitHub Actions the repository being built is used)",
                   warning=True)


def _issue_form(repository: str, form: str, **fields: str) -> str:
    """GitHub's new-issue URL for an issue form; query parameters named after the form's field ids
    fill those fields in (title fills the issue's title)."""
    return f"{repository}/issues/new?" + urlencode({"template": form, **fields}, quote_via=quote)
