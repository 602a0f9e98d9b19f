"""Language knowledge as data: one YAML file per language, one loader.

Beside it, the text primitives every stage shares: `charsets` (what counts as CJK, kana, Hangul),
`text` (words, sentences, paragraphs, stop words) and `window` (how much of a long input is read closely).

Each `<code>.yaml` next to this module describes one language (ISO 639-1 code):

    name            English name
    justext         name of jusText's stop-word list for the language (optional)
    date_order      how an all-numeric date is read: 'mdy', 'dmy' or 'ymd'
    months          month name or abbreviation (lower case) -> month number
    weekdays        weekday names (lower case)
    date_labels     words that introduce a date ("Published", "更新")
    date_words      small words of a date line ("on", "at", "le", "am")
    function_chars  for scripts without spaces: frequent function characters, whose share
                    stands in for a stop-word share
    boilerplate     phrases that are boilerplate wherever they appear in the language
                    ("Read more", "Lire aussi"); general phrases, never one outlet's lines

The cleaner's rules read these pattern lists (`PATTERN_KEYS`; the phrase grammar is below):

    byline_words        words that open a byline ("by", "written by", "par")
    name_words          small words inside a byline's names ("and", "de", "van")
    newsroom_words      what a byline names instead of a person ("staff", "rédaction")
    reporter_titles     a reporter's title beside a name ("reporter", "기자", "記者")
    credit_labels       labels before a name in a credit line ("text", "撮影"), then ':' or '/'
    labels              furniture labels: a line that is only one of them goes ("share", "print")
    line_openings       openings that make a short line furniture ("read also:", "follow us")
    notices             phrases that make a short line a notice wherever they stand: paywalls,
                        out-of-date browser, cookie and JavaScript notices
    read_time           read-time phrases ("# min read")
    time_words          words after a clock time ("uhr", "horas")
    caption_labels      words that open a caption before ':' or '/' ("photo", "写真")
    caption_credits     credits that end a caption: agencies, photo libraries, "photographed by"
    comments            comment-box headers ("comments"); `no_comments`: an empty box's lines
    reference_labels    reference-list headers ("references", "sources")
    disclaimers         disclaimer headings (a colon follows within 50 characters)
    disclaimer_openings the opening words of a disclaimer sentence
    generated           openings of an AI-generated notice; `ai_summary`: an AI summary's label
    clause_words        words that open a clause (where a long generated title may be cut)
    weak_endings        small words a cut title must not end with

Phrase grammar (so that a file holds phrases, not regular expressions): letters match
case-insensitively; a space is any spacing (optional beside a number, a mark or CJK); '#' is a number; '…' any short run of text;
':' a colon (ASCII or full-width, spacing before it allowed); '{a|b}' one of the
alternatives; '[x]' an optional part; '^' first and '$' last anchor the phrase to the line; a backslash makes the next character literal.
An apostrophe is either apostrophe. A phrase that starts or ends with a letter of a cased
script matches whole words only (an opening '{' group is not checked: anchor such phrases
with '^' or let the rule anchor them).

Words (read by briefing/lang/text.py and briefing/extract/entities.py):

    content_stopwords       words that carry no content: summaries, term vectors and the name
                            finder skip them (a language without a list uses every list)
    abbreviations           words after which a period never ends a sentence ("Dr.", "z.B.")
    abbreviations_ambiguous abbreviations that may also end one ("Inc.", "GmbH."): the next
                            word decides; read in every language
    sentence_openers        words that often open a sentence (after "Inc." they show a new one);
                            read in every language
    name_openers            words that open a sentence capitalised but are no names ("Today")
    content_function_chars  for scripts without spaces: characters that make a character pair
                            no content word (的, 了); read in every language

Names (read by briefing/extract/entities.py):

    titles          person titles: a name right after one (before one, in Japanese) is a person
                    ("chief executive", "PDG", "首席执行官", "会長"). Words of cased scripts are read
                    in every language, one by one ("chief executive officer" gives three words);
                    titles in Chinese or Japanese script are read in texts of their own language.

Numbers (the `numbers` section; read by briefing/extract/figures.py). Digits, currency symbols and
Chinese/Japanese numerals (三千亿, 3兆円, 百分之五) need no file: they are read in every language.

    also            a language whose number words this language's texts quote as well (zh, ja: en)
    decimal         decimal mark: '.' or ','; `thousands`: the thousands mark `display` writes ('' none)
    space_groups    true: a plain space groups thousands when reading ("450 000")
    model_names     false: a capitalised word before a number is no model name ("Pro 6000" in en,
                    but German capitalises nouns); default true
    yen             the currency of a lone ¥ in this language's texts (default CNY)
    words           number word -> value ("nine": 9, "vingt": 20)
    tens_join       what joins a tens word to a unit word ("-" in twenty-five, " y " in treinta y cinco)
    unit_and_tens   one word of unit, `join` and tens (fünfundzwanzig): {join: und, units: [...]}
    articles        articles that stand for 1 before a scale word ("a billion", "un milliard")
    scales          scale word -> value ("billion": 1e9); a trailing '.' marks an abbreviation
                    that may carry a period ("Mrd.")
    symbol_scales   scales read only right before a currency symbol ("45 M€")
    percent         percent phrases ("percent", "pour cent", "Prozentpunkte"); `tenths`: words for
                    tenths of a whole after a number (3割 is 30%)
    qualifiers      phrases before a number, by meaning: 'more than', 'less than', 'up to',
                    'at least', 'about'; `qualifier_articles`: articles between a qualifier and the
                    number ("más del 9 %")
    suffix_qualifiers  the same, after the number ("or more", "以上")
    qualifiers_not_after / suffix_qualifiers_not_before
                    phrase -> characters that make it no qualifier when they stand right before
                    it (最近 "recently") or right after it (超过 "exceeds")
    range           words between the two ends of a range ("to", "à", "bis"); `range_and`: the
                    word after `between` ("between 10 and 12"); `between`: "between", "entre"
    change          what makes "from 10% to 12%" a change, not a range: `words` right before the
                    first number ("from", 从), or `verbs` (stems, any ending) followed by one of
                    `then` ("passé de", "subió del")
    display         how `figures.display` writes a figure: `scales` ([value, singular, plural]
                    from the largest), `singular_below_two` (1,5 milliard), `percent` ("%" or
                    " %"), `qualifiers` and `percent_qualifiers` (templates: "plus de {}")

Words and phrases are matched literally (case-insensitively, a space as any spacing). Phrases
in a script without case (Chinese, Japanese) are unambiguous, so their qualifiers, percent and
range words are read in texts of every language; so are every language's suffix qualifiers and
`between` words. A language without a `numbers` section reads digits, symbols and CJK forms only.

Adding a language means adding one file. A language without a file gets `LangData`
with empty lists (and jusText's stop words when jusText knows the language): the
language-neutral evidence still works.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import ConfigError

log = logging.getLogger(__name__)

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""yaml.safe_load's loader in C when PyYAML has it (ten times faster on the package's data files)."""

