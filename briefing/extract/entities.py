"""Names in article text (companies, people, places, products), merged across spellings.

Offline, deterministic and fast: about 2-4 ms for a 5,000-character article (see below).

1. Alias list. `Aliases` holds the curated list (briefing/extract/entities.yaml, plus editor extras):
   canonical names with their kind and spellings in any script. The spellings are compiled
   into two trie-shaped regexes (Latin, CJK) run over a copy of the text folded character by
   character (case, accents, full width), so offsets in the copy are offsets in the text.
   Latin spellings need word boundaries (CJK characters count as boundaries: "与Nvidia合作")
   and do not match text written all-lowercase ("an arm", "apple pie"); Chinese/Japanese
   spellings match as substrings. Leftmost, then longest, wins; company suffixes written
   after a company are taken along ("Nvidia Corp.", "阿里巴巴集团").

2. Latin-script heuristics for names not in the list. Tokens are classed by shape
   (Capitalised, ALLCAPS, camelCase, letters+digits, lowercase, number). A name is a run of
   name-shaped tokens on one line separated by single spaces, cut at alias matches, titles
   ("CEO"), stopwords, month/day names, nationality adjectives and generic acronyms ("AI").
   Lowercase connectors join only after an institution word ("Bank of America"; a place
   alias is taken along: "Banque de France", "University of Tokyo") or after a known given
   name ("Luis de Guindos"). A capitalised word opening a sentence counts only if it never
   appears lowercase in the text, and alone only if it also appears capitalised mid-sentence.
   In Title-Case headlines a capitalised word, and on ALLCAPS lines an ALLCAPS word, must be
   seen as a name elsewhere in the text. German capitalises every noun, so for "de" a lone
   capitalised word never counts (unless camelCase, ALLCAPS or with digits), and common nouns
   are cut from the edges of runs ("Firma Neura Robotics" -> "Neura Robotics").
   Kind: product when a token mixes letters and digits or a version number follows
   ("H20", "RTX Pro 6000D", "Qwen 3"); company after a company suffix, before a stock ticker
   "(BABA)" (not an acronym of the name: "(LLM)"), or after a word like "startup"/"Konzern";
   person after a title ("chief executive", "PDG", "Chef") or when a 2-3 word name starts
   with a known given name; otherwise "other".

3. Chinese/Japanese heuristics (alias matches do most of the work): a Chinese person name
   after a title (首席执行官吴泳铭表示), a Japanese kanji name before a title (孫正義会長),
   and Japanese katakana runs of 3+ characters that are not just common loanwords.
   jieba was measured and left out: 1.4 s to load, `posseg` 5 ms per 5,000 characters
   without HMM (2 s with it), and noisy tags (後, 義 tagged as person names).

4. `collect` turns mentions into entities: alias matches give their list entry; other names
   are grouped by a folded key (possessive and company suffix removed), shown in their most
   frequent written form, and kept only if they look like real names (see `collect`).
"""

from __future__ import annotations

import functools
import json
import logging
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from .. import lang
from . import companies, tickers
from ..lang import charsets
from ..lang.text import fold, sentence_spans, stopwords

log = logging.getLogger(__name__)

VERSION = 1  # bump when extraction changes
KINDS = ("company", "person", "place", "product", "other")
GIVEN_NAMES_KEY = "_given_names"  # reserved top-level key of entities.yaml: not an entity


@dataclass(frozen=True)
class Mention:
    """One name as written in the text, with its offsets and guessed kind."""

    surface: str
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Entity:
    """A named thing: canonical display name, kind, other spellings, and its name in each site language."""

    name: str
    kind: str
    aliases: tuple[str, ...]
    names: tuple[tuple[str, str], ...] = ()
    """(language, display name) pairs: "États-Unis" for fr. A language without one shows `name`."""

    def display(self, language: str) -> str:
        """How a page in `language` writes this name."""
        base = (language or "").split("-")[0].lower()
        return next((shown for code, shown in self.names if code == base), self.name)


# --- character classes and folding

_CJK = charsets.CJK
_CJK_CHAR = charsets.CJK_CHAR
# Hangul: Korean words are spaced, but particles are glued to names ("엔비디아의").
_HANGUL = charsets.HANGUL
_HANGUL_CHAR = charsets.HANGUL_CHAR
_HANGUL_RUN = re.compile(f"[{_HANGUL}]*")
_SCRIPT_CHAR = charsets.CJK_OR_HANGUL_CHAR
"""Characters whose aliases are matched without Latin word boundaries (CJK and Hangul)."""
_LINE = re.compile(r"[^\n]+")
_LETTER = f"[^\\W_{_CJK}{_HANGUL}]"  # a letter or digit that is not CJK or Hangul
# Korean particles and endings glued after a name: "오픈AI가", "H20을", "엔비디아의", "FT는".
_KO_PARTICLES = frozenset("""이 가 은 는 을 를 의 에 에서 에게 께 와 과 도 로 으로 만 까지 부터 보다
    처럼 이나 나 와의 과의 에는 에서는 으로는 로는 에도 에서도 과도 와도 이라는 라는 이라고 라고
    이다 다 이며 며 이고 고 측 등 사 에선 로부터 으로부터 에게서 한테 이란 란 이랑 랑 마저 조차
    뿐 처럼 같은 대비""".split())
_WORD_START = re.compile(r"\w")


class _FoldTable(dict):
    """str.translate table: each character to one folded character, so offsets survive."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = fold(ch).casefold()
        if len(folded) != 1:
            # Why: "ß" -> "ss" or a deleted zero-width space would shift offsets.
            folded = ch.lower() if len(ch.lower()) == 1 else ch
        self[code] = folded
        return folded


_FOLD = _FoldTable()


class _BlankTable(dict):
    """str.translate table: CJK and Hangul characters to NUL, everything else unchanged."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        self[code] = "\x00" if _SCRIPT_CHAR.match(ch) else ch
        return self[code]


_BLANK_CJK = _BlankTable()


def _fold_chars(s: str) -> str:
    """Case-, accent- and width-folded copy of `s` with the same length."""
    if s.isascii():
        return s.lower().replace("`", "'")
    return s.translate(_FOLD)


_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")
_KEY_SUFFIX = companies.FOLDED_TAIL
_KEY_PREFIX = re.compile(r"^株式会社\s*")
_SUFFIX_REACH = 80
"""Company suffixes are looked for in this many last characters of a name."""
# Suffixes taken along after a company alias, as written (case-sensitive).
_SUFFIX_TAIL = companies.AS_WRITTEN


