"""The editor-facing commands: check, new, and what an internal error looks like."""
from __future__ import annotations

import datetime as dt

from site_gen.scaffold import new_claim, slug_for


def test_check_passes_on_a_valid_site(fixture_site, run_cli):
    result = run_cli(fixture_site, "check")
    assert result.code == 0
    assert result.out.startswith("ok: 4 fact-checks and 4 pages are valid")
    assert not (fixture_site / "_site").exists()


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
        new_claim(tmp_path, "   ", claimant="x")


def test_internal_errors_print_one_line_not_a_traceback(fixture_site, run_cli, monkeypatch):
    import site_gen.build

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(site_gen.build, "make_site", boom)
    result = run_cli(fixture_site, "build", "--no-search")
    assert result.code == 3
    assert "internal error: RuntimeError: simulated bug" in result.err
    assert "Traceback" not in result.err
