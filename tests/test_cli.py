"""The editor-facing commands: check, new, and what an internal error looks like."""
from __future__ import annotations

import datetime as dt

from site_gen.editorial.scaffold import new_claim, slug_for


def test_check_passes_on_a_valid_site(fixture_site, run_cli):
    result = run_cli(fixture_site, "check")
    assert result.code == 0
    assert result.out.startswith("ok: 5 fact-checks and 4 pages are valid")
    assert not (fixture_site / "_site").exists()


def test_one_of_a_kind_is_counted_in_the_singular(fixture_site, run_cli):
    claims = fixture_site / "content/claims"
    for path in claims.iterdir():
        if path.name not in ("gpu-count.md", "draft-entry.md"):
            path.unlink()
    assert run_cli(fixture_site, "check").out.startswith("ok: 2 fact-checks and 4 pages are valid")
    (claims / "draft-entry.md").unlink()
    assert run_cli(fixture_site, "check").out.startswith("ok: 1 fact-check and 4 pages are valid")
    built = run_cli(fixture_site, "build", "--no-search")
    assert built.code == 0 and built.out.startswith("built 1 fact-check into _site/ ("), built.err + built.out


def test_new_scaffolds_a_valid_draft_and_never_overwrites(fixture_site, run_cli):
    result = run_cli(fixture_site, "new", "Nvidia lost $589 billion in a single day!", "--claimant", "Example News")
    assert result.code == 0, result.err
    path = fixture_site / "content/claims/nvidia-lost-589-billion-in-a-single-day.md"
    text = path.read_text()
    assert f"published: {dt.date.today().isoformat()}" in text and "draft: true" in text
    assert run_cli(fixture_site, "check").code == 0
    path.write_text(text + "\nEdited by hand.\n")
    again = run_cli(fixture_site, "new", "Nvidia lost $589 billion in a single day!")
    assert again.code == 1
    assert "already exists (nothing was overwritten)" in again.err
    assert path.read_text().endswith("Edited by hand.\n")


def test_slug_from_a_long_claim_is_cut_at_a_word():
    slug = slug_for("DeepSeek spent only six million dollars to train its R1 reasoning model on a small cluster")
    assert slug == "deepseek-spent-only-six-million-dollars-to-train-its-r1"
    assert len(slug) <= 60


def test_new_refuses_an_empty_claim(tmp_path):
    import pytest

    from site_gen.model import ContentError

    with pytest.raises(ContentError):
        new_claim(tmp_path, "   ", claimant="x", verdict="unproven")


def test_internal_errors_print_one_line_not_a_traceback(fixture_site, run_cli, monkeypatch):
    import site_gen.build

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(site_gen.build, "make_site", boom)
    result = run_cli(fixture_site, "build", "--no-search")
    assert result.code == 3
    assert "internal error: RuntimeError: simulated bug" in result.err
    assert "Traceback" not in result.err


def test_every_placeholder_new_leaves_is_an_error_once_the_entry_is_published(fixture_site, run_cli):
    """In a draft the scaffold's TODOs are warnings (check passes); without draft: true, each
    one is an error at its own line, and only those (not the comment that mentions TODO)."""
    assert run_cli(fixture_site, "new", "DeepSeek spent $6M on R1", "--claimant", "DeepSeek").code == 0
    path = fixture_site / "content/claims/deepseek-spent-6m-on-r1.md"
    draft = run_cli(fixture_site, "check")
    assert draft.code == 0 and "warning: summary: expected your own text, got the placeholder" in draft.err
    text = path.read_text().replace("draft: true", "draft: false")
    path.write_text(text)
    result = run_cli(fixture_site, "check")
    assert result.code == 1
    placeholder_lines = [n for n, line in enumerate(text.split("\n"), 1)
                         if "TODO" in line and not line.lstrip().startswith("#")]
    assert len(placeholder_lines) == 6
    reported = [line for line in result.problem_lines if line.startswith("content/claims/deepseek-spent-6m-on-r1.md:")]
    assert [int(line.split(":")[1]) for line in reported] == placeholder_lines
    assert all("got the placeholder 'TODO: " in line and "warning" not in line for line in reported)


def test_a_missing_package_says_to_install_the_requirements(fixture_site):
    """A real failed import (the module blocked in a fresh interpreter): an environment problem,
    told as such, not "a bug in the generator"."""
    import subprocess
    import sys

    from conftest import PROJECT

    script = ("import sys; sys.modules['jinja2'] = None; from pathlib import Path; from site_gen.cli import main; "
              "sys.exit(main(['build', '--no-search'], root=Path.cwd()))")
    result = subprocess.run([sys.executable, "-c", script], cwd=fixture_site, capture_output=True, text=True,
                            env={"PYTHONPATH": str(PROJECT), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "expected the Python package Jinja2 to be installed, got none (no module named 'jinja2'): "
        "run pip install -r requirements.txt"]
    assert not (fixture_site / "_site").exists()


def test_a_missing_standards_page_fails_the_build_naming_it(fixture_site, run_cli):
    (fixture_site / "content/pages/contact.md").unlink()
    result = run_cli(fixture_site, "build", "--no-search")
    assert result.code == 1
    assert result.problem_lines == [
        "site.yaml:1:1: required_pages: expected a page with the slug 'contact' in content/pages/ "
        "(the site must keep it), got none"]
    assert not (fixture_site / "_site").exists()
    # site.yaml may name its own list; a missing page is then reported at its line there
    text = (fixture_site / "site.yaml").read_text()
    (fixture_site / "site.yaml").write_text(text + "required_pages: [methodology, about, contact]\n")
    line = len(text.splitlines()) + 1
    assert run_cli(fixture_site, "check").problem_lines == [
        f"site.yaml:{line}:38: required_pages: expected a page with the slug 'contact' in content/pages/ "
        "(the site must keep it), got none"]


def test_without_a_contact_route_the_build_warns_and_pages_link_the_contact_page(fixture_site, run_cli):
    text = (fixture_site / "site.yaml").read_text()
    start = text.index("contact:")
    end = text.index("\n", text.index("email:", start)) + 1
    (fixture_site / "site.yaml").write_text(text[:start] + text[end:])
    result = run_cli(fixture_site, "build", "--no-search")
    assert result.code == 0
    assert "site.yaml:1:1: warning: contact: expected a contact route (contact.repository or contact.email)" in result.err
    claim = (fixture_site / "_site/claims/six-million/index.html").read_text()
    assert '<a href="/sub/contact/">Report an error in this fact-check</a>' in claim
    assert "No contact route has been set up" in (fixture_site / "_site/contact/index.html").read_text()
