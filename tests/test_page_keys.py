"""Every output file's key covers everything the file shows.

Incremental builds and `serve` reuse a file while its key (and its group's key) is unchanged, so a
key that misses an input the file prints leaves that file stale. This test builds the fixture site
(with the overview page, the page kind that draws on other entries) once, then, one input at a time
(each kind of front-matter field of a claim, and of a claim other pages show; a body; a page;
site.yaml's settings; a template; a stylesheet), changes it and builds twice: incrementally from the
first build, and clean. Any file in which the two differ kept a key that missed what changed. It is
black-box: it holds for every page kind in the catalogue, a plugin's included, without naming them.

`test_a_key_that_misses_an_input_is_caught` shows it failing: the embed card's key made from its
entry's path alone, leaving its front matter out. The keys themselves are made from each page
kind's declaration (`pages.Reads` in `pages.CATALOGUE`) by `Pages.key`, which refuses an input
the kind did not declare and requires each one it did
(`test_a_key_must_be_made_of_what_its_kind_declares`); this test checks the declarations against
what the pages really print.
"""
from __future__ import annotations

import pickle
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, make_project, tree

from site_gen.build import build
from site_gen.incremental import BuildCache
from site_gen.write.output import MARKER


def clean_build(root: Path, out: Path) -> dict[str, bytes]:
    build(root, out, search=False, jobs=1)
    return tree(out)


def first_build(root: Path, out: Path) -> bytes:
    """A build whose cache (pickled) the incremental builds below start from."""
    cache = BuildCache()
    build(root, out, search=False, cache=cache, jobs=1)
    return pickle.dumps(cache)


def incremental_build(root: Path, out: Path, cache: bytes) -> dict[str, bytes]:
    """Build into `out` (a copy of the first build's output) reusing what the cache says is unchanged."""
    last: BuildCache = pickle.loads(cache)
    last.out = str(out.resolve())
    build(root, out, search=False, cache=last, jobs=1)
    return tree(out)


def stale(incremental: dict[str, bytes], clean: dict[str, bytes]) -> list[str]:
    """The files an incremental build left different from a clean build of the same inputs."""
    names = incremental.keys() | clean.keys()
    return sorted(name for name in names if name != MARKER and incremental.get(name) != clean.get(name))


