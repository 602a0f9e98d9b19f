"""The inbox scan: each raw input's key, and its sha256 without reading it again when the file is as last seen.

Reading and hashing every raw input was ~1.5 s of an add-one build at 10,000 articles; when a file
counts as unchanged is in briefing/content/seen.py.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..content import seen
from . import ingest


class Seen(seen.Seen):
    """The sha256 of each raw input by key, with the stamp of the file it was read from."""

    def read(self, key: str, path: Path, root: Path) -> tuple[bytes, str]:
        """The bytes and sha256 of `path`, read now (`ingest.read_bytes`, its errors), recorded when settled."""
        taken = self.taken(path)
        data = ingest.read_bytes(path, root)
        sha = ingest.sha256_of(data)
        self.remember(key, taken, sha)
        return data, sha


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
