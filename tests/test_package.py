"""The generator as a newsroom gets it: installed as a package into a fresh virtualenv, a French
site made with `init`, built empty, an entry added with `new`, checked, built and read in Chromium.
And the README's "Start your own site", run as written. (Slow: a wheel is built and installed.)"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.request
import venv
from pathlib import Path

import pytest
from browser import serve_site
from conftest import PROJECT
from test_a11y_browser import run_axe

pytestmark = [pytest.mark.slow]

FILLED = """---
claim: "Les Jeux ont coûté 8,7 milliards d'euros aux contribuables."
claimant: Élu municipal
verdict: trompeur
summary: >-
  Le chiffre additionne les dépenses publiques et privées : la part publique est plus faible.
published: 2025-03-01
tags: [budget]
sources:
  - id: rapport
    title: Rapport de test
    publisher: Exemple
    url: https://example.org/rapport
  - id: budget
    title: Budget de test
    publisher: Exemple
    url: https://example.org/budget
---
L'analyse cite le rapport[^rapport] et le budget[^budget].
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A virtualenv with this checkout installed as a package (a copy of the tracked files, so the
    checkout itself is never written to). Its own site-packages see the system's (the pinned
    dependencies are already there); the generator itself comes only from the wheel."""
    work = tmp_path_factory.mktemp("package")
    source = work / "checkout"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=PROJECT, capture_output=True,
                           text=True, check=True).stdout.split("\n")
    for name in filter(None, files):
        if (PROJECT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PROJECT / name, source / name)
    env_dir = work / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    result = subprocess.run([str(env_dir / "bin/python"), "-m", "pip", "install", "-q", "--no-deps", str(source)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return env_dir


def run(env_dir: Path, command: str, cwd: Path) -> subprocess.CompletedProcess:
    """A shell command as a newsroom would type it, with the virtualenv active."""
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    environ.update(PATH=f"{env_dir / 'bin'}:{environ['PATH']}", VIRTUAL_ENV=str(env_dir))
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=environ, capture_output=True, text=True, timeout=600)


def test_the_package_carries_the_theme_and_not_this_checkout(installed, tmp_path):
    result = run(installed, "python -c 'import site_gen.theme as t; print(t.theme_dir())'", tmp_path)
    assert result.returncode == 0, result.stderr
    theme = Path(result.stdout.strip())
    assert theme.name == "default_theme" and (theme / "templates/base.html").is_file()
    assert not theme.is_relative_to(PROJECT)


@pytest.mark.browser
def test_a_french_newsroom_starts_its_site(installed, tmp_path, browser, console):
    site = tmp_path / "verif-jo"
    made = run(installed, f"site-gen init {site} --title \"Vérif'JO\" --language fr --locale fr-FR "
                          f"--generator {PROJECT}", tmp_path)
    assert made.returncode == 0, made.stderr
    assert (site / "requirements.txt").read_text().splitlines()[-1] == f"site-gen @ {PROJECT.as_uri()}"

    for page in (site / "content/pages").glob("*.md"):  # the newsroom writes its standards pages
        text = re.sub(r"^draft: true.*\n", "", page.read_text(encoding="utf-8"), flags=re.M)
        page.write_text(re.sub(r"TODO ?: ?", "", text), encoding="utf-8")
    for example in (site / "content/claims").glob("*.md"):
        example.unlink()
    empty = run(installed, "python build.py", site)
    assert empty.returncode == 0, empty.stderr
    assert "built 0 fact-checks" in empty.stdout

    added = run(installed, "python build.py new \"Les Jeux ont coûté 8,7 milliards d'euros aux contribuables.\" "
                           "--claimant \"Élu municipal\"", site)
    assert added.returncode == 0, added.stderr
    entry = next((site / "content/claims").glob("*.md"))
    entry.write_text(FILLED, encoding="utf-8")
    checked = run(installed, "python build.py check", site)
    assert checked.returncode == 0, checked.stderr

    (site / "templates").mkdir()  # the newsroom changes one template; the rest stays the theme's
    footer = (PROJECT / "templates/base.html").read_text(encoding="utf-8").replace("</footer>", "<p>Rédaction de test</p></footer>", 1)
    (site / "templates/base.html").write_text(footer, encoding="utf-8")

    def build(out: Path, base_url: str) -> None:
        built = run(installed, f"python build.py build --out {out} --base-url {base_url}", site)
        assert built.returncode == 0, built.stderr

    with serve_site(build, tmp_path) as served:
        slug = entry.stem
        page = browser.new_page()
        console.watch(page)
        page.goto(served.url(f"claims/{slug}/"))
        assert "Rédaction de test" in page.content()
        badge = page.locator(".verdict-box .badge").first
        colour = badge.evaluate("b => getComputedStyle(b).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "rgb(75, 85, 99)"), colour  # coloured: neither none nor neutral grey
        assert run_axe(page) == []
        page.goto(served.url())
        assert run_axe(page) == []
        page.close()
        output = served.folder

    for folder in (site, output):
        for path in folder.rglob("*"):
            if path.is_file() and "pagefind" not in path.parts:
                assert b"deepseek" not in path.read_bytes().lower(), path


def test_the_readme_start_your_own_site_section_runs_as_written(installed, tmp_path):
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Start your own site", 1)[1].split("\n## ", 1)[0]
    commands = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    checkout = tmp_path / "checkout"  # the section runs in a clone of this repository
    shutil.copytree(PROJECT, checkout, ignore=shutil.ignore_patterns(".git", "_site*", ".preview*", ".cache", "__pycache__"))
    cwd = checkout
    for line in commands.splitlines():
        command = line.split("  #", 1)[0].strip()
        if not command or command.startswith("#"):
            continue
        if command.startswith("cd "):
            cwd = (cwd / command[3:]).resolve()
            continue
        if command.endswith(" serve"):  # runs until stopped: check that it answers, then stop it
            environ = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            environ["PATH"] = f"{installed / 'bin'}:{environ['PATH']}"
            server = subprocess.Popen(["bash", "-c", command + " --port 8765"], cwd=cwd, env=environ,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            try:
                assert _answers("http://127.0.0.1:8765/"), "serve did not answer"
            finally:
                server.terminate()
                server.wait(timeout=30)
            continue
        result = run(installed, command, cwd)
        assert result.returncode == 0, (command, result.stdout, result.stderr)


def _answers(url: str, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status == 200
        except OSError:
            time.sleep(0.5)
    return False

