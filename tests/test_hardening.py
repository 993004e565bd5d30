"""Hostile or broken bytes: each case renders as the editor meant or fails with an exact message.

Cases that cannot live in a text fixture (encodings, line endings, size, links) are made here.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_gen.load import frontmatter
from site_gen.load.reader import read_document
from site_gen.load.schema import claim_schema
from site_gen.model import ContentError

VALID = """---
claim: A claim.
claimant: Someone
verdict: accurate
summary: A summary.
published: 2025-02-03
sources:
  - title: Source one
  - title: Source two
---
Body text.
"""
PROBLEM_LINE = re.compile(r"^\S.*:\d+:\d+: ")


def check_bytes(tmp_path: Path, run_cli, data: bytes, name: str = "entry.md") -> tuple[int, list[str]]:
    root = make_project(tmp_path)
    for old in (root / "content/claims").iterdir():
        old.unlink()
    (root / "content/claims" / name).write_bytes(data)
    result = run_cli(root, "check")
    assert "Traceback" not in result.err
    return result.code, [line for line in result.err.splitlines() if PROBLEM_LINE.match(line)]


def test_non_utf8_bytes_are_located(tmp_path, run_cli):
    data = VALID.replace("A summary.", "A summ\xe9ry.").encode("latin-1")
    assert check_bytes(tmp_path, run_cli, data) == (
        1, ["content/claims/entry.md:5:16: expected UTF-8 text, got byte 0xe9"])


def test_a_bom_and_crlf_line_endings_are_read_as_meant(tmp_path, run_cli):
    data = b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode()
    assert check_bytes(tmp_path, run_cli, data) == (0, [])


def test_old_mac_cr_line_endings_are_read_as_meant(tmp_path, run_cli):
    assert check_bytes(tmp_path, run_cli, VALID.replace("\n", "\r").encode()) == (0, [])


def test_line_numbers_count_crlf_lines_once(tmp_path, run_cli):
    data = VALID.replace("published: 2025-02-03", "published: soon").replace("\n", "\r\n").encode()
    assert check_bytes(tmp_path, run_cli, data) == (
        1, ["content/claims/entry.md:6:12: published: expected a date as YYYY-MM-DD, got 'soon'"])


def test_an_oversized_file_is_refused_before_parsing(tmp_path, run_cli):
    data = VALID.encode() + b"x" * frontmatter.MAX_FILE_BYTES
    code, lines = check_bytes(tmp_path, run_cli, data)
    assert code == 1
    assert lines == [f"content/claims/entry.md:1:1: expected a file of at most 1,000,000 bytes, got {len(data):,}"]


def test_a_nul_byte_is_refused(tmp_path, run_cli):
    data = VALID.replace("Body text.", "Body\x00text.").encode()
    assert check_bytes(tmp_path, run_cli, data) == (
        1, ["content/claims/entry.md:11:1: expected text, got a NUL byte (is this a binary file?)"])


def test_billion_laughs_is_refused_without_expanding(tmp_path, run_cli):
    lol = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lol.append(f"{cur}: &{cur} [{','.join('*' + prev for _ in range(9))}]")
    lol += ["---", ""]
    code, lines = check_bytes(tmp_path, run_cli, "\n".join(lol).encode())
    assert code == 1
    assert lines[0] == "content/claims/entry.md:2:4: expected plain YAML, got the anchor '&a' (anchors and aliases are not supported)"
    assert lines[2] == "content/claims/entry.md:3:8: expected plain YAML, got the alias '*a' (anchors and aliases are not supported)"
    assert len(lines) == 12 + 11 * 9


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "java&#x09;script:alert(1)",
    "//evil.example/x",
])
def test_dangerous_markdown_links_are_errors(tmp_path, run_cli, url):
    code, lines = check_bytes(tmp_path, run_cli, VALID.replace("Body text.", f"A [link]({url}).").encode())
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith("content/claims/entry.md:11:1: body: link: expected an http(s) or relative URL")


@pytest.mark.parametrize("url", ["javascript:alert(1)", " javascript:alert(1)", "JAVASCRIPT:x", "data:text/html,x",
                                 "vbscript:x", "java\tscript:x", "https://exa mple.com", "http://", "/relative"])
def test_dangerous_urls_in_fields_are_errors(tmp_path, run_cli, url):
    data = VALID.replace("  - title: Source one", f"  - title: Source one\n    url: {url!r}".replace("'", '"'))
    code, lines = check_bytes(tmp_path, run_cli, data.encode())
    assert code == 1
    assert lines and lines[0].startswith("content/claims/entry.md:9:10: sources[0].url: expected an http(s) URL, got ")


def test_raw_html_in_fields_and_escaped_in_the_body_is_text_not_markup(tmp_path, run_cli):
    root = make_project(tmp_path)
    entry = root / "content/claims/gpu-count.md"
    text = entry.read_text().replace("summary: The disclosed", "summary: <script>alert(1)</script> The disclosed")
    entry.write_text(text + "\n\\<script>alert(2)\\</script> \\<img src=x onerror=alert(3)>\n")
    assert run_cli(root, "build", "--no-search").code == 0
    page = (root / "_site/claims/gpu-count/index.html").read_text()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(3)&gt;" in page


def test_raw_html_in_the_body_is_an_error_and_would_only_be_text(tmp_path, run_cli):
    """Raw HTML is off in the Markdown, so a tag would show as text: the editor is told instead."""
    root = make_project(tmp_path)
    entry = root / "content/claims/gpu-count.md"
    lines = entry.read_text().count("\n")
    entry.write_text(entry.read_text() + "\nText <script>alert(2)</script> <img src=x onerror=alert(3)>\n")
    result = run_cli(root, "build", "--no-search")
    assert result.code == 1 and not (root / "_site").exists()
    assert result.problem_lines == [
        f"content/claims/gpu-count.md:{lines + 2}:6: body: expected Markdown, got the raw HTML '<script>' (raw HTML "
        "is not allowed; to show it as text, write \\<script>)"]


def test_a_symlink_pointing_outside_content_is_refused(tmp_path, run_cli):
    root = make_project(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text(VALID)
    (root / "content/claims/leak.md").symlink_to(secret)
    result = run_cli(root, "check")
    assert result.code == 1
    assert "content/claims/leak.md:1:1: expected a file inside content/, got a symbolic link pointing outside it" in result.err


def test_a_template_error_names_the_template_and_line(tmp_path, run_cli):
    root = make_project(tmp_path)
    home = root / "templates/home.html"
    lines = home.read_text().splitlines()
    lines.insert(3, "{{ no_such_variable }}")
    home.write_text("\n".join(lines) + "\n")
    result = run_cli(root, "build", "--no-search")
    assert result.code == 1
    assert "templates/home.html:4:1: template error: UndefinedError: 'no_such_variable' is undefined" in result.err
    assert not (root / "_site").exists()


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_front_matter_raises_only_content_errors(text):
    """Whatever an editor types between the fences, the loader answers with problems, not crashes."""
    try:
        doc = frontmatter.split("x.md", frontmatter.decode("x.md", ("---\n" + text + "\n---\nbody").encode("utf-8", "surrogatepass")))
    except ContentError:
        return
    except UnicodeEncodeError:
        return
    fields, reader = read_document("x.md", doc.node, doc.first_line, claim_schema(("accurate", "false")))
    for problem in reader.problems:
        assert problem.line >= 2 and problem.col >= 1


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_raise_only_content_errors(data):
    try:
        frontmatter.split("x.md", frontmatter.decode("x.md", data))
    except ContentError as err:
        assert all(p.line >= 1 for p in err.problems)


def test_composing_keeps_explicit_tags_and_leaves_plain_scalars_untyped():
    """frontmatter's loader skips YAML 1.1's implicit types (the reader decides what a scalar means)
    but must keep every explicit tag, which the reader refuses."""
    node = frontmatter.compose("x.md", "a: yes\nb: [1, ~]\nc: !!python/object x\nd: !foo\ne: ! 5\n", first_line=2)
    tags = [(key.value, value.tag) for key, value in node.value]
    assert tags == [("a", "tag:yaml.org,2002:str"), ("b", "tag:yaml.org,2002:seq"),
                    ("c", "tag:yaml.org,2002:python/object"), ("d", "!foo"), ("e", "tag:yaml.org,2002:str")]
    assert [n.tag for n in node.value[1][1].value] == ["tag:yaml.org,2002:str"] * 2


@pytest.mark.slow
def test_killing_a_build_never_damages_the_published_site(tmp_path):
    """SIGKILL at several moments of a build: the previous _site/ stays whole; the next build works."""
    root = make_project(tmp_path)
    cmd = [sys.executable, str(PROJECT / "build.py"), "build", "--no-search"]
    env = dict(os.environ, PYTHONPATH=str(PROJECT))

    def run_build() -> None:
        subprocess.run(cmd + [], cwd=root, env=env, check=True, capture_output=True)

    # build.py builds the project it lives in; run the CLI against the copy instead.
    cmd = [sys.executable, "-c", "import sys; from pathlib import Path; from site_gen.cli import main; "
           "sys.exit(main(sys.argv[1:], root=Path.cwd()))", "build", "--no-search"]
    run_build()
    site = root / "_site"
    snapshot = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    for delay in (0.05, 0.15, 0.3, 0.5, 0.8):
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        assert now == snapshot, f"_site/ changed after a kill at {delay}s"
    run_build()
    assert not [p for p in root.iterdir() if p.name.startswith("_site.")]
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == snapshot


# An absolute path is one in the test's own folder: were the check ever to let it through, nothing
# of the machine's is overwritten.
@pytest.mark.parametrize("rel", ["../outside.html", "/ABSOLUTE/escaped.html", "", "a/../../b.html", "./",
                                 "claims/../../x"])
def test_the_output_folder_refuses_paths_that_escape_it(tmp_path, rel):
    """A build's files are written through its stage: a path escaping the output folder is refused,
    the build fails, and neither the output folder nor anything beside it is written."""
    from site_gen.write.jobs import files_group
    from site_gen.write.stage import staging

    rel = rel.replace("/ABSOLUTE", str(tmp_path))
    with pytest.raises(ValueError, match="refusing to write outside the output folder"), staging(tmp_path / "site") as stage:
        stage.run([files_group("files", "key", lambda: [("index.html", lambda: b"ok"), (rel, lambda: b"x")])])
    assert list(tmp_path.iterdir()) == []
