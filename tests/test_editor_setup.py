"""The editor setup shipped in .vscode/: the check as VS Code's build task, its output turned into
problems on the right line and column by the task's problem matcher, and snippets that write
front matter the validator accepts. (VS Code itself cannot run here; what it would do with these
files is checked as far as it goes: its regex on the real output, its snippets expanded.)"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml
from conftest import FIXTURES, PROJECT, make_project

from site_gen.model import ROW_KINDS

VSCODE = PROJECT / ".vscode"
SNIPPET_VARIABLES = {"CURRENT_YEAR": "2025", "CURRENT_MONTH": "03", "CURRENT_DATE": "04"}


def tasks() -> list[dict]:
    return json.loads((VSCODE / "tasks.json").read_text(encoding="utf-8"))["tasks"]


def snippets() -> dict[str, dict]:
    return json.loads((VSCODE / "fact-check.code-snippets").read_text(encoding="utf-8"))


def expand(snippet: dict) -> str:
    """The snippet as VS Code inserts it when the editor tabs through: each choice's first option,
    each placeholder's default text, empty tab stops, the date variables."""
    text = "\n".join(snippet["body"])
    text = re.sub(r"\$\{\d+\|([^,|]*)[^}]*\}", r"\1", text)
    text = re.sub(r"\$\{\d+:([^}]*)\}", r"\1", text)
    text = re.sub(r"\$\d+", "", text)
    return re.sub(r"\$([A-Z_]+)", lambda m: SNIPPET_VARIABLES[m.group(1)], text)


def test_the_check_is_the_default_build_task_and_the_comparison_a_second_one():
    by_label = {task["label"]: task for task in tasks()}
    check = by_label["Check the content"]
    assert [check["command"], *check["args"]] == ["python", "build.py", "check"]
    assert check["group"] == {"kind": "build", "isDefault": True}  # Ctrl+Shift+B
    since = by_label["Check against origin/main"]
    assert [since["command"], *since["args"]] == ["python", "build.py", "check", "--since", "origin/main"]


@pytest.mark.parametrize("task", [t["label"] for t in tasks()])
def test_the_problem_matcher_reads_every_message_the_check_prints(task):
    """Every red-path fixture's exact output lines (and a warning) become a problem at the file,
    line and column printed, with the whole message: what VS Code then marks in the editor."""
    matcher = next(t for t in tasks() if t["label"] == task)["problemMatcher"]
    assert matcher["fileLocation"] == ["relative", "${workspaceFolder}"]  # paths are printed from the project root
    pattern = matcher["pattern"]
    regex = re.compile(pattern["regexp"])  # ECMAScript syntax that Python reads the same way
    lines = [line for case in sorted((FIXTURES / "invalid").iterdir())
             for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines()]
    lines += ["content/claims/x.md:3:5: warning: sources: expected at least two independent sources, got 1",
              "templates/home.html:4:1: template error: UndefinedError: 'x' is undefined",
              "site.yaml:2:8: title: expected text, got nothing (this field is required)"]
    assert len(lines) > 40
    for line in lines:
        match = regex.match(line)
        assert match, line
        where = f"{match[pattern['file']]}:{match[pattern['line']]}:{match[pattern['column']]}: "
        severity = match[pattern["severity"]] or matcher["severity"]
        shown = where + ("warning: " if severity == "warning" else "") + match[pattern["message"]]
        assert shown == line and severity in ("error", "warning")
    assert not regex.match("--since:1:1: expected a revision this clone has, got 'x'")  # no file to mark


def test_snippet_choices_are_the_validators_own():
    config = yaml.safe_load((PROJECT / "site.yaml").read_text(encoding="utf-8"))
    body = "\n".join(snippets()["Fact-check front matter"]["body"])
    verdicts = re.search(r"verdict: \$\{\d+\|([^|]*)\|\}", body).group(1).split(",")
    # Every verdict of site.yaml; "unproven" first, as `new` writes it: tabbing past rates nothing.
    assert sorted(verdicts) == sorted(str(v["key"]).lower() for v in config["verdicts"])
    assert verdicts[0] == "unproven"
    comparison = "\n".join(snippets()["Cost comparison"]["body"])
    assert re.search(r"kind: \$\{\d+\|([^|]*)\|\}", comparison).group(1).split(",") == list(ROW_KINDS)
    assert all(s["scope"] == "markdown" for s in snippets().values())


def test_snippets_write_an_entry_the_check_accepts(tmp_path, run_cli):
    """The front matter snippet as inserted is a valid draft whose TODOs are warnings; filled in
    (the TODOs replaced) with a comparison, a correction and a retraction, it is a valid entry."""
    root = make_project(tmp_path)
    entry = root / "content/claims/from-snippets.md"
    entry.write_text(expand(snippets()["Fact-check front matter"]) + "\n", encoding="utf-8")
    draft = run_cli(root, "check")
    assert draft.code == 0, draft.err
    assert sorted(line.split(": warning: ")[1].split(":")[0] for line in draft.err.splitlines()
                  if line.startswith("content/claims/from-snippets.md")) == sorted([
        "claim", "claimant", "summary", "sources[0].title", "sources[0].publisher", "sources[1].title",
        "sources[1].publisher", "body"])
    front, _, body = entry.read_text(encoding="utf-8").removeprefix("---\n").partition("---\n")
    extra = [expand(snippets()[name]) for name in ("Cost comparison", "Retraction")]
    extra.append("corrections:\n" + expand(snippets()["Correction"]))
    sources = expand(snippets()["Source"]).replace("source-id", "source-3")
    text = "---\n" + front.replace("draft: true\n", "").replace("sources:\n", "sources:\n" + sources + "\n")
    text += "\n".join(extra) + "---\n" + body
    entry.write_text(text.replace("TODO: ", "").replace("\n\n", "\n"), encoding="utf-8")
    result = run_cli(root, "check")
    assert result.code == 0, result.err + text
    assert "from-snippets.md" not in result.err
    assert dt.date(2025, 3, 4).isoformat() in text
