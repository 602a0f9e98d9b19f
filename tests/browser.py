"""Helpers for the browser tests: Debian's Chromium driven by Playwright, and Material's search box."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Playwright runs Chromium headless with a fresh, throw-away profile; these flags keep it off the network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEED_000 = "alibaba-announced-on-wednesday-a-milestone-collaboration-in-ai-tech"
STORY_000 = f"stories/{SEED_000}"
"""Seeds 000-002 are one story, named after its earliest article: search finds its story page, not its articles."""


def search(page, url: str, query: str) -> list[str]:
    """Type `query` into Material's search on `url`; the pages found, as 'articles/<slug>' or 'stories/<name>'."""
    page.goto(url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # a real key event: Material searches on keyup, which fill() alone does not send
    # Material reports a count ("3 matching documents", "Aucun document trouvé") once the worker has answered.
    page.wait_for_function(
        "() => /\\d|No matching|Aucun|没有|没有找到|何も見つかりません/.test((document.querySelector('.md-search-result__meta') || {}).textContent || '')",
        timeout=15000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.href)")
    # Directory URLs over http (articles/<slug>/), file names in the offline bundle (articles/<slug>.html).
    return sorted({m.group(1) for h in hrefs if (m := re.search(r"/((?:articles|stories)/[^/?#.]+)", h))})




@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` over http on 127.0.0.1 (a free port, quiet), as long as the block runs: its base URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
