"""The weekly link check: `python build.py links` lists every source, archive and appearance URL
of the content, and .github/workflows/links.yml checks that list with lychee and keeps one issue
up to date, weekly and on demand, never on pull requests, with the fewest permissions."""
from __future__ import annotations

import re

import pytest
import yaml
from conftest import PROJECT

LINKS_YML = PROJECT / ".github" / "workflows" / "links.yml"


def test_links_lists_every_source_archive_and_appearance_url_once(fixture_site, run_cli):
    result = run_cli(fixture_site, "links", "--where", "where.md")
    assert result.code == 0, result.err
    assert (fixture_site / "links.txt").read_text(encoding="utf-8") == (
        "https://example.com/announcement\n"  # six-million.md: appearances[0]
        "https://example.com/report\n"  # gpu-count.md, six-million.md and withdrawn-check.md: sources[0].url
        "https://web.archive.org/web/2025/https://example.net/note\n")  # six-million.md: sources[1].archive
    assert (fixture_site / "where.md").read_text(encoding="utf-8") == (
        "- <https://example.com/announcement>: `content/claims/six-million.md` (appearances[0])\n"
        "- <https://example.com/report>: `content/claims/gpu-count.md` (sources[0].url), "
        "`content/claims/six-million.md` (sources[0].url), `content/claims/withdrawn-check.md` (sources[0].url)\n"
        "- <https://web.archive.org/web/2025/https://example.net/note>: `content/claims/six-million.md` "
        "(sources[1].archive)\n")
    assert result.out.startswith("wrote links.txt: 3 addresses, used 5 times in 5 fact-checks")


def test_links_leaves_out_the_claimants_own_addresses_and_includes_drafts(fixture_site, run_cli):
    draft = fixture_site / "content/claims/draft-entry.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace(
        "  - title: A\n", "  - title: A\n    url: https://example.org/draft-source\n"), encoding="utf-8")
    assert run_cli(fixture_site, "links", "--out", "list.txt").code == 0
    urls = (fixture_site / "list.txt").read_text(encoding="utf-8").split()
    assert "https://example.org/draft-source" in urls
    assert "https://example.com/" not in urls  # six-million.md's claimant.url: not a source of ours


def test_links_refuses_invalid_content_and_writes_nothing(fixture_site, run_cli):
    entry = fixture_site / "content/claims/gpu-count.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("url: https://example.com/report", "url: htp://x"),
                     encoding="utf-8")
    result = run_cli(fixture_site, "links")
    assert result.code == 1
    assert "content/claims/gpu-count.md:12:10: sources[0].url: expected an http(s) URL" in result.err
    assert not (fixture_site / "links.txt").exists()


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(LINKS_YML.read_text(encoding="utf-8"))


def step(job: dict, name_or_action: str) -> dict:
    found = [s for s in job["steps"] if s.get("uses", "").split("@")[0] == name_or_action
             or s.get("id") == name_or_action]
    assert len(found) == 1, name_or_action
    return found[0]


def test_runs_weekly_and_on_demand_never_on_pull_requests(workflow):
    on = workflow[True]  # PyYAML reads the key `on` as the boolean True
    assert set(on) == {"schedule", "workflow_dispatch"}
    (schedule,) = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and re.fullmatch(r"[0-6]", weekday), "once a week, on one weekday"


def test_lychee_checks_the_list_that_build_py_links_writes(workflow):
    check = workflow["jobs"]["check"]
    runs = [s.get("run", "") for s in check["steps"]]
    list_at = next(i for i, run in enumerate(runs) if "python build.py links --out links.txt" in run)
    lychee = step(check, "lycheeverse/lychee-action")
    assert re.fullmatch(r"lycheeverse/lychee-action@[0-9a-f]{40}", lychee["uses"]) and lychee["id"] == "lychee"
    assert check["steps"].index(lychee) > list_at
    assert lychee["with"]["args"].split()[-1] == "links.txt"
    assert lychee["with"]["fail"] is False  # broken links are reported in the issue, not by a failed run
    assert check["outputs"]["exit_code"] == "${{ steps.lychee.outputs.exit_code }}"
    report = next(s for s in check["steps"] if "link-report.md" in s.get("run", ""))
    assert "cat " + lychee["with"]["output"] in report["run"] and "cat links-where.md" in report["run"]


def test_one_issue_is_opened_updated_or_closed_with_the_fewest_permissions(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert "permissions" not in jobs["check"]  # lychee runs with the read-only token
    report = jobs["report"]
    assert report["needs"] == "check" and report["permissions"] == {"issues": "write"}
    assert not any(s.get("uses", "").startswith("lycheeverse/") for s in report["steps"])
    script = next(s for s in report["steps"] if "run" in s)
    assert script["env"]["EXIT_CODE"] == "${{ needs.check.outputs.exit_code }}"
    run = script["run"]
    assert "gh issue list --label \"$label\" --state open --limit 1" in run  # the one open issue, by label
    assert run.count("gh issue create") == 1 and "gh issue edit \"$open\" --body-file link-report.md" in run
    assert "gh issue close \"$open\"" in run
    assert "exit 1" in run  # lychee failing to run is not "every link answered"