def edit(path: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        target = root / path
        text = target.read_text(encoding="utf-8")
        assert old in text, (path, old)
        target.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


SIX, GPU, SITE = "content/claims/six-million.md", "content/claims/gpu-count.md", "site.yaml"
TEMPLATES = Path("templates")

# One change per input a page can show, each a valid site.
CHANGES: dict[str, Callable[[Path], None]] = {
    "claim title": edit(SIX, "title: Was the model", "title: Was the AI model"),
    "claim wording": edit(SIX, 'claim: "The model was', 'claim: "The AI model was'),
    "claim summary": edit(SIX, "summary: >-\n  The figure", "summary: >-\n  Indeed, the figure"),
    "claim verdict": edit(SIX, "verdict: misleading", 'verdict: "false"'),
    "claim published": edit(SIX, "published: 2025-02-03", "published: 2025-02-02"),
    "claim updated": edit(SIX, "updated: 2025-02-10", "updated: 2025-02-11"),
    "claim tags": edit(SIX, "tags: [training-cost, gpus]", "tags: [training-cost, gpus, costs]"),
    "claimant name": edit(SIX, "  name: Example AI", "  name: Example Labs"),
    "claimant url": edit(SIX, "  url: https://example.com/\n", "  url: https://example.com/lab\n"),
    "claim date": edit(SIX, "claim_date: 2025-01-20", "claim_date: 2025-01-21"),
    "appearances": edit(SIX, "appearances: [https://example.com/announcement]",
                        "appearances: [https://example.com/announcement, https://example.net/repost]"),
    "source title": edit(SIX, "title: Technical Report", "title: Technical Report v2"),
    "source quote": edit(SIX, 'quote: "2.788M GPU hours', 'quote: "About 2.788M GPU hours'),
    "table title": edit(SIX, 'title: What the "$6 million" covers', 'title: What the "$6 million" counts'),
    "row value": edit(SIX, "value: 5_576_000", "value: 5_577_000"),
    "row label": edit(SIX, "label: Final training run", "label: The final training run"),
    "row kind": edit(SIX, "        kind: disclosed", "        kind: reported"),
    "correction note": edit(SIX, "note: Corrected the GPU count", "note: We corrected the GPU count"),
    "author": edit(SIX, "author: Ana Lima", "author: Ben Ode"),
    "reviewer": edit(SIX, "reviewer: Ben Ode", "reviewer: Ana Lima"),
    "claim body": edit(SIX, "Analysts estimate far larger", "Analysts estimate much larger"),
    "another claim's title": edit(GPU, "claim: The model was trained on 2,048 GPUs.",
                                  "claim: The model was trained on 2,048 GPUs.\ntitle: Was it 2,048 GPUs?"),
    "another claim's summary": edit(GPU, "summary: The disclosed cluster", "summary: The cluster disclosed"),
    "another claim's verdict": edit(GPU, "verdict: accurate", "verdict: misleading"),
    "another claim's tags": edit(GPU, "tags: [gpus]", "tags: [gpus, hardware]"),
    "featured": edit(GPU, "featured: true", "featured: false"),
    "page title": edit("content/pages/about.md", "title: About", "title: About us"),
    "page description": edit("content/pages/about.md", "description: Who runs", "description: Who edits"),
    "page body": edit("content/pages/about.md", "A fixture page.", "A fixture page, edited."),
    "overview's title": edit("content/pages/overview.md", "title: What did the model cost?",
                             "title: What did it cost?"),
    "site title": edit(SITE, "title: Fixture Checks", "title: Fixture Checks Two"),
    "site description": edit(SITE, "description: A small fixture site", "description: A tiny fixture site"),
    "per page": edit(SITE, "per_page: 2", "per_page: 3"),
    "organisation": edit(SITE, "  name: Fixture Desk", "  name: Fixture Desk Two"),
    "verdict label": edit(SITE, "label: Misleading", "label: Misleading in part"),
    "verdict meaning": edit(SITE, "meaning: Correct.", "meaning: Correct in full."),
    "verdict colour": edit(SITE, "    rating: 2\n", '    rating: 2\n    colour: "#8a1c1c"\n'),
    "team role": edit(SITE, "role: Fact-checker", "role: Senior fact-checker"),
    "tag labels": edit(SITE, "per_page: 2", "per_page: 2\ntags: {gpus: GPUs}"),
    "contact email": edit(SITE, "email: desk@example.org", "email: editors@example.org"),
    "date format": edit(SITE, "locale: en-GB", "locale: en-GB\ndate_format: iso"),
    "locale": edit(SITE, "locale: en-GB", "locale: en-US"),
    "a template": edit("templates/partials/card.html", '<p class="card-summary">', '<p class="card-summary" data-x>'),
    "a stylesheet": edit("static/style.css", ".card-claimant {", ".card-claimant { letter-spacing: 0;"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, bytes, dict[str, bytes]]:
    """The fixture site with the overview page (a page kind that draws on claims), built once."""
    root = make_project(tmp_path_factory.mktemp("keys"))
    shutil.copy(FIXTURES / "overview.md", root / "content/pages/overview.md")
    cache = first_build(root, root / "_site")
    return root, cache, tree(root / "_site")


def changed_copy(project, tmp_path: Path, change: str) -> Path:
    root, _, _ = project
    copy = tmp_path / "project"
    shutil.copytree(root, copy)
    CHANGES[change](copy)
    return copy


@pytest.mark.parametrize("change", CHANGES)
def test_an_incremental_build_equals_a_clean_one_after_each_change(project, tmp_path, change):
    _, cache, first = project
    copy = changed_copy(project, tmp_path, change)
    clean = clean_build(copy, tmp_path / "clean")
    assert clean != first, f"{change}: the output did not change: the change tests nothing"
    assert stale(incremental_build(copy, copy / "_site", cache), clean) == [], \
        f"{change}: these files kept their key although what they show changed"


def test_a_key_that_misses_an_input_is_caught(project, tmp_path, monkeypatch):
    """The check can fail: with the embed card's key made from its entry's path alone (its front
    matter left out), a new title leaves the embed card stale, and the check names it."""
    import site_gen.sharing_jobs as sharing_jobs

    original = sharing_jobs.claim_sharing_jobs

    def path_only_key(pages, claim, context):
        for job in original(pages, claim, context):
            yield job._replace(key=claim.path) if job.out.endswith("embed/index.html") else job

    monkeypatch.setattr("site_gen.claim_pages.claim_sharing_jobs", path_only_key)
    _, _, _ = project
    root = make_project(tmp_path / "wrong")
    cache = first_build(root, root / "_site")
    CHANGES["claim title"](root)
    clean = clean_build(root, tmp_path / "clean")
    assert stale(incremental_build(root, root / "_site", cache), clean) == ["claims/six-million/embed/index.html"]


def test_every_change_is_listed_once_and_says_what_it_changes():
    assert len(CHANGES) == len(set(CHANGES)) >= 40
    assert all(re.fullmatch(r"[a-z' ]+", name) for name in CHANGES)


def test_a_key_must_be_made_of_what_its_kind_declares(project):
    """Pages.key takes exactly the inputs a page kind's Reads declares: one more, or one fewer, is a
    bug in the page kind, caught the first time its pages are keyed."""
    from site_gen.pages import CATALOGUE, Reads

    assert {kind.name: kind.reads for kind in CATALOGUE}["home"] == Reads(claims=True, values=True)
    pages = pages_of(project[0])
    home = Reads(claims=True, values=True)
    assert pages.key(home, "home", claims=("a",), values=("1",)) != pages.key(home, "home", claims=("b",), values=("1",))
    with pytest.raises(ValueError, match="declared"):
        pages.key(home, "home", claims=("a",))  # its values left out
    with pytest.raises(ValueError, match="declared"):
        pages.key(Reads(values=True), "search", claims=("a",), values=("1",))  # a claim it did not declare


def pages_of(root: Path):
    """The default edition's Pages of a project, as the build makes it."""
    from site_gen.i18n import messages
    from site_gen.load.config import load_config
    from site_gen.load.content import load_content
    from site_gen.pages import Pages
    from site_gen.paths import Urls
    from site_gen.render import make_environment
    from site_gen.site import make_site
    from site_gen.theme import layers

    config = load_config(root)
    msg = messages(config.language, root)
    site = make_site(config, content := load_content(root, config, msg=msg))
    env = make_environment(layers(root), Urls(config.base_url, config.base_path, {}), text=msg)
    return Pages(site, env, "base", content.digests, content.meta_digests, msg=msg)
