"""The translation pass, offline, skips the files it would leave as they are: it gives their report lines again.

Offline, what the pass does to a file depends only on the file's bytes, the site languages, the
provider settings, the translation memory and the code: a file the last offline pass left
unchanged, under the same of all these, is left unchanged again with the same report lines
(pending, outdated). Going over 10,000 files with pending translations cost ~1 s of an add-one
build. Online, a pending translation may now be made, so every file is gone over.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from ..content import pickled
from ..content.seen import stamp_of
from ..fsutil import write_bytes_atomic
from . import translate


VERSION = 1

Lines = tuple[list[str], list[str]]
"""A file's report lines: pending, outdated."""


def context(settings: translate.Settings, languages: list[str], memory: Path, offline: bool) -> str | None:
    """A hash of everything besides a file that the offline pass reads; None online (nothing is skipped)."""
    if not offline:
        return None
    digest = hashlib.sha256(repr((VERSION, settings, languages, stamp_of(memory))).encode("utf-8"))
    for source in (Path(translate.__file__), Path(__file__).parent.parent / "pipeline.py"):
        digest.update(source.read_bytes())
    return digest.hexdigest()


class Unchanged:
    """The files the last offline pass left as they were, by (name, hash of bytes), with their report lines."""

    def __init__(self, path: Path, context_: str | None):
        self.path, self.context = path, context_
        self.files: dict[tuple[str, str], Lines] = {}
        self.fresh: dict[tuple[str, str], Lines] = {}
        if context_ is None:
            return
        loaded = pickled.read(path)
        if isinstance(loaded, dict) and loaded.get("context") == context_:
            self.files = loaded["files"]

    def get(self, name: str, key: str | None) -> Lines | None:
        """The report lines of a file the pass can skip (kept for the next build); None to go over it."""
        lines = self.files.get((name, key)) if key else None
        if lines is not None:
            self.fresh[(name, key)] = lines
        return lines

    def put(self, name: str, key: str | None, lines: Lines) -> None:
        """A file the pass went over and left as it was, with its report lines."""
        if key and self.context is not None:
            self.fresh[(name, key)] = lines

    def save(self) -> None:
        if self.context is not None and self.fresh != self.files:
            write_bytes_atomic(self.path, pickle.dumps({"context": self.context, "files": self.fresh},
                                                       protocol=pickle.HIGHEST_PROTOCOL))
