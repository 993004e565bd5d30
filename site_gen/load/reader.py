"""Reads a composed YAML node tree against a declarative, closed schema.

Each field type reads the *raw* scalar text itself, so YAML 1.1's guesses never reach the data:
`verdict: false` is the text "false", `1.6e9` is a number, `2025-1-5` is an error, not a string.
The same types describe themselves as JSON Schema (load/jsonschema.py), so the validator and
the schema editors get cannot drift apart.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import yaml

from site_gen.figures.numbers import parse_number
from site_gen.model import Problem

STR_TAG = "tag:yaml.org,2002:str"
# Tags the YAML resolver assigns by itself; anything else was written explicitly (`!!python/...`).
IMPLICIT_TAGS = {STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"} | {
    f"tag:yaml.org,2002:{t}" for t in ("bool", "int", "float", "null", "timestamp", "merge", "value")
}
NULL_WORDS = {"", "~", "null", "Null", "NULL"}
TRUE_WORDS = {"true", "yes", "on"}
FALSE_WORDS = {"false", "no", "off"}
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
KEY_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Missing:
    """Marks an absent optional field (distinct from an explicit null)."""


MISSING = Missing()


@dataclass
class Reader:
    """Collects every problem in one document instead of stopping at the first."""

    path: str
    first_line: int
    problems: list[Problem] = field(default_factory=list)

    def where(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + self.first_line, node.start_mark.column + 1

    def where_end(self, node: yaml.Node) -> tuple[int | None, int | None]:
        """The last line and column (inclusive) of a scalar: a field's value or a key. None for a
        list or mapping, whose span would cover many fields."""
        if not isinstance(node, yaml.ScalarNode):
            return None, None
        end = node.end_mark
        if end.column == 0 and end.line > node.start_mark.line:  # a block scalar ends at the next line
            return end.line - 1 + self.first_line, None
        return end.line + self.first_line, end.column  # 0-based exclusive = 1-based inclusive

    def report(self, node: yaml.Node, path: str, message: str, *, warning: bool = False) -> None:
        line, col = self.where(node)
        self.problems.append(Problem(self.path, line, col, path, message, warning, *self.where_end(node)))

    def enter(self, node: yaml.Node, path: str) -> bool:
        """Refuse explicit tags (`!!python/object`) before any type looks at a node. (Anchors and
        aliases never get this far: frontmatter.compose refuses them.)"""
        if node.tag not in IMPLICIT_TAGS:
            self.report(node, path, f"expected a plain value, got the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r}")
            return False
        return True


class Type:
    """A field type: reads a node, returning a value or None after reporting a problem."""

    describe = "a value"

    def read(self, r: Reader, node: yaml.Node, path: str) -> Any:
        raise NotImplementedError

    def scalar(self, r: Reader, node: yaml.Node, path: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            r.report(node, path, f"expected {self.describe}, got {kind_of(node)}")
            return None
        if is_null(node):
            r.report(node, path, f"expected {self.describe}, got nothing")
            return None
        value: str = node.value  # (a scalar node's value is its text)
        return value


def is_null(node: yaml.Node) -> bool:
    """A plain (unquoted) empty, ~ or null scalar. Plain style is None in PyYAML's Python loader
    and "" in the C loader, so both count."""
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in NULL_WORDS


def kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if is_null(node):
        return "nothing"
    return f"{node.value!r}"


class Text(Type):
    describe = "text"

    def __init__(self, max_length: int = 5000):
        self.max_length = max_length

    def read(self, r: Reader, node: yaml.Node, path: str) -> str | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        text = raw.strip()
        if not text:
            r.report(node, path, "expected text, got an empty string")
            return None
        if len(text) > self.max_length:
            r.report(node, path, f"expected at most {self.max_length} characters, got {len(text)}")
            return None
        return text


class Key(Type):
    """A lowercase, hyphenated identifier: safe in a URL path and an HTML id."""

    describe = "a lowercase key such as 'training-cost'"

    def read(self, r: Reader, node: yaml.Node, path: str) -> str | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        if not KEY_RE.fullmatch(raw) or len(raw) > 80:
            r.report(node, path, f"expected {self.describe} (a-z, 0-9 and single hyphens), got {raw!r}")
            return None
        return raw


class Choice(Type):
    """One of a fixed set of keys, matched case-insensitively (`False` means the key "false")."""

    def __init__(self, choices: Callable[[], tuple[str, ...]] | tuple[str, ...]):
        self._choices = choices

    @property
    def choices(self) -> tuple[str, ...]:
        return self._choices() if callable(self._choices) else self._choices

    @property
    def describe(self) -> str:  # type: ignore[override]  # (Type's is a class attribute; this one is only read)
        return "one of " + ", ".join(self.choices)

    def read(self, r: Reader, node: yaml.Node, path: str) -> str | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        by_lower = {c.lower(): c for c in self.choices}
        if raw.strip().lower() in by_lower:
            return by_lower[raw.strip().lower()]
        r.report(node, path, f"expected {self.describe}, got {raw!r}{did_you_mean(raw, self.choices)}")
        return None


class Date(Type):
    describe = "a date as YYYY-MM-DD"

    def read(self, r: Reader, node: yaml.Node, path: str) -> dt.date | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        try:
            if DATE_RE.fullmatch(raw.strip()):
                return dt.date.fromisoformat(raw.strip())
        except ValueError:
            r.report(node, path, f"expected a real calendar date as YYYY-MM-DD, got {raw!r}")
            return None
        r.report(node, path, f"expected {self.describe}, got {raw!r}")
        return None


class Url(Type):
    """An absolute http(s) URL. Anything else (javascript:, data:, relative) is refused."""

    describe = "an http(s) URL"

    def read(self, r: Reader, node: yaml.Node, path: str) -> str | None:
        return http_url(self, r, node, path)


def http_url(t: Type, r: Reader, node: yaml.Node, path: str) -> str | None:
    """The node's absolute http(s) URL, or None after reporting a problem (in `t.describe`'s words)."""
    raw = t.scalar(r, node, path)
    if raw is None:
        return None
    if not is_http_url(raw):
        r.report(node, path, f"expected {t.describe}, got {raw!r}")
        return None
    return raw


class Email(Type):
    """An email address for readers to write to: one @, a dotted domain, no spaces or markup."""

    describe = "an email address such as editors@example.org"
    PATTERN = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

    def read(self, r: Reader, node: yaml.Node, path: str) -> str | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        if not self.PATTERN.fullmatch(raw.strip()):
            r.report(node, path, f"expected {self.describe}, got {raw!r}")
            return None
        return raw.strip()


_URL_REFUSED = re.compile(r'[\s\x00-\x1f<>"\\`]')  # whitespace (str.isspace), controls, <>"\`


def is_http_url(text: str) -> bool:
    if len(text) > 2000 or _URL_REFUSED.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class Number(Type):
    describe = "a number"

    def read(self, r: Reader, node: yaml.Node, path: str) -> Decimal | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        try:
            return parse_number(raw)
        except ValueError as err:
            r.report(node, path, str(err))
            return None


class Integer(Type):
    def __init__(self, minimum: int, maximum: int):
        self.minimum, self.maximum = minimum, maximum
        self.describe = f"a whole number from {minimum} to {maximum}"

    def read(self, r: Reader, node: yaml.Node, path: str) -> int | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        if re.fullmatch(r"[0-9]+", raw.strip()) and self.minimum <= int(raw) <= self.maximum:
            return int(raw)
        r.report(node, path, f"expected {self.describe}, got {raw!r}")
        return None


class Bool(Type):
    describe = "true or false"

    def read(self, r: Reader, node: yaml.Node, path: str) -> bool | None:
        raw = self.scalar(r, node, path)
        if raw is None:
            return None
        word = raw.strip().lower()
        if word in TRUE_WORDS | FALSE_WORDS:
            return word in TRUE_WORDS
        r.report(node, path, f"expected {self.describe}, got {raw!r}")
        return None


class ListOf(Type):
    def __init__(self, item: Type, min_items: int = 0, max_items: int = 500):
        self.item, self.min_items, self.max_items = item, min_items, max_items
        self.describe = "a list"

    def read(self, r: Reader, node: yaml.Node, path: str) -> tuple[Any, ...] | None:
        if not isinstance(node, yaml.SequenceNode):
            hint = ""
            if isinstance(node, yaml.ScalarNode) and kind_of(node) != "nothing":
                hint = f" (write [{node.value}] for a list of one)"
            r.report(node, path, f"expected a list, got {kind_of(node)}{hint}")
            return None
        if len(node.value) < self.min_items:
            r.report(node, path, f"expected at least {self.min_items} item(s), got {len(node.value)}")
            return None
        if len(node.value) > self.max_items:
            r.report(node, path, f"expected at most {self.max_items} items, got {len(node.value)}")
            return None
        items = []
        for i, child in enumerate(node.value):
            item_path = f"{path}[{i}]"
            items.append(self.item.read(r, child, item_path) if r.enter(child, item_path) else None)
        return tuple(items)  # a bad item stays as None so later checks keep their indices


@dataclass(frozen=True)
class Field:
    type: Type
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Fields:
    """A read mapping: values by name, and each field's value node for later cross-checks."""

    values: Mapping[str, Any]
    nodes: Mapping[str, yaml.Node]
    node: yaml.Node

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name, MISSING)
        return default if value is MISSING or value is None else value

    def values_without_missing(self) -> dict[str, Any]:
        return {k: v for k, v in self.values.items() if v is not MISSING and v is not None}


