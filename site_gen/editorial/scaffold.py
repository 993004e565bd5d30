"""`build.py new "claim"`: a valid draft entry to fill in, named after the claim; never overwrites."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path

from site_gen.load.content import CLAIMS_DIR
from site_gen.model import ContentError, Problem, Verdict
from site_gen.paths import slugify
from site_gen.write.output import write_new_file

MAX_SLUG = 60

TEMPLATE = """---
# yaml-language-server: $schema=../../schema/claim.schema.json
# Fill in every TODO, then run `python build.py check`. Field reference: README.md.
claim: {claim}
claimant: {claimant}
verdict: {verdict}            # one of the keys in site.yaml
summary: >-
  TODO: the conclusion in one to three sentences.
published: {today}
tags: []
draft: true                  # remove when the entry is ready to publish
sources:
  - id: source-1
    title: "TODO: title of the first source"
    publisher: "TODO: publisher"
  - id: source-2
    title: "TODO: title of the second source"
    publisher: "TODO: publisher"
---
TODO: the analysis. Cite a source inline like this[^source-1].
"""


def slug_for(claim: str) -> str:
    """A slug from the claim's words, cut at a word boundary."""
    slug = slugify(claim)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug


def draft_verdict(verdicts: Sequence[Verdict]) -> str:
    """The verdict a new draft starts with: the scale's first one off the scale (unrated, such as
    "unproven"), else its last: a key the site's own check accepts, whatever its language."""
    return next((v.key for v in verdicts if v.rating is None), verdicts[-1].key)


def new_claim(root: Path, claim: str, *, claimant: str, verdict: str, today: dt.date | None = None) -> Path:
    if not claim.strip():
        raise ContentError([Problem("new", 1, 1, "claim", "expected the claim's wording, got an empty string")])
    path = root / CLAIMS_DIR / f"{slug_for(claim)}.md"
    if path.exists() or path.is_symlink():
        raise _exists(root, path)
    today = today or dt.date.today()
    text = TEMPLATE.format(claim=json.dumps(claim.strip(), ensure_ascii=False),
                           claimant=json.dumps(claimant, ensure_ascii=False), today=today.isoformat(),
                           verdict=json.dumps(verdict))
    if not write_new_file(path, text.encode("utf-8")):  # (another `new` made it meanwhile)
        raise _exists(root, path)
    return path


def _exists(root: Path, path: Path) -> ContentError:
    return ContentError([Problem(path.relative_to(root).as_posix(), 1, 1, "",
                                 "expected a new file, got one that already exists (nothing was overwritten)")])