def _norm_key(surface: str) -> str:
    """Folded form with whitespace collapsed: the key aliases are looked up by."""
    return " ".join(_fold_chars(surface).split())


def _strip_key(key: str) -> str:
    """`key` without a trailing possessive and company suffixes (never emptied)."""
    bare = _POSSESSIVE.sub("", key)
    # Why only the tail: from every word of a long run of suffixes ("co co co …", グループ…)
    # the pattern read to the end before failing (quadratic); real suffix chains are short.
    head, tail = bare[:-_SUFFIX_REACH], bare[-_SUFFIX_REACH:]
    bare = _KEY_PREFIX.sub("", head + _KEY_SUFFIX.sub("", tail)).strip(" ,&")
    return bare or key


def _lookup_key(surface: str) -> str:
    return _strip_key(_norm_key(surface))


# --- the alias list

@functools.lru_cache(maxsize=4)
def _shared_aliases(extra_json: str) -> Aliases:
    return Aliases.load(json.loads(extra_json) or None)


class Aliases:
    """The curated alias list: canonical names with their kind and other spellings in any script."""

    def __init__(self, entities: dict[str, Entity], given_names: frozenset[str] = frozenset()):
        self.entities = entities
        self.given_names = given_names
        self._exact: dict[str, Entity] = {}
        self._stripped: dict[str, Entity] = {}
        self._lowercase: set[str] = set()
        # Why: later entries win, and editor extras are placed last by `load`.
        for entity in entities.values():
            for spelling in (entity.name, *entity.aliases):
                self._register(spelling, entity)
        cjk = tuple(sorted(k for k in self._exact if _SCRIPT_CHAR.search(k)))
        latin = tuple(sorted(k for k in self._exact if not _SCRIPT_CHAR.search(k)))
        self._cjk_pattern = _compile_aliases(cjk, latin=False)
        self._latin_pattern = _compile_aliases(latin, latin=True)

    def _register(self, spelling: str, entity: Entity) -> None:
        key = _norm_key(spelling)
        if len(key) < 2:
            return
        self._exact[key] = entity
        self._stripped[_strip_key(key)] = entity
        if spelling.islower():
            self._lowercase.add(key)

    @classmethod
    def load(cls, extra: dict[str, dict] | None = None) -> Aliases:
        """Built-in list from briefing/extract/entities.yaml, then `extra` (same shape) merged on top."""
        data = dict(_builtin_data())
        given = list(data.pop(GIVEN_NAMES_KEY, None) or [])
        entities = {name: _entity(name, spec) for name, spec in data.items()}
        if extra:
            given += list(extra.get(GIVEN_NAMES_KEY) or [])
            entities = _merge_extra(entities, {k: v for k, v in extra.items() if k != GIVEN_NAMES_KEY})
        return cls(entities, frozenset(_norm_key(str(name)) for name in given))

    @classmethod
    def shared(cls, extra: dict[str, dict] | None = None) -> Aliases:
        """`load(extra)`, compiled once per process for equal `extra` (an Aliases is never changed)."""
        return _shared_aliases(json.dumps(extra or {}, sort_keys=True, ensure_ascii=False, default=str))

    def display(self, name: str, language: str) -> str:
        """How a page in `language` writes canonical name `name` (unchanged when the list has no entry for it)."""
        entity = self.entities.get(name)
        return entity.display(language) if entity else name

    def canonical(self, surface: str) -> Entity | None:
        """The entity `surface` names, ignoring case, accents, width, possessive and company suffix."""
        key = _POSSESSIVE.sub("", _norm_key(surface))
        bare = _strip_key(key)
        return self._exact.get(key) or self._exact.get(bare) or self._stripped.get(bare)

    def find(self, text: str) -> list[tuple[int, int, Entity]]:
        """Every alias occurrence in `text`: (start, end, entity), leftmost-longest, no overlaps."""
        if not text:
            return []
        found = []
        last = 0
        folded = _fold_chars(text)
        for start, end in self._candidates(folded):
            key = " ".join(folded[start:end].split())
            entity = self._exact.get(key)
            # Why: "arm", "apple", "meta" written lowercase are common words, not the company.
            if start < last or entity is None or (text[start:end].islower() and key not in self._lowercase):
                continue
            if not _korean_word(text, start, end):
                continue
            if entity.kind == "company":
                tail = _SUFFIX_TAIL.match(text, end)
                end = tail.end() if tail else end
            found.append((start, end, entity))
            last = end
        return found

    def _candidates(self, folded: str) -> list[tuple[int, int]]:
        """Spans of Latin and CJK alias matches, leftmost then longest first (may overlap)."""
        has_cjk = bool(_SCRIPT_CHAR.search(folded))
        spans = []
        if self._latin_pattern is not None:
            # Why: CJK characters are word characters to the regex engine; hidden here, a Latin
            # alias right next to them ("与Nvidia合作") still has its word boundaries.
            view = folded.translate(_BLANK_CJK) if has_cjk else folded
            spans += [m.span() for m in self._latin_pattern.finditer(view)]
        if self._cjk_pattern is not None and has_cjk:
            spans += [m.span() for m in self._cjk_pattern.finditer(folded)]
        return sorted(spans, key=lambda span: (span[0], -span[1]))


def _korean_word(text: str, start: int, end: int) -> bool:
    """Whether a match is a whole Korean word, a particle allowed after it ("메타의", not "메타버스")."""
    if start > 0 and _HANGUL_CHAR.match(text[start - 1]) and _HANGUL_CHAR.match(text[start]):
        return False
    if not _HANGUL_CHAR.match(text[end - 1]):
        # Why: a Latin alias glued to a Hangul word start ("AI가") keeps its Latin boundary rules.
        return True
    tail = _HANGUL_RUN.match(text, end).group()
    return not tail or tail in _KO_PARTICLES


@lru_cache(maxsize=1)
def _builtin_data() -> dict:
    raw = resources.files(__package__).joinpath("entities.yaml").read_text(encoding="utf-8")
    data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    if not isinstance(data, dict):
        raise ValueError("entities.yaml: expected a mapping of canonical names")
    return data


