"""`python build.py archive`, run against a local HTTP server that stands in for the Wayback
Machine (its availability API and Save Page Now): real HTTP through urllib, real entries on disk.

The stand-in answers as the documented API does: {"archived_snapshots": {"closest": {"available":
true, "url": "http://web.archive.org/web/<timestamp>/<url>", "timestamp": ..., "status": "200"}}}
for a URL it has a snapshot of, {"archived_snapshots": {}} for one it has not; and, where a test
asks, as a hostile or broken server would: any bytes at all, or an answer a byte at a time.
"""
from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

REPORT = "https://example.com/report"
NOTE = "https://example.net/note"
REPORT_SNAPSHOT = "https://web.archive.org/web/20250203101112/https://example.com/report"
NOTE_SNAPSHOT = "https://web.archive.org/web/20250131000000/https://example.net/note"
TRICKLE = 0.2  # seconds between two bytes of a trickled answer


@dataclass
class Request:
    at: float
    path: str
    query: dict[str, str]
    user_agent: str


@dataclass
class StandIn:
    """What the stand-in knows and what it was asked. Tests set `snapshots` (URL -> snapshot URL as
    the API writes it, with http://), `failing` (URL -> HTTP status to answer with), `raw` (URL ->
    the bytes to answer with, as they are), `trickled` (URL -> which part, "body" or "headers"
    onwards, to send a byte every TRICKLE seconds, and the body) and `on_request` (run before
    answering, e.g. to edit a file as an editor would)."""

    base: str
    snapshots: dict[str, str] = field(default_factory=dict)
    failing: dict[str, int] = field(default_factory=dict)
    raw: dict[str, bytes] = field(default_factory=dict)
    raw_length: bool = True  # False: `raw` answers say no Content-Length (the body ends when the socket does)
    trickled: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    on_request: Callable[[], None] | None = None
    capture_on_save: bool = True  # False: Save Page Now answers, but its capture is not listed yet

    @property
    def lookups(self) -> list[str]:
        return [r.query["url"] for r in self.requests if r.path == "/wayback/available"]

    @property
    def saves(self) -> list[str]:
        return [r.path.removeprefix("/save/") for r in self.requests if r.path.startswith("/save/")]


