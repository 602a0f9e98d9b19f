"""The inbox scan: each raw input's key, and its sha256 without reading it again when the file is as last seen.

Reading and hashing every raw input was ~1.5 s of an add-one build at 10,000 articles. A file is
taken as unchanged when its size, mtime, ctime, inode and device are those recorded when it was last
read, and that reading came at least RECENT seconds after its last change: a write within the
same clock tick as the reading could otherwise leave every stamp as recorded (ctime cannot be set
by hand, so an editor or a copy that keeps mtime still shows). The record is a cache: deleting it
only costs one build reading everything.
"""

from __future__ import annotations

import logging
import os
import pickle
import time
from pathlib import Path

from ..fsutil import write_bytes_atomic
from . import ingest

log = logging.getLogger(__name__)

VERSION = 1
RECENT = 2.0
"""Seconds after a file's last change before its stamps are trusted to show the next change."""

Stamp = tuple[int, int, int, int, int]


def stamp(stat: os.stat_result) -> Stamp:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev


class Seen:
    """The sha256 of each raw input by key, with the stamp of the file it was read from."""

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, tuple[Stamp, str]] = {}
        self.fresh: dict[str, tuple[Stamp, str]] = {}
        if path is None:
            return
        try:
            loaded = pickle.loads(path.read_bytes())
            if isinstance(loaded, dict) and loaded.get("version") == VERSION:
                self.entries = loaded["entries"]
        except FileNotFoundError:
            pass
        except Exception:  # a damaged record is only a slower build
            log.warning("ignoring unreadable cache %s", path)

    def known(self, key: str, path: Path) -> str | None:
        """The sha256 of `path` if it is as it was when last read (kept for the next build); else None."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            now = stamp(os.stat(path, follow_symlinks=False))
        except OSError:
            return None
        if now != entry[0]:
            return None
        self.fresh[key] = entry
        return entry[1]

    def read(self, key: str, path: Path, root: Path) -> tuple[bytes, str]:
        """The bytes and sha256 of `path`, read now (`ingest.read_bytes`, its errors), recorded when settled."""
        before = time.time_ns()
        try:
            was = stamp(os.stat(path, follow_symlinks=False))
        except OSError:
            was = None
        data = ingest.read_bytes(path, root)
        sha = ingest.sha256_of(data)
        # Why the stamp from before the reading: a change while reading leaves a newer one, read again next time.
        if was is not None and before - max(was[1], was[2]) >= RECENT * 1e9:
            self.fresh[key] = (was, sha)
        return data, sha

    def save(self) -> None:
        """Keep the inputs seen this run; written only if that differs from what was loaded."""
        if self.path is not None and self.fresh != self.entries:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.path, pickle.dumps({"version": VERSION, "entries": self.fresh},
                                                       protocol=pickle.HIGHEST_PROTOCOL))


def keys(paths: list[Path], inbox: Path, root: Path) -> list[str]:
    """`ingest.relative(path, root).as_posix()` of each path found in `inbox` by `ingest.discover`, resolving
    the inbox once rather than every path (discover never follows a link, so only the inbox can be one)."""
    base = ingest.relative(inbox, root)
    if base.is_absolute():  # outside the project: the slow way, as before
        return [ingest.relative(path, root).as_posix() for path in paths]
    prefix = "" if base == Path(".") else base.as_posix() + "/"
    start = len(str(inbox)) + 1
    found = []
    for path in paths:
        text = str(path)
        found.append(prefix + text[start:].replace(os.sep, "/") if text.startswith(str(inbox) + os.sep)
                     else ingest.relative(path, root).as_posix())
    return found