def _entity(name: str, spec: object, default_kind: str = "other") -> Entity:
    """An Entity from one alias-list entry, checked."""
    if not isinstance(spec, dict):
        raise ValueError(f"entities: {name!r}: expected a mapping with 'kind' and 'aliases'")
    kind = spec.get("kind") or default_kind
    if kind not in KINDS:
        raise ValueError(f"entities: {name!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
    aliases = spec.get("aliases") or []
    if not isinstance(aliases, (list, tuple)) or not all(isinstance(a, str) for a in aliases):
        raise ValueError(f"entities: {name!r}: 'aliases' must be a list of strings")
    names = spec.get("names") or {}
    if not isinstance(names, dict) or not all(isinstance(k, str) and isinstance(v, str) and v
                                              for k, v in names.items()):
        raise ValueError(f"entities: {name!r}: 'names' must map language codes to names")
    # Why only distinctive display names become spellings too: a short one ("Rom") is another word as well.
    spellings = [*aliases, *(shown for shown in names.values() if len(shown) >= 5 or not shown.isascii())]
    return Entity(str(name), kind, _dedupe(spellings, str(name)), tuple(sorted(names.items())))


def _dedupe(spellings, name: str) -> tuple[str, ...]:
    seen = {name}
    out = []
    for spelling in spellings:
        if spelling and spelling not in seen:
            seen.add(spelling)
            out.append(spelling)
    return tuple(out)


def _merge_extra(entities: dict[str, Entity], extra: dict) -> dict[str, Entity]:
    """Apply editor extras: replace kind and add aliases, add new entities, None removes."""
    merged = dict(entities)
    by_key = {_norm_key(name): name for name in merged}
    for name, spec in extra.items():
        target = name if name in merged else by_key.get(_norm_key(str(name)))
        if spec is None:
            merged.pop(target, None)
            continue
        old = merged.pop(target, None) if target else None
        if old is None:
            merged[str(name)] = _entity(name, spec)
            continue
        new = _entity(old.name, spec, default_kind=old.kind)
        # Why: re-inserted last, so its spellings win over a clashing built-in one.
        names = tuple(sorted({**dict(old.names), **dict(new.names)}.items()))
        merged[old.name] = Entity(old.name, new.kind, _dedupe((*old.aliases, *new.aliases), old.name), names)
    return merged


@lru_cache(maxsize=16)
def _compile_aliases(keys: tuple[str, ...], latin: bool) -> re.Pattern | None:
    """One regex for all alias keys, shaped as a trie so matching stays linear."""
    if not keys:
        return None
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_trie_pattern(trie, "", latin, top=True))


def _trie_pattern(node: dict, last: str, latin: bool, top: bool = False) -> str:
    alternatives = []
    for ch in sorted(c for c in node if c):
        piece = r"\s+" if ch == " " else re.escape(ch)
        # Why: the lookbehind comes after the first literal, so the regex engine can still
        # skip quickly to positions where some alias starts.
        if top and latin and _WORD_START.match(ch):
            piece += r"(?<!\w.)"
        alternatives.append(piece + _trie_pattern(node[ch], ch, latin))
    if "" in node:
        # Why: listed last, so a longer alias is tried first; "US$" is a currency.
        alternatives.append(r"(?![\w$])" if latin and _WORD_START.match(last) else "")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


# --- word lists for the heuristics (folded, casefolded)

def _words(s: str) -> frozenset[str]:
    return frozenset(_norm_key(s).split())


# Words before a name that make it a person ("chief executive Eddie Wu", "Präsident", "PDG"):
# the `titles` of every language file, those of cased scripts (see briefing/lang).
_TITLES = _words(" ".join(title for code in lang.supported() for title in lang.get(code).titles
                          if title[:1].lower() != title[:1].upper()))
# Words before a name that make it a company ("startup", "société", "Konzern", "empresa").
_COMPANY_CUES = _words("""company companies firm group startup start-up maker chipmaker carmaker
    automaker giant rival conglomerate manufacturer supplier developer provider unicorn subsidiary
    lab retailer operator société entreprise groupe firme géant fabricant constructeur éditeur
    fournisseur filiale jeune-pousse licorne unternehmen firma konzern hersteller anbieter
    zulieferer tochter jungunternehmen chipkonzern chiphersteller autobauer empresa compañía
    grupo fabricante gigante proveedor filial tecnológica azienda società gruppo produttore
    colosso companhia""")
_COMPANY_SUFFIXES = companies.LOWER
_ABBREV_SUFFIXES = companies.ABBREVIATED
_MONTHS_DAYS = frozenset(name for code in lang.supported() for name in (
    *(m for m, _ in lang.get(code).months if len(m) > 3 or m in {"may", "mai"}), *lang.get(code).weekdays))
"""Month and weekday names (as written, casefolded: "março" is not "Marco") of every language with a
data file: capitalised, yet never a name.
Three-letter abbreviations are left out ("Jan", "Mar" and "Set" are also names and words)."""
# Abbreviations that are dates only before "." or a number ("Jan. 5" but "Jan Müller").
_MONTH_ABBREVS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed "
                           "thu thur thurs fri sat sun".split())
_NATIONALITIES = _words("""chinese american japanese german french european korean taiwanese
    british indian russian spanish italian dutch swiss israeli canadian australian asian african
    western eastern brazilian mexican saudi emirati vietnamese singaporean swedish polish irish
    english portuguese ukrainian arab arabic americans europeans chinois chinoise chinoises
    américain américaine américains américaines européen européenne européens européennes
    français française allemand allemande allemands japonais japonaise britannique britanniques
    chinesen amerikaner europäer deutsche japaner""")

# Capitalised or ALLCAPS words that name things in general, not a particular one.
_GENERIC = _words("""ai ia ki it tv pc gpu gpus cpu cpus npu tpu ipo api apis llm llms agi asic
    asics soc hbm dram nand ram ev evs r&d etf gdp pib bip usd eur rmb cny jpy gbp hkd gw mw kw
    twh gwh mwh et est pst gmt utc cet am pm faq pdf ok vs m&a esg saas iot ar vr xr ui ux b2b
    b2c eps yoy qoq ebitda capex opex roi bn mn pct pme kmu ppa intelligence intelligenz
    inteligencia intelligenza inteligência artificial artificielle künstliche künstlicher
    künstlichen artificiale generative""")
_GENERIC_PATTERN = re.compile(r"^(?:q[1-4]|fy\d{2,4}|[1-4]q\d{0,2})$")
# A lowercase connector may join a name after these ("Bank of America", "Banque de France").
_INSTITUTIONS = _words("""bank banque banco banca university université universidad università
    universidade universität institute institut instituto istituto academy académie academia
    akademie ministry ministère ministerio ministero ministerium department département bureau
    office council conseil consejo consiglio court cour tribunal commission comisión commissione
    kommission federation league association chamber chambre cámara kammer museum musée museo
    center centre centro zentrum republic république república kingdom state states province""")