def handler_for(state: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            state.requests.append(Request(time.monotonic(), parts.path, query, self.headers.get("User-Agent", "")))
            if state.on_request:
                state.on_request()
            if parts.path.startswith("/save/"):  # Save Page Now: capture, answer with an HTML page
                url = self.path.removeprefix("/save/")
                if state.capture_on_save:
                    state.snapshots[url] = f"http://web.archive.org/web/20261130120000/{url}"
                return self.answer(200, b"<!doctype html><title>Saved</title>", "text/html")
            url = query.get("url", "")
            if url in state.failing:
                return self.answer(state.failing[url], b"<h1>Internal error</h1>", "text/html")
            if url in state.raw:
                return self.answer(200, state.raw[url], "application/json", length=state.raw_length)
            if url in state.trickled:
                return self.trickle(*state.trickled[url])
            snapshot = state.snapshots.get(url)
            closest = {"closest": {"available": True, "url": snapshot, "timestamp": snapshot.split("/")[4],
                                   "status": "200"}} if snapshot else {}
            self.answer(200, json.dumps({"url": url, "archived_snapshots": closest}).encode(), "application/json")

        def answer(self, status: int, body: bytes, kind: str, length: bool = True) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if length:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:  # the client stopped reading (an answer it refuses as too long)
                self.close_connection = True

        def trickle(self, part: str, body: bytes) -> None:
            """A 200 answer with `body`, from `part` ("headers": the header lines, "body": the
            body) onwards a byte every TRICKLE seconds, until it is sent or the client has gone."""
            status = b"HTTP/1.0 200 OK\r\n"
            headers = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            first, rest = (status, headers + body) if part == "headers" else (status + headers, body)
            try:
                self.wfile.write(first)
                for byte in rest:
                    time.sleep(TRICKLE)
                    self.wfile.write(bytes([byte]))
            except OSError:  # the client gave up: what the test expects
                self.close_connection = True

        def log_message(self, *args) -> None:  # keep the test output quiet
            pass

    return Handler


@pytest.fixture
def wayback(monkeypatch):
    """The stand-in, running in a thread; the tool is pointed at it through its environment variables."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    state = StandIn(base)
    server.RequestHandlerClass = handler_for(state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    monkeypatch.setenv("SITE_GEN_WAYBACK_URL", f"{base}/wayback/available")
    monkeypatch.setenv("SITE_GEN_WAYBACK_SAVE_URL", f"{base}/save/")
    yield state
    server.shutdown()
    server.server_close()


ENTRY_ARCHIVED = """\
---
# yaml-language-server: $schema=../../schema/claim.schema.json
claim: "A chipmaker's model cost $6 million."   # the words as they appeared
claimant: Example AI
verdict: misleading
summary: >-
  Only one run.
published: 2025-02-03
sources:
  - id: report
    title: 'Technical Report'
    url: https://example.com/report    # the primary source
    archive: https://web.archive.org/web/20250203101112/https://example.com/report
    date: 2024-12-27
    accessed: 2025-02-03
  -   title: "Analyst Note"
      publisher: Example Research
      url: "https://example.net/note"
      archive: https://web.archive.org/web/20250131000000/https://example.net/note
  - title: Printed only
    publisher: Example Press
---
Body text[^report], untouched.
"""

# The entry as an editor wrote it: comments, mixed quoting, a source indented its own way, one
# without a URL. It is ENTRY_ARCHIVED, the expected result, without its two archive lines.
ENTRY = ENTRY_ARCHIVED.replace(f"    archive: {REPORT_SNAPSHOT}\n", "").replace(f"      archive: {NOTE_SNAPSHOT}\n", "")
assert ENTRY.count("archive:") == 0


@pytest.fixture
def site(fixture_site: Path) -> Path:
    """The fixture site with one more entry, ENTRY, and without its retracted entry (which cites the
    same report: the counts below are of the entries they name)."""
    (fixture_site / "content/claims/archive-me.md").write_text(ENTRY, encoding="utf-8")
    (fixture_site / "content/claims/withdrawn-check.md").unlink()
    return fixture_site


def entry(site: Path) -> Path:
    return site / "content/claims/archive-me.md"


def snapshot_as_the_api_gives_it(archive: str) -> str:
    return archive.replace("https://web.archive.org", "http://web.archive.org", 1)


def archive(run_cli, site: Path, *args: str):
    return run_cli(site, "archive", "--delay", "0", *args)


def known(wayback: StandIn, *pairs: tuple[str, str]) -> None:
    for url, archive_url in pairs:
        wayback.snapshots[url] = snapshot_as_the_api_gives_it(archive_url)


def test_writes_each_closest_snapshot_in_place_and_keeps_every_other_byte(site, wayback, run_cli):
    known(wayback, (REPORT, REPORT_SNAPSHOT), (NOTE, NOTE_SNAPSHOT))
    result = archive(run_cli, site)
    assert result.code == 0, result.err
    assert entry(site).read_bytes() == ENTRY_ARCHIVED.encode("utf-8")
    assert "content/claims/archive-me.md:13:5: sources[0].archive: wrote " + REPORT_SNAPSHOT in result.out
    assert "content/claims/archive-me.md:19:7: sources[1].archive: wrote " + NOTE_SNAPSHOT in result.out
    # The fixture's gpu-count.md and six-million.md cite the report too; six-million.md's analyst
    # note already has an archive, so it was not asked about.
    assert "content/claims/gpu-count.md:13:5: sources[0].archive: wrote " + REPORT_SNAPSHOT in result.out
    assert result.out.strip().endswith("archive: 4 written, 0 without a snapshot, 0 failed (1 already archived)")
    assert sorted(wayback.lookups) == [REPORT, REPORT, REPORT, NOTE]  # once per day read: three days
    assert run_cli(site, "check").code == 0


def test_asks_for_the_snapshot_nearest_the_day_the_source_was_read(site, wayback, run_cli):
    archive(run_cli, site, "--dry-run")
    assert {(r.query["url"], r.query.get("timestamp")) for r in wayback.requests} == {
        (REPORT, "20250203"),  # archive-me.md: accessed 2025-02-03 (rather than its date, 2024-12-27)
        (REPORT, "20241227"),  # six-million.md: no accessed, date 2024-12-27
        (REPORT, None),  # gpu-count.md: neither, so the latest snapshot
        (NOTE, None),
    }


def test_dry_run_lists_what_it_would_write_and_writes_nothing(site, wayback, run_cli):
    known(wayback, (REPORT, REPORT_SNAPSHOT), (NOTE, NOTE_SNAPSHOT))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (site / "content/claims").iterdir()}
    result = archive(run_cli, site, "--dry-run")
    assert result.code == 0, result.err
    assert "content/claims/archive-me.md:13:5: sources[0].archive: would write " + REPORT_SNAPSHOT in result.out
    assert "content/claims/archive-me.md:19:7: sources[1].archive: would write " + NOTE_SNAPSHOT in result.out
    assert "archive: 4 would be written" in result.out
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (site / "content/claims").iterdir()} == before


def test_a_url_without_a_snapshot_is_reported_and_left_as_it_is(site, wayback, run_cli):
    known(wayback, (REPORT, REPORT_SNAPSHOT))
    result = archive(run_cli, site)
    assert result.code == 0, result.err  # nothing failed: the archive simply has no copy
    assert ("content/claims/archive-me.md:17:12: sources[1].url: no snapshot in the Wayback Machine; "
            "run with --save to ask Save Page Now for one") in result.out
    assert "archive: 3 written, 1 without a snapshot, 0 failed" in result.out
    expected = ENTRY_ARCHIVED.replace(f"      archive: {NOTE_SNAPSHOT}\n", "")
    assert entry(site).read_text(encoding="utf-8") == expected
    assert wayback.saves == []  # Save Page Now only with --save


def test_a_server_error_is_reported_for_its_url_and_the_others_are_still_written(site, wayback, run_cli):
    known(wayback, (NOTE, NOTE_SNAPSHOT))
    wayback.failing[REPORT] = 500
    result = archive(run_cli, site)
    assert result.code == 1
    assert result.err.splitlines() == [
        f"content/claims/{where}: sources[0].url: expected an answer from the availability API, "
        "got HTTP 500 Internal Server Error" for where in ("archive-me.md:12:10", "gpu-count.md:12:10",
                                                          "six-million.md:20:10")]
    assert "Traceback" not in result.err
    expected = ENTRY_ARCHIVED.replace(f"    archive: {REPORT_SNAPSHOT}\n", "")
    assert entry(site).read_text(encoding="utf-8") == expected


def test_an_answer_that_is_not_the_apis_json_is_reported(site, wayback, run_cli):
    known(wayback, (NOTE, NOTE_SNAPSHOT))
    wayback.failing[REPORT] = 200  # a 200 with an HTML page, as a captive portal or a proxy might give
    result = archive(run_cli, site)
    assert result.code == 1
    assert ("content/claims/archive-me.md:12:10: sources[0].url: expected JSON from the availability API, "
            "got '<h1>Internal error</h1>'") in result.err.splitlines()
    assert f"archive: {NOTE_SNAPSHOT}" in entry(site).read_text(encoding="utf-8")


def test_a_refused_connection_is_reported_for_every_url_and_changes_no_file(site, run_cli, monkeypatch):
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("SITE_GEN_WAYBACK_URL", f"http://127.0.0.1:{port}/wayback/available")
    result = archive(run_cli, site)
    assert result.code == 1
    lines = result.err.splitlines()
    assert [line.split(": expected")[0] for line in lines] == [
        "content/claims/archive-me.md:12:10: sources[0].url", "content/claims/archive-me.md:17:12: sources[1].url",
        "content/claims/gpu-count.md:12:10: sources[0].url", "content/claims/six-million.md:20:10: sources[0].url"]
    assert all("got a network error" in line and "refused" in line.lower() for line in lines)
    assert entry(site).read_text(encoding="utf-8") == ENTRY
    assert sorted(p.name for p in entry(site).parent.iterdir()) == [  # no temporary file left behind
        "archive-me.md", "draft-entry.md", "gpu-count.md", "market-value.md", "six-million.md"]


@pytest.mark.slow
def test_save_asks_save_page_now_politely_then_writes_the_new_snapshot(site, wayback, run_cli):
    known(wayback, (REPORT, REPORT_SNAPSHOT))
    result = run_cli(site, "archive", "--save", "--delay", "0.2")
    assert result.code == 0, result.err
    assert wayback.saves == [NOTE]  # the one URL that had no snapshot
    saved = "https://web.archive.org/web/20261130120000/" + NOTE
    assert f"sources[1].archive: wrote {saved}" in result.out
    assert f'      url: "{NOTE}"\n      archive: {saved}\n' in entry(site).read_text(encoding="utf-8")
    # One request at a time, at least the delay apart, each saying who is asking.
    times = [r.at for r in wayback.requests]
    assert all(later - earlier >= 0.2 for earlier, later in zip(times, times[1:]))
    assert all(r.user_agent.startswith("site_gen-archive/") and "https://example.org/sub/" in r.user_agent
               for r in wayback.requests)


def test_save_says_so_when_the_new_capture_is_not_listed_yet(site, wayback, run_cli):
    known(wayback, (REPORT, REPORT_SNAPSHOT))
    wayback.capture_on_save = False
    result = archive(run_cli, site, "--save")
    assert result.code == 0, result.err
    assert wayback.saves == [NOTE]
    assert ("content/claims/archive-me.md:17:12: sources[1].url: no snapshot in the Wayback Machine; Save Page "
            "Now was asked for one, which can take minutes to be listed: run archive again later") in result.out
    assert f"archive: {NOTE_SNAPSHOT}" not in entry(site).read_text(encoding="utf-8")


def test_dry_run_with_save_asks_nothing_to_be_saved(site, wayback, run_cli):
    result = archive(run_cli, site, "--dry-run", "--save")
    assert result.code == 0, result.err
    assert ("content/claims/archive-me.md:17:12: sources[1].url: no snapshot in the Wayback Machine; "
            "without --dry-run, --save would ask Save Page Now for one") in result.out
    assert wayback.saves == []
    assert entry(site).read_text(encoding="utf-8") == ENTRY


def test_a_file_edited_during_the_run_is_not_overwritten(site, wayback, run_cli):
    known(wayback, (REPORT, REPORT_SNAPSHOT), (NOTE, NOTE_SNAPSHOT))
    edited = ENTRY.replace("Body text", "Body text an editor saved meanwhile")

    def editor_saves() -> None:
        if entry(site).read_text(encoding="utf-8") == ENTRY:
            entry(site).write_text(edited, encoding="utf-8")

    wayback.on_request = editor_saves
    result = archive(run_cli, site)
    assert result.code == 1
    assert "content/claims/archive-me.md:1:1: expected the file as it was read, got one changed since" in result.err
    assert entry(site).read_text(encoding="utf-8") == edited


@pytest.mark.parametrize("before, after", [
    pytest.param("sources:\n  - title: T\n    url: https://example.com/report\n",
                 f"sources:\n  - title: T\n    url: https://example.com/report\n    archive: {REPORT_SNAPSHOT}\n",
                 id="url-last"),
    pytest.param("sources:\n  - url: https://example.com/report\n    title: T\n",
                 f"sources:\n  - url: https://example.com/report\n    archive: {REPORT_SNAPSHOT}\n    title: T\n",
                 id="url-first-on-the-dash-line"),
    pytest.param("sources:\n- title: T\n  url:\n    https://example.com/report\n  date: 2025-01-31\n",
                 f"sources:\n- title: T\n  url:\n    https://example.com/report\n  archive: {REPORT_SNAPSHOT}\n"
                 "  date: 2025-01-31\n",
                 id="url-on-the-next-line"),
    pytest.param("sources:\r\n  - title: T\r\n    url: 'https://example.com/report'\r\n",
                 f"sources:\r\n  - title: T\r\n    url: 'https://example.com/report'\r\n    archive: {REPORT_SNAPSHOT}\r\n",
                 id="crlf-line-endings"),
])
def test_the_new_line_follows_the_url_in_its_own_style(fixture_site, wayback, run_cli, before, after):
    known(wayback, (REPORT, REPORT_SNAPSHOT))
    head = "---\nclaim: C\nclaimant: X\nverdict: misleading\nsummary: S\npublished: 2025-02-03\n"
    newline = "\r\n" if "\r\n" in before else "\n"
    head = head.replace("\n", newline)
    tail = f"---{newline}Body.{newline}"
    for name in ("gpu-count.md", "six-million.md"):  # only the entry under test has URLs to archive
        (fixture_site / "content/claims" / name).unlink()
    path = fixture_site / "content/claims/styles.md"
    path.write_bytes((head + before + tail).encode("utf-8"))
    result = archive(run_cli, fixture_site)
    assert result.code == 0, result.err
    assert path.read_bytes() == (head + after + tail).encode("utf-8")
    assert run_cli(fixture_site, "check").code == 0


def test_a_source_written_as_a_flow_mapping_is_reported_not_edited(fixture_site, wayback, run_cli):
    known(wayback, (REPORT, REPORT_SNAPSHOT))
    path = fixture_site / "content/claims/gpu-count.md"
    text = path.read_text(encoding="utf-8").replace(
        "  - id: report\n    title: Technical Report\n    publisher: Example AI\n    url: https://example.com/report\n",
        "  - {id: report, title: Technical Report, url: https://example.com/report}\n")
    path.write_text(text, encoding="utf-8")
    result = archive(run_cli, fixture_site)
    assert result.code == 1
    assert ("content/claims/gpu-count.md:9:48: sources[0]: expected a source written one field per line, "
            "got a {…} mapping: add its archive: line by hand") in result.err
    assert path.read_text(encoding="utf-8") == text


# --- answers from a hostile or broken server: each fails its own URL, the others are still done ---


def api_answer(url: str, snapshot: object, **closest: object) -> bytes:
    """The availability API's answer for `url`, its snapshot written as given."""
    return json.dumps({"url": url, "archived_snapshots": {"closest": {
        "available": True, "url": snapshot, "timestamp": "20250203101112", "status": "200", **closest}}}).encode()


def report_failed(result, message: str) -> None:
    """REPORT's three lookups (one per entry that cites it) failed with `message`; NOTE was written."""
    assert result.code == 1
    assert result.err.splitlines() == [
        f"content/claims/{where}: sources[0].url: {message}"
        for where in ("archive-me.md:12:10", "gpu-count.md:12:10", "six-million.md:20:10")]
    assert "archive: 1 written, 0 without a snapshot, 3 failed" in result.out


@pytest.mark.parametrize("snapshot", [
    "http://evil.example/web/20250203101112/https://example.com/report",
    "https://web.archive.org.evil.example/web/20250203101112/https://example.com/report",
    "https://web.archive.org@evil.example/web/20250203101112/https://example.com/report",
    "https://evil.example@web.archive.org/web/20250203101112/https://example.com/report",
    "https://web.archive.org:8443/web/20250203101112/https://example.com/report",
    "http://archive.org/wayback/available?url=https://example.com/report",
    "https://web.archive.org/save/https://example.com/report",
    "https://web.archive.org/web/20250203101112/",
    "https://web.archive.org/web/latest/https://example.com/report",
    "javascript:alert(1)//web.archive.org/web/20250203101112/https://example.com/report",
])
def test_a_snapshot_off_the_archives_own_host_is_a_failure_and_never_written(site, wayback, run_cli, snapshot):
    known(wayback, (NOTE, NOTE_SNAPSHOT))
    wayback.raw[REPORT] = api_answer(REPORT, snapshot)
    result = archive(run_cli, site)
    shown = snapshot if len(snapshot) <= 60 else snapshot[:59] + "…"
    report_failed(result, "expected a snapshot URL of the form https://web.archive.org/web/<timestamp>/<url> "
                          f"from the availability API, got {shown!r}")
    text = entry(site).read_text(encoding="utf-8")
    assert snapshot not in text and "evil" not in text
    assert text == ENTRY_ARCHIVED.replace(f"    archive: {REPORT_SNAPSHOT}\n", "")


def test_a_snapshot_the_api_already_gives_with_https_is_written_as_it_is(site, wayback, run_cli):
    wayback.raw[REPORT] = api_answer(REPORT, REPORT_SNAPSHOT)  # https://web.archive.org/web/...
    known(wayback, (NOTE, NOTE_SNAPSHOT))
    result = archive(run_cli, site)
    assert result.code == 0, result.err
    assert entry(site).read_bytes() == ENTRY_ARCHIVED.encode("utf-8")


def test_a_deeply_nested_answer_fails_its_url_and_the_others_are_still_done(site, wayback, run_cli):
    known(wayback, (NOTE, NOTE_SNAPSHOT))
    wayback.raw[REPORT] = b"[" * 100_000  # json.loads: RecursionError, not ValueError
    result = archive(run_cli, site)
    report_failed(result, "expected the availability API's JSON, got one nested too deeply to read "
                          f"('{'[' * 59}…')")
    assert "Traceback" not in result.err
    assert f"archive: {NOTE_SNAPSHOT}" in entry(site).read_text(encoding="utf-8")


@pytest.mark.parametrize("answer, message", [
    pytest.param(b"\xff\xfe{", "expected JSON from the availability API, got '\ufffd\ufffd{'", id="not-utf-8"),
    pytest.param(b'{"archived_snapshots": {"closest"', "expected JSON from the availability API, got "
                 "'{\"archived_snapshots\": {\"closest\"'", id="cut-short"),
    pytest.param(b"1" * 5000, "expected JSON from the availability API, got '" + "1" * 59 + "…'",
                 id="an-integer-too-long-to-read"),
    pytest.param(b"[]", "expected the availability API's archived_snapshots, got '[]'", id="an-array"),
    pytest.param(b'{"archived_snapshots": []}', "expected the availability API's archived_snapshots, "
                 "got '{\"archived_snapshots\": []}'", id="snapshots-not-an-object"),
    pytest.param(api_answer(REPORT, 12), "expected a snapshot URL from the availability API, got a number",
                 id="url-a-number"),
    pytest.param(api_answer(REPORT, json.loads("[" * 200 + "]" * 200)),
                 "expected a snapshot URL from the availability API, got a JSON array", id="url-nested-arrays"),
    pytest.param(api_answer(REPORT, REPORT_SNAPSHOT, status=[["200"]]),
                 "expected the snapshot's HTTP status from the availability API, got a JSON array", id="status-array"),
])
def test_a_malformed_answer_fails_its_url_and_the_others_are_still_done(site, wayback, run_cli, answer, message):
    known(wayback, (NOTE, NOTE_SNAPSHOT))
    wayback.raw[REPORT] = answer
    result = archive(run_cli, site)
    report_failed(result, message)
    assert "Traceback" not in result.err
    assert f"archive: {NOTE_SNAPSHOT}" in entry(site).read_text(encoding="utf-8")


@pytest.mark.parametrize("length", [True, False], ids=["with-content-length", "without"])
def test_an_answer_over_a_megabyte_fails_its_url(site, wayback, run_cli, length):
    known(wayback, (NOTE, NOTE_SNAPSHOT))
    wayback.raw[REPORT] = api_answer(REPORT, REPORT_SNAPSHOT, padding=" " * 1_000_000)
    wayback.raw_length = length
    result = archive(run_cli, site)
    size = f"{len(wayback.raw[REPORT]):,}" if length else "more"
    report_failed(result, f"expected an answer of at most 1,000,000 bytes from the availability API, got {size}")


@pytest.mark.slow
@pytest.mark.parametrize("part", ["body", "headers"])
def test_an_answer_trickling_a_byte_at_a_time_fails_by_the_timeout_and_the_others_go_on(site, wayback, run_cli,
                                                                                          part):
    """--timeout is the whole request's time, not each read's: an answer that keeps coming, a byte
    every 0.2 s, fails its URL once the timeout has passed (it would take 25 s to finish, and then
    be a good answer); the URLs after it are still done."""
    known(wayback, (REPORT, REPORT_SNAPSHOT))
    wayback.trickled[NOTE] = (part, api_answer(NOTE, snapshot_as_the_api_gives_it(NOTE_SNAPSHOT)))
    assert len(wayback.trickled[NOTE][1]) * TRICKLE > 25
    started = time.monotonic()
    result = archive(run_cli, site, "--timeout", "1")
    took = time.monotonic() - started
    assert result.code == 1
    assert result.err.splitlines() == [("content/claims/archive-me.md:17:12: sources[1].url: expected a whole "
                                        "answer from the availability API within 1 s, got none in time")]
    assert result.out.strip().endswith("archive: 3 written, 0 without a snapshot, 1 failed (1 already archived)")
    assert entry(site).read_text(encoding="utf-8") == ENTRY_ARCHIVED.replace(f"      archive: {NOTE_SNAPSHOT}\n", "")
    # The note is asked about second of four; the report's lookups in the two entries after it came.
    assert wayback.lookups == [REPORT, NOTE, REPORT, REPORT]
    assert took < 5, f"the run took {took:.1f} s"
