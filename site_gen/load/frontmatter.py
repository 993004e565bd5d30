"""File bytes -> (YAML node tree of the front matter, Markdown body), or a located Problem.

Only composes YAML (never constructs Python objects): the schema reader decides what each scalar
means, which is how the YAML 1.1 traps (`no` as a boolean, `1.6e9` as a string) are defused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from site_gen.model import ContentError, Problem

MAX_FILE_BYTES = 1_000_000
FENCE = "---"
# Lists and mappings inside one another, the document's own mapping being the first. The deepest
# field of an entry (a cost row's, `comparisons[0].rows[0].value`) is 5 levels down and site.yaml's
# 3: 64 is room to spare, and far below where composing would fail. libyaml's composer recurses in
# C, one call per level: 50,000 nested `[` overflow its stack and the process dies with a segfault,
# no message. Our reader and PyYAML's own composer (without libyaml) recurse in Python, a few
# frames per level, against a limit of 1,000 frames.
MAX_NESTING = 64
# `_shallow`'s bounds: 2 * SHALLOW_COLUMNS + SHALLOW_BRACKETS == MAX_NESTING.
SHALLOW_COLUMNS = 24
SHALLOW_BRACKETS = 16
_DEEP_START_RE = re.compile(rf"[ \t?:-]{{{SHALLOW_COLUMNS}}}")  # (`^` with re.MULTILINE is 10 times slower)
_DEEP_LINE_RE = re.compile(rf"\n[ \t?:-]{{{SHALLOW_COLUMNS}}}")
OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # what else YAML (1.1) takes for a line break

try:  # the C loader is much faster; the pure-Python one behaves the same
    _SafeLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    # (a class of its own with the same interface, not a subclass of CSafeLoader, the type mypy
    # gives the name from the line above)
    _SafeLoader = yaml.SafeLoader  # type: ignore[assignment, misc]


class _Loader(_SafeLoader):
    """Every node gets the default tag of its kind unless it has an explicit one: the reader decides
    what a plain scalar means, so trying YAML 1.1's implicit types on each (a regular expression
    apiece, in Python) is wasted work. The reader only refuses explicit tags; none are lost here."""

    _TAGS = {yaml.ScalarNode: _SafeLoader.DEFAULT_SCALAR_TAG, yaml.SequenceNode: _SafeLoader.DEFAULT_SEQUENCE_TAG,
             yaml.MappingNode: _SafeLoader.DEFAULT_MAPPING_TAG}

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        return self._TAGS[kind]


@dataclass(frozen=True)
class Document:
    path: str
    node: yaml.MappingNode
    first_line: int  # 1-based file line of the first YAML line (marks are 0-based within YAML)
    body: str
    body_line: int  # 1-based file line where the body starts
    source: str = ""  # the front matter's YAML text (node marks index into it)


def decode(path: str, raw: bytes) -> str:
    """Bytes -> text with "\\n" line endings, no BOM; a located Problem for anything else."""
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(path, 1, 1, f"expected a file of at most {MAX_FILE_BYTES:,} bytes, got {len(raw):,}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _fail(path, line, col, f"expected UTF-8 text, got byte 0x{raw[err.start]:02x}") from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _fail(path, line, 1, "expected text, got a NUL byte (is this a binary file?)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(path: str, text: str) -> Document:
    """Separate the `---` fenced YAML from the Markdown body and compose the YAML."""
    lines = text.split("\n")
    if not text.strip():
        raise _fail(path, 1, 1, "expected front matter starting with '---' on line 1, got an empty file")
    if lines[0].rstrip() != FENCE:
        raise _fail(path, 1, 1, f"expected front matter starting with '---' on line 1, got {_shorten(lines[0])!r}")
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if close is None:
        raise _fail(path, 1, 1, "expected a closing '---' line to end the front matter, got the end of the file")
    source = "\n".join(lines[1:close]) + "\n"
    node = compose(path, source, first_line=2)
    body = "\n".join(lines[close + 1 :])
    return Document(path=path, node=node, first_line=2, body=body, body_line=close + 2, source=source)


def compose(path: str, source: str, first_line: int) -> yaml.MappingNode:
    """Compose one YAML document that must be a mapping; YAML errors become located Problems."""
    try:
        if "&" in source or "*" in source or not _shallow(source):  # before composing (see _refuse)
            _refuse(path, source, first_line)
        node = yaml.compose(source, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        line, col, message = _yaml_problem(err, source, first_line)
        raise _fail(path, line, col, f"invalid YAML: {message}") from None
    except yaml.YAMLError as err:  # e.g. "expected a single document"
        raise _fail(path, first_line, 1, f"invalid YAML: {err}") from None
    if node is None:
        raise _fail(path, first_line, 1, "expected a mapping of fields (key: value), got nothing")
    if not isinstance(node, yaml.MappingNode):
        got = "a list" if isinstance(node, yaml.SequenceNode) else f"the text {_shorten(str(node.value))!r}"
        raise _fail(path, node.start_mark.line + first_line, node.start_mark.column + 1,
                    f"expected a mapping of fields (key: value), got {got}")
    return node


def _shallow(source: str) -> bool:
    """Whether `source` cannot nest deeper than MAX_NESTING, told without parsing it: true of any
    ordinary front matter, at the cost of a few searches in C. A block list or mapping starts at its
    line's indentation or after the `- `, `? ` or `: ` of the ones around it on that line; each one
    inside another starts further right, but for a list that is a mapping's value, which may start
    at the mapping's column (and what is inside that list starts further right again). So with no
    line that starts with SHALLOW_COLUMNS spaces, tabs and those indicators, at most
    2 * SHALLOW_COLUMNS block collections nest; a flow one takes a `[` or `{` of its own and holds
    no block ones."""
    return (source.count("[") + source.count("{") <= SHALLOW_BRACKETS
            and _DEEP_START_RE.match(source) is None and _DEEP_LINE_RE.search(source) is None
            and not any(line_break in source for line_break in OTHER_BREAKS))


def _refuse(path: str, source: str, first_line: int) -> None:
    """What composing must never see, found in one linear pass over the event stream:

    - Anchors and aliases let a few lines expand into gigabytes ("billion laughs") and let one
      value silently stand in several places; front matter never needs them.
    - Nesting deeper than MAX_NESTING: libyaml's composer recurses in C and dies on it. The pass
      stops at the first level too deep, so a document nested 1,000,000 deep is read no further
      than that (libyaml's own parser takes quadratic time over deep nesting).
    """
    problems = []
    depth = 0
    for event in yaml.parse(source, Loader=_Loader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_NESTING:
                mark = event.start_mark
                assert mark is not None  # (the parser marks every event it makes)
                problems.append(Problem(path, mark.line + first_line, mark.column + 1, "",
                                        f"expected at most {MAX_NESTING} levels of nesting, got more "
                                        f"(lists and mappings inside one another)"))
                break
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if isinstance(event, yaml.AliasEvent):
            what = f"the alias '*{event.anchor}'"
        elif getattr(event, "anchor", None) and isinstance(event, yaml.NodeEvent):
            what = f"the anchor '&{event.anchor}'"
        else:
            continue
        mark = event.start_mark
        assert mark is not None  # (the parser marks every event it makes)
        problems.append(Problem(path, mark.line + first_line, mark.column + 1, "",
                                f"expected plain YAML, got {what} (anchors and aliases are not supported)"))
    if problems:
        raise ContentError(problems)


def _yaml_problem(err: yaml.MarkedYAMLError, source: str, first_line: int) -> tuple[int, int, str]:
    """Where and what, in the editor's terms: a tab is named as such, and an unclosed construct is
    reported where it starts (the end of the front matter is rarely where the mistake is)."""
    problem_mark, context_mark = err.problem_mark, err.context_mark
    mark = problem_mark or context_mark
    assert mark is not None  # (the scanner, parser and composer mark every error they raise)
    problem = err.problem or str(err)
    if problem_mark is not None:
        lines = source.split("\n")
        if problem_mark.line < len(lines) and lines[problem_mark.line][problem_mark.column:][:1] == "\t":
            return problem_mark.line + first_line, problem_mark.column + 1, \
                "expected spaces for indentation, got a tab character"
    if problem.startswith("mapping values are not allowed") and problem_mark is not None:
        problem = f"{problem}{_colon_hint(source, problem_mark)}"
    elif "end of stream" in problem and context_mark is not None:
        mark = context_mark
        problem = f"{(err.context or '').removeprefix('while scanning ')} that is never closed"
    elif err.context and context_mark is not None and context_mark.line != mark.line:
        problem = f"{problem} ({err.context} at line {context_mark.line + first_line})"
    elif err.context:
        problem = f"{problem} ({err.context})"
    return mark.line + first_line, mark.column + 1, problem


def _colon_hint(source: str, mark: yaml.Mark) -> str:
    """The usual cause: an unquoted value that itself contains ': ' (`summary: Cost: $6M`). Said
    only when the line's own key comes before the offending colon."""
    lines = source.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    key, sep, _ = line[: mark.column].partition(": ")
    if not sep:
        return ""
    key = key.strip().removeprefix("- ").strip()
    return f"; the value of {key} contains ': ', so put the value in quotes: {key}: \"…\""


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _fail(path: str, line: int, col: int, message: str) -> ContentError:
    return ContentError([Problem(path, line, col, "", message)])
