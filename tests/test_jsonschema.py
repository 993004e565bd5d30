"""The JSON Schema editors get (site_gen/load/jsonschema.py) and the validator (`build.py check`) agree.

Both come from the same field specs; these tests hold them to it on every red-path fixture, on a
table of small edits to a valid entry, and on every shipped entry. The YAML for the schema is
loaded safely with every scalar kept as the text the validator reads (`2025-1-5` stays a string
the schema's pattern refuses; only a plain empty value, `~` or `null` is null).
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, PROJECT, add_fixture_defaults

from site_gen.build import check
from site_gen.load.config import load_config
from site_gen.load.jsonschema import SCHEMA_PATH, claim_json_schema, schema_text
from site_gen.model import ContentError

Validator = jsonschema.Draft202012Validator
NULL_TAG = "tag:yaml.org,2002:null"


class TextLoader(yaml.SafeLoader):
    """yaml.SafeLoader that resolves no plain scalar implicitly except null: every other scalar is
    constructed as the string written, as the validator's field types read it."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == NULL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# Red-path cases whose problem the schema cannot express, with the reason. Each must still be
# one the validator catches and the schema lets through (so this list cannot go stale).
NOT_EXPRESSIBLE = {
    "breakdown-does-not-add-up": "arithmetic: the parts must add up to the total row",
    "bad-filename": "the file name (it becomes the slug) is not part of the front matter",
    "body-h1": "the Markdown body: a # heading",
    "claimant-url-clash": "across files: two claimant names make one /claimants/<slug>/ URL",
    "colon-in-value": "YAML syntax: an unquoted ': ' inside a value",
    "duplicate-key": "YAML level: a parser keeps the last of two equal keys; the validator sees both",
    "duplicate-slug": "across files: two entries claim the same slug",
    "duplicate-slug-line": "across files: two entries claim the same slug",
    "empty-file": "file structure: there is no front matter to check",
    "invisible-characters": "by context: a joiner passes between two letters of a script that needs it, a direction "
                            "mark in a right-to-left line; the body and the keys are checked too",
    "invalid-yaml": "YAML syntax: the editor's YAML parser reports it, not the schema",
    "missing-front-matter": "file structure: no '---' fence, so no front matter",
    "placeholders": "the scaffold's TODOs: errors only once the entry is no draft, and in the body too",
    "python-tag": "YAML level: explicit tags are refused before any value is read",
    "raw-html": "the Markdown body: raw HTML",
    "tab-indent": "YAML syntax: a tab in the indentation",
    "unknown-source-id": "cross-field: a cited row, baseline or footnote id must exist in the same entry",
    "unterminated": "file structure: the front matter never ends",
    "updated-before-published": "cross-field: updated must not be before published",
    "yaml-alias": "YAML level: anchors and aliases are refused; a parser silently copies the value",
}


