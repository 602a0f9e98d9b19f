"""What was read from each file, by the stamps of the file it was read from: a file as it was is not read again.

A file counts as unchanged when its size, mtime, ctime, inode and device are those recorded when it
was last read, and that reading began at least RECENT seconds after its last change: a write in
the same clock tick as the reading could otherwise leave every stamp as recorded (ctime cannot be
set by hand, so an editor or a copy that keeps mtime still shows). A record is a cache: deleting
it only costs one build reading everything again.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path
from typing import Any

from ..fsutil import write_bytes_atomic
from . import pickled


VERSION = 1
RECENT = 2.0
"""Seconds after a file's last change before its stamps are trusted to show the next change."""

Stamp = tuple[int, int, int, int, int]
Taken = tuple[int, Stamp | None]
"""When a reading began (ns) and the file's stamp then."""


def stamp_of(path: Path) -> Stamp | None:
    try:
        stat = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev


class Seen:
    """A value (a hash of the bytes) by key, with the stamp of the file it was read from; pickled at `path`."""

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, tuple[Stamp, Any]] = {}
        self.fresh: dict[str, tuple[Stamp, Any]] = {}
        if path is None:
            return
        loaded = pickled.read(path)
        if isinstance(loaded, dict) and loaded.get("version") == VERSION:
            self.entries = loaded["entries"]

    def known(self, key: str, path: Path) -> Any | None:
        """The value recorded for `path` if the file is as it was then (kept for the next build); else None."""
        entry = self.entries.get(key)
        if entry is None or stamp_of(path) != entry[0]:
            return None
        self.fresh[key] = entry
        return entry[1]

    @staticmethod
    def taken(path: Path) -> Taken:
        """Call just before reading `path`."""
        return time.time_ns(), stamp_of(path)

    def remember(self, key: str, taken: Taken, value: Any) -> None:
        """Record `value`, read from the file as `taken` before the reading, if the file had settled then."""
        # Why the stamp from before the reading: a change while reading leaves a newer one, read again next time.
        began, was = taken
        if was is not None and began - max(was[1], was[2]) >= RECENT * 1e9:
            self.fresh[key] = (was, value)

    def save(self) -> None:
        """Keep the files seen this run; written only if that differs from what was loaded."""
        if self.path is not None and self.fresh != self.entries:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.path, pickle.dumps({"version": VERSION, "entries": self.fresh},
                                                       protocol=pickle.HIGHEST_PROTOCOL))
