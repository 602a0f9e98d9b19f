"""Days an article's text names ("April 19", "19 avril 2025", "4月19日", "7월 30일", "2025-07-30").

Reports of one event name the day it happened, whatever their language, so a shared day is
evidence for the story stage; and an undated article whose named days all lie far from another
article's date is most likely about another event. Only explicit days count: "on Saturday" or "yesterday"
name no day without the publication date, and a bare month or year is too vague.
"""

from __future__ import annotations

import logging
import re
from datetime import date

from .. import lang
from ..lang import text

log = logging.getLogger(__name__)

VERSION = 2

MONTHS = {text.fold(name): number for name, number in lang.all_months()}
"""Folded month names and abbreviations of every language with a data file → month number."""
_MONTH = r"[A-Za-z]{3,9}"  # any word, then looked up in MONTHS: far faster than an alternation of names
_LOWERCASE_WORDS = frozenset({"may", "mar", "set", "out", "ago", "gen"})
"""Month names that are also common words: a month only when capitalised ("May 5", not "may 5 firms")."""
_YEAR = r"((?:19|20)\d\d)"
_PATTERNS = (
    # 2025-07-30, 2025/07/30, 2025.07.30
    ("ymd", re.compile(rf"(?<!\d){_YEAR}[-/.](\d{{1,2}})[-/.](\d{{1,2}})(?!\d)")),
    # 30.07.2025 (day first, as everywhere the dot is used)
    ("dmy", re.compile(rf"(?<![\d.])(\d{{1,2}})\.(\d{{1,2}})\.{_YEAR}(?!\d)")),
    # 2025年7月30日, 7月30日, 7月30号
    ("ymd", re.compile(rf"(?:{_YEAR}\s*年\s*)?(\d{{1,2}})\s*月\s*(\d{{1,2}})\s*[日号號]")),
    # 2025년 7월 30일, 7월 30일
    ("ymd", re.compile(rf"(?:{_YEAR}\s*년\s*)?(\d{{1,2}})\s*월\s*(\d{{1,2}})\s*일")),
    # April 19, 2025 / April 19th / Apr. 19
    ("mdy", re.compile(rf"(?<![^\W\d_])({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+{_YEAR})?")),
    # 19 avril 2025 / 19. April / 1er septembre / 19 de abril de 2025
    ("dmy", re.compile(rf"(?<![\d.])(\d{{1,2}})(?:er|o|º|°)?\.?\s+(?:de\s+)?({_MONTH})(?![^\W\d_])\.?"
                       rf"(?:\s+(?:de\s+)?{_YEAR})?")),
)


def mentioned(body: str, title: str = "") -> list[tuple[int | None, int, int]]:
    """(year or None, month, day) for every explicit day in the title and text, in text order."""
    folded = text.fold(f"{title}\n{body}")
    found: list[tuple[int, tuple[int | None, int, int]]] = []
    for shape, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if any(g in _LOWERCASE_WORDS for g in m.groups()):
                continue
            day = _read(shape, tuple(g.lower() if g else g for g in m.groups()))
            if day is not None:
                found.append((m.start(), day))
    return [day for _, day in sorted(found)]


def _read(shape: str, groups: tuple) -> tuple[int | None, int, int] | None:
    """The (year, month, day) a match names, or None when it is no real day."""
    if shape == "ymd":
        year, month, day = groups
        month = int(month)
    elif shape == "mdy":
        name, day, year = groups
        month = MONTHS.get(name, 0)
    else:
        day, month, year = groups
        month = int(month) if month.isdigit() else MONTHS.get(month, 0)
    year = int(year) if year else None
    try:  # month 0 (a word that is no month) fails here too
        date(year or 2000, month, int(day))  # 2000 is a leap year: 29 February stays possible
    except ValueError:
        return None
    return year, month, int(day)
