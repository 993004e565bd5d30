"""An example plugin: a `region` field on fact-checks, and a page listing the checks by month.

Copy this file into your site's `plugins/` folder and `templates/months.html` into its `templates/`,
then add to site.yaml:

    plugins: [months]

Each fact-check may then say `region: Western Europe` (text, validated like any field: a number or
a list there is an error at its line, and `python build.py schema` puts it in the JSON Schema), and
the site gets /months/, every published check under its month, newest first, with its region.
tests/test_plugins.py builds a site with exactly these two files.
"""
from __future__ import annotations

from itertools import groupby


def register(site):
    site.field("region", "short text", help="where the claim circulated, e.g. Western Europe")
    site.filter("month", lambda date: f"{date:%Y-%m}")
    site.page("months/", "months.html", title="Fact-checks by month",
              description="Every fact-check, month by month.", context=by_month)


def by_month(claims):
    """The claims (newest first) grouped by the month they were published in."""
    months = groupby(claims, key=lambda claim: (claim.published.year, claim.published.month))
    return {"months": [(f"{year}-{month:02d}", list(group)) for (year, month), group in months]}
