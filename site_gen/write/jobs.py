"""Output files as jobs: each with a key that changes whenever anything it shows changes, grouped
under one key per group. Equal keys mean byte-identical files: that is what incremental builds
(and the stage's reuse of the previous output) rely on."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple


# PageJob, JobGroup and GroupBatch are NamedTuples, not dataclasses: a build makes one per output
# file and per entry (tens of thousands), and a tuple is made several times faster (immutable and
# typed all the same).
class PageJob(NamedTuple):
    """One output file: its path, its key, and how to make it."""

    out: str
    key: str
    render: Callable[[], bytes]


class JobGroup(NamedTuple):
    """Output files under one key covering all of them (a claim's page and downloads, one listing
    and its pages, ...). While the group key is unchanged the group is reused whole, without even
    listing its jobs: a one-entry edit in a 10,000-entry site then costs a key per group, not per
    file. `site_wide` marks files every entry feeds (exports, feeds, sitemap), which `serve` writes
    after the pages."""

    name: str
    key: str
    jobs: Callable[[], Iterable[PageJob]]
    site_wide: bool = False


class GroupBatch(NamedTuple):
    """Many JobGroups given as parallel lists of names and keys, each group made only when the
    build needs it: checking a 10,000-entry site's claim pages after an edit then costs a key per
    entry, not a JobGroup and a closure each. A group is unchanged while both the batch's `base`
    key (templates, configuration, ...) and its own key are; its own key is then just its entry's
    digest, an existing string (making 10,000 new keys per edit is measurably slow)."""

    name: str
    base: str
    names: Sequence[str]
    keys: Sequence[str]
    group: Callable[[int], JobGroup]  # the i-th group, its files' keys covering the base


class ListingKeys(NamedTuple):
    """The keys of a paginated listing: one per page (each covering what that page shows), and the
    group's, made from the pages' keys. Made in one pass over the members, once per build (or kept
    by serve while the members are the very same claims)."""

    group: str
    pages: tuple[str, ...]


def files_group(name: str, key: str, files: Callable[[], Iterable[tuple[str, Callable[[], bytes]]]],
                site_wide: bool = False) -> JobGroup:
    """Files listed together as (path, how to make it), all under the group's key."""
    return JobGroup(name, key, lambda: [PageJob(out, key, make) for out, make in files()], site_wide)


def key(*parts: str) -> str:
    """The key of everything in `parts`. One join and one hash call: a listing's key covers
    thousands of digests."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
