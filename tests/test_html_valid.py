"""Every generated HTML page (the fixture site and the shipped site), the stylesheets and the SVG
favicon pass the W3C Nu HTML Checker (vnu.jar) with zero errors.

vnu.jar comes from npm's vnu-jar package and needs Java. It is looked for in $VNU_JAR, then in a
project-local node_modules/, then in npm's global folder (`npm root -g`); .ci/run installs Java
(default-jre-headless) and `npm install -g vnu-jar`. Without them the test skips locally with the
reason; in CI (CI=true) it fails.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJECT, make_project

pytestmark = pytest.mark.slow  # a Java checker, seconds a run

VNU_IN_PACKAGE = Path("vnu-jar") / "build" / "dist" / "vnu.jar"


def unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"the HTML check cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"HTML check skipped: {reason}")


def find_vnu() -> Path | None:
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    local = PROJECT / "node_modules" / VNU_IN_PACKAGE
    if local.is_file():
        return local
    npm = shutil.which("npm")
    if npm:
        result = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60)
        found = Path(result.stdout.strip()) / VNU_IN_PACKAGE
        if result.returncode == 0 and found.is_file():
            return found
    return None


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    java = shutil.which("java")
    if not java:
        unavailable("no java on PATH (apt-get install -y default-jre-headless)")
    jar = find_vnu()
    if jar is None or not jar.is_file():
        unavailable(f"no vnu.jar (npm install -g vnu-jar, or set VNU_JAR){f': {jar} is missing' if jar else ''}")
    return [java, "-Xss8m", "-jar", str(jar)]


def build(root: Path, out: Path) -> Path:
    from site_gen.build import build as build_site

    build_site(root, out, base_url="https://example.org/sub/", search=False)
    return out


def check(vnu: list[str], files: list[Path], *options: str) -> list[str]:
    """vnu's errors for `files`, one readable line each ("path:line: message [extract]")."""
    result = subprocess.run([*vnu, "--errors-only", "--exit-zero-always", "--format", "json", *options,
                             *map(str, files)], capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report: {(result.stderr or result.stdout)[:2000]}", pytrace=False)
    problems = []
    for m in messages:
        where = m.get("url", "").removeprefix("file:")
        extract = " ".join(m.get("extract", "").split())[:120]
        problems.append(f"{where}:{m.get('lastLine', '?')}: {m.get('type')}: {m.get('message')}"
                        + (f"  [{extract}]" if extract else ""))
    return problems


def html_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if p.is_file())


def test_fixture_and_shipped_sites_are_valid_html(vnu, tmp_path):
    fixture = build(make_project(tmp_path), tmp_path / "fixture-site")
    shipped = build(PROJECT, tmp_path / "shipped-site")
    pages = html_files(fixture) + html_files(shipped)
    assert len(pages) > 40  # every page type of both sites, not an empty folder
    problems = check(vnu, pages)
    assert not problems, f"{len(problems)} HTML error(s):\n" + "\n".join(
        p.replace(str(tmp_path) + "/", "") for p in problems)


def test_stylesheets_and_svg_are_valid(vnu):
    css = sorted((PROJECT / "static").glob("*.css"))
    assert css
    problems = check(vnu, css, "--css") + check(vnu, sorted((PROJECT / "static").glob("*.svg")), "--svg")
    assert not problems, "\n".join(p.replace(str(PROJECT) + "/", "") for p in problems)


def test_the_checker_reports_errors(vnu, tmp_path):
    """The check can fail: a page with a known error is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><title>x</title><p><div>nested</div></p>', encoding="utf-8")
    problems = check(vnu, [bad])
    assert any("No “p” element in scope" in p or "not allowed" in p for p in problems), problems
