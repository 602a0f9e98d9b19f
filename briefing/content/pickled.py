"""A large pickled cache kept as a base and a small delta: a build that changes a few entries writes only those.

The parse cache of a 10,000-article archive is ~40 MB; writing it again whole after adding one
article cost ~1 s. The base (`<name>.pickle`) holds entries and a random token; the delta
(`<name>-delta.pickle`) holds the entries added since, the keys removed and the small `good`
map, naming the base's token: a delta left by a base that was since replaced is ignored. The base
is written again once the delta would hold more than REBASE of the entries.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fsutil import write_bytes_atomic

log = logging.getLogger(__name__)

REBASE = 0.1
"""Share of the entries a delta may hold before the base is written again."""
MIN_DELTA = 64
"""A delta of up to this many entries never makes the base be written again."""


@dataclass
class Stored:
    """Entries and a `good` map as loaded, with what the base on disk holds."""

    entries: dict[str, Any] = field(default_factory=dict)
    good: dict[str, str] = field(default_factory=dict)
    base_keys: set[str] = field(default_factory=set)
    token: str = ""
    from_delta: set[str] = field(default_factory=set)
    """Keys whose value the delta holds: the base's is not the current one (the next delta must hold it too)."""


def read(path: Path) -> Any | None:
    """The object pickled at `path`; None when there is none or it cannot be read (logged: a damaged
    cache only makes a slower build)."""
    try:
        data = path.read_bytes()
        with _untraced():
            return pickle.loads(data)
    except FileNotFoundError:
        return None
    except Exception:
        log.warning("ignoring unreadable cache %s", path)
        return None


@contextlib.contextmanager
def _untraced() -> Iterator[None]:
    """Unpickle with the cyclic garbage collector paused, then exempt what exists from its passes (`gc.freeze`)
    until `thaw`.

    Why: a cache loads hundreds of thousands of objects that live the whole build, and the collector
    would walk each of them in its young generations, then again in its middle one, without ever
    finding garbage there: ~1 s of an add-one build at 10,000 articles, even with `memory.fewer_gc_passes`.
    Unpickling makes no garbage for it to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def thaw() -> None:
    """Hand what `read` exempted back to the garbage collector (as its oldest objects): at the end of a phase
    that loads caches, so that what it drops is collected as before."""
    gc.unfreeze()


def delta_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-delta{path.suffix}")


def load(path: Path, version: int) -> Stored:
    """What `save` wrote at `path` (empty when missing, of another version, or unreadable)."""
    base = read(path)
    if not (isinstance(base, dict) and base.get("version") == version):
        return Stored()
    stored = Stored(base["entries"], base.get("good", {}), set(base["entries"]), base.get("token", ""))
    delta = _delta(path, version, stored.token)
    if delta is not None:
        stored.entries = {k: v for k, v in stored.entries.items() if k not in delta["removed"]} | delta["added"]
        stored.good = delta["good"]
        stored.from_delta = set(delta["added"])
    return stored


def _delta(path: Path, version: int, token: str) -> dict | None:
    delta = read(delta_path(path))
    if isinstance(delta, dict) and delta.get("version") == version and token and delta.get("base") == token:
        return delta
    return None


def save(path: Path, version: int, stored: Stored, entries: dict[str, Any], good: dict[str, str],
         changed: set[str] = frozenset()) -> None:
    """Keep `entries` and `good` (which replace `stored`): as a delta on the base on disk, or as a new base.

    `changed`: keys whose value differs from the one stored under the same key."""
    again = changed | stored.from_delta
    added = {k: v for k, v in entries.items() if k not in stored.base_keys or k in again}
    removed = stored.base_keys - entries.keys()
    if not stored.token or len(added) + len(removed) > max(MIN_DELTA, REBASE * len(entries)):
        token = os.urandom(12).hex()
        write_bytes_atomic(path, pickle.dumps({"version": version, "token": token, "entries": entries, "good": good},
                                              protocol=pickle.HIGHEST_PROTOCOL))
        delta_path(path).unlink(missing_ok=True)
        stored.entries, stored.good, stored.base_keys, stored.token = entries, good, set(entries), token
        stored.from_delta = set()
        return
    delta = {"version": version, "base": stored.token, "added": added, "removed": removed, "good": good}
    stored.from_delta = set(added)
    write_bytes_atomic(delta_path(path), pickle.dumps(delta, protocol=pickle.HIGHEST_PROTOCOL))
