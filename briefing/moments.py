"""Points in time as content files record them: the clock, and dates that may carry a time and an offset.

`now()` honours SOURCE_DATE_EPOCH (the reproducible-builds convention), so a build that stamps
`provenance.added` gives the same files, and the same editions, run after run.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime, timezone

log = logging.getLogger(__name__)


def now() -> datetime:
    """The current time in UTC, or SOURCE_DATE_EPOCH's when it is set (a whole number of seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), timezone.utc)
        except (ValueError, OverflowError, OSError):
            log.warning("SOURCE_DATE_EPOCH=%r is not a number of seconds; using the clock", epoch)
    return datetime.now(timezone.utc).replace(microsecond=0)


def stamp(moment: datetime) -> str:
    """A UTC time as written into provenance: '2026-11-23T08:28:10Z'."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(value: object) -> datetime | None:
    """A front-matter value that gives a time of day ('2025-09-01T23:30:00+09:00', a YAML timestamp), else None.

    A bare date has no time: it gives None (its day is the article's `published`). A time without an
    offset stays naive: it is read as written, in the briefing's own zone."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date) or not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) <= 10:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
