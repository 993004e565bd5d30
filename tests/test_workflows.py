"""The GitHub files parse and say what publishing and review need: the official Pages actions with
the permissions they require, the PR check with annotations, browser tests and a preview, pinned
versions, and the editors' templates."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT

GITHUB = PROJECT / ".github"
WORKFLOWS = GITHUB / "workflows"
# A non-local action: owner/repo[/path]@<a full 40-hex commit SHA>, its release in a comment after it
# (`uses: actions/checkout@<sha> # v6.1.0`), the form Dependabot keeps up to date. A tag or a branch
# can be moved to other code after review; a commit cannot.
PINNED = re.compile(r"^(?P<name>[\w.-]+/[\w.-]+)(?P<path>/[\w./-]+)?@(?P<sha>[0-9a-f]{40})$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)(?:\s+#\s*(?P<comment>.*?))?\s*$")
RELEASE_COMMENT = re.compile(r"^v\d+(?:\.\d+){0,2}$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def triggers(workflow: dict) -> dict:
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True; GitHub reads it as "on".
    value = workflow.get("on", workflow.get(True))
    return value if isinstance(value, dict) else dict.fromkeys([value] if isinstance(value, str) else value)


def steps(job: dict) -> list[dict]:
    return job["steps"]


def step_using(job: dict, action: str) -> dict:
    found = [s for s in steps(job) if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}"
    return found[0]


def runs(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


# The GITHUB_TOKEN's scopes (docs: "Controlling permissions for GITHUB_TOKEN").
SCOPES = ("actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues",
          "models", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses")


def permissions(workflow: dict, job: dict) -> dict[str, str]:
    """What the token may do in `job`, as GitHub grants it: a job's `permissions` replaces the
    workflow's whole (it is not merged with it), and every scope the mapping in force leaves out
    is `none`. With neither, the repository's default applies, which may be write-all: refused."""
    granted = job["permissions"] if "permissions" in job else workflow.get("permissions")
    assert granted is not None, "no `permissions`: the token would get the repository's default"
    if granted in ("read-all", "write-all"):
        level = granted.removesuffix("-all")
        return {scope: "write" if scope == "id-token" and level == "write" else level for scope in SCOPES}
    assert isinstance(granted, dict) and set(granted) <= set(SCOPES), granted
    return {scope: granted.get(scope, "none") for scope in SCOPES}


def granted(workflow: dict, job: dict) -> dict[str, str]:
    """The scopes `job` gets beyond none."""
    return {scope: level for scope, level in permissions(workflow, job).items() if level != "none"}


def test_permissions_model_replaces_rather_than_merges():
    workflow = {"permissions": {"contents": "read", "pages": "write"}}
    assert granted(workflow, {}) == {"contents": "read", "pages": "write"}
    assert granted(workflow, {"permissions": {"id-token": "write"}}) == {"id-token": "write"}
    assert granted(workflow, {"permissions": {}}) == {}
    assert permissions({}, {"permissions": "read-all"})["contents"] == "read"


@pytest.fixture(scope="module")
def pages() -> dict:
    return load(WORKFLOWS / "pages.yml")


@pytest.fixture(scope="module")
def check() -> dict:
    return load(WORKFLOWS / "check.yml")


THIRD_PARTY = {"lycheeverse/lychee-action"}  # links.yml: the weekly link check (issue 18)


def pin_problems(text: str) -> list[str]:
    """Every `uses:` line of a workflow's text that is not pinned as PINNED with a `# v…` comment.
    Read from the text, because YAML drops the comment; local actions (`./…`) are the repository's
    own code and need no pin."""
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        if not re.match(r"^\s*(?:-\s+)?uses:", line):
            continue
        match = USES_LINE.match(line)
        if match is None:
            problems.append(f"line {number}: cannot read {line.strip()!r}")
            continue
        ref, comment = match["ref"].strip("'\""), match["comment"]
        if ref.startswith("./"):
            continue
        if not PINNED.match(ref):
            problems.append(f"line {number}: {ref} is not owner/repo@<40-hex commit SHA>")
        elif not (comment and RELEASE_COMMENT.match(comment)):
            problems.append(f"line {number}: {ref} has no release comment (# v1.2.3)")
    return problems


