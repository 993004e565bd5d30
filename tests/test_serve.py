"""`build.py serve`: the preview keeps serving through a broken build and shows the problems."""
from __future__ import annotations

import io

from site_gen.serve import PREVIEW_DIR, Preview


def get(preview: Preview, path: str) -> tuple[str, dict, bytes]:
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, dict(headers)

    body = b"".join(preview.app({"PATH_INFO": path, "wsgi.input": io.BytesIO()}, start_response))
    return seen["status"], seen["headers"], body


def test_preview_serves_the_site_then_the_problems_then_the_site_again(fixture_site, capsys):
    preview = Preview(fixture_site, "http://127.0.0.1:8000/", drafts=True)
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
    assert "content/claims/six-million.md:9:10: verdict:" in capsys.readouterr().err
    assert get(preview, "/static/favicon.svg")[0] == "200 OK"  # assets still load

    entry.write_text(good)
    assert preview.rebuild()
    assert get(preview, "/claims/six-million/")[0] == "200 OK"
    assert not (fixture_site / "_site").exists()  # the preview never touches the published output
    assert (fixture_site / PREVIEW_DIR / "index.html").is_file()


def test_preview_answers_404_with_the_site_page_and_refuses_paths_outside(fixture_site):
    preview = Preview(fixture_site, "http://127.0.0.1:8000/", drafts=False)
    assert preview.rebuild()
    status, _, body = get(preview, "/no/such/page/")
    assert status == "404 Not Found" and b"Page not found" in body
    assert get(preview, "/../site.yaml")[0] == "404 Not Found"
    assert get(preview, "/%2e%2e/site.yaml")[0] == "404 Not Found"
