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
from conftest import PROJECT

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


def check(vnu: list[str], files: list[Path]) -> dict[Path, list[str]]:
    """vnu's errors for `files` (HTML; stylesheets and SVG by their suffix), one readable line each
    ("path:line: message [extract]"), by file. One run for all: starting the checker takes seconds."""
    result = subprocess.run([*vnu, "--errors-only", "--exit-zero-always", "--format", "json", "--also-check-css",
                             "--also-check-svg", *map(str, files)], capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report: {(result.stderr or result.stdout)[:2000]}", pytrace=False)
    problems: dict[Path, list[str]] = {path: [] for path in files}
    for m in messages:
        where = m.get("url", "").removeprefix("file:")
        extract = " ".join(m.get("extract", "").split())[:120]
        problems.setdefault(Path(where), []).append(
            f"{where}:{m.get('lastLine', '?')}: {m.get('type')}: {m.get('message')}" + (f"  [{extract}]" if extract else ""))
    return problems


def html_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if p.is_file())


BAD = {  # one known error each: the check can fail
    "bad.html": '<!doctype html><html lang="en"><title>x</title><p><div>nested</div></p>\n',
    "bad.css": "p { colr: red; }\n",
    "bad.svg": '<svg xmlns="http://www.w3.org/2000/svg"><rect widt="2"/></svg>\n',
}


@pytest.fixture(scope="module")
def report(vnu, shared_fixture_build, shared_shipped_build, tmp_path_factory) -> dict[Path, list[str]]:
    """The checker's errors, by file, for every page of the fixture and the shipped site (the
    builds shared by the session), the stylesheets and SVG files of static/, and BAD."""
    bad = tmp_path_factory.mktemp("bad")
    for name, text in BAD.items():
        (bad / name).write_text(text, encoding="utf-8")
    files = [*html_files(shared_fixture_build.site), *html_files(shared_shipped_build.site),
             *sorted((PROJECT / "static").glob("*.css")), *sorted((PROJECT / "static").glob("*.svg")),
             *(bad / name for name in BAD)]
    report = check(vnu, files)
    # Every error is on a file named here: none is lost to a path the checker spelt another way.
    assert sorted(report) == sorted(files), sorted(set(report) - set(files))
    return report


def errors_in(report: dict[Path, list[str]], files: list[Path], *folders: Path) -> list[str]:
    found = [problem for path in files for problem in report[path]]
    for folder in folders:
        found = [problem.replace(str(folder) + "/", "") for problem in found]
    return found


def test_fixture_and_shipped_sites_are_valid_html(report, built, shipped_build):
    pages = html_files(built) + html_files(shipped_build)
    assert len(pages) > 40  # every page type of both sites, not an empty folder
    assert len(html_files(built)) > 20 and len(html_files(shipped_build)) > 20
    problems = errors_in(report, pages, built, shipped_build)
    assert not problems, f"{len(problems)} HTML error(s):\n" + "\n".join(problems)


def test_stylesheets_and_svg_are_valid(report):
    css = sorted((PROJECT / "static").glob("*.css"))
    svg = sorted((PROJECT / "static").glob("*.svg"))
    assert css and svg
    problems = errors_in(report, css + svg, PROJECT)
    assert not problems, "\n".join(problems)


def test_the_checker_reports_errors(report):
    """The check can fail: a page, a stylesheet and an SVG file with a known error each are reported,
    in the same run that checks the sites."""
    bad = {path.name: problems for path, problems in report.items() if path.name in BAD}
    assert sorted(bad) == sorted(BAD)
    assert any("No “p” element in scope" in p or "not allowed" in p for p in bad["bad.html"]), bad["bad.html"]
    assert any("colr" in p for p in bad["bad.css"]), bad["bad.css"]
    assert any("widt" in p for p in bad["bad.svg"]), bad["bad.svg"]
