"""The messages the pages' scripts show (static/search.js, static/share.js), handed to them as data.

A script cannot read a gettext catalogue, so each page that loads one carries the messages it needs
in a `<script type="application/json">` element (data, never run: the Content-Security-Policy
allows it), made here with the build's `msg` like every other text: one source, the catalogues.

- A message is handed over as the catalogue has it, placeholders left in: the script fills in
  `%(name)s` and `%(num)d` itself (`%%` is a percent sign), a DOM node where a link goes.
- A count's message is handed over as one form per CLDR plural category of the site's language
  (`Messages.plural_forms`: {"one": …, "other": …} in English; "zero", "two", "few", "many" where
  the language has them); the script picks the form with `Intl.PluralRules(<html lang>).select(n)`
  and falls back to "other".
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from site_gen.i18n import Messages
from site_gen.present.jsonld import script_json

SEARCH_ELEMENT = "search-messages"  # the element's id, which static/search.js reads
SHARE_ELEMENT = "share-messages"  # static/share.js


def search_messages(msg: Messages) -> dict[str, Any]:
    """What static/search.js says: its status line, the "more" button, the page title."""
    return {
        "loading": msg("Loading the search index…"),
        "prompt": msg("Type a few words, or choose a verdict, topic or claimant."),
        # Translators: a link to the browse lists below the search; search.js puts it in place of %(browse)s.
        "browse": msg("Browse the fact-checks by verdict, topic or claimant"),
        "unavailable": msg("Search is unavailable right now: the search index could not be loaded. %(browse)s "
                           "instead."),
        # Translators: the search's status line. %(query)s is what the reader typed; %(filters)s the filters
        # chosen, as "verdict Misleading, topic gpus".
        "found": msg.plural_forms("%(num)d fact-check found.", "%(num)d fact-checks found."),
        "found_query": msg.plural_forms("%(num)d fact-check found for “%(query)s”.",
                                        "%(num)d fact-checks found for “%(query)s”."),
        "found_filters": msg.plural_forms("%(num)d fact-check found with %(filters)s.",
                                          "%(num)d fact-checks found with %(filters)s."),
        "found_query_filters": msg.plural_forms("%(num)d fact-check found for “%(query)s” with %(filters)s.",
                                                "%(num)d fact-checks found for “%(query)s” with %(filters)s."),
        # Translators: the search's status line when no fact-check holds every word typed (a question,
        # say), so it shows those that hold the telling words together: %(query)s is what the reader
        # typed, %(words)s the words searched for instead ("minister spend").
        "partial": msg.plural_forms(
            "No fact-check matches every word of “%(query)s”. Showing %(num)d fact-check found for “%(words)s”.",
            "No fact-check matches every word of “%(query)s”. Showing %(num)d fact-checks found for “%(words)s”."),
        # Translators: as the message above; %(filters)s are the filters chosen, as "verdict Misleading, topic gpus".
        "partial_filters": msg.plural_forms(
            "No fact-check matches every word of “%(query)s”. Showing %(num)d fact-check found for “%(words)s” with "
            "%(filters)s.",
            "No fact-check matches every word of “%(query)s”. Showing %(num)d fact-checks found for “%(words)s” with "
            "%(filters)s."),
        # Translators: the search's status line when no fact-check holds every word typed, nor the
        # telling words together, so it shows those that hold some of them, %(words)s ("nvidia italy").
        "any": msg.plural_forms(
            "No fact-check matches every word of “%(query)s”. Showing %(num)d fact-check that matches some of the "
            "words “%(words)s”.",
            "No fact-check matches every word of “%(query)s”. Showing %(num)d fact-checks that match some of the "
            "words “%(words)s”."),
        # Translators: as the message above; %(filters)s are the filters chosen, as "verdict Misleading, topic gpus".
        "any_filters": msg.plural_forms(
            "No fact-check matches every word of “%(query)s”. Showing %(num)d fact-check with %(filters)s that "
            "matches some of the words “%(words)s”.",
            "No fact-check matches every word of “%(query)s”. Showing %(num)d fact-checks with %(filters)s that "
            "match some of the words “%(words)s”."),
        # Translators: the search's status line when nothing is found; %(browse)s is a link to the browse lists.
        "none": msg("No fact-checks found. Try fewer or different words, or remove a filter. %(browse)s."),
        "none_query": msg("No fact-checks found for “%(query)s”. Try fewer or different words, or remove a filter. "
                          "%(browse)s."),
        "none_filters": msg("No fact-checks found with %(filters)s. Try fewer or different words, or remove a "
                            "filter. %(browse)s."),
        "none_query_filters": msg("No fact-checks found for “%(query)s” with %(filters)s. Try fewer or different "
                                  "words, or remove a filter. %(browse)s."),
        # Translators: one chosen filter in the search's status line: "verdict Misleading".
        "filter": {"verdict": msg("verdict %(value)s"), "tag": msg("topic %(value)s"),
                   "claimant": msg("claimant %(value)s")},
        # Translators: the button under the search results; %(num)d results are not shown yet.
        "more": msg.plural_forms("Show more results (%(num)d more)", "Show more results (%(num)d more)"),
        # Translators: the search page's title while a search is shown: "“gpus” · Search · Fixture Checks".
        "title": msg("“%(query)s” · %(title)s"),
    }


def share_messages(msg: Messages) -> dict[str, Any]:
    """What static/share.js says in the share box's status line."""
    return {
        "copied": msg("Link copied."),
        # Translators: when the link could not be copied, the share box shows it to copy by hand.
        "copy_failed": msg("Could not copy. The link is %(url)s"),
        "share_failed": msg("Could not open the share menu."),
    }


def script_data(messages: dict[str, Any]) -> Markup:
    """The messages as the content of a <script type="application/json"> element: JSON in which no
    `<`, `>` or `&` can end the element or open a comment (jsonld.script_json)."""
    return Markup(script_json(messages, compact=True))
