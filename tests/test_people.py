"""Named people: site.yaml's `team:`, an entry's `author` and `reviewer` from it, bylines, the
team on the about page, the author in the ClaimReview."""
from __future__ import annotations

import json
import re


def review_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


def test_the_byline_names_the_author_and_the_reviewer(built):
    page = (built / "claims/six-million/index.html").read_text(encoding="utf-8")
    byline = re.search(r'<p class="byline"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert 'By <a href="https://example.net/people/ana-lima" rel="author noopener">Ana Lima</a>' in byline
    assert "Reviewed by Ben Ode" in byline  # (no url: plain text)
    other = (built / "claims/gpu-count/index.html").read_text(encoding="utf-8")
    assert "By Fixture Desk" in other and "Reviewed by" not in other  # the organisation, by default


def test_the_claim_review_names_the_author_as_a_person_of_the_organisation(built):
    review = review_of((built / "claims/six-million/index.html").read_text(encoding="utf-8"))
    assert review["author"] == {"@type": "Person", "name": "Ana Lima", "jobTitle": "Fact-checker",
                                "url": "https://example.net/people/ana-lima",
                                "worksFor": {"@type": "Organization", "name": "Fixture Desk",
                                             "url": "https://example.org/"}}
    other = review_of((built / "claims/gpu-count/index.html").read_text(encoding="utf-8"))
    assert other["author"] == {"@type": "Organization", "name": "Fixture Desk", "url": "https://example.org/"}


def test_the_about_page_lists_the_team(built):
    about = (built / "about/index.html").read_text(encoding="utf-8")
    team = about[about.index('id="team-heading"'):]
    assert '<a href="https://example.net/people/ana-lima" rel="noopener">Ana Lima</a></strong>, Fact-checker. ' \
           "Checks figures about computing costs." in team
    assert "<strong>Ben Ode</strong>, Editor" in team
    assert 'id="team-heading"' not in (built / "methodology/index.html").read_text(encoding="utf-8")


def test_a_name_listed_twice_in_the_team_is_an_error_at_its_line(fixture_site, run_cli):
    config = fixture_site / "site.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - name: Ben Ode\n", "  - name: Ana Lima\n"),
                      encoding="utf-8")
    lines = config.read_text(encoding="utf-8").split("\n")
    line = [n for n, row in enumerate(lines, 1) if row == "  - name: Ana Lima"][1]
    result = run_cli(fixture_site, "check")
    assert result.code == 1
    assert result.problem_lines == [f"site.yaml:{line}:11: team[1].name: expected each name once, got 'Ana Lima' again"]


def test_without_a_team_a_named_author_is_an_error_saying_where_to_add_the_person(fixture_site, run_cli):
    config = fixture_site / "site.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"team:\n(?:  .*\n)+", "", text), encoding="utf-8")
    result = run_cli(fixture_site, "check")
    assert result.code == 1
    assert "content/claims/six-million.md:54:9: author: expected a name from site.yaml's team (it lists nobody yet: " \
           "add the person under team: first), got 'Ana Lima'" in result.problem_lines
