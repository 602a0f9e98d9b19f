"""Dates written in a line of text, in every common form, with the language's month names.

`find(text, language)` returns every calendar day written in `text`, left to right:

    2025-08-19, 2025/8/19, 2025.09.18     year first (any language)
    2025年7月15日, 2025년 8월 19일         CJK and Korean
    8/19/2025, 19.08.2025, 21-05-2025     day and month in the language's order
                                          (a part above 12 settles it; 05/06/2025 is no date)
    19 août 2025, 1 de septiembre de 2025, 19. August 2025, August 19, 2025, Aug. 19 2025

Digits glued to letters count ("business8/19/2025"), times are ignored, and impossible
days are not dates. Month names come from `briefing/lang/<code>.yaml` (the text's
language first, then every other language's). Every pattern is bounded: no nested repetition.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .. import lang

_MIN_YEAR = 1990

_YMD = re.compile(r"(?<!\d)(\d{4})\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?!\d)")
_CJK_YMD = re.compile(r"(?<!\d)(\d{4})\s?[年년]\s?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]?")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?!\d)")


@dataclass(frozen=True)
class Found:
    """One date in a line: the day and where it was written."""

    day: date
    start: int
    end: int


def find(text: str, language: str = "und") -> list[Found]:
    """Every valid calendar day written in `text`, in order of position."""
    plain = unicodedata.normalize("NFKC", text)
    if len(plain) != len(text):
        text = plain
    data = lang.get(language)
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for pattern, reader in _readers(data.code):
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            day = reader(match, data)
            if day is not None:
                found.append(Found(day, match.start(), match.end()))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def first(text: str, language: str = "und") -> Found | None:
    """The first date written in `text`, or None."""
    days = find(text, language)
    return days[0] if days else None


def make(year: int | str, month: int | str, day: int | str) -> date | None:
    """The date, or None when it is impossible or outside the news era."""
    try:
        result = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return result if _MIN_YEAR <= result.year <= date.today().year + 1 else None


def _readers(code: str) -> list[tuple[re.Pattern, callable]]:
    """(pattern, reader) pairs for `code`: year-first forms, month words, then numeric D/M."""
    words = _word_patterns(code)
    return [(_CJK_YMD, _read_cjk), (_YMD, _read_ymd), *words, (_NUMERIC, _read_numeric)]


def _read_cjk(match: re.Match, data: lang.LangData) -> date | None:
    return make(match[1], match[2], match[3])


def _read_ymd(match: re.Match, data: lang.LangData) -> date | None:
    return make(match[1], match[3], match[4])


def _read_numeric(match: re.Match, data: lang.LangData) -> date | None:
    """D/M/Y or M/D/Y: a part above 12 decides; dots and dashes are day first; 05/06 is no date."""
    a, b, year = int(match[1]), int(match[3]), match[4]
    if a > 12 >= b:
        return make(year, b, a)
    if b > 12 >= a:
        return make(year, a, b)
    # Why no guess for slashes: English writes both orders (US and UK) and one wrong day
    # misdates a story; dotted and dashed dates are day-first wherever they are written.
    return make(year, b, a) if match[2] != "/" else None


@functools.lru_cache(maxsize=64)
def _word_patterns(code: str) -> list[tuple[re.Pattern, callable]]:
    """Day-month-year and month-day-year with month names of `code` (all languages if unknown)."""
    # Why every language's months: a story's date line is often in another language than
    # a short text's vote, and a month name between a day and a year is rarely anything else.
    lookup = dict(lang.all_months())
    lookup.update(dict(lang.get(code).months))
    months = sorted(lookup.items(), key=lambda kv: -len(kv[0]))
    names = "|".join(re.escape(name) for name, _ in months)
    # Why the optional pieces: "1er", "19.", "1º", "de", commas and weekday-free forms.
    dmy = re.compile(
        rf"(?<![\d\w])(\d{{1,2}})(?:er|º|°|\.|st|nd|rd|th)?\s{{0,2}}(?:de\s)?({names})(?![^\W\d_])\.?,?\s{{0,2}}(?:del?\s)?(\d{{4}})(?!\d)",
        re.IGNORECASE)
    mdy = re.compile(
        rf"(?<![^\W\d_])({names})(?![^\W\d_])\.?\s{{0,2}}(\d{{1,2}})(?:st|nd|rd|th)?,?\s{{0,2}}(\d{{4}})(?!\d)",
        re.IGNORECASE)

    def read_dmy(match: re.Match, data: lang.LangData) -> date | None:
        return make(match[3], lookup[match[2].lower()], match[1])

    def read_mdy(match: re.Match, data: lang.LangData) -> date | None:
        return make(match[3], lookup[match[1].lower()], match[2])

    return [(dmy, read_dmy), (mdy, read_mdy)]
