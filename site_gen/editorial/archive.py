"""`build.py archive`: an archived copy for every source that has a URL and no `archive:`.

For each such source it asks the Wayback Machine's availability API for the snapshot closest to
the day the source was read (its `accessed:` date, else its `date:`), and writes `archive:` into
the entry in place: one line inserted after the source's `url:` line, found through the front
matter parser's line marks. Every other byte of the file stays as it was (comments, order, quoting,
line endings), and the file is replaced in one step (a temporary file, then os.replace), so an
interrupted run never leaves half a file. With `save`, a URL that has no snapshot is first sent to
Save Page Now, then looked up again.

Only documented answers are trusted: the availability API's JSON
(`{"archived_snapshots": {"closest": {"available": true, "url": ..., "status": "200"}}}`, or
`{"archived_snapshots": {}}` when there is none), and of it only a snapshot on the archive's own
host, `http(s)://web.archive.org/web/<timestamp>/...`, written with https. Save Page Now's reply is
not parsed; the snapshot it made is found through the availability API, like any other. Whatever a
server answers (another host, malformed or deeply nested JSON, too much, too slowly) fails that
one URL, reported at its `url:`; the others are still done (archive_client.py).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_gen.editorial.archive_client import NetworkError, Wayback
from site_gen.load import frontmatter
from site_gen.load.content import CLAIMS_DIR
from site_gen.load.reader import DATE_RE, is_http_url
from site_gen.model import ContentError, Problem

# A URL that YAML reads back unchanged without quotes: no spaces, nothing YAML treats specially
# at the start. Anything else is written double-quoted (JSON's escapes are valid YAML).
PLAIN_URL_RE = re.compile(r"https?://[^\s\"'\\]+")
# The line breaks that YAML's line marks count (CRLF, CR, LF, NEL, LS, PS), so that a mark's line is
# an index into the file's own lines, whatever their endings.
LINE_END_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class Target:
    """A source with a URL and no archive, and where its `archive:` line goes."""

    path: str  # relative to the project root, as shown to the editor
    field: str  # "sources[2]"
    line: int  # 1-based file line of the URL (for messages)
    col: int
    url: str
    read_on: dt.date | None  # accessed, else date: the snapshot should show the page as it was then
    after_line: int  # 0-based file line the new line goes after (the URL's last line)
    indent: int  # column of the `url` key, which the new key shares

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.field}.url"


@dataclass(frozen=True)
class Found:
    target: Target
    archive: str


@dataclass(frozen=True)
class NoSnapshot:
    """The Wayback Machine has no usable snapshot of a URL (not an error: nothing is written)."""

    then: str  # what the editor can do about it


@dataclass(frozen=True)
class Summary:
    written: int  # archives written (or, in a dry run, that would be)
    missing: int  # URLs with no snapshot found (and none made)
    failed: int  # URLs (or files) that could not be done
    already: int  # sources that had an archive
    dry_run: bool

    def __str__(self) -> str:
        written = f"{self.written} would be written" if self.dry_run else f"{self.written} written"
        return (f"archive: {written}, {self.missing} without a snapshot, {self.failed} failed "
                f"({self.already} already archived)")


def archive_sources(root: Path, wayback: Wayback, *, dry_run: bool, save: bool,
                    say: Callable[[str], None], problems: list[Problem]) -> Summary:
    """Look up (and with `save`, ask for) a snapshot of every unarchived source URL, and write them
    into the entries unless `dry_run`. Progress goes to `say`; failures are appended to `problems`."""
    written = missing = failed = already = 0
    lookups: dict[tuple[str, dt.date | None], str | NoSnapshot | NetworkError] = {}  # one per URL and day
    for file in sorted((root / CLAIMS_DIR).glob("*.md")):
        path = file.relative_to(root).as_posix()
        raw = file.read_bytes()
        try:
            targets, archived, unusable = find_targets(path, raw)
        except ContentError as err:  # not valid front matter: `check` says more
            problems.extend(err.problems)
            failed += 1
            continue
        problems.extend(unusable)
        already, failed = already + archived, failed + len(unusable)
        found: list[Found] = []
        for target in targets:
            key = (target.url, target.read_on)
            if key not in lookups:
                lookups[key] = _snapshot(wayback, target, dry_run=dry_run, save=save)
            result = lookups[key]
            if isinstance(result, NetworkError):
                problems.append(Problem(path, target.line, target.col, f"{target.field}.url", str(result)))
                failed += 1
            elif isinstance(result, NoSnapshot):
                say(f"{target.where}: no snapshot in the Wayback Machine; {result.then}")
                missing += 1
            else:
                found.append(Found(target, result))
        if not found:
            continue
        try:
            edited, lines = insert_archives(path, raw, found)
            if not dry_run:
                replace_file(path, file, raw, edited)
        except ContentError as err:
            problems.extend(err.problems)
            failed += len(found)
            continue
        for item, line in zip(found, lines):
            say(f"{path}:{line}:{item.target.indent + 1}: {item.target.field}.archive: "
                f"{'would write' if dry_run else 'wrote'} {item.archive}")
        written += len(found)
    return Summary(written, missing, failed, already, dry_run)


def _snapshot(wayback: Wayback, target: Target, *, dry_run: bool, save: bool) -> str | NoSnapshot | NetworkError:
    try:
        snapshot = wayback.closest(target.url, target.read_on)
        if snapshot is not None:
            return snapshot
        if not save:
            return NoSnapshot("run with --save to ask Save Page Now for one")
        if dry_run:
            return NoSnapshot("without --dry-run, --save would ask Save Page Now for one")
        wayback.save(target.url)
        snapshot = wayback.closest(target.url, None)  # the new capture, not one near an old date
        return snapshot or NoSnapshot("Save Page Now was asked for one, which can take minutes to be "
                                      "listed: run archive again later")
    except NetworkError as err:
        return err


def find_targets(path: str, raw: bytes) -> tuple[list[Target], int, list[Problem]]:
    """The sources of one entry that have a URL and no archive; how many have an archive; and the
    sources whose archive line cannot be inserted safely (said as problems)."""
    document = frontmatter.split(path, frontmatter.decode(path, raw))
    targets: list[Target] = []
    archived, problems = 0, []
    for index, source in _sources(document.node):
        keys = {key.value: (key, value) for key, value in source.value if isinstance(key, yaml.ScalarNode)}
        if "archive" in keys:
            archived += 1
            continue
        if "url" not in keys:
            continue
        key, value = keys["url"]
        line, col = value.start_mark.line + document.first_line, value.start_mark.column + 1
        field = f"sources[{index}]"
        url = value.value.strip() if isinstance(value, yaml.ScalarNode) else ""
        if not is_http_url(url):
            problems.append(Problem(path, line, col, f"{field}.url", f"expected an http(s) URL, got {url!r}"))
        elif source.flow_style:
            problems.append(Problem(path, line, col, field, "expected a source written one field per line, "
                                    "got a {…} mapping: add its archive: line by hand"))
        else:
            # A scalar's end mark is where its text ends; a block scalar's (`|`, `>`) is the start of
            # the line after it.
            end = value.end_mark
            last = end.line - 1 if end.column == 0 and end.line > value.start_mark.line else end.line
            targets.append(Target(path, field, line, col, url, _read_on(keys),
                                  last + document.first_line - 1, key.start_mark.column))
    return targets, archived, problems


def _sources(node: yaml.MappingNode) -> Iterator[tuple[int, yaml.MappingNode]]:
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "sources" and isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                if isinstance(item, yaml.MappingNode):
                    yield index, item


def _read_on(keys: Mapping[str, tuple[yaml.Node, yaml.Node]]) -> dt.date | None:
    for name in ("accessed", "date"):
        node = keys.get(name, (None, None))[1]
        if isinstance(node, yaml.ScalarNode) and DATE_RE.fullmatch(node.value):
            try:
                return dt.date.fromisoformat(node.value)
            except ValueError:
                return None
    return None


def archive_line(indent: int, archive: str, newline: str) -> str:
    value = archive if PLAIN_URL_RE.fullmatch(archive) else json.dumps(archive)
    return f"{' ' * indent}archive: {value}{newline}"


def insert_archives(path: str, raw: bytes, found: list[Found]) -> tuple[bytes, list[int]]:
    """The file with one `archive:` line after each found source's URL and nothing else changed, and
    the 1-based line of each new line. Checked before it is returned: the front matter must read
    back as before plus exactly these archives."""
    text = raw.decode("utf-8")
    lines = _lines(text)
    for item in sorted(found, key=lambda f: f.target.after_line, reverse=True):  # bottom up: indexes hold
        at = item.target.after_line
        ending = LINE_END_RE.search(lines[at])
        lines.insert(at + 1, archive_line(item.target.indent, item.archive, ending.group() if ending else "\n"))
    edited = "".join(lines)
    _verify(path, text, edited, found)
    # Each new line lands below its URL's last line, pushed down by the lines inserted above it.
    inserted = sorted(f.target.after_line for f in found)
    new_lines = [f.target.after_line + 2 + sum(1 for other in inserted if other < f.target.after_line) for f in found]
    return edited.encode("utf-8"), new_lines


def _lines(text: str) -> list[str]:
    """Lines with their own endings, numbered as the parser's line marks number them."""
    lines, start = [], 0
    for match in LINE_END_RE.finditer(text):
        lines.append(text[start:match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def _verify(path: str, before: str, after: str, found: list[Found]) -> None:
    old, new = _front_matter(path, before), _front_matter(path, after)
    for item in found:
        source = new["sources"][int(item.target.field[len("sources["):-1])]
        if source.pop("archive", None) != item.archive:
            t = item.target
            raise ContentError([Problem(path, t.line, t.col, f"{t.field}.archive", "expected the new line to read "
                                        f"back as {item.archive!r}; nothing was written (please report this)")])
    if new != old:
        raise ContentError([Problem(path, 1, 1, "", "expected only archive: lines to change, got other changes "
                                    "to the front matter; nothing was written (please report this)")])


def _front_matter(path: str, text: str) -> dict[str, Any]:
    """The front matter as plain data: each scalar's text, as the reader sees it."""
    data: dict[str, Any] = _plain(frontmatter.split(path, frontmatter.decode(path, text.encode("utf-8"))).node)
    return data  # (front matter is a mapping: frontmatter.split refuses anything else)


def _plain(node: yaml.Node) -> Any:
    """Plain data: a scalar's text, lists and mappings of those at any depth (Any: _verify reaches
    into it by key and index, as the front matter it compares is known to be shaped)."""
    if isinstance(node, yaml.MappingNode):
        return {key.value if isinstance(key, yaml.ScalarNode) else repr(_plain(key)): _plain(value)
                for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return node.value


def replace_file(path: str, file: Path, expected: bytes, content: bytes) -> None:
    """Write `content` over `file` in one step (a temporary file beside it, then os.replace), so the
    entry is never half-written; and not at all if the file changed since it was read."""
    if file.read_bytes() != expected:
        raise ContentError([Problem(path, 1, 1, "", "expected the file as it was read, got one changed since "
                                    "(saved in an editor?); nothing was written to it: run archive again")])
    handle, temp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temp, file.stat().st_mode & 0o7777)
        os.replace(temp, file)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
