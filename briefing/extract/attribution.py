"""Whose figure is it: the name a key figure belongs to in its sentence, or none.

Approach
    No parser: the sentence is cut into clauses at hard punctuation (; : — ( )) and at the
    words that open a subordinate or relative clause ("that", "which", "while", "qui",
    "dass", ", der" …, per language). A figure belongs to the subject of its own clause:
    the leftmost name before it that no preposition governs ("in China", "selon Reuters"
    are not subjects; "shares of Alibaba" is). Inside its clause, comma-separated pieces
    are searched from the figure's own piece backwards, so "In February, Alibaba said …"
    and "Alibaba, the Chinese giant, said …" both find Alibaba. Before that:

    * "A and B rose 15% and 10%, respectively": the i-th figure goes to the i-th name;
    * a possessive right before the figure ("China's $98 billion") names its owner;
    * a relative clause between commas (", which …,", ", an dem …,") is an aside: it is
      skipped when looking for the subject of the clause around it, and a figure inside
      it belongs to the name just before the comma ("Nvidia, which is worth $4 trillion");
    * a clause opened by "that"/"que"/"dass" whose subject is a pronoun ("said that it
      would spend") takes the subject of the clause it depends on;
    * an opening phrase without a name ("Aiming for a $50 billion target, Alibaba …")
      belongs to the name that starts the main clause.

    A clause whose subject is not a name ("worldwide investment will reach $4 trillion")
    gives none: a figure is never credited to a name merely nearby.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass

from . import companies
from .entities import Mention

log = logging.getLogger(__name__)

VERSION = 1

_HARD = re.compile(r"\s*(?:[;:()\[\]]|\s[—–-]\s|—|–(?=\s))\s*")
"""Punctuation that always ends a clause (a dash only as an aside marker, not inside a word)."""

# Words that open a subordinate clause. "rel" words open a relative clause (an aside when between commas).
_SUBORDINATORS = {
    "en": "that|because|although|though|whereas|while|when|where|if|unless|until|but|since",
    "fr": "que|qu'|lorsque|puisque|quand|tandis que|alors que|parce que|bien que|mais|car|si",
    "es": "que|mientras|cuando|porque|aunque|pero|donde|si",
    "de": "dass|weil|während|nachdem|obwohl|als|wenn|ob|aber|sondern|wobei",
    "it": "che|mentre|quando|perché|sebbene|ma|dove|se",
    "pt": "que|enquanto|quando|porque|embora|mas|onde|se",
}
_RELATIVES = {
    "en": "which|who|whom|whose",
    "fr": "qui|dont|lequel|laquelle|lesquels|lesquelles|où",
    "es": "quien|quienes|cuyo|cuya|cuyos|cuyas|el cual|la cual|los cuales|las cuales",
    "de": "der|die|das|dem|den|deren|dessen|welche|welcher|welches|welchem|welchen",
    "it": "cui|il quale|la quale|i quali|le quali",
    "pt": "quem|cujo|cuja|cujos|cujas|o qual|a qual",
}
# Words that start a clause only before a determiner, a pronoun or a name ("as Alibaba's shares soared",
# not "such as" or "as much as").
_CONDITIONAL = {"en": "as|after|before", "fr": "après|avant", "de": "da", "es": "tras", "pt": "após"}
_DETERMINERS = {
    "en": "the|a|an|its|their|his|her|this|these|those|our",
    "fr": "le|la|les|l'|un|une|des|du|son|sa|ses|leur|leurs|ce|cette|ces",
    "es": "el|la|los|las|un|una|su|sus|este|esta|estos|estas",
    "de": "der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|sein|seine|ihr|ihre",
    "it": "il|lo|la|i|gli|le|l'|un|uno|una|suo|sua|suoi|sue",
    "pt": "o|a|os|as|um|uma|seu|sua|seus|suas",
}
_PRONOUNS = {
    "en": "it|they|he|she|we",
    "fr": "il|elle|ils|elles|on",
    "es": "él|ella|ellos|ellas",
    "de": "er|sie|es|man",
    "it": "esso|essa|essi|esse|lui|lei|loro",
    "pt": "ele|ela|eles|elas",
}
_PREPOSITIONS = {
    "en": "in|at|on|from|to|into|onto|with|by|for|against|over|under|across|than|like|including|via|versus|vs|"
          "between|among|about|amid|despite|toward|towards|through|without|within|near|beyond|per|behind|"
          "around|after|before|since|during|according to|such as|unlike|besides",
    "fr": "à|au|aux|en|dans|pour|par|avec|sur|sous|chez|vers|contre|entre|selon|depuis|pendant|sans|face à|"
          "comme|auprès de|après|avant|malgré|parmi|hors",
    "es": "en|a|al|con|por|para|desde|hacia|contra|entre|según|sobre|sin|tras|como|durante|ante",
    "de": "in|im|an|am|auf|aus|bei|beim|mit|nach|zu|zum|zur|für|gegen|über|unter|vor|durch|laut|seit|ohne|um|"
          "gegenüber|zwischen|wie|während",
    "it": "a|al|allo|alla|ai|agli|alle|in|nel|nello|nella|nei|negli|nelle|con|per|su|sul|sulla|tra|fra|verso|"
          "contro|secondo|da|dal|dalla|dai|come|durante",
    "pt": "em|no|na|nos|nas|a|ao|aos|com|por|pelo|pela|pelos|pelas|para|sobre|entre|contra|segundo|desde|"
          "como|durante",
}
_RESPECTIVELY = {"en": "respectively", "fr": "respectivement", "es": "respectivamente", "de": "beziehungsweise|jeweils",
                 "it": "rispettivamente", "pt": "respectivamente|respetivamente"}
_AND = {"en": "and|as well as", "fr": "et", "es": "y|e", "de": "und", "it": "e|ed", "pt": "e"}
_LEADING = {
    # How an opening phrase starts when its subject is the main clause's: a participle, an adverb or a preposition.
    "en": r"[^\W\d_]+(?:ing|ed|ly)|" + _PREPOSITIONS["en"],
    "fr": r"[^\W\d_]+ant|" + _PREPOSITIONS["fr"],
    "es": r"[^\W\d_]+(?:ando|iendo)|" + _PREPOSITIONS["es"],
    "de": _PREPOSITIONS["de"],
    "it": r"[^\W\d_]+(?:ando|endo)|" + _PREPOSITIONS["it"],
    "pt": r"[^\W\d_]+(?:ando|endo|indo)|" + _PREPOSITIONS["pt"],
}
_COMPANY_SUFFIX = companies.BARE
_GENITIVES = frozenset("of de d' du des von vom der di del della do da dos das".split())
"""Words a list of names may repeat between its items ("de Baidu et de Xiaomi")."""
_POSSESSIVE_GAP = re.compile(r"['’]s?\s*$")
_CJK_COMMA = re.compile("[，、,]")
_CJK_HARD = re.compile("[；;：:（）()]")


@dataclass(frozen=True)
class _Grammar:
    """One language's clause words, compiled."""

    clause_start: re.Pattern
    """A word that opens a clause here (subordinator, relative pronoun, or conditional word before a noun)."""
    prepositions: frozenset[str]
    """Words that govern a name after them (the last word of "according to", "face à")."""
    joiners: frozenset[str]
    """Words that may stand between a preposition and its name: determiners and "and"/"or"."""
    pronoun_after: re.Pattern
    """A subject pronoun ("that it would …"): the clause's subject is the one it depends on."""
    noun_after: re.Pattern
    """A pronoun or determiner: what makes "as"/"after" open a clause rather than a phrase."""
    coordinator_start: re.Pattern
    respectively: re.Pattern
    coordination: re.Pattern
    leading: re.Pattern


