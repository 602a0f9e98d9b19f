"""Memory tuning for a long build: fewer garbage-collector passes while records are made in bulk,
and freed memory handed back to the system once a heavy phase is over."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
from collections.abc import Iterator


def release_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc), so a long build shrinks."""
    gc.collect()
    libc_name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(libc_name), "malloc_trim", None) if libc_name else None
    if trim is not None:
        trim(0)


GC_THRESHOLDS = (50_000, 50, 100)
"""Cyclic-collector thresholds while a build creates records in bulk (CPython's default: 700, 10, 10)."""


@contextlib.contextmanager
def fewer_gc_passes() -> Iterator[None]:
    """Run CPython's cyclic garbage collector less often for the duration (a build's heavy phases).

    Why: by default it runs every 700 new objects and walks the whole heap every 100 runs, so a
    build that loads thousands of cached records (unpickling the analyses, parsing the translation
    memory) spends much of its time walking objects that are not garbage. Little of what a build
    makes is cyclic; `release_memory` collects it all once the heavy phase is over.
    """
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
