"""Concepts: what an article is about (an earthquake, a ban, a data centre), in any language.

The list (briefing/extract/concepts.yaml) maps a concept id to its spellings in many languages.
Every spelling is folded like `text.normalise` (case, accents, full width), then compiled
into two regexes: Latin spellings that must start a word (a trailing "*" takes any
ending, otherwise only a plural or inflection ending), and Chinese, Japanese and Korean
spellings matched anywhere. One pass over the folded text finds every concept; where it
occurs (headline and lead, or only further down) says how much it counts.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from ..lang import FAST_LOADER, charsets, text

log = logging.getLogger(__name__)

VERSION = 1
LEAD_CHARS = 600
"""The headline plus this many characters of text are the lead: a concept there is what the article is about."""
LEAD_WEIGHT, BODY_WEIGHT = 1.0, 0.5
"""A concept named in the lead counts fully; one met only further down counts half."""
_ENDINGS = frozenset({"", "s", "es", "e", "en", "n", "x", "er"})
_SPACED = charsets.CJK_OR_HANGUL_CHAR


@dataclass(frozen=True)
class Lexicon:
    """Compiled concept spellings: Latin prefixes and whole words, CJK/Hangul substrings."""

    latin: re.Pattern | None
    cjk: re.Pattern | None
    concept_of: dict[str, str]
    """Folded spelling (without "*") → concept id."""
    prefixes: frozenset[str]
    """Folded spellings written with "*": any ending matches."""

    def find(self, folded: str) -> list[tuple[int, str]]:
        """(offset, concept) for every spelling found in `folded` (already `text.normalise`d)."""
        found = []
        if self.latin is not None:
            for m in self.latin.finditer(folded):
                term, ending = m.group(1), m.group(2)
                if term in self.prefixes or ending in _ENDINGS:
                    found.append((m.start(), self.concept_of[term]))
        if self.cjk is not None and _SPACED.search(folded):
            found += [(m.start(), self.concept_of[m.group()]) for m in self.cjk.finditer(folded)]
        return found


def compile_lexicon(spec: dict[str, list[str]]) -> Lexicon:
    """A Lexicon from concept id → spellings (checked: ids are strings, spellings lists of strings)."""
    concept_of: dict[str, str] = {}
    prefixes: set[str] = set()
    for concept, spellings in spec.items():
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise ValueError(f"concepts: {concept!r}: expected a list of spellings")
        for spelling in spellings:
            term = text.normalise(spelling.rstrip("*"))
            if len(term) < 2:
                continue
            concept_of.setdefault(term, str(concept))
            if spelling.endswith("*"):
                prefixes.add(term)
    latin = sorted((t for t in concept_of if not _SPACED.search(t)), key=len, reverse=True)
    cjk = sorted((t for t in concept_of if _SPACED.search(t)), key=len, reverse=True)
    # Why longest first: "data center" is tried before "data", "export control" before "export".
    latin_re = (re.compile(r"(?<![^\W_])(" + "|".join(_spelling(t) for t in latin) + r")([^\W_]*)")
                if latin else None)
    cjk_re = re.compile("|".join(map(re.escape, cjk))) if cjk else None
    return Lexicon(latin_re, cjk_re, concept_of, frozenset(prefixes))


def _spelling(term: str) -> str:
    """A Latin spelling as a regex: its words separated by any run of spaces or hyphens."""
    return r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", term))


@lru_cache(maxsize=1)
def builtin() -> Lexicon:
    """The package's concept list, compiled once."""
    raw = resources.files(__package__).joinpath("concepts.yaml").read_text(encoding="utf-8")
    data = yaml.load(raw, Loader=FAST_LOADER) or {}
    if not isinstance(data, dict):
        raise ValueError("concepts.yaml: expected a mapping of concept ids")
    return compile_lexicon(data)


def weigh(title: str, body: str, lexicon: Lexicon | None = None) -> dict[str, float]:
    """Concept → weight for one text: LEAD_WEIGHT if in the headline or lead, else BODY_WEIGHT."""
    lexicon = lexicon or builtin()
    head = text.normalise(title)
    lead_end = len(head) + 1 + LEAD_CHARS
    folded = f"{head}\n{text.normalise(body)}"
    weights: dict[str, float] = {}
    for offset, concept in lexicon.find(folded):
        weight = LEAD_WEIGHT if offset < lead_end else BODY_WEIGHT
        weights[concept] = max(weights.get(concept, 0.0), weight)
    return weights
