"""Every workflow in .github/workflows/ is valid against the GitHub workflow schema, as
check-jsonschema's vendored copy of it has it (offline: no schema is downloaded), so a mistyped key
or a wrong value fails here rather than on GitHub after a merge."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import PROJECT

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.y*ml"))


def validate(*paths: Path, schema: str = "vendor.github-workflows") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def test_every_workflow_is_valid_against_the_github_workflow_schema():
    assert {p.name for p in WORKFLOWS} >= {"check.yml", "pages.yml", "links.yml"}
    result = validate(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_workflow_github_would_reject(tmp_path):
    """The check has teeth: a job without `runs-on` and a permission level GitHub does not know."""
    broken = tmp_path / "broken.yml"
    broken.write_text("name: Broken\non:\n  schedule:\n    - cron: '0 5 * * 1'\n"
                      "permissions:\n  issues: writ\njobs:\n  check:\n    steps:\n      - run: echo hi\n",
                      encoding="utf-8")
    result = validate(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "broken.yml" in result.stdout + result.stderr


def test_dependabot_config_is_valid_against_its_schema():
    """.github/dependabot.yml (which keeps the actions' SHA pins current), against check-jsonschema's
    vendored Dependabot schema."""
    result = validate(PROJECT / ".github" / "dependabot.yml", schema="vendor.dependabot")
    assert result.returncode == 0, result.stdout + result.stderr
