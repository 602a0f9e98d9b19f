"""`briefing serve`: the preview server answers, and an edit to content/articles shows up live."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import frontmatter

from conftest import FIXTURES, new_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, want: str, timeout: float = 60) -> str:
    """GET url until its body contains `want` (the server rebuilds in the background)."""
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if want in body:
                return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never contained {want!r}; last body had {len(body)} characters")


def test_serve_previews_and_rebuilds_on_edit(tmp_path):
    proj = new_project(tmp_path / "p")
    proj.add("a.txt", (FIXTURES / "inbox" / "en-robot-wrapped.txt").read_bytes())
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "briefing", "serve", "--offline", "-a", f"127.0.0.1:{port}"],
                              cwd=proj.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        home = fetch(f"http://127.0.0.1:{port}/", "Kinetica Labs Unveils Walking Robot")
        assert "Robotics" in home
        path = next(proj.articles.glob("*.md"))
        post = frontmatter.load(path)
        post["summary"] = "A dek the editor rewrote during the preview."
        path.write_text(frontmatter.dumps(post, sort_keys=False, allow_unicode=True), encoding="utf-8")
        fetch(f"http://127.0.0.1:{port}/articles/{path.stem}/", "A dek the editor rewrote during the preview.")
    finally:
        server.terminate()
        server.wait(timeout=20)