_INSTITUTION_LINKS = _words("of de du des del della di do da der für for")
_COMPANY_HEADS = _words("bank banque banco banca")
_OF_WORDS = _words("of at de chez bei von")  # "CEO of Quillon": Quillon is a company
_PARTICLES = _words("von van der den de da di del du dos das la le ter zu")
# German: leading capitalised words of a run that are common nouns, by ending.
_DE_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "tät", "chef", "chefin", "präsident",
                    "präsidentin", "minister", "ministerin", "konzern", "hersteller", "unternehmen",
                    "gründer", "sprecher", "sprecherin", "experte", "expertin", "roboter", "ismus",
                    "ität", "firma", "markt", "branche")
@functools.lru_cache(maxsize=None)
def _name_openers(language: str) -> frozenset[str]:
    """Words that open sentences capitalised but are not names (beyond the stop words)."""
    return _words(" ".join(lang.get(language).name_openers))


# Alias spellings that are also ordinary German nouns (only ALLCAPS counts in German text).
_DE_NOUN_SPELLINGS = frozenset({"Arm"})
_DE_DETERMINERS = _words("""der die das den dem des ein eine einen einem einer eines kein keine
    keinen keinem keiner sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer unser unsere
    diese dieser diesen diesem dieses jede jeder jeden jedem jedes viele mehrere""")

# --- Latin tokens

_TOKEN = re.compile(rf"(?:[A-Z]\.){{2,}}|{_LETTER}+(?:[-'’&.]{_LETTER}+)*")
_ELISION = re.compile(r"^(?:[ldjnscmt]|qu|lorsqu|puisqu|jusqu|dell|all|dall|nell|sull|un)['’]"
                      r"(?=\w)", re.IGNORECASE)
_CAMEL = re.compile(r"[a-zß-ÿ][A-Z]")
_GLUED_DATE = re.compile(r"\d{1,2}-\d{1,2}-\d{2,4}$")
_VERSION = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})?[A-Za-z]{0,2}|\d{3,5}[A-Za-z]{1,3})$")
_BIG_NUMBER = re.compile(r"^\d{3,5}$")
_TICKER = tickers.IN_PARENS
_OPENERS = "\"'“‘„«‹([{¿¡「『（《 \t\u00a0"
_CLOSERS = "\"'”’»›)]}」』）》 \t"
_NAME_SHAPES = frozenset({"cap", "caps", "camel", "mixed"})


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    word: str
    low: str  # casefolded
    norm: str  # folded and casefolded
    shape: str  # lower, cap, caps, camel, mixed, num, block
    sent: int = 0
    initial: bool = False
    possessive: bool = False
    alias: int = -1  # index of the alias span covering a "block" token


def _shape(word: str) -> str:
    """Shape class of a token: lower, cap, caps, camel, mixed (letters+digits) or num."""
    first = word[0]
    if first.isdigit():
        return "num"
    if word.islower():
        return "lower"
    letters = word.replace("-", "").replace(".", "").replace("'", "").replace("’", "").replace("&", "")
    if not letters.isalpha():
        if _GLUED_DATE.search(word):
            return "lower"
        return "mixed" if first.isupper() or _CAMEL.search(word) else "lower"
    if word.isupper():
        return "caps"
    if _CAMEL.search(word):
        return "camel"
    if first.isupper() and all(part[:1].isupper() for part in word.split("-")):
        return "cap"
    return "lower"


def _tokens(text: str, blocked: list[tuple[int, int]]) -> list[_Tok]:
    """Latin word tokens of `text`; those overlapping `blocked` spans get shape "block"."""
    toks: list[_Tok] = []
    append = toks.append
    b, n = 0, len(blocked)
    next_start, next_end = blocked[0] if blocked else (len(text), len(text))
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        word = m.group()
        while b < n and next_end <= start:
            b += 1
            next_start, next_end = blocked[b] if b < n else (len(text), len(text))
        if next_start < end:
            append(_Tok(start, end, word, "", "", "block", alias=b))
        elif word.isascii() and word.islower() and "'" not in word and not word[0].isdigit():
            append(_Tok(start, end, word, word, word, "lower"))  # most tokens: keep this path short
        else:
            append(_make_token(start, end, word))
    return toks


def _make_token(start: int, end: int, word: str) -> _Tok:
    possessive = False
    if "'" in word or "’" in word:
        elided = _ELISION.match(word)
        if elided:
            start, word = start + elided.end(), word[elided.end():]
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            end, word, possessive = end - 2, word[:-2], True
    # Why: most tokens are plain lowercase ASCII words; keep their path short.
    if word.isascii():
        low = norm = word.lower()
    else:
        low, norm = word.casefold(), word.translate(_FOLD)
    shape = "lower" if word.islower() and not word[0].isdigit() else _shape(word)
    return _Tok(start, end, word, low, norm, shape, possessive=possessive)


def _mark_sentences(text: str, toks: list[_Tok], spans: list[tuple[int, int]]) -> None:
    """Set each token's sentence index and whether it opens its sentence (or follows ':')."""
    sent, last = 0, len(spans) - 1
    prev = None
    for tok in toks:
        while sent < last and spans[sent + 1][0] <= tok.start:
            sent += 1
        tok.sent = sent
        if prev is None or prev.sent != sent:
            lead = text[spans[sent][0]:tok.start] if tok.start >= spans[sent][0] else ""
            tok.initial = not any(ch.isalnum() for ch in lead)
        else:
            gap = text[prev.end:tok.start]
            tok.initial = gap.rstrip(_OPENERS).endswith(":") and not any(c.isalnum() for c in gap)
        prev = tok


