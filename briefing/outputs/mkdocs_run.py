"""`python -m briefing.outputs.mkdocs_run build …`: MkDocs' own command line, with jieba imported only when used.

Material's search plugin imports jieba when it loads, and importing jieba costs each MkDocs process
most of a second (its probability tables are Python literals), whether or not a page it renders has
any Chinese text. An incremental run renders a few pages, often with none. Here `jieba` is a stand-in
module until something segments text: it records the dictionary settings the search plugin and the
search hook make, then imports the real jieba, replays them, and hands every other name over to it.
A run that segments Chinese behaves exactly as with jieba imported up front; `mkdocs build` writes the
same site.

`python -m briefing.outputs.mkdocs_run --wait [KIND PATH]...` starts a run before its pages exist: it imports
MkDocs, Material and jieba (a good half second), loads the files named (briefing/outputs/preload.py), then waits for one line on its input, the JSON of
{"argv": [...], "env": {...}}, and runs `mkdocs` with them; an empty input ends it. A build starts these
while it prepares the briefing, on the cores that preparing leaves idle (briefing/outputs/site.py).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import types
from collections.abc import Callable
from pathlib import Path

DEFERRED = ("set_dictionary", "load_userdict")
"""jieba functions that only record a setting until text is cut: recorded here, replayed on import."""


class LazyJieba(types.ModuleType):
    """Stands in for `jieba` in sys.modules until an attribute other than the deferred settings is read."""

    def __init__(self) -> None:
        super().__init__("jieba")
        self._pending: list[Callable[[types.ModuleType], None]] = []

    def set_dictionary(self, path: str) -> None:
        self._pending.append(lambda real: real.set_dictionary(path))

    def load_userdict(self, path: str) -> None:
        self._pending.append(lambda real: real.load_userdict(path))

    def when_loaded(self, action: Callable[[types.ModuleType], None]) -> None:
        """Run `action(jieba)` once the real module is imported (the search hook sets jieba's cache folder)."""
        self._pending.append(action)

    def __getattr__(self, name: str):
        return getattr(self._load(), name)

    def _load(self) -> types.ModuleType:
        if sys.modules.get("jieba") is self:
            del sys.modules["jieba"]
        real = importlib.import_module("jieba")
        for action in self.__dict__.pop("_pending", []):
            action(real)
        self.__dict__["_pending"] = []
        return real


def lazy_jieba() -> None:
    """Put the stand-in in place of jieba, unless jieba is already imported or not installed."""
    spec = importlib.util.find_spec("jieba") if "jieba" not in sys.modules else None
    if spec is not None:
        stand_in = LazyJieba()
        stand_in.__spec__ = spec  # what find_spec("jieba") answers meanwhile (the dictionary's folder)
        sys.modules["jieba"] = stand_in


WARM = ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults", "material.plugins.search.plugin",
        "material.plugins.tags.plugin", "markdown", "pymdownx.superfences", "pymdownx.tabbed", "jieba")
"""What a waiting run imports first: every MkDocs run of a briefing site imports these (jieba when a page has
Chinese text to segment: importing it early changes nothing but when it is paid)."""


def warm_up() -> None:
    """Import what a run will need (a module that is not installed is left for MkDocs to report)."""
    for name in WARM:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def wait_for_job() -> list[str] | None:
    """The command line to run, from one JSON line on stdin (its environment in place of the one the process
    started with, as if started now); None on an empty input."""
    line = sys.stdin.readline()
    if not line.strip():
        return None
    job = json.loads(line)
    if "env" in job:
        os.environ.clear()
        os.environ.update(job["env"])
    return list(job["argv"])


def load_ahead(pairs: list[str]) -> None:
    """Load the files a run will read ("records" PATH: the page records; "terms" PATH: the search term cache)
    while waiting (briefing/outputs/preload.py); then keep them out of the garbage collector's passes."""
    import gc

    from briefing.outputs import incremental, preload, search_index

    loaders = {"records": incremental.read_records, "terms": search_index.read_terms}
    for kind, path in zip(pairs[::2], pairs[1::2]):
        if kind in loaders:
            preload.ahead(Path(path), loaders[kind])
    # Why: a run's collections would otherwise walk the loaded records again and again.
    gc.freeze()


def main() -> None:
    args = None
    if sys.argv[1:2] == ["--wait"]:
        warm_up()
        load_ahead(sys.argv[2:])
        args = wait_for_job()
        if args is None:
            return
        sys.argv[1:] = args
    else:
        lazy_jieba()
    from mkdocs.__main__ import cli

    cli(prog_name="mkdocs", args=args)


if __name__ == "__main__":
    main()