_WALK = 6
"""How many comma pieces, clauses or names a lookup walks past: keeps a pathological sentence linear."""


def subjects(sentence: str, spans: list[tuple[int, int]], mentions: list[Mention],
             language: str) -> list[Mention | None]:
    """The subject name of each figure span of one sentence (spans in text order), or None."""
    lang = (language or "en").split("-")[0].lower()
    starts = [start for start, _ in spans]
    names = [m for m in sorted(mentions, key=lambda m: m.start) if _usable(m, spans, starts)]
    if lang in ("zh", "ja", "ko"):
        return [_cjk_subject(sentence, span, names) for span in spans]
    s = _Sentence(sentence, names, _grammar(lang if lang in _PREPOSITIONS else "en"))
    assigned = _respectively(s, spans)
    return [assigned[i] if i in assigned else (_possessor(s, span) or _clause_subject(s, span))
            for i, span in enumerate(spans)]


def _usable(m: Mention, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """A name that can be a subject: not part of a figure ("Milliarden Dollar"), not a bare company suffix."""
    if _COMPANY_SUFFIX.match(m.surface.strip()):
        return False
    i = bisect.bisect_left(starts, m.end)
    return not (i and spans[i - 1][1] > m.start)


# --- clauses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Clause:
    """A stretch of the sentence and how it relates to the clause before it."""

    start: int
    end: int
    kind: str
    """main, sub (opened by a subordinator), rel (a relative clause after a comma), resume (the clause a
    relative clause interrupted, after its closing comma), aside (in brackets or between dashes)."""
    opener_end: int
    """Where the clause's own words start (after its opening word or mark)."""


class _Sentence:
    """One sentence with its names, clauses, commas and brackets indexed for lookups by offset."""

    def __init__(self, text: str, names: list[Mention], g: _Grammar):
        self.text, self.names, self.g = text, names, g
        self.starts = [m.start for m in names]
        self.ends = [m.end for m in names]
        self.commas = [m.start() for m in re.finditer(r",\s", text)]
        self.opens = [i for i, ch in enumerate(text) if ch == "("]
        self.closes = [i for i, ch in enumerate(text) if ch == ")"]
        self.clauses = _clauses(text, g, set(self.starts))
        self.clause_starts = [c.start for c in self.clauses]

    def names_in(self, lo: int, hi: int) -> list[Mention]:
        """The first few names lying inside [lo, hi)."""
        i = bisect.bisect_left(self.starts, lo)
        return [m for m in self.names[i:i + _WALK] if m.end <= hi]

    def pieces(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The last few comma pieces of [lo, hi), last first."""
        first, last = bisect.bisect_left(self.commas, lo), bisect.bisect_left(self.commas, hi)
        keep = max(first, last - _WALK)
        cuts = self.commas[keep:last]
        starts = [lo if keep == first else self.commas[keep - 1] + 2] + [c + 2 for c in cuts]
        return list(zip(starts, cuts + [hi]))[::-1]

    def bracketed(self, m: Mention) -> bool:
        return bisect.bisect_left(self.opens, m.start) > bisect.bisect_left(self.closes, m.start)


def _clauses(sentence: str, g: _Grammar, name_starts: set[int]) -> list[_Clause]:
    """The sentence cut into clauses, in order, covering it."""
    cuts = _hard_cuts(sentence)
    for m in g.clause_start.finditer(sentence):
        if m.group("cond") and not (m.end() in name_starts or g.noun_after.match(sentence, m.end())):
            continue
        if not m.group("rel"):
            cuts.append((m.start(), m.end(), "sub"))
            continue
        cuts.append((m.start(), m.end(), "rel"))
        # Why: a relative clause between commas is an aside; the clause it interrupts resumes after it.
        close = sentence.find(", ", m.end())
        if close >= 0:
            cuts.append((close, close + 2, "resume"))
    cuts.sort()
    clauses = []
    pos, kind, opener = 0, "main", 0
    for start, end, cut in cuts:
        if start < pos:
            continue
        clauses.append(_Clause(pos, start, kind, opener))
        pos, kind, opener = start, cut, end
    clauses.append(_Clause(pos, len(sentence), kind, opener))
    return [c for c in clauses if c.end > c.start]


def _hard_cuts(sentence: str) -> list[tuple[int, int, str]]:
    """Cuts at ; : and brackets and dashes: what a bracket or a pair of dashes encloses is an aside, after
    which the interrupted clause resumes."""
    cuts = []
    dashes = 0
    for m in _HARD.finditer(sentence):
        mark = m.group().strip()
        if mark in "([":
            kind = "aside"
        elif mark in ")]":
            kind = "resume"
        elif mark in "—–-":
            dashes += 1
            kind = "aside" if dashes % 2 else "resume"
        else:
            kind = "main"
        cuts.append((m.start(), m.end(), kind))
    return cuts


def _clause_subject(s: _Sentence, span: tuple[int, int]) -> Mention | None:
    """The subject of the figure's clause, following asides, pronouns and opening phrases."""
    index = max(0, bisect.bisect_right(s.clause_starts, span[0]) - 1)
    clause = s.clauses[index]
    found = _subject_in(s, clause.opener_end, span[0])
    if found:
        return found
    if clause.kind == "rel":
        return _antecedent(s, clause)
    if clause.kind == "resume" or (clause.kind == "sub" and s.g.pronoun_after.match(s.text, clause.opener_end)):
        return _earlier_subject(s, index)
    if clause.kind == "main":
        return _after_opening_phrase(s, clause, span)
    return None


def _subject_in(s: _Sentence, start: int, end: int) -> Mention | None:
    """Leftmost name no preposition governs in [start, end), searching comma pieces from the last one back.

    A piece opened by "and"/"et" … starts a clause of its own: the search does not go back past it."""
    for lo, hi in s.pieces(start, end):
        for m in s.names_in(lo, hi):
            if not _governed(s, m, lo) and not s.bracketed(m):
                return m
        if s.g.coordinator_start.match(s.text, lo):
            return None
    return None


def _governed(s: _Sentence, m: Mention, floor: int) -> bool:
    """Whether a preposition governs the name: only determiners, "and"/"or" and other names between them
    ("in Hong Kong", "between China and the US")."""
    words = _WORDS.findall(s.text[max(floor, m.start - 80):m.start])
    for word in reversed(words[-6:]):
        low = word.lower()
        if low in s.g.prepositions:
            return True
        if not (low in s.g.joiners or word[:1].isupper()):
            return False
    return False


_WORDS = re.compile(r"[^\W\d_][\w'’.-]*")


def _antecedent(s: _Sentence, clause: _Clause) -> Mention | None:
    """The name a relative clause hangs on: the one right before its comma."""
    i = bisect.bisect_right(s.ends, clause.start)
    if not i:
        return None
    m = s.names[i - 1]
    return m if re.fullmatch(r"[\s,]*(?:[A-Z][\w.]*\.?\s*)?[\s,]*", s.text[m.end:clause.start]) else None


def _earlier_subject(s: _Sentence, index: int) -> Mention | None:
    """The subject of the clause that clause `index` depends on or resumes, skipping relative asides."""
    for j in range(index - 1, max(-1, index - 1 - _WALK), -1):
        prior = s.clauses[j]
        if prior.kind in ("rel", "aside"):
            continue
        found = _subject_in(s, prior.opener_end, prior.end)
        if found or prior.kind != "sub":
            return found
    return None


def _after_opening_phrase(s: _Sentence, clause: _Clause, span: tuple[int, int]) -> Mention | None:
    """"Aiming for a $50 billion target, Alibaba is …": an opening phrase belongs to the main clause's subject."""
    head = s.text[clause.opener_end:span[0]]
    if "," in head or not s.g.leading.match(head.lstrip()):
        return None
    comma = s.text.find(",", span[1], clause.end)
    i = bisect.bisect_right(s.starts, comma)
    if comma < 0 or i == len(s.names):
        return None
    m = s.names[i]
    return m if re.fullmatch(rf"\s*(?:(?:{_DETERMINERS_ANY})\s+)?", s.text[comma + 1:m.start], re.I) else None


_DETERMINERS_ANY = "the|le|la|les|l'|el|los|las|der|die|das|il|lo|o|a|os|as"


# --- special cases -----------------------------------------------------------------------


def _possessor(s: _Sentence, span: tuple[int, int]) -> Mention | None:
    """"China's $98 billion": a name in the possessive right before the figure owns it."""
    i = bisect.bisect_right(s.ends, span[0])
    if not i:
        return None
    m = s.names[i - 1]
    gap = s.text[m.end:span[0]]
    if _POSSESSIVE_GAP.fullmatch(gap) or (m.surface.endswith(("'s", "’s")) and not gap.strip()):
        return m
    return None


def _respectively(s: _Sentence, spans: list[tuple[int, int]]) -> dict[int, Mention]:
    """"A and B rose 15% and 10%, respectively": figure i → name i of the list just before the figures."""
    assigned: dict[int, Mention] = {}
    ends = [end for _, end in spans]
    for word in list(s.g.respectively.finditer(s.text))[:_WALK]:
        run = _figure_run(s, spans, ends, word.start())
        if len(run) < 2:
            continue
        listed = _name_run(s, bisect.bisect_right(s.ends, spans[run[0]][0]), len(run))
        if len(listed) == len(run):
            assigned.update(zip(run, listed))
    return assigned


def _figure_run(s: _Sentence, spans: list[tuple[int, int]], ends: list[int], limit: int) -> list[int]:
    """Indexes of the coordinated figures ending right before `limit` ("15% and 10%, respectively")."""
    last = bisect.bisect_right(ends, limit) - 1
    if last < 0 or s.text[spans[last][1]:limit].strip(" ,") != "":
        return []
    run = [last]
    for i in range(last - 1, max(-1, last - 1 - _WALK), -1):
        if not s.g.coordination.fullmatch(s.text[spans[i][1]:spans[run[0]][0]]):
            break
        run.insert(0, i)
    return run


def _name_run(s: _Sentence, count: int, wanted: int) -> list[Mention]:
    """The coordinated names ending last before the figures ("ACM Research (Shanghai) Inc. and NAURA")."""
    before = [m for m in s.names[max(0, count - 2 * _WALK):count] if not s.bracketed(m)]
    if not before:
        return []
    run = [before[-1]]
    for m in reversed(before[:-1]):
        if len(run) == wanted:
            break
        gap = re.sub(r"\([^()]*\)", " ", s.text[m.end:run[0].start])
        gap = " ".join(w for w in gap.split() if not (_COMPANY_SUFFIX.match(w.strip(",")) or w in _GENITIVES))
        if not s.g.coordination.fullmatch(" " + gap + " "):
            break
        run.insert(0, m)
    return run


def _cjk_subject(sentence: str, span: tuple[int, int], names: list[Mention]) -> Mention | None:
    """Chinese/Japanese: the first name of the figure's comma piece, else of the pieces before it (pro-drop)."""
    start = 0
    for m in _CJK_HARD.finditer(sentence, max(0, span[0] - 200), span[0]):
        start = m.end()
    start = max(start, span[0] - 200)
    bounds = [start] + [m.end() for m in _CJK_COMMA.finditer(sentence, start, span[0])] + [span[0]]
    starts = [m.start for m in names]
    for k in range(len(bounds) - 2, max(-1, len(bounds) - 2 - _WALK), -1):
        i = bisect.bisect_left(starts, bounds[k])
        for m in names[i:i + _WALK]:
            if m.end > bounds[k + 1]:
                break
            # Why: "在深圳发布" (in Shenzhen), "東京で" (at Tokyo): a place of the action, not its subject.
            if sentence[m.start - 1:m.start] not in _CJK_BEFORE and sentence[m.end:m.end + 1] not in _JA_AFTER:
                return m
    return None


_CJK_BEFORE = frozenset("在于於从從向对對到自至据據")
_JA_AFTER = frozenset("でにへ")


# --- grammar -------------------------------------------------------------------------------

_CACHE: dict[str, _Grammar] = {}


def _grammar(lang: str) -> _Grammar:
    """The compiled clause words of one language (cached)."""
    if lang in _CACHE:
        return _CACHE[lang]
    word_end = r"(?![^\W_])"
    sub, rel, cond = _SUBORDINATORS[lang], _RELATIVES[lang], _CONDITIONAL.get(lang, "(?!)")
    clause_start = re.compile(
        rf"(?i)(?:(?<=\s)|^)(?:(?P<sub>{sub})|(?<=,\s)(?:(?:{_PREPOSITIONS[lang]})\s+)?(?P<rel>{rel})"
        rf"|(?P<cond>{cond})){word_end}\s*")
    grammar = _Grammar(
        clause_start=clause_start,
        prepositions=frozenset(p.split()[-1] for p in _PREPOSITIONS[lang].split("|")),
        joiners=frozenset(_DETERMINERS[lang].split("|") + _AND[lang].split("|") + ["or", "ou", "o", "oder"]),
        pronoun_after=re.compile(rf"(?i)\s*(?:{_PRONOUNS[lang]}){word_end}"),
        noun_after=re.compile(rf"(?i)\s*(?:{_PRONOUNS[lang]}|{_DETERMINERS[lang]}){word_end}"),
        coordinator_start=re.compile(rf"(?i)\s*(?:{_AND[lang]}|or|ou|o|oder|but|mais|pero|aber|ma|mas){word_end}"),
        respectively=re.compile(rf"(?i)(?<![^\W_])(?:{_RESPECTIVELY[lang]}){word_end}"),
        coordination=re.compile(rf"(?i)\s*,?\s*(?:(?:{_AND[lang]})\s+)?|\s*,\s*(?:(?:{_AND[lang]})\s+)?"),
        leading=re.compile(rf"(?i)(?:{_LEADING[lang]}){word_end}"),
    )
    _CACHE[lang] = grammar
    return grammar