class _Context:
    """Per-text facts the Latin heuristics need: token list, word sets, title-case sentences."""

    def __init__(self, text: str, language: str, aliases: Aliases, found: list[tuple[int, int, Entity]]):
        self.text = text
        self.lang = language
        self.given = aliases.given_names
        self.stop = stopwords(language) | stopwords("en")
        self.openers = _name_openers(language) | _name_openers("en")
        self.ticker_at = {m.start(): m for m in _TICKER.finditer(text)}
        # Why: alias matches and tickers are not re-read as heuristic names.
        self.blocked = sorted([(s, e) for s, e, _ in found] + [m.span() for m in self.ticker_at.values()])
        self.place_at = {s: entity.kind == "place" for s, _, entity in found}
        self.toks = _tokens(text, self.blocked)
        # Why: in Chinese/Japanese text Latin words are embedded names; lines are enough there
        # and much cheaper than sentence splitting.
        cjk = language in ("zh", "ja")
        spans = (_LINE.finditer(text) if cjk else None)
        spans = [m.span() for m in spans] if cjk else sentence_spans(text, language)
        spans = spans or [(0, len(text))]
        _mark_sentences(text, self.toks, spans)
        self.lower = {t.norm for t in self.toks if t.shape == "lower"}
        self.titlecase = self._titlecase_sentences(spans)
        self.shouting = self._shouting_sentences()
        self._index_capitalised()
        self.de_nouns = self._german_nouns() if language == "de" else set()

    def _index_capitalised(self) -> None:
        """Capitalised words seen mid-sentence in prose (`known`), ALLCAPS ones, and counts."""
        self.known: set[str] = set()
        self.known_caps: set[str] = set()
        self.cap_counts: Counter[str] = Counter()
        for t in self.toks:
            if t.shape in ("cap", "camel"):
                self.cap_counts[t.norm] += 1
                if not t.initial and t.sent not in self.titlecase:
                    self.known.add(t.norm)
            elif t.shape == "caps" and t.sent not in self.shouting:
                self.known_caps.add(t.norm)

    def _titlecase_sentences(self, spans: list[tuple[int, int]]) -> set[int]:
        """Headline-like sentences: most words capitalised (nearly all if it ends with a stop)."""
        if self.lang == "de":
            return set()
        counts: dict[int, list[int]] = {}
        for t in self.toks:
            if t.shape in ("lower", "cap") and len(t.word) > 1 and t.norm not in self.stop:
                c = counts.setdefault(t.sent, [0, 0])
                c[0] += 1
                c[1] += t.shape == "cap"
        # Why: a headline may end with a full stop too, but then nearly every word must be
        # capitalised ("Analysts at Bank of America said Quillon would grow." is prose).
        return {s for s, (n, caps) in counts.items()
                if (n >= 3 and caps >= 0.75 * n and not _ends_with_stop(self.text, spans[s]))
                or (n >= 4 and caps >= 0.9 * n)}

    def _shouting_sentences(self) -> set[int]:
        """Sentences written all in capitals (or a lone ALLCAPS line such as "AMZN--")."""
        caps: set[int] = set()
        cased: set[int] = set()
        for t in self.toks:
            if len(t.word) > 1 and t.shape in ("caps", "lower", "cap", "camel"):
                (caps if t.shape == "caps" else cased).add(t.sent)
        return caps - cased

    def _german_nouns(self) -> set[str]:
        """Capitalised words seen right after an article or an inflected adjective."""
        nouns = set()
        for prev, t in zip(self.toks, self.toks[1:]):
            if t.shape != "cap" or prev.shape != "lower" or self.text[prev.end:t.start] != " ":
                continue
            inflected = prev.low.endswith(("e", "en", "er", "es", "em")) and prev.norm not in self.stop
            if prev.norm in _DE_DETERMINERS or inflected:
                nouns.add(t.norm)
        return nouns


def _is_excluded(tok: _Tok, ctx: _Context) -> bool:
    """Whether a name-shaped token is still not part of a name (stopword, month, title...)."""
    n = tok.norm
    if n in ctx.stop or (tok.initial and n in ctx.openers):
        return True
    if n in _TITLES or n in _NATIONALITIES or _is_generic(n):
        return True
    if tok.low in _MONTHS_DAYS:
        return True
    if tok.low in _MONTH_ABBREVS and _date_follows(ctx.text, tok.end):
        return True
    if tok.shape == "caps" and tok.sent in ctx.shouting:
        return n not in ctx.known and n not in ctx.known_caps
    if tok.shape == "cap":
        if tok.initial and n in ctx.lower:
            return True
        if tok.sent in ctx.titlecase and n not in ctx.known and n not in ctx.given:
            return True
    return False


def _ends_with_stop(text: str, span: tuple[int, int]) -> bool:
    return text[span[0]:span[1]].rstrip(_CLOSERS).endswith((".", "!", "?", "…", "。", "！", "？"))


def _is_generic(norm: str) -> bool:
    """Acronyms and words for things in general: "AI", "GPUs", "Q3", "Intelligence"."""
    plural = norm[-1] == "s" and norm[:-1] in _GENERIC
    return norm in _GENERIC or plural or bool(_GENERIC_PATTERN.match(norm))


def _date_follows(text: str, pos: int) -> bool:
    after = text[pos:pos + 3]
    return after.startswith(".") or after[1:2].isdigit()


def _namey(ctx: _Context) -> list[bool]:
    """For each token: whether it can be part of a name."""
    toks = ctx.toks
    out = []
    for i, tok in enumerate(toks):
        if tok.shape not in _NAME_SHAPES:
            out.append(False)
        elif len(tok.word) == 1:
            out.append(_is_initial(ctx.text, tok, toks[i + 1] if i + 1 < len(toks) else None))
        else:
            out.append(not _is_excluded(tok, ctx))
    # Why: "New" (a stopword) only inside a name: "New Delhi", not "New rules".
    for i in range(len(toks) - 2, -1, -1):
        if toks[i].norm == "new" and toks[i].shape == "cap" and out[i + 1]:
            out[i] = _joined(ctx.text, toks[i], toks[i + 1]) and not toks[i].initial
    return out


def _is_initial(text: str, tok: _Tok, nxt: _Tok | None) -> bool:
    """A single capital followed by ". " and a capitalised word ("J. R. Ostrander")."""
    return (tok.word.isupper() and tok.norm not in _TITLES and nxt is not None
            and nxt.shape in ("cap", "camel") and text[tok.end:nxt.start] == ". ")


def _joined(text: str, a: _Tok, b: _Tok) -> bool:
    """Whether token `b` continues a name ending with `a` (one space, or after an initial)."""
    gap = text[a.end:b.start]
    return gap in (" ", "\u00a0") or (len(a.word) == 1 and gap == ". ")


# --- Latin-script name runs

def _latin_mentions(text: str, language: str, aliases: Aliases,
                    found: list[tuple[int, int, Entity]]) -> list[tuple[Mention, bool]]:
    """Names not in the alias list, from runs of name-shaped Latin tokens: (mention, overrides)."""
    ctx = _Context(text, language, aliases, found)
    namey = _namey(ctx)
    out = []
    for run in _runs(ctx, namey):
        mention = _run_mention(ctx, run)
        if mention is not None:
            out.append((mention, any(ctx.toks[i].shape == "block" for i in run)))
    return out