class Record(Type):
    """A closed mapping: unknown keys are errors (with a did-you-mean), required keys checked."""

    def __init__(self, fields: Mapping[str, Field], describe: str = "a mapping", replaced: Mapping[str, str] | None = None):
        self.fields = fields
        self.describe = describe
        # Keys an earlier version had: key -> what replaced it, said instead of a did-you-mean.
        self.replaced = replaced if replaced is not None else {}

    def read(self, r: Reader, node: yaml.Node, path: str) -> Fields | None:
        if not isinstance(node, yaml.MappingNode):
            r.report(node, path, f"expected {self.describe}, got {kind_of(node)}")
            return None
        values: dict[str, Any] = {}
        nodes: dict[str, yaml.Node] = {}
        misspelt: dict[str, tuple[str, yaml.Node]] = {}  # field the editor likely meant -> (path, value)
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            field_path = f"{path}.{key}" if path else str(key)
            if key is not None and key in self.replaced:
                r.report(key_node, field_path, f"expected a field this version knows, got {key!r}, which "
                                               f"{self.replaced[key]}")
                continue
            if key is None or key not in self.fields:
                shown = key if key is not None else kind_of(key_node)
                meant = closest(str(shown), tuple(self.fields))
                r.report(key_node, field_path if key else path,
                         f"unknown field {shown!r}" + (f" (did you mean {meant!r}?)" if meant else ""))
                if meant and key is not None:
                    misspelt.setdefault(meant, (field_path, value_node))
                continue
            if key in nodes:
                r.report(key_node, field_path, f"expected each field once, got {key!r} again (first set on line {r.where(nodes[key])[0]})")
                continue
            nodes[key] = value_node
            spec = self.fields[key]
            if not r.enter(value_node, field_path):
                continue
            if not spec.required and is_null(value_node):
                values[key] = MISSING  # `updated:` with nothing after it means "not set"
                continue
            values[key] = spec.type.read(r, value_node, field_path)
        for name, spec in self.fields.items():
            if spec.required and name not in nodes:
                if name in misspelt:
                    # `soruces:` is reported once, as unknown with its did-you-mean. Its value is read
                    # as the field it was meant to be, so checks that depend on it (cited source ids,
                    # the field's own problems) see what the editor wrote instead of failing too.
                    written, value_node = misspelt[name]
                    nodes[name] = value_node
                    if r.enter(value_node, written):
                        values[name] = spec.type.read(r, value_node, written)
                    continue
                field_path = f"{path}.{name}" if path else name
                r.report(node, field_path, f"expected {spec.type.describe}, got nothing (this field is required)")
        # Always returned, with None for fields that failed, so cross-field checks still run.
        return Fields(values, nodes, node)


class Either(Type):
    """The first alternative whose YAML shape matches: e.g. a claimant as text or as a mapping."""

    def __init__(self, scalar: Type, mapping: Record):
        self.scalar_type, self.mapping = scalar, mapping
        self.describe = f"{scalar.describe} or {mapping.describe}"

    def read(self, r: Reader, node: yaml.Node, path: str) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self.mapping.read(r, node, path)
        return self.scalar_type.read(r, node, path)


def closest(word: str, options: tuple[str, ...]) -> str | None:
    close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, options: tuple[str, ...]) -> str:
    meant = closest(word, options)
    return f" (did you mean {meant!r}?)" if meant else ""


def read_document(path: str, node: yaml.Node, first_line: int, schema: Record) -> tuple[Fields | None, Reader]:
    reader = Reader(path, first_line)
    reader.enter(node, "")
    return schema.read(reader, node, ""), reader
