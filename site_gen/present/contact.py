"""How readers reach the editors: the routes site.yaml gives (contact:), as links.

One place decides every contact link on the site: the Contact page's list, the "Report an error in
this fact-check" line on each claim page, and the reference links pages may use in their text
(`[report an error][report-error]`). A route that is not configured is never made up: the link
falls back to the Contact page, and the build warns (see `missing_route_warning`).

Routes (which ones exist is decided in load/config.py `_contact`):
- an email gives prefilled `mailto:` reports: the subject names the fact-check, the body holds its
  address and asks what is wrong and for a source; readers need no account anywhere;
- a repository gives its issue forms (`.github/ISSUE_TEMPLATE/`), title and address filled in;
- with both, both are offered, the issue form first.

Every word readers see here is in `STRINGS`, by language (site.yaml's `language`), so that a
translation is one more entry; a language without one gets English.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from site_gen import paths
from site_gen.model import Problem, SiteConfig

REPORT_FORM = "report-an-error.yml"  # .github/ISSUE_TEMPLATE/
SUGGEST_FORM = "suggest-a-claim.yml"

# Reader-facing strings, by language. {title}, {url} and {email} are filled in here, never by a template.
STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # The claim page's line: one link when one route is set, else a lead-in and one link per route.
        "report_this": "Report an error in this fact-check",
        "report_this_lead": "Report an error in this fact-check:",
        "report_this_form": "in our issue tracker",
        "report_this_email": "by email",
        "or": " or ",
        # The Contact page's list.
        "report": "Report an error",
        "report_form_about": "a form in our public issue tracker: say which fact-check, what is wrong and why",
        "report_by_email": "Report an error by email",
        "report_email_about": "say which fact-check, what is wrong and your source",
        "report_email_about_private": "say which fact-check, what is wrong and your source, "
                                      "if you would rather not write in public",
        "suggest": "Suggest a claim to check",
        "suggest_form_about": "a form in our public issue tracker: the claim's exact words, who made it, where",
        "email": "Email {email}",
        "email_about": "to suggest a claim to check, or for anything else",
        "email_about_also": "for anything else",
        # What a report opens with: the issue's title or the email's subject, and the email's body.
        "report_title": "Error in: {title}",
        "report_body": "Fact-check: {url}\n\nWhat is wrong:\n\n\nYour source:\n",
        "report_subject": "Report an error",
        "report_body_any": "Which fact-check (its address):\n\nWhat is wrong:\n\n\nYour source:\n",
        "suggest_subject": "A claim to check",
    },
}


@dataclass(frozen=True)
class ContactRoute:
    label: str
    href: str  # absolute (https:, mailto:)
    description: str


@dataclass(frozen=True)
class ReportLink:
    label: str
    href: str | None  # absolute (https:, mailto:); None: the Contact page (no route is configured)


@dataclass(frozen=True)
class ReportLinks:
    """The claim page's "Report an error in this fact-check": `lead`, then the links joined by `separator`."""

    lead: str  # empty when there is one link (its label says it all)
    links: tuple[ReportLink, ...]  # never empty
    separator: str = ""


def strings(config: SiteConfig) -> dict[str, str]:
    """The contact texts in the site's language (its primary subtag: `fr-CA` reads `fr`), else English."""
    language = config.language.split("-")[0].lower()
    return STRINGS.get(language, STRINGS["en"])


def routes(config: SiteConfig) -> tuple[ContactRoute, ...]:
    """Every configured way to reach the editors, for the Contact page; empty when none is known."""
    contact, text, found = config.contact, strings(config), []
    if contact.repository:
        found += [
            ContactRoute(text["report"], _issue_form(contact.repository, REPORT_FORM), text["report_form_about"]),
            ContactRoute(text["suggest"], _issue_form(contact.repository, SUGGEST_FORM), text["suggest_form_about"]),
        ]
    if contact.email:
        found += [
            ContactRoute(text["report_by_email" if contact.repository else "report"],
                         mailto(contact.email, text["report_subject"], text["report_body_any"]),
                         text["report_email_about_private" if contact.repository else "report_email_about"]),
            ContactRoute(text["email"].format(email=contact.email), mailto(contact.email),
                         text["email_about_also" if contact.repository else "email_about"]),
        ]
    return tuple(found)


def report_error_links(config: SiteConfig, title: str, page_url: str | None) -> ReportLinks:
    """The links that open an error report about one fact-check (at absolute `page_url`), its title
    and address filled in: the issue form, the email, or both; with neither, the Contact page."""
    contact, text = config.contact, strings(config)
    subject = text["report_title"].format(title=_one_line(title))
    found = []
    if contact.repository:
        fields = {"title": subject, **({"page": page_url} if page_url else {})}
        found.append(ReportLink(text["report_this_form"], _issue_form(contact.repository, REPORT_FORM, **fields)))
    if contact.email:
        body = text["report_body"].format(url=page_url) if page_url else text["report_body_any"]
        found.append(ReportLink(text["report_this_email"], mailto(contact.email, subject, body)))
    if len(found) > 1:
        return ReportLinks(text["report_this_lead"], tuple(found), text["or"])
    return ReportLinks("", (ReportLink(text["report_this"], found[0].href if found else None),))


def references(config: SiteConfig) -> dict[str, str]:
    """Reference-link targets a page's Markdown may use: `[report an error][report-error]`,
    `[suggest a claim][suggest-claim]`, `[write to us][contact-email]`. Each falls back to the
    Contact page when its route is not configured; the issue forms come first when both are set."""
    contact, text, fallback = config.contact, strings(config), "/" + paths.CONTACT
    email = contact.email

    def route(form: str, subject: str, body: str = "") -> str:
        if contact.repository:
            return _issue_form(contact.repository, form)
        return mailto(email, subject, body) if email else fallback

    return {
        "report-error": route(REPORT_FORM, text["report_subject"], text["report_body_any"]),
        "suggest-claim": route(SUGGEST_FORM, text["suggest_subject"]),
        "contact-email": mailto(email) if email else fallback,
    }


def missing_route_warning(config: SiteConfig) -> Problem | None:
    if config.contact.known:
        return None
    if config.contact.repository_off:
        return Problem("site.yaml", 1, 1, "contact", "expected a contact route (contact.email, as contact.repository "
                       "is false), got none: readers cannot report an error", warning=True)
    return Problem("site.yaml", 1, 1, "contact", "expected a contact route (contact.repository or contact.email), "
                   "got none: readers cannot report an error (in GitHub Actions the repository being built is used)",
                   warning=True)


def mailto(address: str, subject: str = "", body: str = "") -> str:
    """A `mailto:` URL (RFC 6068): the address and every header value percent-encoded, so that no
    `?`, `&`, `#` or line break in them can end a field or add a header; line breaks in the body are
    sent as CRLF (%0D%0A), as the RFC asks."""
    fields = {name: value for name, value in (("subject", subject),
                                               ("body", body.replace("\r\n", "\n").replace("\n", "\r\n")))
              if value}
    to = quote(address, safe="@!$'*+")  # RFC 6068 some-delims that an address may hold as they are
    return f"mailto:{to}" + ("?" + urlencode(fields, quote_via=quote) if fields else "")


def _one_line(text: str) -> str:
    """A header value is one line: line breaks and other whitespace runs become one space."""
    return " ".join(text.split())


def _issue_form(repository: str, form: str, **fields: str) -> str:
    """GitHub's new-issue URL for an issue form; query parameters named after the form's field ids
    fill those fields in (title fills the issue's title)."""
    return f"{repository}/issues/new?" + urlencode({"template": form, **fields}, quote_via=quote)
