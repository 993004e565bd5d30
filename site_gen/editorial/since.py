"""`check --since REF`: what a change does to the published fact-checks, entry by entry against
its version at REF (read from git by history.py, with the loader every build uses).

The editorial standards, enforced in the pull request where a CMS could not:
- a published entry's verdict, figures (value, min, max, unit) and claim wording change only with
  a new dated correction and an `updated:` on or after it;
- a published entry is never deleted, turned back into a draft or moved to another URL: it is
  retracted (`retracted: {date, note}`), and its page stays.
It also collects what readers will see change; since_summary.py writes that as Markdown.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from site_gen.editorial.history import changed_entries, text_at
from site_gen.figures.numbers import plain
from site_gen.load import frontmatter
from site_gen.load.config import CONFIG_FILE, SITE, read_config
from site_gen.load.entry import ReadClaim, read_claim
from site_gen.load.inputs import stays_inside
from site_gen.load.reader import Fields, Reader, read_document
from site_gen.model import Claim, Comparison, ContentError, Correction, CostRow, Problem, SiteConfig
from site_gen.present.units import format_figure

SHOWN = 60  # characters of a claim's wording quoted in a message
BOUNDS = ("value", "min", "max")


@dataclass(frozen=True)
class VerdictChange:
    claim: Claim  # as it is now
    old: str  # verdict keys
    new: str
    old_label: str  # as readers saw them (a key may have been renamed meanwhile)
    new_label: str


@dataclass(frozen=True)
class WordingChange:
    claim: Claim
    old: str


@dataclass(frozen=True)
class FigureChange:
    """One figure of a cost table as the page prints it, before and after (None: not there)."""

    claim: Claim
    table: str
    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Changes:
    """What readers will see change, compared with `ref`."""

    ref: str
    added: tuple[Claim, ...] = ()
    verdicts: tuple[VerdictChange, ...] = ()
    wording: tuple[WordingChange, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    corrections: tuple[tuple[Claim, Correction], ...] = ()
    retractions: tuple[Claim, ...] = ()


@dataclass
class _Found:
    """The changes of Changes, collected entry by entry."""

    added: list[Claim] = field(default_factory=list)
    verdicts: list[VerdictChange] = field(default_factory=list)
    wording: list[WordingChange] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)
    corrections: list[tuple[Claim, Correction]] = field(default_factory=list)
    retractions: list[Claim] = field(default_factory=list)

    def changes(self, ref: str) -> Changes:
        return Changes(ref, tuple(self.added), tuple(self.verdicts), tuple(self.wording), tuple(self.figures),
                       tuple(self.corrections), tuple(self.retractions))


@dataclass(frozen=True)
class Review:
    problems: tuple[Problem, ...]
    changes: Changes


@dataclass(frozen=True)
class _Figure:
    """A figure that differs between the versions, with where to point in the new file."""

    table: str
    label: str
    old: str | None  # printed, with its unit
    new: str | None
    node: yaml.Node
    field: str
    message: str  # "changed from ... to ..." / "... was removed"


def review(root: Path, ref: str, config: SiteConfig, claims: Sequence[Claim] = ()) -> Review:
    """Compare every entry changed since `ref` with its version there, read with the site.yaml
    there: a verdict is compared by what readers saw (its label and rating), so renaming a key in
    the same change cannot hide a re-rating. `claims`, the entries as they are now: those left
    unchanged are checked against a changed site.yaml (a verdict relabelled under them)."""
    changed = changed_entries(root, ref)
    old_config = _config_at(root, ref, config)
    before = {c.path: read_claim(c.path, text_at(root, ref, c.path), old_config) for c in changed if c.status != "A"}
    after = {c.path: _read_now(root, c.path, config) for c in changed if c.status != "D"}
    # (Each language's version is an entry of its own: keyed by language and slug.)
    now_by_slug = {_place(r.claim): r for r in after.values() if r is not None}
    was_published = {_place(r.claim) for r in before.values() if r is not None and not r.claim.draft}
    problems: list[Problem] = []
    found = _Found()
    for change in changed:
        old, new = before.get(change.path), after.get(change.path)
        if old is None and change.status != "A":
            problems.append(Problem(change.path, 1, 1, "", f"expected its version at {ref} to read as a valid entry "
                                    f"(with the site.yaml there), got one that does not, so this change cannot be "
                                    f"checked against what was published: fix the entry at {ref} first"))
            continue
        if old is None or old.claim.draft:  # new to readers, unless it is a published entry moved here
            if new is not None and not new.claim.draft and new.claim.retracted is None \
                    and _place(new.claim) not in was_published:
                found.added.append(new.claim)
            continue
        if new is None and change.status != "D":
            continue  # there but not a valid entry: check reports its problems
        successor = new if new is not None and _place(new.claim) == _place(old.claim) else now_by_slug.get(_place(old.claim))
        if successor is None:
            problems += _gone(change.path, old, new, ref)
            continue
        problems += _compare(old, successor, ref, (old_config, config), found)
    unchanged = [c for c in claims if c.path not in {change.path for change in changed} and not c.draft]
    problems += _relabelled(root, unchanged, old_config, config, ref)
    return Review(tuple(problems), found.changes(ref))


def _place(claim: Claim) -> tuple[str, str]:
    """Where a version is published: its language and its slug."""
    return claim.language, claim.slug


def _config_at(root: Path, ref: str, config: SiteConfig) -> SiteConfig:
    """site.yaml as it was at `ref` (today's when it was not there or did not load then)."""
    try:
        return read_config(text_at(root, ref, CONFIG_FILE), config.base_url)
    except ContentError:
        return config


def _meaning(config: SiteConfig, key: str) -> tuple[str, int | None]:
    """What readers (the label) and machines (ClaimReview's rating) saw of a verdict."""
    verdict = config.verdict(key)
    return verdict.label, verdict.rating


def _relabelled(root: Path, claims: Sequence[Claim], old: SiteConfig, new: SiteConfig, ref: str) -> list[Problem]:
    """A verdict of the scale whose label or rating changed under published entries that did not
    change: their verdicts changed all the same."""
    known = {v.key for v in old.verdicts} & {v.key for v in new.verdicts}
    using: dict[str, list[str]] = {}
    for claim in claims:
        if claim.verdict in known and _meaning(old, claim.verdict) != _meaning(new, claim.verdict):
            using.setdefault(claim.verdict, []).append(claim.path)
    if not using:
        return []
    fields, reader = _config_fields(root)
    for i, item in enumerate(fields.get("verdicts", ())):
        paths = using.get(item.get("key")) if item is not None else None
        if not paths:
            continue
        was, now = old.verdict(item.get("key")), new.verdict(item.get("key"))
        name = "label" if was.label != now.label else "rating"
        reader.report(item.nodes.get(name, item.node), f"verdicts[{i}].{name}",
                      f"changed from {getattr(was, name)!r} to {getattr(now, name)!r} since {ref}, which changes the "
                      f"published verdict of {len(paths)} fact-check{'s'[:len(paths) != 1]} ({', '.join(sorted(paths))}); "
                      "a published verdict changes only with a new dated corrections note and updated: date in each")
    return reader.problems


def _config_fields(root: Path) -> tuple[Fields, Reader]:
    """site.yaml's fields with their nodes, to point at a verdict's line (it loaded already)."""
    text = frontmatter.decode(CONFIG_FILE, (root / CONFIG_FILE).read_bytes())
    fields, reader = read_document(CONFIG_FILE, frontmatter.compose(CONFIG_FILE, text, first_line=1), 1, SITE)
    assert fields is not None
    return fields, Reader(CONFIG_FILE, 1)


def _read_now(root: Path, path: str, config: SiteConfig) -> ReadClaim | None:
    if not stays_inside(root / path, root / "content"):
        return None  # a link leaving content/ is never read: check reports it
    try:
        return read_claim(path, (root / path).read_bytes(), config)
    except OSError:  # a folder where an entry was: check reports it
        return None


def _gone(path: str, old: ReadClaim, new: ReadClaim | None, ref: str) -> list[Problem]:
    """A published entry whose URL no longer has an entry: deleted, or its slug changed."""
    slug = old.claim.slug
    url = f"/{old.claim.language.lower()}/claims/{slug}/" if old.claim.language else f"/claims/{slug}/"
    retract = "retract it instead: keep the file and add retracted: {date: YYYY-MM-DD, note: why}"
    if new is None:
        return [Problem(path, 1, 1, "", f"expected a published entry to stay (readers and other sites link to "
                                        f"{url}), got it deleted since {ref}; {retract}")]
    reader = Reader(path, new.first_line)
    node = new.fields.nodes.get("slug", new.fields.node)
    reader.report(node, "slug", f"changed from {slug!r} to {new.claim.slug!r} since {ref}; a published entry keeps "
                                f"its URL ({url}): set slug: {slug}, or {retract}")
    return reader.problems


def _compare(old: ReadClaim, new: ReadClaim, ref: str, configs: tuple[SiteConfig, SiteConfig],
             found: _Found) -> list[Problem]:
    """A published entry against its new version: what readers see change, and the problems.
    `configs`: site.yaml at `ref` and now."""
    old_config, config = configs
    reader = Reader(new.claim.path, new.first_line)
    was, now, nodes = old.claim, new.claim, new.fields.nodes
    if now.draft:
        reader.report(nodes["draft"], "draft", f"expected a published entry to stay published, got draft: true since "
                                               f"{ref}; retract it instead with retracted: {{date, note}}")
    if now.retracted is not None and was.retracted is None:
        found.retractions.append(now)
    added = [c for c in now.corrections if c not in was.corrections]
    found.corrections += [(now, c) for c in added]
    needs: list[tuple[yaml.Node, str, str]] = []  # changes that need a correction: (node, field, message)
    before, after = _meaning(old_config, was.verdict), _meaning(config, now.verdict)
    if before != after:
        found.verdicts.append(VerdictChange(now, was.verdict, now.verdict, before[0], after[0]))
        # The keys as the file has them; the same key re-labelled or re-rated in site.yaml: what changed.
        shown = (f"{was.verdict!r} to {now.verdict!r}" if was.verdict != now.verdict
                 else f"{before[0]!r} to {after[0]!r}" if before[0] != after[0]
                 else f"rating {before[1]} to {after[1]}")
        needs.append((nodes["verdict"], "verdict", f"changed from {shown} since {ref}; "
                                                   "a published verdict changes only with"))
    if now.claim != was.claim:
        found.wording.append(WordingChange(now, was.claim))
        needs.append((nodes["claim"], "claim", f"changed from {_short(was.claim)!r} to {_short(now.claim)!r} since "
                                               f"{ref}; a published claim's wording changes only with"))
    for figure in _figures(old, new, config.locale, ref):
        found.figures.append(FigureChange(now, figure.table, figure.label, figure.old, figure.new))
        if figure.old is not None:  # a figure added to a table corrects nothing
            needs.append((figure.node, figure.field, figure.message))
    if needs:
        _require_correction(reader, new, was.modified, added, needs)
    return reader.problems


def _require_correction(reader: Reader, new: ReadClaim, last: dt.date, added: list[Correction],
                        needs: list[tuple[yaml.Node, str, str]]) -> None:
    """The changes stand only with a correction dated on or after the published version (`last`,
    its updated or published date) and an updated: on or after that correction."""
    dated = [c for c in added if c.date >= last]
    for correction in added:
        if correction not in dated:
            reader.report(_correction_node(new.fields, correction), "corrections[].date",
                          f"expected a new correction dated on or after the published version ({last}), "
                          f"got '{correction.date}'")
    if not dated:
        for node, field, message in needs:
            reader.report(node, field, f"{message} a new dated corrections note and updated: date")
        return
    latest = max(c.date for c in dated)
    updated = new.claim.updated
    if updated is None:
        reader.report(_correction_node(new.fields, max(dated, key=lambda c: c.date)), "updated",
                      f"expected updated: on or after the new correction ({latest}), got none: add updated: {latest}")
    elif updated < latest:
        reader.report(new.fields.nodes["updated"], "updated",
                      f"expected a date on or after the new correction ({latest}), got '{updated}'")


def _correction_node(fields: Fields, correction: Correction) -> yaml.Node:
    """The `date:` node of the corrections item that reads as `correction`."""
    for item in fields.get("corrections", ()):
        if item is not None and (item.get("date"), item.get("note")) == (correction.date, correction.note):
            node: yaml.Node = item.nodes["date"]
            return node
    return fields.node


def _figures(old: ReadClaim, new: ReadClaim, locale: str, ref: str) -> Iterator[_Figure]:
    """Figures that differ. Tables are matched by title (else by position), rows by id, else by
    label, else by position, so that reordering or relabelling is no change of a figure."""
    olds = list(old.claim.comparisons)
    new_titles = {c.title for c in new.claim.comparisons}
    by_title = {c.title: c for c in olds}
    table_fields = new.fields.get("comparisons", ())
    matched: list[Comparison] = []
    for i, table in enumerate(new.claim.comparisons):
        before = by_title.get(table.title)
        if before is None and i < len(olds) and olds[i].title not in new_titles:
            before = olds[i]
        if before is not None:
            matched.append(before)
        yield from _table(before, table, table_fields[i], f"comparisons[{i}]", locale, ref)
    removed = [c for c in olds if not any(c is m for m in matched)]
    where = new.fields.nodes.get("comparisons", new.fields.node)
    for table in removed:
        for row in table.rows:
            yield _Figure(table.title, row.label, format_figure(row, table.unit, locale), None, where, "comparisons",
                          f"the figure {row.label!r} ({format_figure(row, table.unit, locale)}) was removed since {ref}; "
                          "a published figure is removed only with")


def _table(before: Comparison | None, table: Comparison, fields: Fields, path: str, locale: str,
           ref: str) -> Iterator[_Figure]:
    rows = fields.get("rows", ())
    olds = list(before.rows) if before is not None else []
    keys = {_key(row) for row in table.rows}
    by_key = {_key(row): row for row in olds}
    used: list[CostRow] = []
    for j, row in enumerate(table.rows):
        was = by_key.get(_key(row))
        if was is None and j < len(olds) and _key(olds[j]) not in keys:
            was = olds[j]  # relabelled in place
        now_text = format_figure(row, table.unit, locale)
        if was is None:
            yield _Figure(table.title, row.label, None, now_text, rows[j].node, f"{path}.rows[{j}]", "")
            continue
        used.append(was)
        assert before is not None
        if before.unit != table.unit:
            yield _Figure(table.title, row.label, format_figure(was, before.unit, locale), now_text,
                          fields.nodes["unit"], f"{path}.unit",
                          f"changed from {before.unit!r} to {table.unit!r} since {ref}; a published figure's unit "
                          "changes only with")
        elif differs := [k for k in BOUNDS if getattr(was, k) != getattr(row, k)]:
            node_key = next((k for k in differs if k in rows[j].nodes), None)  # None: only a bound went
            yield _Figure(table.title, row.label, format_figure(was, before.unit, locale), now_text,
                          rows[j].nodes[node_key] if node_key else rows[j].node,
                          f"{path}.rows[{j}]" + (f".{node_key}" if node_key else ""),
                          f"changed from {_raw(was)} to {_raw(row)} since {ref}; a published figure changes only with")
    for was in olds:
        if not any(was is u for u in used):
            assert before is not None
            yield _Figure(table.title, was.label, format_figure(was, before.unit, locale), None, fields.nodes["rows"],
                          f"{path}.rows", f"the figure {was.label!r} ({format_figure(was, before.unit, locale)}) was "
                          f"removed since {ref}; a published figure is removed only with")


def _key(row: CostRow) -> tuple[str, str]:
    return ("id", row.id) if row.id else ("label", row.label)


def _raw(row: CostRow) -> str:
    """A row's figure as written: 5576000, min 500000000, max 9e8 ..."""
    if row.value is not None:
        return plain(row.value)
    return ", ".join(f"{k} {plain(getattr(row, k))}" for k in ("min", "max") if getattr(row, k) is not None)


def _short(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"
