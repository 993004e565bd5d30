"""`python build.py serve` for real: livereload's server, its file watcher and our rebuilds."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import PROJECT, make_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")
    except OSError:
        return 0, ""


def wait_for(url: str, predicate, seconds: float = 30) -> tuple[int, str]:
    """Poll until the page satisfies `predicate` (a bound on waiting, not a speed assertion)."""
    deadline = time.monotonic() + seconds
    while True:
        status, body = fetch(url)
        if predicate(status, body) or time.monotonic() > deadline:
            return status, body
        time.sleep(0.2)


@pytest.fixture
def served(tmp_path):
    root = make_project(tmp_path)
    port = free_port()
    script = ("import sys; from pathlib import Path; from site_gen.cli import main; "
              f"sys.exit(main(['serve', '--port', '{port}'], root=Path.cwd()))")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=root, env=dict(os.environ, PYTHONPATH=str(PROJECT)),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield root, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def test_serve_rebuilds_on_save_shows_problems_and_recovers(served):
    root, base = served
    page = f"{base}/claims/gpu-count/"
    status, body = wait_for(page, lambda s, b: s == 200)
    assert status == 200 and "livereload.js" in body  # the browser reloads itself on rebuild
    entry = root / "content/claims/gpu-count.md"
    good = entry.read_text()

    entry.write_text(good.replace("The final run used", "The final training run used"))
    status, body = wait_for(page, lambda s, b: "The final training run used" in b)
    assert status == 200 and "The final training run used" in body

    entry.write_text(good.replace("verdict: accurate", "verdict: acurate"))
    status, body = wait_for(page, lambda s, b: s == 500)
    assert status == 500
    assert "content/claims/gpu-count.md:4:10: verdict: expected one of" in body

    entry.write_text(good)
    status, body = wait_for(page, lambda s, b: s == 200)
    assert status == 200 and "The final run used" in body
    assert not (root / "_site").exists()
