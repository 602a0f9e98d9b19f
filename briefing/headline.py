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
from dataclasses import dataclass
from pathlib import Path

from . import boilerplate, dates, lang
from .logit import Model

_WEIGHTS_FILE = Path(__file__).resolve().parent / "headline.json"
_HEADER_CANDIDATES = 10
_LEAD_CHARS = 1500

_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
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


def candidates(texts: list[str], meta_after: list[bool]) -> list[Candidate]:
    """The candidate headlines among the kept lines `texts` (in order)."""
    body_start = next((i for i, t in enumerate(texts) if boilerplate._units(t) >= 25), len(texts))
    indexes = list(range(min(max(body_start, 1), _HEADER_CANDIDATES)))
    if len(texts) > 2:
        indexes.append(len(texts) - 1)
    keys = [_key(t) for t in texts]
    indexes += [i for i in range(len(texts)) if keys[i] and keys.count(keys[i]) > 1 and i not in indexes][:2]
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


def features(candidate: Candidate, texts: list[str], meta_after: list[bool], language: str) -> dict[str, float]:
    """The evidence that `candidate` is the headline."""
    text, i = candidate.text, candidate.index
    units = boilerplate._units(text)
    data = lang.get(language)
    f: dict[str, float] = {}
    f["first"] = float(i == 0)
    f["rank"] = min(1.0, i / _HEADER_CANDIDATES)
    f["last"] = float(i == len(texts) - 1 and i > 0)
    f["part"] = float(candidate.part)
    f["good_length"] = float(5 <= units <= 25)
    f["too_short"] = float(units < 4)
    f["too_long"] = float(units > 30)
    f["len"] = min(1.0, math.log1p(units) / math.log(40))
    f["period"] = float(text.endswith((".", "。")))
    f["question"] = float(text.endswith(("?", "？")))
    f["colon"] = float(text.endswith((":", "：", ",", "，")))
    f["lead_overlap"] = _lead_overlap(text, texts, i)
    f["title_case"] = boilerplate._title_case(text)
    ratio, known = boilerplate._stop_ratio(text, data)
    f["stop"] = ratio if known else 0.0
    cover, start = boilerplate._phrase_cover(text, data)
    f["phrase"] = cover
    f["domain"] = float(bool(_DOMAIN.search(text)))
    f["date"] = float(bool(dates.find(text, language)))
    f["digits_only"] = float(not re.search(r"[^\W\d_]", text))
    f["meta_after"] = float(meta_after[i]) if i < len(meta_after) else 0.0
    f["repeated"] = float(sum(_key(t) == _key(text) for t in texts) > 1)
    f["menu"] = float(boilerplate._menu_like(text))
    return f


def choose(texts: list[str], meta_after: list[bool], language: str, model: Model | None = None,
           eligible: list[bool] | None = None) -> tuple[Candidate, float] | None:
    """The best candidate and its probability, or None when no candidate is good enough."""
    model = model or default_model()
    best: tuple[Candidate, float] | None = None
    for candidate in candidates(texts, meta_after):
        if eligible is not None and not eligible[candidate.index]:
            continue
        p = model.probability(features(candidate, texts, meta_after, language))
        if best is None or p > best[1]:
            best = (candidate, p)
    return best if best and best[1] >= model.threshold else None


def _lead_overlap(text: str, texts: list[str], index: int) -> float:
    """Share of the candidate's words (CJK: character pairs) that the story below it repeats."""
    # Why story lines only: menus and notices repeat each other, not the story.
    story = [t for j, t in enumerate(texts) if j != index and boilerplate.is_story_line(t)]
    lead = " ".join(story or [t for j, t in enumerate(texts) if j != index])[:_LEAD_CHARS * 2]
    mine = _grams(text)
    return len(mine & _grams(lead)) / len(mine) if mine else 0.0


def _grams(text: str) -> set[str]:
    """Lower-case words of three letters or more, and CJK character pairs."""
    plain = unicodedata.normalize("NFKC", text).casefold()
    grams = set(_WORD.findall(_CJK_CHAR.sub(" ", plain)))
    cjk = _CJK_CHAR.findall(plain)
    grams.update(a + b for a, b in zip(cjk, cjk[1:]))
    return grams


@functools.lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())
