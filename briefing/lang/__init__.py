"""Language knowledge as data: one YAML file per language, one loader.

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

log = logging.getLogger(__name__)

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



def supported() -> list[str]:
    """The language codes that have a data file."""
    return sorted(p.stem for p in _HERE.glob("*.yaml"))


@functools.lru_cache(maxsize=None)
def get(code: str) -> LangData:
    """The data of language `code` ('und' or an unknown code gives the neutral default)."""
    code = (code or "und").split("-")[0].lower()
    path = _HERE / f"{code}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
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
    )


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
