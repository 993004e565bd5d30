"""`build.py serve`: the preview keeps serving through a broken build and shows the problems."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import threading
import time

import pytest
from conftest import PROJECT, preview_cache, tree

from site_gen.serve import PREVIEW_DIR, Preview


def get(preview: Preview, path: str) -> tuple[str, dict, bytes]:
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(preview.app({"PATH_INFO": path, "wsgi.input": io.BytesIO()}, start_response))
    return seen["status"], seen["headers"], body


def test_preview_serves_the_site_then_the_problems_then_the_site_again(fixture_site, capsys):
    preview = Preview(fixture_site, "http://127.0.0.1:8000/", drafts=True, search=False)
    assert preview.rebuild()
    status, headers, body = get(preview, "/claims/six-million/")
    assert status == "200 OK" and headers["Content-Type"].startswith("text/html")
    assert b"Was the model trained for $6 million?" in body
    assert get(preview, "/claims/draft-entry/")[0] == "200 OK"  # drafts show in the preview

    entry = fixture_site / "content/claims/six-million.md"
    good = entry.read_text()
    entry.write_text(good.replace("verdict: misleading", "verdict: wrong"))
    assert not preview.rebuild()
    status, _, body = get(preview, "/claims/six-million/")
    assert status == "500 Build Failed"
    assert b"content/claims/six-million.md:9:10: verdict: expected one of" in body
    assert b"got &#x27;wrong&#x27;" in body  # escaped: the page never renders an editor's text as HTML
    stylesheet = re.search(rb'<link rel="stylesheet" href="(/static/style\.[0-9a-f]+\.css)">', body)
    assert stylesheet and get(preview, stylesheet.group(1).decode())[0] == "200 OK"  # the site's look
    assert "content/claims/six-million.md:9:10: verdict:" in capsys.readouterr().err
    assert get(preview, "/static/favicon.svg")[0] == "200 OK"  # assets still load

    entry.write_text(good)
    assert preview.rebuild()
    assert get(preview, "/claims/six-million/")[0] == "200 OK"
    assert not (fixture_site / "_site").exists()  # the preview never touches the published output
    assert (fixture_site / PREVIEW_DIR / "index.html").is_file()


def test_preview_answers_404_with_the_site_page_and_refuses_paths_outside(fixture_site):
    preview = Preview(fixture_site, "http://127.0.0.1:8000/", drafts=False, search=False)
    assert preview.rebuild()
    status, _, body = get(preview, "/no/such/page/")
    assert status == "404 Not Found" and b"Page not found" in body
    assert get(preview, "/../site.yaml")[0] == "404 Not Found"
    assert get(preview, "/%2e%2e/site.yaml")[0] == "404 Not Found"


def test_preview_rebuilds_only_what_an_edit_touches(fixture_site):
    """Files an edit does not touch are left as they are, not rendered again: the entry's text shows
    on its own page only; its front matter also on the lists, and in the site-wide files, which
    follow in the background."""
    preview = Preview(fixture_site, "http://127.0.0.1:8000/", drafts=False, search=False)
    assert preview.rebuild()
    preview.settle()
    out = fixture_site / PREVIEW_DIR

    def inodes(pages: list[str]) -> dict[str, int]:
        return {page: (out / page).stat().st_ino for page in pages}

    own = ["claims/gpu-count/index.html"]
    lists = ["verdicts/accurate/index.html", "tags/gpus/index.html", "claims/index.html"]
    others = ["claims/six-million/index.html", "claims/market-value/index.html", "tags/training-cost/index.html",
              "verdicts/misleading/index.html", "about/index.html"]
    site_wide = ["claims.json", "feed.xml", "sitemap.xml"]
    entry = fixture_site / "content/claims/gpu-count.md"

    before = inodes(own + lists + others + site_wide)
    entry.write_text(entry.read_text().replace("The final run used", "The final training run used"))
    assert preview.rebuild([str(entry)])
    preview.settle()
    after = inodes(own + lists + others + site_wide)
    assert [page for page in before if after[page] != before[page]] == own
    assert b"The final training run used" in get(preview, "/claims/gpu-count/")[2]

    before = after
    entry.write_text(entry.read_text().replace("summary: The disclosed cluster", "summary: The cluster"))
    assert preview.rebuild([str(entry)])
    related = ["claims/six-million/index.html"]  # shows gpu-count's card among its related checks
    assert [page for page in before if inodes([page])[page] != before[page]] == own + lists + related
    preview.settle()
    assert [page for page in before if inodes([page])[page] != before[page]] == own + lists + related + site_wide
    assert "The cluster for the final run" in get(preview, "/claims.json")[2].decode()


@pytest.mark.slow
def test_preview_indexes_search_after_the_html(fixture_site):
    preview = Preview(fixture_site, "http://127.0.0.1:8000/", drafts=False, search=True)
    assert preview.rebuild()
    preview.settle(60)
    deadline = time.monotonic() + 60
    while not (fixture_site / PREVIEW_DIR / "pagefind/pagefind.js").is_file() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert get(preview, "/pagefind/pagefind.js")[0] == "200 OK"


@pytest.mark.slow
def test_preview_after_retractions_matches_a_clean_build(fixture_site, tmp_path):
    """serve's in-memory shortcuts (an edited entry swapped into the derived site) keep a retracted
    entry out of every listing: after each edit the preview is byte for byte a clean build."""
    from site_gen.build import build

    base = "http://127.0.0.1:8000/"
    preview = Preview(fixture_site, base, drafts=False, search=False)
    assert preview.rebuild()
    claims = fixture_site / "content/claims"
    steps = [
        (claims / "gpu-count.md", "tags: [gpus]", "tags: [gpus]\nretracted: {date: 2025-02-09, note: Withdrawn.}"),
        (claims / "gpu-count.md", "The final run used", "The final training run used"),  # text only: swapped in
        (claims / "withdrawn-check.md", "rental cost of the final run only[", "rental cost of one run only["),
        (claims / "withdrawn-check.md", "summary: The only", "summary: In fact the only"),
        (claims / "gpu-count.md", "retracted: {date: 2025-02-09, note: Withdrawn.}\n", ""),
    ]
    for n, (entry, old, new) in enumerate(steps):
        text = entry.read_text()
        assert old in text
        entry.write_text(text.replace(old, new))
        assert preview.rebuild([str(entry)])
        preview.settle()
        clean = tmp_path / f"clean-{n}"
        build(fixture_site, clean, base_url=base, search=False, cache=preview_cache())
        assert tree(fixture_site / PREVIEW_DIR) == tree(clean), f"step {n}: {new[:40]!r}"


def test_rebuilds_fork_no_workers_once_other_threads_run(fixture_site, monkeypatch):
    """Forking a process that runs other threads can leave the child a lock held by a thread that
    does not exist there (Python 3.12 warns about it). serve's server and watcher run threads from
    its first rebuild on: every rebuild after the first renders in serve's own process. The site is
    made to take two workers; a waiting thread stands for serve's."""
    import multiprocessing

    from site_gen import parallel
    from site_gen.serve import _single_threaded

    forks: list[str | None] = []
    context = multiprocessing.get_context
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)
    monkeypatch.setenv("SITE_GEN_JOBS", "2")  # (two workers even on a one-core machine)
    monkeypatch.setattr(parallel.multiprocessing, "get_context", lambda method=None: forks.append(method) or context(method))
    assert parallel.worker_count(60) == 2

    preview = Preview(fixture_site, "http://127.0.0.1:8000/", drafts=False, search=False)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="stands-for-serve")
    thread.start()
    try:
        assert not _single_threaded()
        assert preview.rebuild()  # every file
        preview.settle()
        template = fixture_site / "templates/claim.html"
        template.write_text(template.read_text().replace("{% block content %}", "{% block content %}<p>Edited</p>", 1))
        assert preview.rebuild([str(template)])  # every claim page again
        assert b"<p>Edited</p>" in get(preview, "/claims/gpu-count/")[2]
        preview.settle()
    finally:
        stop.set()
        thread.join()
    assert forks == []


def test_the_first_build_may_fork_a_process_alone():
    """The other side: a process that runs one thread (serve before its first build) is told so,
    and one with another thread is not (as the operating system counts them)."""
    script = ("import threading; from site_gen.serve import _single_threaded as alone; before = alone(); "
              "threading.Thread(target=threading.Event().wait, args=(5,), daemon=True).start(); "
              "print(before, alone())")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=str(PROJECT))
    assert done.stdout.split() == ["True", "False"], done.stderr
