"""The exceptions briefing raises on purpose. The CLI catches only these.

    BriefingError            anything briefing reports to the user
    ├── ConfigError          mkdocs.yml (extra.briefing) is invalid; lists every bad key
    ├── InputError           a raw input or content file cannot be read or parsed
    └── StageError           a pipeline stage failed on one article
"""

from __future__ import annotations

from pathlib import Path

MAX_REASON = 300
"""Longest reason an error carries: a message never echoes more than a short excerpt of a value."""


def excerpt(value: object, limit: int = 60) -> str:
    """A short, one-line excerpt of `value` for a message (its repr, cut with '…')."""
    if isinstance(value, (dict, list, tuple, set)):
        # Why not repr: a container may be huge, or share its parts (a YAML alias bomb).
        text = f"a {'mapping' if isinstance(value, dict) else 'list'} of {len(value)}"
    elif isinstance(value, (str, bytes)):
        text = repr(value[: 2 * limit])
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(reason: str) -> str:
    """`reason` cut to MAX_REASON characters on one line."""
    reason = " ".join(reason.splitlines()) if "\n" in reason else reason
    return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"


class BriefingError(Exception):
    """Base class for every error briefing reports to the user."""


class ConfigError(BriefingError):
    """The configuration is invalid; the message lists every problem with its dotted path."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Invalid configuration in {self.path}:\n{lines}")


class InputError(BriefingError):
    """A raw input or a content file cannot be used. Names the file (and line, when known)."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None):
        self.path = str(path)
        self.reason = reason = _short(reason)
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class StageError(BriefingError):
    """A pipeline stage failed on one article. Names the stage, the article and its file."""

    def __init__(self, stage: str, path: Path | str, reason: str, slug: str | None = None):
        self.stage = stage
        self.path = str(path)
        self.reason = reason = _short(reason)
        name = f"'{slug}' ({self.path})" if slug else self.path
        super().__init__(f"Error {stage} {name}: {reason}")
