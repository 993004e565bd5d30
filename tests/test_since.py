"""`check --since REF` in a real git repository: a clone of the fixture site whose origin/main is
the published state, edited as a pull request would edit it. Published verdicts, figures and claim
wording change only with a dated correction; a published entry is retracted, never deleted; the
summary of what readers will see change matches a golden file."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project

GOLDEN_SUMMARY = FIXTURES / "since" / "summary.md"
GIT_ENV = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_ENV},
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """A repository holding the fixture site on main, made once: each test clones it (and never
    writes into it)."""
    origin = make_project(tmp_path_factory.mktemp("published"))
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "The published site")
    return origin


@pytest.fixture
def clone(published, tmp_path, monkeypatch) -> Path:
    """A working clone of the published repository: origin/main is there, as in CI after
    actions/checkout with fetch-depth: 0."""
    git(tmp_path, "clone", "-q", str(published), "work")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path / "work"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in line)


CORRECTED = ("corrections:\n  - date: 2025-02-10\n",
             "corrections:\n  - date: 2025-03-01\n    note: Re-rated after the analyst's revised estimate.\n"
             "  - date: 2025-02-10\n")


def test_a_verdict_change_without_a_correction_fails_with_the_exact_message(clone, run_cli):
    entry = clone / "content/claims/six-million.md"
    edit(entry, "verdict: misleading", 'verdict: "false"')
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.code == 1
    assert result.problem_lines == [
        f"content/claims/six-million.md:{line_of(entry, 'verdict:')}:10: verdict: changed from 'misleading' to 'false' "
        "since origin/main; a published verdict changes only with a new dated corrections note and updated: date"]


def test_a_verdict_change_with_a_dated_correction_and_updated_passes(clone, run_cli):
    entry = clone / "content/claims/six-million.md"
    edit(entry, "verdict: misleading", 'verdict: "false"')
    edit(entry, *CORRECTED)
    without_updated = run_cli(clone, "check", "--since", "origin/main")
    assert without_updated.problem_lines == [  # updated: still says 2025-02-10
        f"content/claims/six-million.md:{line_of(entry, 'updated:')}:10: updated: expected a date on or after the "
        "new correction (2025-03-01), got '2025-02-10'"]
    edit(entry, "updated: 2025-02-10", "updated: 2025-03-01")
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.code == 0, result.err
    assert "- [Was the model trained for \\$6 million?](https://example.org/sub/claims/six-million/): " \
           "Misleading → **False**" in result.out


def test_renaming_the_old_key_in_the_same_change_does_not_hide_a_re_rating(clone, run_cli):
    """The old version is read with the site.yaml it was published with, and verdicts are compared
    by what readers saw: `misleading` renamed away in site.yaml, the entry re-rated `false`."""
    edit(clone / "site.yaml", "  - key: misleading\n", "  - key: misleading-old\n")
    entry = clone / "content/claims/six-million.md"
    edit(entry, "verdict: misleading", 'verdict: "false"')
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.code == 1
    assert result.problem_lines == [
        f"content/claims/six-million.md:{line_of(entry, 'verdict:')}:10: verdict: changed from 'misleading' to 'false' "
        "since origin/main; a published verdict changes only with a new dated corrections note and updated: date"]


def test_a_renamed_key_that_readers_see_the_same_is_no_change(clone, run_cli):
    edit(clone / "site.yaml", "  - key: misleading\n", "  - key: partly-false\n")
    edit(clone / "content/claims/six-million.md", "verdict: misleading", "verdict: partly-false")
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.code == 0, result.err
    assert "no fact-check is added, re-rated, corrected or retracted" in result.out


def test_a_verdict_relabelled_under_unchanged_entries_needs_their_corrections(clone, run_cli):
    config = clone / "site.yaml"
    edit(config, "    label: Accurate\n", "    label: Mostly accurate\n")
    edit(config, "    rating: 1\n", "    rating: 2\n")
    result = run_cli(clone, "check", "--since", "origin/main")
    rating_of_false = [n for n, line in enumerate(config.read_text().split("\n"), 1) if "rating:" in line][2]
    assert result.code == 1
    assert result.problem_lines == [
        f"site.yaml:{line_of(config, 'label: Mostly accurate')}:12: verdicts[0].label: changed from 'Accurate' to "
        "'Mostly accurate' since origin/main, which changes the published verdict of 1 fact-check "
        "(content/claims/gpu-count.md); a published verdict changes only with a new dated corrections note and "
        "updated: date in each",
        f"site.yaml:{rating_of_false}:13: verdicts[2].rating: changed from 1 to 2 since origin/main, "
        "which changes the published verdict of 2 fact-checks (content/claims/market-value.md, "
        "content/claims/withdrawn-check.md); a published verdict changes only with a new dated corrections note and "
        "updated: date in each"]


def test_a_published_version_that_no_longer_loads_is_an_error(clone, run_cli):
    entry = clone / "content/claims/gpu-count.md"
    edit(entry, "verdict: accurate", "verdict: acurate")
    git(clone, "commit", "-q", "-am", "A broken entry slipped in")
    edit(entry, "verdict: acurate", "verdict: accurate")  # fixed in the working tree
    result = run_cli(clone, "check", "--since", "HEAD")
    assert result.code == 1
    assert result.problem_lines == [
        "content/claims/gpu-count.md:1:1: expected its version at HEAD to read as a valid entry (with the site.yaml "
        "there), got one that does not, so this change cannot be checked against what was published: fix the entry "
        "at HEAD first"]


def test_a_correction_dated_before_the_published_version_is_not_new(clone, run_cli):
    entry = clone / "content/claims/six-million.md"
    edit(entry, "verdict: misleading", 'verdict: "false"')
    edit(entry, "corrections:\n", "corrections:\n  - date: 2025-02-05\n    note: Backdated.\n")
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.problem_lines == [
        f"content/claims/six-million.md:{line_of(entry, 'verdict:')}:10: verdict: changed from 'misleading' to 'false' "
        "since origin/main; a published verdict changes only with a new dated corrections note and updated: date",
        f"content/claims/six-million.md:{line_of(entry, '2025-02-05')}:11: corrections[].date: expected a new correction "
        "dated on or after the published version (2025-02-10), got '2025-02-05'"]


def test_a_changed_figure_needs_a_correction(clone, run_cli):
    entry = clone / "content/claims/six-million.md"
    edit(entry, "value: 5_576_000", "value: 5_600_000")
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.problem_lines == [
        f"content/claims/six-million.md:{line_of(entry, '5_600_000')}:16: comparisons[0].rows[0].value: changed from "
        "5576000 to 5600000 since origin/main; a published figure changes only with a new dated corrections note and "
        "updated: date"]
    edit(entry, *CORRECTED)
    edit(entry, "updated: 2025-02-10", "updated: 2025-03-02")
    corrected = run_cli(clone, "check", "--since", "origin/main")
    assert corrected.code == 0, corrected.err
    assert ("What the \"\\$6 million\" covers, Final training run: US\\$5\\.58 million → US\\$5\\.6 million"
            in corrected.out)  # as the en-GB fixture site prints it, escaped for Markdown


def test_a_removed_figure_or_a_dropped_bound_needs_a_correction(clone, run_cli):
    entry = clone / "content/claims/six-million.md"
    text = entry.read_text(encoding="utf-8")
    start = text.index("      - label: Server capital expenditure")
    entry.write_text(text[:start] + text[text.index("      - label: Hardware spend"):], encoding="utf-8")
    edit(entry, "min: 500000000", "max: 900000000")
    result = run_cli(clone, "check", "--since", "origin/main")
    rows = line_of(entry, "    rows:")
    assert result.problem_lines == [
        f"content/claims/six-million.md:{rows + 1}:7: comparisons[0].rows: the figure 'Server capital expenditure' "
        "(about US$1.6 billion) was removed since origin/main; a published figure is removed only with a new dated "
        "corrections note and updated: date",
        f"content/claims/six-million.md:{line_of(entry, 'max: 900000000')}:14: comparisons[0].rows[1].max: changed "
        "from min 500000000 to max 900000000 since origin/main; a published figure changes only with a new dated "
        "corrections note and updated: date"]


def test_reordered_and_relabelled_rows_are_no_change_of_a_figure(clone, run_cli):
    entry = clone / "content/claims/six-million.md"
    edit(entry, "label: Server capital expenditure", "label: Capital spending on servers")
    edit(entry, "title: What the \"$6 million\" covers", "title: What the six million covers")
    assert run_cli(clone, "check", "--since", "origin/main").code == 0


def test_changed_claim_wording_needs_a_correction(clone, run_cli):
    entry = clone / "content/claims/gpu-count.md"
    edit(entry, "claim: The model was trained on 2,048 GPUs.", "claim: The model was trained on 2,000 GPUs.")
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.problem_lines == [
        "content/claims/gpu-count.md:2:8: claim: changed from 'The model was trained on 2,048 GPUs.' to 'The model was "
        "trained on 2,000 GPUs.' since origin/main; a published claim's wording changes only with a new dated "
        "corrections note and updated: date"]


def test_a_published_entry_is_never_deleted(clone, run_cli):
    (clone / "content/claims/gpu-count.md").unlink()
    (clone / "content/claims/draft-entry.md").unlink()  # never published: readers never saw it
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.problem_lines == [
        "content/claims/gpu-count.md:1:1: expected a published entry to stay (readers and other sites link to "
        "/claims/gpu-count/), got it deleted since origin/main; retract it instead: keep the file and add "
        "retracted: {date: YYYY-MM-DD, note: why}"]


def test_a_broken_published_entry_is_checks_to_report_not_a_deletion(clone, run_cli):
    edit(clone / "content/claims/gpu-count.md", "verdict: accurate", "verdict: acurate")
    result = run_cli(clone, "check", "--since", "origin/main")
    assert [line.split(": ", 1)[1][:45] for line in result.problem_lines] == [
        "verdict: expected one of accurate, misleading"]


def test_a_published_entry_keeps_its_url_and_stays_published(clone, run_cli):
    claims = clone / "content/claims"
    git(clone, "mv", "content/claims/gpu-count.md", "content/claims/gpu-count-renamed.md")
    edit(claims / "gpu-count-renamed.md", "tags: [gpus]", "slug: gpu-count\ntags: [gpus]")  # same URL: fine
    edit(claims / "market-value.md", "published: 2025-02-01", "published: 2025-02-01\nslug: market-value-2")
    edit(claims / "six-million.md", "tags: [training-cost, gpus]", "tags: [training-cost, gpus]\ndraft: true")
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.problem_lines == [
        "content/claims/market-value.md:9:7: slug: changed from 'market-value' to 'market-value-2' since origin/main; "
        "a published entry keeps its URL (/claims/market-value/): set slug: market-value, or retract it instead: keep "
        "the file and add retracted: {date: YYYY-MM-DD, note: why}",
        f"content/claims/six-million.md:{line_of(claims / 'six-million.md', 'draft:')}:8: draft: expected a published "
        "entry to stay published, got draft: true since origin/main; retract it instead with retracted: {date, note}"]


def test_a_retraction_passes_and_is_summarised(clone, run_cli):
    edit(clone / "content/claims/gpu-count.md", "tags: [gpus]",
         "tags: [gpus]\nretracted:\n  date: 2025-03-03\n  note: The cluster size was never disclosed.")
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.code == 0, result.err
    assert ("### Retractions\n\n- [The model was trained on 2,048 GPUs\\.](https://example.org/sub/claims/gpu-count/), "
            "3 March 2025: The cluster size was never disclosed\\.\n") in result.out


def test_an_unknown_revision_says_how_to_fetch_it(clone, run_cli):
    result = run_cli(clone, "check", "--since", "origin/no-such-branch")
    assert result.code == 1
    assert result.problem_lines == [
        "--since:1:1: expected a revision this clone has, got 'origin/no-such-branch', which it does not: fetch it "
        "first (git fetch origin main), or in GitHub Actions check out the history with actions/checkout's "
        "fetch-depth: 0"]
    assert "Traceback" not in result.err + result.out


def test_outside_a_git_checkout_the_error_says_so(fixture_site, run_cli):
    result = run_cli(fixture_site, "check", "--since", "origin/main")
    assert result.code == 1
    assert result.problem_lines[0].startswith("--since:1:1: expected a git checkout to compare with 'origin/main', "
                                              "got: fatal: not a git repository")


def test_the_step_summary_matches_the_golden_file(clone, run_cli, tmp_path, monkeypatch):
    """Every kind of change readers will see, appended to $GITHUB_STEP_SUMMARY (as CI has it)."""
    claims = clone / "content/claims"
    six = claims / "six-million.md"
    edit(six, "verdict: misleading", 'verdict: "false"')
    edit(six, "value: 5_576_000", "value: 5_600_000")
    edit(six, *CORRECTED)
    edit(six, "updated: 2025-02-10", "updated: 2025-03-01")
    edit(claims / "gpu-count.md", "tags: [gpus]", "tags: [gpus]\nretracted: {date: 2025-03-02, note: Withdrawn.}")
    edit(claims / "draft-entry.md", "draft: true", "draft: false")  # published now: new to readers
    (claims / "new-claim.md").write_text((claims / "market-value.md").read_text(encoding="utf-8").replace(
        "A chipmaker lost $589 billion", "A <b>chipmaker</b> lost [$600 billion](https://x.example)"), encoding="utf-8")
    summary = tmp_path / "step-summary.md"
    summary.write_text("An earlier step's summary.\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.code == 0, result.err
    assert "What readers will see change" not in result.out  # on the summary page, not in the log
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("An earlier step's summary.\n## What readers will see change\n")
    if os.environ.get("UPDATE_GOLDENS") and not (
            GOLDEN_SUMMARY.exists() and GOLDEN_SUMMARY.read_text(encoding="utf-8") == written.removeprefix(
                "An earlier step's summary.\n")):
        GOLDEN_SUMMARY.parent.mkdir(exist_ok=True)
        GOLDEN_SUMMARY.write_text(written.removeprefix("An earlier step's summary.\n"), encoding="utf-8")
    assert written.removeprefix("An earlier step's summary.\n") == GOLDEN_SUMMARY.read_text(encoding="utf-8")


def test_nothing_readers_see_is_said_so(clone, run_cli):
    edit(clone / "content/claims/gpu-count.md", "The final run used", "The final training run used")
    result = run_cli(clone, "check", "--since", "origin/main")
    assert result.code == 0
    assert "Compared with `origin/main`: no fact-check is added, re-rated, corrected or retracted." in result.out
