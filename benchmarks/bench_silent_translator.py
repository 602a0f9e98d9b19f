"""What a silent translator costs a build: a LibreTranslate server that accepts every request and never answers.

Usage: .venv/bin/python benchmarks/bench_silent_translator.py [--articles 3] [--deadline 20] [--retries 3]

Builds the translation step of a fresh project of N articles (English, French and Chinese fixtures, en+fr
sites) against the silent server on 127.0.0.1 with the project's default translation settings
(deadline 20 s, 3 retries, 1 s backoff) unless told otherwise, and prints the wall time, the requests
sent and the translations left pending. A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from briefing import pipeline  # noqa: E402
from briefing.config import load_config  # noqa: E402
from briefing.content.store import ContentStore  # noqa: E402
from briefing.outputs.report import BuildReport  # noqa: E402
from translation_server import FakeLibreTranslate  # noqa: E402

FIXTURES = ["en-retail.txt", "fr-puces.txt", "zh-robot.txt", "en-robot-wrapped.txt"]


def project(root: Path, articles: int, deadline: float, retries: int) -> Path:
    """A project with `articles` inputs and the given translation settings; returns its mkdocs.yml."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    settings = f"    translation:\n      deadline: {deadline}\n      retries: {retries}\n"
    text = text.replace("    languages: [en, fr]\n", "    languages: [en, fr]\n" + settings)
    (root / "content" / "inbox").mkdir(parents=True)
    (root / "content" / "articles").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    for n in range(articles):
        name = FIXTURES[n % len(FIXTURES)]
        data = (REPO / "tests" / "fixtures" / "inbox" / name).read_bytes() + f"\n\nCopy {n}.\n".encode()
        (root / "content" / "inbox" / f"{n:03d}-{name}").write_bytes(data)
    return root / "mkdocs.yml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3)
    parser.add_argument("--deadline", type=float, default=20.0)
    parser.add_argument("--retries", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, FakeLibreTranslate(default="hang") as server:
        mkdocs_yml = project(Path(tmp), args.articles, args.deadline, args.retries)
        os.environ.update(BRIEFING_TRANSLATOR="libre", BRIEFING_TRANSLATOR_URL=server.url)
        config = load_config(mkdocs_yml)
        report = BuildReport()
        store = ContentStore.load(config.articles)
        pipeline.update_content(config, mkdocs_yml.parent, store, report)
        start = time.perf_counter()
        pipeline.translate_content(config, report, store)
        elapsed = time.perf_counter() - start
    print(f"articles {args.articles}, deadline {args.deadline:g} s, retries {args.retries}: "
          f"translation step {elapsed:.1f} s, {server.translate_calls} requests, {len(report.pending)} pending")


if __name__ == "__main__":
    main()
