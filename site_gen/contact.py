"""How readers reach the editors: the routes site.yaml gives (contact:), as links.

One place decides every contact link on the site: the Contact page's list, the "Report an error in
this fact-check" line on each claim page (both shown by present/ and pages.py), and the reference
links pages may use in their text (`[report an error][report-error]`, rendered as load/ reads the
bodies), which is why it sits below both. A route that is not configured is never made up: the link
falls back to the Contact page, and the build warns (see `missing_route_warning`).

Routes (which ones exist is decided in load/config.py `_contact`):
- an email gives prefilled `mailto:` reports: the subject names the fact-check, the body holds its
  address and asks what is wrong and for a source; readers need no account anywhere;
- a repository gives its issue forms (`.github/ISSUE_TEMPLATE/`), title and address filled in;
- with both, both are offered, the issue form first.

Every word readers see here, the reports' subjects and bodies among them, is a message of the
site's language (`msg`, site_gen/i18n.py), so a translation is its catalogue's business.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from site_gen import paths
from site_gen.i18n import Messages
from site_gen.model import Problem, SiteConfig

REPORT_FORM = "report-an-error.yml"  # .github/ISSUE_TEMPLATE/
SUGGEST_FORM = "suggest-a-claim.yml"


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


def routes(config: SiteConfig, msg: Messages) -> tuple[ContactRoute, ...]:
    """Every configured way to reach the editors, for the Contact page; empty when none is known."""
    contact, found = config.contact, []
    if contact.repository:
        found += [
            ContactRoute(msg("Report an error"), _issue_form(contact.repository, REPORT_FORM),
                         msg("a form in our public issue tracker: say which fact-check, what is wrong and why")),
            ContactRoute(msg("Suggest a claim to check"), _issue_form(contact.repository, SUGGEST_FORM),
                         msg("a form in our public issue tracker: the claim's exact words, who made it, where")),
        ]
    if contact.email:
        found += [
            ContactRoute(msg("Report an error by email") if contact.repository else msg("Report an error"),
                         mailto(contact.email, _report_subject(msg), _report_body_any(msg)),
                         msg("say which fact-check, what is wrong and your source, if you would rather not write "
                             "in public") if contact.repository else
                         msg("say which fact-check, what is wrong and your source")),
            ContactRoute(msg("Email %(address)s", address=contact.email), mailto(contact.email),
                         msg("for anything else") if contact.repository else
                         msg("to suggest a claim to check, or for anything else")),
        ]
    return tuple(found)


def report_error_links(config: SiteConfig, title: str, page_url: str | None, msg: Messages) -> ReportLinks:
    """The links that open an error report about one fact-check (at absolute `page_url`), its title
    and address filled in: the issue form, the email, or both; with neither, the Contact page."""
    contact = config.contact
    # Translators: the title of an error report (an issue) or the subject of its email.
    subject = msg("Error in: %(title)s", title=_one_line(title))
    found = []
    if contact.repository:
        fields = {"title": subject, **({"page": page_url} if page_url else {})}
        found.append(ReportLink(msg("in our issue tracker"), _issue_form(contact.repository, REPORT_FORM, **fields)))
    if contact.email:
        # Translators: the body of an error report's email: the reader writes under each line.
        body = msg("Fact-check: %(address)s\n\nWhat is wrong:\n\n\nYour source:\n", address=page_url) if page_url \
            else _report_body_any(msg)
        found.append(ReportLink(msg("by email"), mailto(contact.email, subject, body)))
    if len(found) > 1:
        # Translators: "Report an error in this fact-check: in our issue tracker or by email" (two links).
        return ReportLinks(msg("Report an error in this fact-check:"), tuple(found), msg(" or "))
    return ReportLinks("", (ReportLink(msg("Report an error in this fact-check"), found[0].href if found else None),))


def references(config: SiteConfig, msg: Messages) -> dict[str, str]:
    """Reference-link targets a page's Markdown may use: `[report an error][report-error]`,
    `[suggest a claim][suggest-claim]`, `[write to us][contact-email]`. Each falls back to the
    Contact page when its route is not configured; the issue forms come first when both are set."""
    contact, fallback = config.contact, "/" + paths.CONTACT
    email = contact.email

    def route(form: str, subject: str, body: str = "") -> str:
        if contact.repository:
            return _issue_form(contact.repository, form)
        return mailto(email, subject, body) if email else fallback

    return {
        "report-error": route(REPORT_FORM, _report_subject(msg), _report_body_any(msg)),
        # Translators: the subject of an email suggesting a claim to check.
        "suggest-claim": route(SUGGEST_FORM, msg("A claim to check")),
        "contact-email": mailto(email) if email else fallback,
    }


def _report_subject(msg: Messages) -> str:
    # Translators: a link on the Contact page, and the subject of an error report's email about no one fact-check.
    return msg("Report an error")


def _report_body_any(msg: Messages) -> str:
    # Translators: the body of an error report's email: the reader writes under each line.
    return msg("Which fact-check (its address):\n\nWhat is wrong:\n\n\nYour source:\n")


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