def front_matter(text: str):
    """The parsed front matter, or None if the file has none or it is not loadable YAML."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        return None
    try:
        return yaml.load("\n".join(lines[1:close]), Loader=TextLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError:
        return None


def schema_for(root: Path) -> dict:
    config = load_config(root)
    return claim_json_schema(tuple(v.key for v in config.verdicts), tuple(p.name for p in config.team))


def schema_accepts(schema: dict, text: str) -> bool | None:
    """True/False: the schema's verdict on the file's front matter; None: there is nothing to judge."""
    data = front_matter(text)
    if data is None:
        return None
    return Validator(schema, format_checker=Validator.FORMAT_CHECKER).is_valid(data)


def validator_rejects(root: Path) -> set[str]:
    """Paths (relative to root) of the claim files `build.py check` reports an error in."""
    try:
        check(root)
    except ContentError as err:
        return {p.path for p in err.problems if not p.warning}
    return set()


def project(tmp_path: Path, content: Path | None = None, files: dict[str, str] | None = None) -> Path:
    root = tmp_path / "project"
    if content is not None:
        shutil.copytree(content, root / "content")
    for name, text in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    add_fixture_defaults(root)
    return root


CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_schema_and_validator_agree_on_each_red_path_fixture(case, tmp_path):
    source = FIXTURES / "invalid" / case
    root = project(tmp_path, source / "content")
    if (source / "site.yaml").exists():
        shutil.copy(source / "site.yaml", root / "site.yaml")
    schema = schema_for(root)
    rejected = validator_rejects(root)
    assert rejected, "a red-path fixture the validator accepts"
    verdicts = {}
    for path in sorted((root / "content/claims").glob("*.md")):
        rel = path.relative_to(root).as_posix()
        verdicts[rel] = (rel not in rejected, schema_accepts(schema, path.read_text(encoding="utf-8")))
    # The schema is never stricter than the validator.
    assert not [rel for rel, (valid, accepted) in verdicts.items() if valid and accepted is False], verdicts
    disagreements = {rel for rel, (valid, accepted) in verdicts.items() if valid != accepted}
    if case in NOT_EXPRESSIBLE:
        assert disagreements, f"{case} is listed as not expressible, but the schema catches it: remove it"
    else:
        assert not disagreements, f"schema and validator disagree on {sorted(disagreements)}: {verdicts}"


BASE = (FIXTURES / "site/content/claims/six-million.md").read_text(encoding="utf-8")

# (what to replace in six-million.md, with what, valid?) -- each run through both.
EDITS = [
    ("", "", True),
    ("verdict: misleading", "verdict: False", True),  # YAML's boolean is the verdict "false"
    ("verdict: misleading", "verdict: false", True),
    ("verdict: misleading", 'verdict: " MISLEADING "', True),
    ("verdict: misleading", "verdict: mostly-true", False),
    ("verdict: misleading", "verdict:", False),  # required and empty
    ("published: 2025-02-03", "published: 2025-2-3", False),
    ("published: 2025-02-03", "published: 2025-02-30", False),
    ("published: 2025-02-03", "published: 20250203", False),
    ("updated: 2025-02-10", "updated:", True),  # an empty optional field means "not set"
    ("updated: 2025-02-10", "updated: ~", True),
    ("updated: 2025-02-10", 'updated: ""', False),
    ("claim_date: 2025-01-20", "claim_date: 2025-01-20T10:00:00Z", False),
    ("value: 5_576_000", "value: 5.576e6", True),
    ("value: 5_576_000", "value: 5576000.0", True),
    ("value: 5_576_000", "value: 1,000", False),
    ("value: 5_576_000", "value: -5", False),
    ("value: 5_576_000", "value: 5 million", False),
    ("approx: true", "approx: yes", True),
    ("approx: true", "approx: On", True),
    ("approx: true", "approx: maybe", False),
    ("kind: disclosed", "kind: Disclosed", True),
    ("kind: disclosed", "kind: guess", False),
    ("tags: [training-cost, gpus]", "tags: gpus", False),
    ("tags: [training-cost, gpus]", "tags: [Training-Cost]", False),
    ("tags: [training-cost, gpus]", "tags: [2025, h800]", True),
    ("tags: [training-cost, gpus]", "tags: []", True),
    ("title: Was the model trained for $6 million?", "title: ''", False),
    ("title: Was the model trained for $6 million?", "title: 2048", True),
    ("title: Was the model trained for $6 million?", "slug: ../escape", False),
    ("title: Was the model trained for $6 million?", "draft: no", True),
    ("title: Was the model trained for $6 million?", "sumary: typo", False),
    ("    url: https://example.com/report", "    url: HTTPS://example.com/report", True),
    ("    url: https://example.com/report", "    url: htp://example.com/report", False),
    ("    url: https://example.com/report", "    url: javascript:alert(1)", False),
    ("    url: https://example.com/report", "    url: https://example.com/a b", False),
    ("    url: https://example.com/report", "    url: /relative/path", False),
    ("    date: 2024-12-27", "    date: 2024-13-27", False),
    ("    quote: \"2.788M GPU hours at $2 per GPU hour\"", "    quote: [a, list]", False),
    ("    quote: \"2.788M GPU hours at $2 per GPU hour\"", "    publisher2: X", False),
    ("  same_as: [https://en.wikipedia.org/wiki/Example]", "  same_as: https://en.wikipedia.org/wiki/Example",
     False),
    ("  same_as: [https://en.wikipedia.org/wiki/Example]", "  wikipedia: https://en.wikipedia.org/wiki/Example",
     False),
    ("appearances: [https://example.com/announcement]", "appearances: [ftp://example.com/x]", False),
    ("unit: USD\n", "unit: USD\n    rows: []\n    extra: x\n", False),
]


@pytest.mark.parametrize("old,new,valid", EDITS, ids=[f"{n}:{new or 'unchanged'}" for n, (_, new, _) in enumerate(EDITS)])
def test_schema_and_validator_agree_on_small_edits(old, new, valid, tmp_path):
    assert old in BASE
    text = BASE.replace(old, new, 1)
    root = project(tmp_path, files={"content/claims/entry.md": text})
    schema = schema_for(root)
    assert (validator_rejects(root) == set()) is valid, "the validator's verdict changed: fix the table"
    assert schema_accepts(schema, text) is valid


def test_every_shipped_and_fixture_entry_is_valid_under_the_schema():
    checked = 0
    for root in (PROJECT, FIXTURES / "site"):
        schema = schema_for(root)
        for path in sorted((root / "content/claims").glob("*.md")):
            assert schema_accepts(schema, path.read_text(encoding="utf-8")), path
            checked += 1
    assert checked >= 8


def test_shipped_schema_file_is_current():
    """schema/claim.schema.json is what `python build.py schema` writes for site.yaml today."""
    shipped = (PROJECT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert shipped == schema_text(schema_for(PROJECT)), "run `python build.py schema` and commit the result"


def test_schema_command_writes_the_file(fixture_site, run_cli):
    result = run_cli(fixture_site, "schema")
    assert result.code == 0, result.err
    written = json.loads((fixture_site / SCHEMA_PATH).read_text(encoding="utf-8"))
    assert written == json.loads(schema_text(schema_for(fixture_site)))
    verdict = written["properties"]["verdict"]
    assert {"enum": ["accurate", "misleading", "false", "unproven"]} in verdict["anyOf"]


def test_schema_is_valid_draft_2020_12_with_portable_patterns():
    schema = schema_for(PROJECT)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Validator.check_schema(schema)
    patterns = re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', schema_text(schema))
    assert patterns
    for pattern in map(json.loads, patterns):
        re.compile(pattern)
        # ECMA-262 (what editors run): no inline flags, named groups, \A \Z, or needless escapes
        # such as \- that the unicode flag refuses.
        assert not re.search(r"\(\?[aiLmsux]|\(\?P|\\[AZ]|\\-", pattern), pattern


def test_every_front_matter_field_is_in_the_schema_with_a_description():
    schema = schema_for(PROJECT)
    from site_gen.load.schema import claim_schema

    fields = claim_schema(("x",)).fields
    assert list(schema["properties"]) == list(fields)
    assert schema["required"] == [name for name, spec in fields.items() if spec.required]
    assert schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        assert prop["description"].startswith(("Required.", "Optional.")), name


def test_modeline_points_at_the_shipped_schema_and_changes_nothing(tmp_path):
    """The line CONTRIBUTING.md tells editors to add: a YAML comment the validator ignores, whose
    relative path resolves from content/claims/ to the shipped schema."""
    modeline = "# yaml-language-server: $schema=../../schema/claim.schema.json"
    assert modeline in (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    target = (PROJECT / "content/claims" / modeline.split("$schema=")[1]).resolve()
    assert target == (PROJECT / SCHEMA_PATH).resolve() and target.is_file()
    text = BASE.replace("---\n", f"---\n{modeline}\n", 1)
    root = project(tmp_path, files={"content/claims/entry.md": text})
    assert validator_rejects(root) == set()
    assert schema_accepts(schema_for(root), text)