_HERE = Path(__file__).resolve().parent
_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")

# jusText's stop-word lists by ISO code, for languages that have no file here.
_JUSTEXT_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish",
    "el": "Greek", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "lt": "Lithuanian",
    "lv": "Latvian", "ms": "Malay", "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal",
    "pl": "Polish", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian",
    "vi": "Vietnamese",
}


@dataclass(frozen=True)
class LangData:
    """What the pipeline knows about one language."""

    code: str
    name: str = ""
    date_order: str = "dmy"
    months: tuple[tuple[str, int], ...] = ()
    weekdays: frozenset[str] = frozenset()
    date_labels: tuple[str, ...] = ()
    date_words: tuple[str, ...] = ()
    function_chars: frozenset[str] = frozenset()
    stopwords: frozenset[str] = frozenset()
    boilerplate: tuple[str, ...] = ()
    patterns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The rule pattern lists (`PATTERN_KEYS`) of the file, by key."""
    titles: tuple[str, ...] = ()
    content_stopwords: tuple[str, ...] = ()
    abbreviations: frozenset[str] = frozenset()
    abbreviations_ambiguous: frozenset[str] = frozenset()
    sentence_openers: frozenset[str] = frozenset()
    name_openers: tuple[str, ...] = ()
    content_function_chars: frozenset[str] = frozenset()
    numbers: NumberData | None = None
    """How the language writes numbers (None: the file has no `numbers` section)."""

    def pattern_list(self, key: str) -> tuple[str, ...]:
        """The phrases of one pattern list of this language (empty when the file has none)."""
        return dict(self.patterns).get(key, ())

    @functools.cached_property
    def boilerplate_words(self) -> tuple[frozenset[tuple[str, ...]], int]:
        """The phrases of cased scripts as word tuples (matched word by word), and the longest length."""
        phrases = {tuple(_WORDS.findall(p)) for p in self.boilerplate if p[:1].lower() != p[:1].upper()}
        phrases.discard(())
        return frozenset(phrases), max(map(len, phrases), default=0)

    @functools.cached_property
    def boilerplate_runs(self) -> tuple[str, ...]:
        """The phrases of scripts without case or spaces (CJK, Hangul), matched as substrings."""
        return tuple(p for p in self.boilerplate if p[:1].lower() == p[:1].upper())



QUALIFIERS = ("more than", "less than", "up to", "at least", "about")
"""The meanings a qualifier of a `numbers` section may have."""


@dataclass(frozen=True)
class NumberData:
    """The `numbers` section of a language file (see the module docstring)."""

    also: str = ""
    decimal: str = "."
    thousands: str = ","
    space_groups: bool = False
    model_names: bool = True
    yen: str = "CNY"
    words: tuple[tuple[str, int], ...] = ()
    tens_join: tuple[str, ...] = ()
    unit_and_tens: tuple[str, tuple[str, ...]] = ("", ())
    articles: tuple[str, ...] = ()
    scales: tuple[tuple[str, float], ...] = ()
    abbreviations: frozenset[str] = frozenset()
    """Scales that may carry a period (written with one in the file)."""
    symbol_scales: tuple[tuple[str, float], ...] = ()
    percent: tuple[str, ...] = ()
    tenths: tuple[str, ...] = ()
    qualifiers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    qualifier_articles: tuple[str, ...] = ()
    qualifiers_not_after: tuple[tuple[str, str], ...] = ()
    suffix_qualifiers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    suffix_qualifiers_not_before: tuple[tuple[str, str], ...] = ()
    range: tuple[str, ...] = ()
    range_and: tuple[str, ...] = ()
    between: tuple[str, ...] = ()
    change_words: tuple[str, ...] = ()
    change_verbs: tuple[str, ...] = ()
    change_then: tuple[str, ...] = ()
    display_scales: tuple[tuple[float, str, str], ...] = ()
    display_percent: str = "%"
    display_qualifiers: tuple[tuple[str, str], ...] = ()
    display_percent_qualifiers: tuple[tuple[str, str], ...] = ()
    singular_below_two: bool = False


_NUMBER_KEYS = frozenset({"also", "decimal", "thousands", "space_groups", "model_names", "yen", "words",
                          "tens_join", "unit_and_tens", "articles", "scales", "symbol_scales", "percent",
                          "tenths", "qualifiers", "qualifier_articles", "qualifiers_not_after",
                          "suffix_qualifiers", "suffix_qualifiers_not_before", "range", "range_and",
                          "between", "change", "display"})


def _number_data(raw: dict | None, where: str) -> NumberData | None:
    """The `numbers` section read into `NumberData` (unknown keys or meanings are an error)."""
    if raw is None:
        return None
    unknown = set(raw) - _NUMBER_KEYS | set(raw.get("qualifiers") or {}) - set(QUALIFIERS) \
        | set(raw.get("suffix_qualifiers") or {}) - set(QUALIFIERS)
    if unknown:
        raise ConfigError(where, [f"numbers: unknown key or qualifier '{key}'" for key in sorted(map(str, unknown))])
    scales = [(str(k), float(v)) for k, v in (raw.get("scales") or {}).items()]
    change, display = raw.get("change") or {}, raw.get("display") or {}
    compound = raw.get("unit_and_tens") or {}
    return NumberData(
        also=str(raw.get("also") or ""), decimal=str(raw.get("decimal", ".")),
        thousands=str(raw.get("thousands", ",")), space_groups=bool(raw.get("space_groups")),
        model_names=bool(raw.get("model_names", True)), yen=str(raw.get("yen") or "CNY"),
        words=tuple((str(k), int(v)) for k, v in (raw.get("words") or {}).items()),
        tens_join=_texts(raw.get("tens_join")),
        unit_and_tens=(str(compound.get("join") or ""), _texts(compound.get("units"))),
        articles=_texts(raw.get("articles")),
        scales=tuple((k.rstrip("."), v) for k, v in scales),
        abbreviations=frozenset(k.rstrip(".") for k, _ in scales if k.endswith(".")),
        symbol_scales=tuple((str(k), float(v)) for k, v in (raw.get("symbol_scales") or {}).items()),
        percent=_texts(raw.get("percent")), tenths=_texts(raw.get("tenths")),
        qualifiers=_by_meaning(raw.get("qualifiers")),
        qualifier_articles=_texts(raw.get("qualifier_articles")),
        qualifiers_not_after=_exceptions(raw.get("qualifiers_not_after")),
        suffix_qualifiers=_by_meaning(raw.get("suffix_qualifiers")),
        suffix_qualifiers_not_before=_exceptions(raw.get("suffix_qualifiers_not_before")),
        range=_texts(raw.get("range")), range_and=_texts(raw.get("range_and")),
        between=_texts(raw.get("between")), change_words=_texts(change.get("words")),
        change_verbs=_texts(change.get("verbs")), change_then=_texts(change.get("then")),
        display_scales=tuple((float(v), str(one), str(many)) for v, one, many in display.get("scales") or ()),
        display_percent=str(display.get("percent", "%")),
        display_qualifiers=_by_meaning(display.get("qualifiers"), one=True),
        display_percent_qualifiers=_by_meaning(display.get("percent_qualifiers"), one=True),
        singular_below_two=bool(display.get("singular_below_two")),
    )


def _texts(items) -> tuple[str, ...]:
    """A list of the file as a tuple of strings."""
    return tuple(str(item) for item in items or ())


def _by_meaning(table: dict | None, one: bool = False) -> tuple:
    """(meaning, phrases) pairs in `QUALIFIERS` order; (meaning, template) pairs when `one`."""
    table = table or {}
    return tuple((name, str(table[name]) if one else _texts(table[name])) for name in QUALIFIERS if name in table)


def _exceptions(table: dict | None) -> tuple[tuple[str, str], ...]:
    """phrase -> the characters that unmake it, as (phrase, characters) pairs."""
    return tuple((str(k), "".join(map(str, v))) for k, v in (table or {}).items())


def numbers_everywhere() -> tuple[NumberData, ...]:
    """The `numbers` sections of every language with a file (for the phrases read in every language)."""
    return tuple(data for code in supported() if (data := get(code).numbers) is not None)


def supported() -> list[str]:
    """The language codes that have a data file."""
    return sorted(p.stem for p in _HERE.glob("*.yaml"))


@functools.lru_cache(maxsize=None)
def get(code: str) -> LangData:
    """The data of language `code` ('und' or an unknown code gives the neutral default)."""
    code = (code or "und").split("-")[0].lower()
    path = _HERE / f"{code}.yaml"
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER) if path.is_file() else {}
    stop_name = raw.get("justext") or _JUSTEXT_NAMES.get(code)
    return LangData(
        code=code,
        name=raw.get("name", ""),
        date_order=raw.get("date_order", "dmy"),
        months=tuple(sorted(((str(k).lower(), int(v)) for k, v in (raw.get("months") or {}).items()),
                            key=lambda kv: -len(kv[0]))),
        weekdays=frozenset(str(w).lower() for w in raw.get("weekdays") or ()),
        date_labels=tuple(raw.get("date_labels") or ()),
        date_words=tuple(raw.get("date_words") or ()),
        function_chars=frozenset(raw.get("function_chars") or ""),
        stopwords=_stopwords(stop_name),
        boilerplate=tuple(str(p).lower() for p in raw.get("boilerplate") or ()),
        patterns=tuple((key, tuple(str(p) for p in raw.get(key) or ())) for key in PATTERN_KEYS),
        titles=_texts(raw.get("titles")),
        content_stopwords=_texts(raw.get("content_stopwords")),
        abbreviations=frozenset(_texts(raw.get("abbreviations"))),
        abbreviations_ambiguous=frozenset(_texts(raw.get("abbreviations_ambiguous"))),
        sentence_openers=frozenset(_texts(raw.get("sentence_openers"))),
        name_openers=_texts(raw.get("name_openers")),
        content_function_chars=frozenset(str(raw.get("content_function_chars") or "")),
        numbers=_number_data(raw.get("numbers"), path.name),
    )


PATTERN_KEYS = ("byline_words", "name_words", "newsroom_words", "reporter_titles", "credit_labels",
                "labels", "line_openings", "notices", "read_time", "time_words", "caption_labels",
                "caption_credits", "comments", "no_comments", "reference_labels", "disclaimers",
                "disclaimer_openings", "generated", "ai_summary", "clause_words", "weak_endings")
"""The pattern lists a language file may hold (see the module docstring)."""


@functools.lru_cache(maxsize=None)
def every(key: str) -> tuple[str, ...]:
    """One pattern list of every language with a file, without repeats.

    The rules use the union: a page wraps a story in its own site's language, and a
    notice in one language is boilerplate in a story of any other."""
    if key not in PATTERN_KEYS:
        raise KeyError(key)
    return tuple(dict.fromkeys(p for code in supported() for p in get(code).pattern_list(key)))


@functools.lru_cache(maxsize=None)
def union(field: str) -> frozenset[str]:
    """A set-valued `LangData` field of every language with a file, together."""
    return frozenset().union(*(getattr(get(code), field) for code in supported()))


@functools.lru_cache(maxsize=None)
def every_word(key: str) -> frozenset[str]:
    """`every(key)` as a set of lower-case words (for lists of single words)."""
    return frozenset(p.casefold() for p in every(key))


class Lowered:
    """A pattern of lower-case phrases matched on lower-cased text: re.IGNORECASE makes a long
    alternation several times slower, lower-casing the line first does not."""

    def __init__(self, source: str):
        self.pattern = re.compile(source)
        self._source = source

    @functools.cached_property
    def _folded(self) -> re.Pattern[str]:
        """The pattern ignoring case, for the rare text whose length lower-casing changes (compiled then)."""
        return re.compile(self._source, re.IGNORECASE)

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text.lower())

    def match(self, text: str) -> re.Match | None:
        return self.pattern.match(text.lower())

    def fullmatch(self, text: str) -> re.Match | None:
        return self.pattern.fullmatch(text.lower())

    def subn(self, repl: str, text: str) -> tuple[str, int]:
        """`text` with every match replaced by `repl`; its own letters keep their case."""
        low = text.lower()
        if len(low) != len(text):
            return self._folded.subn(repl, text)
        pieces, at, count = [], 0, 0
        for found in self.pattern.finditer(low):
            pieces += [text[at:found.start()], repl]
            at, count = found.end(), count + 1
        return "".join(pieces) + text[at:], count


def alternation(phrases: tuple[str, ...] | list[str]) -> str:
    """A regular-expression alternation of phrases of a data file (longest first).

    Leading groups are spelled out ("{a|b} c" -> "a c", "b c"): when every branch opens with a
    letter, the regex engine skips the positions where no branch can start."""
    spelled = {variant for phrase in set(phrases) for variant in _spell_leading(phrase.strip())}
    if not spelled:
        return "(?!)"
    return "(?:" + "|".join(phrase_regex(p) for p in sorted(spelled, key=len, reverse=True)) + ")"


def _spell_leading(phrase: str, depth: int = 0) -> list[str]:
    """The variants of `phrase` with its leading '{…}' or '[…]' group written out."""
    anchor, text = ("^", phrase[1:]) if phrase.startswith("^") else ("", phrase)
    if not text or text[0] not in "{[" or depth > 3:
        return [phrase]
    end = _closing(text)
    if end < 0:
        return [phrase]
    inner, rest = text[1:end], text[end + 1:]
    options = _split_top(inner) if text[0] == "{" else [inner, None]
    variants = []
    for option in options:
        joined = rest.lstrip() if option is None else option + rest
        variants += [anchor + v for v in _spell_leading(joined, depth + 1)] if joined else []
    return variants or [phrase]


def _closing(text: str) -> int:
    """Where the group opening `text` closes (-1 if it never does)."""
    level = 0
    for k, ch in enumerate(text):
        if ch == "\\":
            continue
        level += ch in "{[" and 1 or ch in "}]" and -1 or 0
        if level == 0:
            return k
    return -1


def _split_top(inner: str) -> list[str]:
    """The alternatives of a '{…}' group's inside, split at its own '|' only."""
    parts, level, start = [], 0, 0
    for k, ch in enumerate(inner):
        level += ch in "{[" and 1 or ch in "}]" and -1 or 0
        if ch == "|" and level == 0:
            parts.append(inner[start:k])
            start = k + 1
    return parts + [inner[start:]]