def _runs(ctx: _Context, namey: list[bool]) -> list[list[int]]:
    """Token index runs that may be names."""
    toks, text = ctx.toks, ctx.text
    runs: list[list[int]] = []
    cur: list[int] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if namey[i] and (not cur or _joined(text, toks[cur[-1]], tok)):
            cur.append(i)
            i += 1
            if tok.possessive:
                runs.append(cur)
                cur = []
            continue
        link_end = _link(ctx, cur, i, namey) if cur else 0
        if link_end:
            cur.extend(range(i, link_end))
            i = link_end
            continue
        if cur and tok.shape == "num" and _version_follows(ctx, cur, tok):
            cur.append(i)
            i += 1
            continue
        if cur:
            runs.append(cur)
        cur = [i] if namey[i] else []
        i += 1
    if cur:
        runs.append(cur)
    return runs


def _link(ctx: _Context, cur: list[int], i: int, namey: list[bool]) -> int:
    """End index when lowercase connectors at `i` join the run to a following name, else 0."""
    toks, text = ctx.toks, ctx.text
    j = i
    while j < len(toks) and j - i < 2 and toks[j].shape == "lower" and _joined(text, toks[j - 1], toks[j]):
        j += 1
    if j == i or j >= len(toks) or not _joined(text, toks[j - 1], toks[j]):
        return 0
    links = [toks[k].norm for k in range(i, j)]
    head = toks[cur[-1]]
    if head.norm in _INSTITUTIONS and len(links) == 1 and links[0] in _INSTITUTION_LINKS:
        if namey[j] and toks[j].shape == "cap":
            return j + 1
        if toks[j].shape == "block" and _alias_starts_place(ctx, toks[j]):
            return _block_end(toks, j)
    if len(cur) == 1 and head.norm in ctx.given and all(w in _PARTICLES for w in links):
        return j + 1 if namey[j] and toks[j].shape == "cap" else 0
    return 0


def _alias_starts_place(ctx: _Context, tok: _Tok) -> bool:
    """Whether a blocked token starts an alias match (a place name: "Bank of China")."""
    start = ctx.blocked[tok.alias][0]
    return start == tok.start and ctx.place_at.get(start, False)


def _block_end(toks: list[_Tok], j: int) -> int:
    k = j + 1
    while k < len(toks) and toks[k].shape == "block" and toks[k].alias == toks[j].alias:
        k += 1
    return k


def _version_follows(ctx: _Context, cur: list[int], tok: _Tok) -> bool:
    """Whether number `tok` is a model/version number of the name before it ("Qwen 3", "RTX 5090")."""
    text = ctx.text
    if not _joined(text, ctx.toks[cur[-1]], tok) or text[tok.end:tok.end + 1] in ("%", "$", "€", "£", "¥"):
        return False
    if _VERSION.match(tok.word):
        return True
    return bool(_BIG_NUMBER.match(tok.word)) and any(ctx.toks[i].shape in ("caps", "mixed") for i in cur)


def _run_mention(ctx: _Context, run: list[int]) -> Mention | None:
    """The mention for one run, after trimming; None when it is not a name."""
    toks = ctx.toks
    if ctx.lang == "de":
        run = _trim_german(ctx, run)
    elif len(run) > 1 and toks[run[0]].initial and toks[run[0]].norm in _COMPANY_CUES:
        run = run[1:]  # "Rival Vexor fell": the cue word stays outside, as a cue
    if not run or toks[run[0]].shape in ("num", "block", "lower"):
        return None
    first = toks[run[0]]
    if (len(run) == 1 and not _single_ok(ctx, first)) or _heading_label(ctx, run):
        return None
    start, end = first.start, toks[run[-1]].end
    if toks[run[-1]].norm in _ABBREV_SUFFIXES and ctx.text[end:end + 1] == ".":
        end += 1  # "Quillon Inc."
    return Mention(ctx.text[start:end], start, end, _guess_kind(ctx, run))


def _heading_label(ctx: _Context, run: list[int]) -> bool:
    """A run of words seen nowhere else, followed by " - ": an inline heading ("Market Dynamics - ")."""
    toks = ctx.toks
    after = ctx.text[toks[run[-1]].end:toks[run[-1]].end + 3]
    if after not in (" - ", " – ", " — ") or toks[run[0]].norm in ctx.given:
        return False
    return all(ctx.cap_counts[toks[i].norm] <= 1 for i in run if toks[i].shape in ("cap", "camel"))


def _single_ok(ctx: _Context, tok: _Tok) -> bool:
    """Whether a one-word run is a name candidate."""
    if tok.shape == "cap":
        if ctx.lang == "de":
            return False
        # Why: "Analysts said ..." - a lone sentence-opening word needs corroboration.
        if tok.initial and tok.norm not in ctx.known:
            return False
    return len(tok.word) > 1


def _trim_german(ctx: _Context, run: list[int]) -> list[int]:
    """Drop common nouns at the edges of a German run ("Firma Neura Robotics" -> "Neura Robotics")."""
    toks = ctx.toks
    while len(run) > 1 and toks[run[0]].shape == "cap":
        tok = toks[run[0]]
        noun = tok.norm in ctx.de_nouns or tok.norm in _COMPANY_CUES or tok.low.endswith(_DE_NOUN_ENDINGS)
        # Why: "der Quillon GmbH" - an article before a company name is normal in German.
        if not noun or (len(run) == 2 and toks[run[1]].norm in _COMPANY_SUFFIXES):
            break
        run = run[1:]
    while len(run) > 1 and toks[run[-1]].shape == "cap" and toks[run[-1]].low.endswith(_DE_NOUN_ENDINGS):
        run = run[:-1]
    return run


def _guess_kind(ctx: _Context, run: list[int]) -> str:
    """Best-guess kind of a heuristic name from its shape and the words around it."""
    toks = ctx.toks
    words = [toks[i] for i in run]
    if any(t.shape in ("mixed", "num") for t in words):
        return "product"
    if words[-1].norm.rstrip(".") in _COMPANY_SUFFIXES and len(words) > 1:
        return "company"
    if words[0].norm in _COMPANY_HEADS and len(words) > 1:
        return "company"
    if _ticker_after(ctx, words):
        return "company"
    cue = _cue_before(ctx, run[0])
    if cue:
        return cue
    named = [t for t in words if t.shape != "lower"]  # without particles: "Luis de Guindos"
    if 2 <= len(named) <= 3 and words[0].norm in ctx.given and all(t.shape == "cap" for t in named):
        return "person"
    return _cue_after(ctx, run[-1]) or "other"


