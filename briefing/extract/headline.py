"""The headline, chosen from candidates by a fitted model.

Every plausible line is a candidate: the lines above the story (the header zone), the
last line (some pages print the headline at the end), a line printed twice, and the
parts of a line that joins a headline to a site name or a breadcrumb ("Accueil »
Headline", "Headline | Outlet"). Each gets a probability of being the headline from
evidence that holds across outlets and languages: its length and final punctuation,
how much of its vocabulary the story's lead repeats (a site name or a menu shares
none), boilerplate phrases, addresses and dates in it, its place, a metadata line
right after it. The best candidate above the threshold wins; with none, the cleaner
writes a title from the lead. Weights come from `scripts/fit_clean.py` (`headline.json`).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import lang
from . import boilerplate, dates
from ..lang import charsets
from .logit import Model

_WEIGHTS_FILE = Path(__file__).resolve().parent / "headline.json"
_HEADER_CANDIDATES = 10
_LEAD_CHARS = 1500
_ABOUT_THE_STORY = 0.3
"""Share of a candidate's words the lead repeats for it to be about the story."""

_CJK_CHAR = charsets.CJK_OR_HANGUL_CHAR
_WORD = re.compile(r"[^\W\d_]{3,40}|\d{2,12}")
_SPLIT = re.compile(r"\s[|»›>·•]\s|\s[-–—]\s|\s?[|｜]\s?")
_PHOTO_MARK = re.compile(r"^【[^】]{1,10}】\s?")
_DOMAIN = re.compile(r"\b[\w-]{2,30}\.(?:com|net|org|fr|de|es|it|pt|br|jp|cn|kr|tw|hk|co|io|ai|news|info)\b|logo",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """A possible headline: the line it comes from and the text it would give."""

    index: int
    text: str
    part: bool
    """True when the text is one part of a longer line (the rest is a site name or a path)."""


@functools.lru_cache(maxsize=1)
def default_model() -> Model:
    """The fitted model shipped with the package."""
    return Model.load(_WEIGHTS_FILE)


@dataclass
class Page:
    """The kept lines of one article, with what every candidate's evidence needs, computed once."""

    texts: list[str]
    meta_after: list[bool]
    language: str
    keys: list[str] = field(init=False)
    counts: Counter = field(init=False)
    lead_lines: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.keys = [_key(t) for t in self.texts]
        self.counts = Counter(self.keys)
        # Why story lines only: menus and notices repeat each other, not the story. The first
        # few story lines are the lead; a line is left out of its own comparison below.
        self.lead_lines = _lead_lines(self.texts)


def candidates(page: Page) -> list[Candidate]:
    """The candidate headlines among the kept lines of `page` (in order)."""
    texts = page.texts
    body_start = next((i for i, t in enumerate(texts[:_HEADER_CANDIDATES]) if boilerplate._units(t) >= 25),
                      min(len(texts), _HEADER_CANDIDATES))
    indexes = list(range(min(max(body_start, 1), _HEADER_CANDIDATES)))
    if len(texts) > 2:
        indexes.append(len(texts) - 1)
    repeats = [i for i, key in enumerate(page.keys) if key and page.counts[key] > 1 and i not in indexes]
    indexes += repeats[:2]
    found: list[Candidate] = []
    for i in dict.fromkeys(indexes):
        text = _PHOTO_MARK.sub("", texts[i]).strip()
        if not text or len(text) > 300:
            continue
        found.append(Candidate(i, text, text != texts[i].strip()))
        parts = [p.strip() for p in _SPLIT.split(text) if p.strip()]
        if len(parts) > 1:
            longest = max(parts, key=len)
            found.append(Candidate(i, longest, True))
    return found


def features(candidate: Candidate, page: Page) -> dict[str, float]:
    """The evidence that `candidate` is the headline."""
    text, i = candidate.text, candidate.index
    units = boilerplate._units(text)
    data = lang.get(page.language)
    f: dict[str, float] = {}
    f["first"] = float(i == 0)
    f["rank"] = min(1.0, i / _HEADER_CANDIDATES)
    f["last"] = float(i == len(page.texts) - 1 and i > 0)
    f["part"] = float(candidate.part)
    f["good_length"] = float(5 <= units <= 25)
    f["too_short"] = float(units < 4)
    f["too_long"] = float(units > 30)
    f["len"] = min(1.0, math.log1p(units) / math.log(40))
    f["period"] = float(text.endswith((".", "。")))
    f["question"] = float(text.endswith(("?", "？")))
    f["colon"] = float(text.endswith((":", "：", ",", "，")))
    f["lead_overlap"] = _lead_overlap(text, page, i)
    f["title_case"] = boilerplate._title_case(text)
    ratio, known = boilerplate._stop_ratio(text, data)
    f["stop"] = ratio if known else 0.0
    cover, start = boilerplate._phrase_cover(text, data)
    f["phrase"] = cover
    f["domain"] = float(bool(_DOMAIN.search(text)))
    f["date"] = float(bool(dates.find(text, page.language)))
    f["digits_only"] = float(not re.search(r"[^\W\d_]", text))
    f["meta_after"] = float(page.meta_after[i]) if i < len(page.meta_after) else 0.0
    f["repeated"] = float(page.counts[_key(text)] > 1)
    f["menu"] = float(boilerplate._menu_like(text) and (not known or ratio == 0.0))
    return f


def choose(page: Page, model: Model | None = None,
           eligible: list[bool] | None = None) -> tuple[Candidate, float] | None:
    """The best candidate and its probability, or None when no candidate is good enough."""
    model = model or default_model()
    scored = []
    for candidate in candidates(page):
        if eligible is not None and not eligible[candidate.index]:
            continue
        found = features(candidate, page)
        scored.append((model.probability(found), found["lead_overlap"], candidate))
    good = [s for s in scored if s[0] >= model.threshold]
    if not good:
        return None
    # Why: a headline is about the story below it. When the likeliest line shares no word with
    # the lead ("Home News World Business") and another good one does, that one is the headline.
    best = max(good, key=lambda s: s[0])
    about = [s for s in good if s[1] >= _ABOUT_THE_STORY]
    if best[1] == 0 and about:
        best = max(about, key=lambda s: s[0])
    return best[2], best[0]


def _lead_lines(texts: list[str]) -> list[int]:
    """Indexes of the first story lines, about two leads' worth (any first lines when none is story)."""
    chosen, size = [], 0
    for i, text in enumerate(texts):
        if boilerplate.is_story_line(text):
            chosen.append(i)
            size += len(text)
            if size >= _LEAD_CHARS * 2:
                break
    if chosen:
        return chosen
    return list(range(min(len(texts), 20)))


def _lead_overlap(text: str, page: Page, index: int) -> float:
    """Share of the candidate's words (CJK: character pairs) that the story below it repeats."""
    lead = " ".join(page.texts[j] for j in page.lead_lines if j != index)[:_LEAD_CHARS * 2]
    mine = _grams(text)
    return len(mine & _grams(lead)) / len(mine) if mine else 0.0


def _grams(text: str) -> set[str]:
    """Lower-case words of three letters or more, and CJK character pairs."""
    plain = unicodedata.normalize("NFKC", text).casefold()
    grams = set(_WORD.findall(_CJK_CHAR.sub(" ", plain)))
    cjk = _CJK_CHAR.findall(plain)
    grams.update(a + b for a, b in zip(cjk, cjk[1:]))
    return grams


_key = boilerplate._key