_GRAMMAR = {"{": "(?:", "}": ")", "|": "|", "[": "(?:", "]": ")?", "…": ".{0,60}?",
            "#": r"\d(?<!\d\d)\d{0,3}(?:[.,]\d+)?", ":": r"\s*[:：]", "'": "['’]"}


def phrase_regex(phrase: str) -> str:
    """The regular expression of one phrase of the grammar in the module docstring."""
    text = phrase.strip()
    start = text.startswith("^")
    end = text.endswith("$")
    text = text[1 if start else 0:len(text) - 1 if end else len(text)]
    out = []
    escaped = False
    for k, ch in enumerate(text):
        if escaped or ch == "\\":
            # Why: a backslash makes the next character literal ("\\[logo\\]").
            out.append(re.escape(ch) if escaped else "")
            escaped = not escaped
        elif ch == " ":
            # Why optional spacing beside a number, a mark or a CJK character: "5min read",
            # "déjà abonné ?" and "AI 摘要" are written with and without the space.
            tight = _is_word_edge(text[k - 1:k]) and _is_word_edge(text[k + 1:k + 2])
            out.append(r"\s+" if tight else r"\s*")
        else:
            out.append(_GRAMMAR.get(ch) or re.escape(ch.lower()))
    body = "".join(out)
    # Why past the brackets: "{ai|artificial intelligence}" ends with a word too.
    if _is_cased_letter(text[:1]):
        # Why after the first letter: a pattern whose every branch opens with a literal is
        # scanned fast; a look-behind in front of each branch makes every position slow.
        body = body[:1] + r"(?<![^\W\d_].)" + body[1:]
    if _is_cased_letter(text.rstrip("}]")[-1:]):
        body += r"(?![^\W\d_])"
    return ("^" if start else "") + body + ("$" if end else "")


