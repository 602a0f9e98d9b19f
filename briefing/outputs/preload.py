"""Files a MkDocs run will read, loaded before it starts: while a waiting run has nothing else to do.

A build starts its MkDocs processes while it prepares the briefing (briefing/outputs/site.py
`wait_ready`); each knows its language, so it can load the pickled state its run reads first (the
previous run's page records, the search index's term cache) on a core the preparing leaves idle.
At 10,000 articles that is a third of a second of every language's run taken off the build's path.

A file is used only if it is unchanged since it was loaded (size, times, inode); otherwise, and
for every file not loaded ahead, the reader loads it itself. Each loaded file is used once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

_loaded: dict[str, tuple[tuple[int, ...], Any]] = {}


def _stamp(path: Path) -> tuple[int, ...] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev


def ahead(path: Path, load: Callable[[Path], Any]) -> None:
    """Load `path` with `load` now, for `take` to hand over later (a file that cannot be loaded is left alone)."""
    stamp = _stamp(path)
    if stamp is None:
        return
    try:
        value = load(path)
    except Exception:  # the reader will meet the same problem and deal with it
        log.debug("could not load %s ahead", path, exc_info=True)
        return
    if _stamp(path) == stamp:
        _loaded[os.path.realpath(path)] = (stamp, value)


def take(path: Path, load: Callable[[Path], T]) -> T:
    """What `load(path)` gives: the value loaded ahead if the file is unchanged since, else loaded now."""
    entry = _loaded.pop(os.path.realpath(path), None)
    if entry is not None and entry[0] == _stamp(path):
        return entry[1]
    return load(path)


def forget() -> None:
    """Drop whatever was loaded ahead and not taken."""
    _loaded.clear()
