"""`python -m briefing.outputs.mkdocs_run build …`: MkDocs' own command line, with jieba imported only when used.

Material's search plugin imports jieba when it loads, and importing jieba costs each MkDocs process
most of a second (its probability tables are Python literals), whether or not a page it renders has
any Chinese text. An incremental run renders a few pages, often with none. Here `jieba` is a stand-in
module until something segments text: it records the dictionary settings the search plugin and the
search hook make, then imports the real jieba, replays them, and hands every other name over to it.
A run that segments Chinese behaves exactly as with jieba imported up front; `mkdocs build` writes the
same site.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Callable

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


def main() -> None:
    lazy_jieba()
    from mkdocs.__main__ import cli

    cli(prog_name="mkdocs")


if __name__ == "__main__":
    main()
