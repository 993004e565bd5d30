"""since.Changes -> the Markdown summary of what readers will see change, for a pull request's
reviewers: written to the run's summary page ($GITHUB_STEP_SUMMARY) in CI, to the terminal locally.

Every entry is linked to its page under the site's base URL; verdicts show their labels, dates and
figures are written as the pages print them. Text from entries is escaped, so a title cannot
inject links or markup into the summary.
"""
from __future__ import annotations

from site_gen.dates import display_date
from site_gen.editorial.since import Changes
from site_gen.load.markdown import escape
from site_gen.model import Claim, SiteConfig


def summary_markdown(changes: Changes, config: SiteConfig, problems: int = 0) -> str:
    sections = [
        ("New fact-checks", [f"{_link(c, config)}: **{_label(c.verdict, config)}**" for c in changes.added]),
        ("Verdicts changed", [f"{_link(v.claim, config)}: {_text(v.old_label)} → **{_text(v.new_label)}**"
                              for v in changes.verdicts]),
        ("Claims reworded", [f"{_link(w.claim, config)}: “{_text(w.old)}” → “{_text(w.claim.claim)}”"
                             for w in changes.wording]),
        ("Figures changed", [f"{_link(f.claim, config)}, {_text(f.table)}, {_text(f.label)}: "
                             f"{_text(f.old) if f.old else '(new)'} → {_text(f.new) if f.new else '(removed)'}"
                             for f in changes.figures]),
        ("Corrections", [f"{_link(c, config)}, {display_date(n.date, config.date_format, config.locale)}: {_text(n.note)}"
                         for c, n in changes.corrections]),
        ("Retractions", [f"{_link(c, config)}, {display_date(c.retracted.date, config.date_format, config.locale)}: "
                         f"{_text(c.retracted.note)}" for c in changes.retractions if c.retracted]),
    ]
    counts = [_count(len(items), noun) for (_, items), noun in zip(sections, NOUNS) if items]
    lines = ["## What readers will see change", ""]
    if problems:
        lines += [f"**{problems} problem{'s'[:problems != 1]} must be fixed first**: each is in the log of this "
                  "step and marked on the changed line.", ""]
    if not counts:
        lines.append(f"Compared with `{changes.ref}`: no fact-check is added, re-rated, corrected or retracted.")
        return "\n".join(lines) + "\n"
    lines += [f"Compared with `{changes.ref}`: {', '.join(counts)}.", ""]
    for title, items in sections:
        if items:
            lines += [f"### {title}", "", *(f"- {item}" for item in items), ""]
    return "\n".join(lines)


# How the opening line counts each section: (one, more).
NOUNS = (("new fact-check", "new fact-checks"), ("verdict changed", "verdicts changed"),
         ("claim reworded", "claims reworded"), ("figure changed", "figures changed"),
         ("correction", "corrections"), ("retraction", "retractions"))


def _count(n: int, noun: tuple[str, str]) -> str:
    return f"{n} {noun[n != 1]}"


def _link(claim: Claim, config: SiteConfig) -> str:
    return f"[{_text(claim.title)}]({config.base_url}claims/{claim.slug}/)"


def _label(verdict: str, config: SiteConfig) -> str:
    return _text(config.verdict(verdict).label)


def _text(text: str) -> str:
    """Entry text as Markdown that shows it as written; & and $ too, which GitHub would read as
    an entity and as the start of a formula ("$6 million ... $1.6 billion")."""
    return escape(text).replace("&", "\\&").replace("$", "\\$")