def test_pin_check_refuses_tags_branches_short_shas_and_missing_comments():
    """The check has teeth: each of these lines is refused, the pinned forms pass."""
    sha = "d23441a48e516b6c34aea4fa41551a30e30af803"
    for bad in ("      - uses: actions/checkout@v6", "        uses: actions/checkout@main",
                "      - uses: actions/checkout@d23441a # v6.1.0", f"      - uses: actions/checkout@{sha}",
                f"      - uses: actions/checkout@{sha} # pinned", f"      - uses: actions/checkout@{sha.upper()} # v6",
                "      - uses: docker://alpine:3.20", f"      - uses: actions/checkout@{sha}# v6.1.0"):
        assert pin_problems(bad), bad
    for good in (f"      - uses: actions/checkout@{sha} # v6.1.0", f"        uses: actions/checkout@{sha}  # v6",
                 f"      - uses: github/codeql-action/init@{sha} # v4.31.2", "      - uses: ./.github/actions/setup"):
        assert pin_problems(good) == [], good


def test_every_workflow_parses_and_pins_its_actions_to_commits():
    """Official actions, or the one third-party action the link check needs, each at a full commit
    SHA with its release in a comment; one action is pinned one way across every workflow (so a
    half-done update, or a SHA whose comment names another release, shows)."""
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {p.name for p in files} >= {"pages.yml", "check.yml", "links.yml"}
    pins: dict[str, set[str]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert pin_problems(text) == [], path.name
        pinned_lines = {m["ref"].strip("'\""): m["comment"] for m in map(USES_LINE.match, text.splitlines()) if m}
        workflow = load(path)
        assert workflow.get("name") and workflow.get("jobs"), path.name
        for job_name, job in workflow["jobs"].items():
            assert job.get("runs-on") == "ubuntu-latest", (path.name, job_name)
            for step in job.get("steps", []):
                if "uses" in step:
                    # Every `uses:` the YAML holds is one of the lines checked above (none hides in a
                    # flow mapping such as `- {uses: …}`).
                    assert step["uses"] in pinned_lines, (path.name, step["uses"])
                    match = PINNED.match(step["uses"])
                    assert match and (match["name"].startswith("actions/") or match["name"] in THIRD_PARTY), \
                        (path.name, step["uses"])
                    pins.setdefault(match["name"] + (match["path"] or ""), set()).add(
                        f"{match['sha']} # {pinned_lines[step['uses']]}")
    assert {"actions/checkout", "actions/upload-artifact", "lycheeverse/lychee-action"} <= pins.keys()
    for action, ways in pins.items():
        assert len(ways) == 1, (action, sorted(ways))


def test_every_job_has_a_timeout():
    """GitHub's default is 6 hours: a hung browser, a quadratic build on hostile content or a link
    that never answers would hold a runner that long. Every job sets its own bound, in minutes."""
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        for job_name, job in load(path)["jobs"].items():
            timeout = job.get("timeout-minutes")
            assert isinstance(timeout, int) and 1 <= timeout <= 60, (path.name, job_name, timeout)


def test_dependabot_keeps_the_action_pins_current():
    """Dependabot's github-actions ecosystem updates a SHA pin and its `# v…` comment together."""
    config = load(GITHUB / "dependabot.yml")
    assert config["version"] == 2
    (actions,) = [u for u in config["updates"] if u["package-ecosystem"] == "github-actions"]
    assert actions["directory"] == "/"  # the root: Dependabot reads .github/workflows/ from there
    assert actions["schedule"]["interval"] in ("daily", "weekly", "monthly")


def test_pages_workflow_builds_with_the_pages_base_url_and_deploys(pages):
    on = triggers(pages)
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on
    assert pages["concurrency"]["group"] == "pages"
    assert pages["concurrency"].get("cancel-in-progress") is False  # never cut a deployment short

    build = pages["jobs"]["build"]
    configure = step_using(build, "actions/configure-pages")
    assert configure["id"] == "pages"
    build_step = next(s for s in steps(build) if "python build.py build" in s.get("run", ""))
    # The Pages URL (https://owner.github.io/repo) reaches the CLI's --base-url with a trailing slash.
    command = build_step["run"]
    assert "--base-url" in command and "--no-search" not in command  # Pagefind indexes in the build
    via_env = {k: v for k, v in (build_step.get("env") or {}).items() if "steps.pages.outputs.base_url" in v}
    assert via_env or "steps.pages.outputs.base_url" in command
    assert any(f'"${name}/"' in command for name in via_env) or '${{ steps.pages.outputs.base_url }}/"' in command
    assert "pip install -r requirements.txt" in runs(build)
    assert step_using(build, "actions/setup-python")["with"]["python-version"] == "3.11"
    step_using(build, "actions/checkout")
    order = [s.get("uses", "").split("@")[0] or s.get("run", "") for s in steps(build)]
    assert order.index("actions/configure-pages") < order.index(build_step["run"]) \
        < order.index("actions/upload-pages-artifact")
    assert step_using(build, "actions/upload-pages-artifact")["with"]["path"] == "_site"

    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert step_using(deploy, "actions/deploy-pages")["id"] == "deployment"


def test_pages_workflow_grants_deploying_to_the_deploy_job_alone(pages):
    """Least privilege, as GitHub applies it: the build job (which runs the content's code paths)
    may only read the repository; only the deploy job may write to Pages and mint an OIDC token."""
    assert pages["permissions"] == {"contents": "read"}
    jobs = pages["jobs"]
    assert granted(pages, jobs["build"]) == {"contents": "read"}
    assert granted(pages, jobs["deploy"]) == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        if name != "deploy":
            assert granted(pages, job).keys() <= {"contents"} and "write" not in granted(pages, job).values(), name


def test_check_workflow_validates_builds_tests_and_previews(check):
    on = triggers(check)
    assert "pull_request" in on and "pull_request_target" not in on  # no secrets for forks' code
    assert check["permissions"] == {"contents": "read"}
    (job,) = check["jobs"].values()
    assert job["env"]["CI"] == "true"
    assert job["container"].startswith("python:3.11-")  # Debian: apt-get gives /usr/bin/chromium
    commands = runs(job)
    assert re.search(r"apt-get install .*\bchromium\b", commands)
    assert "pip install -r requirements-dev.txt" in commands
    order = [s.get("run", "") for s in steps(job)]
    check_at = next(i for i, run in enumerate(order) if "python build.py check" in run)
    build_at = next(i for i, run in enumerate(order) if "python build.py build" in run)
    test_at = next(i for i, run in enumerate(order) if "python -m pytest" in run)
    assert check_at < build_at < test_at
    upload = step_using(job, "actions/upload-artifact")
    assert upload["with"]["path"] == "_site"
    assert steps(job).index(upload) > build_at
    assert granted(check, job) == {"contents": "read"}


def test_check_workflow_compares_with_the_base_branch(check):
    """`check --since` needs the base branch's commits (the whole history is fetched) and git must
    accept the container's checkout, before the check runs."""
    (job,) = check["jobs"].values()
    assert step_using(job, "actions/checkout")["with"]["fetch-depth"] == 0
    order = [s.get("run", "") for s in steps(job)]
    check_at = next(i for i, run in enumerate(order) if "python build.py check" in run)
    command = steps(job)[check_at]
    assert re.search(r'python build\.py check --since "\$BASE" --base-url "\$SITE_URL"', command["run"])
    assert command["env"]["BASE"] == "origin/${{ github.base_ref }}"
    assert command["env"]["SITE_URL"].startswith("https://${{ github.repository_owner }}.github.io/")
    trust_at = next(i for i, run in enumerate(order) if "safe.directory" in run)
    assert '"$GITHUB_WORKSPACE"' in order[trust_at] and trust_at < check_at


def test_check_workflow_caches_pip(check):
    """pip's download folder, restored before the install and keyed on the pinned requirements."""
    (job,) = check["jobs"].values()
    cache = step_using(job, "actions/cache")
    find = next(s for s in steps(job) if "pip cache dir" in s.get("run", ""))
    assert cache["with"]["path"] == f"${{{{ steps.{find['id']}.outputs.dir }}}}"
    key = cache["with"]["key"]
    assert "hashFiles('requirements.txt', 'requirements-dev.txt')" in key
    install_at = next(i for i, s in enumerate(steps(job)) if "pip install -r requirements-dev.txt" in s.get("run", ""))
    assert steps(job).index(find) < steps(job).index(cache) < install_at


def test_lint_and_types_run_before_the_tests_in_ci_and_locally(check):
    """ruff and mypy (settings in pyproject.toml, versions pinned in requirements-dev.txt) run after
    the install and before the tests: as steps of the Check workflow, and in scripts/check.sh, the
    README's test command, which .ci/run runs."""
    (job,) = check["jobs"].values()
    order = [s.get("run", "").strip() for s in steps(job)]
    install_at = next(i for i, run in enumerate(order) if "pip install -r requirements-dev.txt" in run)
    ruff_at = next(i for i, run in enumerate(order) if run.startswith("ruff check"))
    mypy_at = order.index("mypy")
    test_at = next(i for i, run in enumerate(order) if "python -m pytest" in run)
    assert install_at < ruff_at < test_at and install_at < mypy_at < test_at
    script = (PROJECT / "scripts" / "check.sh").read_text(encoding="utf-8")
    ruff, mypy, pytest = (re.search(rf"^{command} ", script, re.M) for command in ("ruff check", "mypy", "python -m pytest"))
    assert ruff and mypy and pytest and ruff.start() < mypy.start() < pytest.start()
    for path in (".ci/run", "README.md"):
        assert "pip install -r requirements-dev.txt && bash scripts/check.sh" in \
            (PROJECT / path).read_text(encoding="utf-8").replace(" -q ", " "), path
    dev = (PROJECT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert re.search(r"^ruff==", dev, re.M) and re.search(r"^mypy==", dev, re.M)


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (PROJECT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r "):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line), (name, line)


def test_pull_request_template_is_a_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 6
    for must in ("content/claims/", "python build.py check", "sources", "verdict", "draft"):
        assert any(must in item for item in items), must


def test_suggest_a_claim_issue_form():
    form = load(GITHUB / "ISSUE_TEMPLATE" / "suggest-a-claim.yml")
    assert form["name"] == "Suggest a claim to check"
    assert form["description"]
    body = form["body"]
    ids = [item["id"] for item in body if "id" in item]
    assert len(ids) == len(set(ids))
    for item in body:
        assert item["type"] in {"markdown", "textarea", "input", "dropdown", "checkboxes"}
        assert item["attributes"].get("label" if item["type"] != "markdown" else "value")
        if "id" in item:
            assert re.fullmatch(r"[A-Za-z0-9_-]+", item["id"])
    required = {item["id"] for item in body if item.get("validations", {}).get("required")}
    assert {"claim", "claimant", "appearance"} <= required


def test_readme_states_the_one_manual_step():
    readme = " ".join((PROJECT / "README.md").read_text(encoding="utf-8").split())
    assert "Settings → Pages → Build and deployment → Source: GitHub Actions" in readme
    assert (PROJECT / "CONTRIBUTING.md").is_file()


def test_annotation_escapes_workflow_command_characters():
    """GitHub reads `::error file=…::message` up to the line end: %, CR and LF in the message, and
    also `,` and `:` in a property value, must be percent-encoded or the annotation is cut short."""
    from site_gen.model import Problem

    problem = Problem("content/claims/a,b:c%.md", 3, 5, "sources[0].title", "expected 100%\ntext,\r got: 'x'")
    assert problem.annotation() == (
        "::error file=content/claims/a%2Cb%3Ac%25.md,line=3,col=5,title=sources[0].title::"
        "sources[0].title: expected 100%25%0Atext,%0D got: 'x'")
    warning = Problem("content/claims/x.md", 1, 1, "", "fewer than two sources", warning=True)
    assert warning.annotation() == "::warning file=content/claims/x.md,line=1,col=1,title=x.md::fewer than two sources"


def test_annotations_stop_at_what_github_shows_and_say_how_many_more(tmp_path, run_cli, monkeypatch):
    """GitHub shows 10 error annotations of a step and drops the rest unseen: the 10th says how
    many more the log lists (every problem is still printed there)."""
    from conftest import make_project

    root = make_project(tmp_path)
    for n in range(12):
        (root / f"content/claims/broken-{n:02}.md").write_text("---\nclaim: x\n---\n")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_cli(root, "check")
    commands = result.out.splitlines()
    assert len([line for line in result.err.splitlines() if line.startswith("content/")]) == 12 * 5
    assert len(commands) == 10 and all(c.startswith("::error file=content/claims/broken-0") for c in commands[:9])
    assert commands[9] == ("::error title=51 more problems::51 more problems are not shown as annotations (GitHub "
                           "shows 10 per step): the log of this step lists every one, as python build.py check does")
