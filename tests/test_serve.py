"""`briefing serve`: the preview server answers, and an edit to content/articles shows up live."""

from __future__ import annotations

import os
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
        root = fetch(f"http://127.0.0.1:{port}/", "en/index.html")  # sends readers to the default language
        assert 'hreflang="fr"' in root
        home = fetch(f"http://127.0.0.1:{port}/en/", "Kinetica Labs Unveils Walking Robot")
        assert "Robotics" in home and 'href="../fr/"' in home  # the selector's link, served below
        french = fetch(f"http://127.0.0.1:{port}/fr/", "Kinetica Labs Unveils Walking Robot")
        assert '<html lang="fr"' in french and "Robotique" in french
        path = next(proj.articles.glob("*.md"))
        post = frontmatter.load(path)
        post["summary"] = "A dek the editor rewrote during the preview."
        path.write_text(frontmatter.dumps(post, sort_keys=False, allow_unicode=True), encoding="utf-8")
        for language in ("en", "fr"):
            fetch(f"http://127.0.0.1:{port}/{language}/articles/{path.stem}/",
                  "A dek the editor rewrote during the preview.")
        time.sleep(4)  # time enough for a second rebuild, were the rebuild's own writes taken for an edit
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode("utf-8", "replace")
    assert output.count("Detected file changes") == 1, output


def test_serve_cleans_up_on_sigterm_and_keeps_jieba_cache_in_build(tmp_path):
    proj = new_project(tmp_path / "p")
    proj.add("zh.txt", (FIXTURES / "inbox" / "zh-robot.txt").read_bytes())
    temp = tmp_path / "system-temp"
    temp.mkdir()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "briefing", "serve", "--offline", "-a", f"127.0.0.1:{port}"],
                              cwd=proj.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              env={**os.environ, "TMPDIR": str(temp)})
    try:
        fetch(f"http://127.0.0.1:{port}/en/", "Robotics")
        assert any(p.name.startswith("mkdocs_") for p in temp.iterdir())  # MkDocs' preview site, while serving
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert sorted(p.name for p in temp.iterdir()) == []
    assert list((proj.build_dir / "cache").glob("jieba*.cache"))


def test_a_preview_rebuild_holds_the_build_lock(tmp_path, monkeypatch):
    from briefing.hooks import serve_hook
    from briefing.outputs import preview

    proj = new_project(tmp_path / "p")
    proj.add("a.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    monkeypatch.setenv(preview.ENV_CONFIG, str(proj.mkdocs_yml))
    monkeypatch.setenv(preview.ENV_OFFLINE, "1")
    lock = proj.build_dir / ".lock"
    try_lock = ("import sys; from pathlib import Path; from briefing import fsutil\n"
                "try:\n    with fsutil.exclusive(Path(sys.argv[1])): print('free')\n"
                "except Exception as exc: print(exc)")
    serve_hook.on_pre_build(config=None)
    try:
        held = subprocess.run([sys.executable, "-c", try_lock, str(lock)], capture_output=True, text=True, timeout=60)
        assert "another briefing command is running" in held.stdout
        assert next(proj.articles.glob("*.md"))  # the rebuild did refresh the content
    finally:
        serve_hook.on_post_build(config=None)
    after = subprocess.run([sys.executable, "-c", try_lock, str(lock)], capture_output=True, text=True, timeout=60)
    assert after.stdout.strip() == "free"


def test_a_preview_rebuild_waits_for_a_running_build(tmp_path, monkeypatch):
    from briefing.hooks import serve_hook
    from briefing.outputs import preview

    proj = new_project(tmp_path / "p")
    proj.add("a.txt", (FIXTURES / "inbox" / "en-retail.txt").read_bytes())
    monkeypatch.setenv(preview.ENV_CONFIG, str(proj.mkdocs_yml))
    monkeypatch.setenv(preview.ENV_OFFLINE, "1")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from briefing import fsutil\n"
         "with fsutil.exclusive(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(3)",
         str(proj.build_dir / ".lock")], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    start = time.monotonic()
    serve_hook.on_pre_build(config=None)
    waited = time.monotonic() - start
    serve_hook.on_post_build(config=None)
    holder.wait(timeout=30)
    assert waited >= 1.5  # it waited for the holder instead of refusing or racing it
    assert list(proj.articles.glob("*.md"))


def _served(temp) -> dict[str, tuple[bytes, int, int]]:
    """Every file of the preview MkDocs serves (its temporary folder under `temp`): bytes, inode, mtime."""
    folder = next(p for p in temp.iterdir() if p.name.startswith("mkdocs_"))
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _serve(proj, port, temp):
    temp.mkdir()
    return subprocess.Popen([sys.executable, "-m", "briefing", "serve", "--offline", "-a", f"127.0.0.1:{port}"],
                            cwd=proj.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "TMPDIR": str(temp)})


def test_a_preview_rebuild_renders_only_what_changed_and_serves_what_a_full_build_serves(tmp_path):
    proj = new_project(tmp_path / "p")
    for name in ("en-retail.txt", "fr-puces.txt", "en-robot-wrapped.txt"):
        proj.add(name, (FIXTURES / "inbox" / name).read_bytes())
    port = free_port()
    server = _serve(proj, port, tmp_path / "t1")
    try:
        for language in ("en", "fr"):
            fetch(f"http://127.0.0.1:{port}/{language}/", "AI Industry Briefing")
        path = next(proj.articles.glob("brightmart*.md"))
        for language in ("en", "fr"):
            fetch(f"http://127.0.0.1:{port}/{language}/articles/{path.stem}/", "Brightmart")
        time.sleep(2)
        before = _served(tmp_path / "t1")
        post = frontmatter.load(path)
        post["summary"] = "A dek the editor rewrote during the preview."
        path.write_text(frontmatter.dumps(post, sort_keys=False, allow_unicode=True), encoding="utf-8")
        for language in ("en", "fr"):
            fetch(f"http://127.0.0.1:{port}/{language}/articles/{path.stem}/", "A dek the editor rewrote")
        time.sleep(3)  # the rebuild's last writes (search index, state)
        rebuilt = _served(tmp_path / "t1")
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The other stories' pages were kept as they were, in the default language (built in place) and the other.
    for language in ("en", "fr"):
        others = [key for key in before if key.startswith(f"{language}/articles/kinetica")]
        assert others and all(rebuilt[key][1:] == before[key][1:] for key in others), language
        edited = f"{language}/articles/{path.stem}/index.html"
        assert rebuilt[edited][0] != before[edited][0]
    # And a preview started afresh on the same content (a full build) serves the same bytes.
    server = _serve(proj, port, tmp_path / "t2")
    try:
        for language in ("en", "fr"):
            fetch(f"http://127.0.0.1:{port}/{language}/articles/{path.stem}/", "A dek the editor rewrote")
        time.sleep(3)
        fresh = _served(tmp_path / "t2")
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert sorted(fresh) == sorted(rebuilt)
    assert [key for key in fresh if fresh[key][0] != rebuilt[key][0]] == []