def _cue_kind(tok: _Tok) -> str | None:
    if tok.norm in _TITLES:
        return "person"
    if tok.norm in _COMPANY_CUES or tok.low.endswith(("maker", "makers", "hersteller", "konzern")):
        return "company"
    return None


def _cue_before(ctx: _Context, i: int) -> str | None:
    """Kind implied by up to three words before the name ("chief executive", "la start-up française")."""
    toks = ctx.toks
    sent = toks[i].sent
    for k in range(i - 1, max(-1, i - 4), -1):
        tok = toks[k]
        if tok.sent != sent or tok.shape == "block":
            return None
        kind = _cue_kind(tok)
        if kind:
            return kind
        if tok.norm in ctx.stop:
            # Why: "CEO of Quillon" names the company, not a person.
            before = toks[k - 1] if k > 0 and toks[k - 1].sent == sent else None
            if tok.norm in _OF_WORDS and before is not None and _cue_kind(before) == "person":
                return "company"
            return None
        if tok.shape != "lower":
            return None  # another name in between: "Chef von DeepMindly, Tobias Kranich"
    return None


def _cue_after(ctx: _Context, i: int) -> str | None:
    """Kind from an apposition after a comma ("Eddie Wu, chief executive of ...")."""
    toks = ctx.toks
    if i + 1 >= len(toks) or not ctx.text[toks[i].end:toks[i + 1].start].lstrip().startswith(","):
        return None
    for k in range(i + 1, min(len(toks), i + 4)):
        tok = toks[k]
        if tok.sent != toks[i].sent:
            return None
        if tok.norm not in ctx.stop:
            # Why: only the head of the apposition counts ("Tobias Gerlach, Entwickler beim Start-up").
            return _cue_kind(tok)
    return None


def _ticker_after(ctx: _Context, words: list[_Tok]) -> bool:
    """Whether a stock ticker "(BABA)" follows (not an acronym of the name itself)."""
    end = words[-1].end
    m = ctx.ticker_at.get(end + 1) or ctx.ticker_at.get(end)
    if m is None:
        return False
    if m.group("exchange"):
        return True
    # Why: "(LLM)" after "Large Language Model" is an acronym, not a stock ticker.
    symbol = m.group("symbol")
    initials = "".join(t.word[0] for t in words if t.shape != "lower").upper()
    return not (_is_generic(symbol.lower()) or symbol.startswith(initials) or initials.startswith(symbol))


# --- Chinese and Japanese

# Person titles of the language files (a Chinese name follows one, a Japanese name precedes one).
_ZH_TITLES = "|".join(map(re.escape, lang.get("zh").titles)) or "(?!)"
_ZH_PERSON = re.compile(
    rf"(?:{_ZH_TITLES})[ \u3000]?([\u4e00-\u9fff]{{2,3}}?(?:·[\u4e00-\u9fff]{{1,5}})?)"
    r"(?=表示|称|稱|说|說|指出|认为|認為|透露|介绍|介紹|强调|強調|宣布|回应|回應|在|于|於|曾|也|还|還|"
    r"已|将|將|对|對|的|和|与|與|等|[，,、。：:；;（()）「」“”\"／/\s])"
)
_ZH_NOT_NAME = re.compile("[的了是在和也与與及或而并並这這那其为為被将將把从從对對以等兼]")
_JA_PERSON_TITLES = "|".join(map(re.escape, lang.get("ja").titles)) or "(?!)"
_JA_KANJI_NAME = re.compile(rf"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{{2,4}})(?={_JA_PERSON_TITLES})")
_JA_NOT_NAME = re.compile("[社会同当前元新各両本部省庁局課署所院党府国県市町村業者員長役官代副総]")
_KATAKANA = re.compile("[\u30a1-\u30fa\u30fc](?:[\u30a1-\u30fa\u30fc\u30fb]*[\u30a1-\u30fa\u30fc])?")
_KATAKANA_STOP = re.compile("|".join(sorted("""
    ロボット ロボティクス ロボ ヒューマノイド データ センター サービス システム
    テクノロジー テック ニュース コンピューター コンピュータ ソフトウェア ソフト
    ハードウェア ハード プラットフォーム ビジネス マーケット エネルギー インフラ モデル
    チップ メモリー メモリ サーバー サーバ クラウド ネットワーク デジタル プロジェクト
    グループ パートナー ユーザー コスト リスク スマートフォン スマホ アプリ
    インターネット ネット セキュリティ パソコン ゲーム メーカー ブランド イベント トップ
    レベル ポイント ケース テスト スタート チーム メンバー メディア カメラ センサー
    バッテリー モーター エンジニア スタートアップ ベンチャー ファンド ドル ユーロ
    パーセント キロ メートル ワット ギガ メガ アナリスト レポート コメント インタビュー
    ライブ ビデオ ストア ショップ オンライン ページ サイト メール アルゴリズム
    プログラム シミュレーション トレーニング ラボ オフィス エリア ライン スピード パワー
    アーム ハンド マシン エンジン ツール タスク ソリューション イノベーション
    ディープラーニング ニューラル ビジョン ショー フォーラム サミット コンテスト レース
    マラソン スポーツ メダル トレンド ブーム ニーズ コア ベース グローバル ローカル
    ドローン チャットボット エージェント ニュースサイト ランキング シェア トン サッカー
    ボール ゴール ハイテク ジャンプ ダンス ロケット ミサイル ・
    """.split(), key=len, reverse=True)))
_JA_PERSON_AFTER = re.compile(f"(?:さん|議員|{_JA_PERSON_TITLES})")
_JA_COMPANY_AFTER = re.compile("社(?![長会員])")
_JA_COMPANY_SUFFIX = companies.KATAKANA


def _cjk_mentions(text: str, language: str, taken: list[tuple[int, int]]) -> list[Mention]:
    """Chinese names after titles; Japanese names before titles and katakana names."""
    found: list[Mention] = []
    if language == "zh":
        for m in _ZH_PERSON.finditer(text):
            name = m.group(1)
            if not _ZH_NOT_NAME.search(name):
                found.append(Mention(name, m.start(1), m.end(1), "person"))
    elif language == "ja":
        for m in _JA_KANJI_NAME.finditer(text):
            if not _JA_NOT_NAME.search(m.group(1)):
                found.append(Mention(m.group(1), m.start(1), m.end(1), "person"))
        found.extend(_katakana_names(text))
    return [m for m in found if _free(taken, m.start, m.end)]