def _is_word_edge(ch: str) -> bool:
    """True for a letter of a cased script, a digit or a bracket of the grammar (spaces there are needed)."""
    return ch in "{}[]" or ch.isdigit() or _is_cased_letter(ch)


def _is_cased_letter(ch: str) -> bool:
    """True for a letter of a script with case (Latin, Greek, Cyrillic): words there have edges."""
    return bool(ch) and ch.lower() != ch.upper()


def all_months() -> tuple[tuple[str, int], ...]:
    """Month names of every language with a file, longest first (for text of unknown language)."""
    merged: dict[str, int] = {}
    for code in supported():
        merged.update(dict(get(code).months))
    return tuple(sorted(merged.items(), key=lambda kv: -len(kv[0])))


def _stopwords(name: str | None) -> frozenset[str]:
    """jusText's stop-word list `name`, or an empty set."""
    if not name:
        return frozenset()
    try:
        import justext
        return frozenset(w.lower() for w in justext.get_stoplist(name))
    except (ImportError, ValueError, OSError) as exc:
        log.debug("no stop words for %s: %s", name, exc)
        return frozenset()


@functools.lru_cache(maxsize=1)
def date_line_words() -> re.Pattern:
    """Weekdays, date labels and a date line's small words of every language with a file.

    A line of only these, a date and a name is a metadata line, whatever its language."""
    words = {str(w).lower() for code in supported() for data in [get(code)]
             for w in (*data.weekdays, *data.date_labels, *data.date_words)}
    parts = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word).replace(r"\ ", r"\s+")
        # Why: words of cased scripts stand alone; CJK labels sit inside runs of characters.
        cased = word[:1].lower() != word[:1].upper()
        parts.append(rf"(?<![^\W\d_]){escaped}(?![^\W\d_])\.?" if cased else escaped)
    return re.compile("|".join(parts), re.IGNORECASE)