def _katakana_names(text: str) -> list[Mention]:
    """Katakana runs of 3+ characters that are not just common loanwords."""
    out = []
    for m in _KATAKANA.finditer(text):
        run = m.group()
        if len(run) < 3 or run[0] == "ー" or len(_KATAKANA_STOP.sub("", run)) < 3:
            continue
        out.append(Mention(run, m.start(), m.end(), _katakana_kind(text, m.end(), run)))
    return out


def _katakana_kind(text: str, end: int, run: str) -> str:
    if _JA_PERSON_AFTER.match(text, end):
        return "person"
    if run.endswith(_JA_COMPANY_SUFFIX) or _JA_COMPANY_AFTER.match(text, end):
        return "company"
    return "other"


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps none of the sorted, disjoint spans `taken`."""
    i = bisect_right(taken, (start, float("inf"))) - 1
    if i >= 0 and taken[i][1] > start:
        return False
    return i + 1 >= len(taken) or taken[i + 1][0] >= end


# --- public functions

def mentions(text: str, language: str, aliases: Aliases) -> list[Mention]:
    """Names in `text`: alias-list matches first, then heuristics; no overlaps, ordered by start."""
    return [m for m, _ in _resolved_mentions(text, language, aliases)]


def _resolved_mentions(text: str, language: str, aliases: Aliases) -> list[tuple[Mention, Entity | None]]:
    """Mentions with their alias entry (None for heuristic names)."""
    if not text:
        return []
    lang = (language or "").split("-")[0].lower()
    found = aliases.find(text)
    if lang == "de":
        # Why: German capitalises nouns, so "mit einem Arm" is an arm, not the company.
        found = [f for f in found if text[f[0]:f[1]] not in _DE_NOUN_SPELLINGS]
    ranked = [(s, 1, Mention(text[s:e], s, e, ent.kind), ent) for s, e, ent in found]
    # Why: an institution run that swallowed a place alias ("Bank of China") outranks it.
    for mention, overrides in _latin_mentions(text, lang, aliases, found):
        ranked.append((mention.start, 0 if overrides else 2, mention, None))
    if _CJK_CHAR.search(text):
        taken = [(s, e) for s, e, _ in found]
        ranked.extend((m.start, 2, m, None) for m in _cjk_mentions(text, lang, taken))
    return _without_overlaps(ranked)


def _without_overlaps(ranked: list[tuple]) -> list[tuple[Mention, Entity | None]]:
    """Keep mentions left to right; at one start the best-ranked, then the longest; no overlaps."""
    out = []
    last_end = 0
    for _, _, m, entity in sorted(ranked, key=lambda r: (r[0], r[1], r[2].start - r[2].end)):
        if m.start >= last_end and m.end > m.start:
            out.append((m, entity))
            last_end = m.end
    return out


def collect(text: str, language: str, aliases: Aliases) -> dict[str, Entity]:
    """Canonical name -> Entity for one text; heuristic names kept only when they look real.

    A name not in the alias list is kept if it occurs at least twice, has two or more words,
    is ALLCAPS with 3+ letters, is a product, or is a CJK person name found after a title.
    A lone word that is the surname of a person (or first word of another multi-word name)
    found in the same text counts towards that name ("Eddie Wu ... Wu said").
    """
    order: list[tuple[bool, str]] = []
    listed: dict[str, Entity] = {}
    groups: dict[str, _Group] = {}
    for m, entity in _resolved_mentions(text, language, aliases):
        entity = entity or aliases.canonical(m.surface)
        if entity is not None:
            if entity.name not in listed:
                listed[entity.name] = entity
                order.append((True, entity.name))
            continue
        key = _lookup_key(m.surface)
        if key not in groups:
            groups[key] = _Group()
            order.append((False, key))
        groups[key].add(m)
    _merge_short_names(groups, listed)
    result: dict[str, Entity] = {}
    for is_listed, key in order:
        if is_listed:
            result.setdefault(key, listed[key])
        elif key in groups and groups[key].keep():
            entity = groups[key].entity()
            result.setdefault(entity.name, entity)
    return result


class _Group:
    """Mentions of one heuristic name (same folded key)."""

    def __init__(self) -> None:
        self.surfaces: Counter[str] = Counter()
        self.kinds: Counter[str] = Counter()
        self.extra: list[str] = []  # short forms merged in ("Wu" for "Eddie Wu")
        self.count = 0

    def add(self, m: Mention) -> None:
        self.surfaces[m.surface] += 1
        self.kinds[m.kind] += 1
        self.count += 1

    @property
    def display(self) -> str:
        return self.surfaces.most_common(1)[0][0]

    def kind(self) -> str:
        typed = [(n, k) for k, n in self.kinds.items() if k != "other"]
        return max(typed)[1] if typed else "other"

    def keep(self) -> bool:
        name = self.display
        letters = [c for c in name if c.isalpha()]
        cjk_person = self.kind() == "person" and bool(_CJK_CHAR.search(name)) and len(name) >= 2
        return (self.count >= 2 or len(name.split()) >= 2 or self.kind() == "product" or cjk_person
                or (len(letters) >= 3 and name.isupper()))

    def entity(self) -> Entity:
        return Entity(self.display, self.kind(), _dedupe([*self.surfaces, *self.extra], self.display))


def _merge_short_names(groups: dict[str, _Group], listed: dict[str, Entity]) -> None:
    """Fold one-word names into a multi-word name of the text they abbreviate ("Wu" -> "Eddie Wu")."""
    targets: dict[str, object] = {}
    clashes: set[str] = set()
    candidates = [(e.name, e.kind, e) for e in listed.values()]
    candidates += [(g.display, g.kind(), g) for g in groups.values()]
    for name, kind, target in candidates:
        words = _lookup_key(name).split()
        if len(words) < 2:
            continue
        word = words[-1] if kind == "person" else words[0]
        if word in targets and targets[word] is not target:
            clashes.add(word)
        targets[word] = target
    for key, group in list(groups.items()):
        target = targets.get(key)
        if " " in key or target is None or target is group or key in clashes:
            continue
        del groups[key]
        if isinstance(target, _Group):
            target.count += group.count
            target.extra.extend(group.surfaces)
