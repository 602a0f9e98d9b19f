"""Shared text utilities: sentence splitting, word tokens, normalising for matching.

Everything here is offline, deterministic and pure (no state besides compiled regexes
and constant word lists), so summarise, classify and translate can share one notion of
"sentence" and "word".

Sentences
    `sentence_spans(text, lang)` returns (start, end) offsets; `split_sentences` the
    verbatim substrings. A regex splitter with abbreviation handling (pysbd costs about
    4 ms per KB, too slow for thousands of articles; this one about 0.1 ms per KB).
    `lang` only picks the abbreviation list; the rules hold for every language:

    * a blank line or a line break ends a sentence, unless the next line starts with a
      lowercase letter (hard-wrapped text);
    * Latin-script text: ``. ! ? …`` (plus closing quotes/brackets) followed by
      whitespace and a non-lowercase character; not after a known abbreviation
      ("Dr.", "z. B.", "M.", "Sra."), an initial ("John F. Kennedy"), or, when the next
      word is not a typical sentence opener, after an ambiguous abbreviation ("Inc.",
      "U.S.") or a German ordinal ("am 3. Oktober");
    * Chinese/Japanese: ``。！？`` (plus closing brackets) end a sentence with no space
      needed, except before the Japanese quotative と (「…。」と述べた);
    * no cut inside a quotation that closes within 300 characters („Wir bleiben. Sicher.“
      stays one sentence), and none before a lowercase continuation;
    * a leading list bullet ("- ", "• ") is left out of the sentence;
    * an overlong unpunctuated run (> 400 chars) is cut before inline " - " bullets.

Words
    `words(text)` gives normalised tokens: Latin/Cyrillic/Hangul words and numbers as
    runs of word characters (apostrophes split, so "l'IA" gives "l", "ia"), and Chinese
    and Japanese as overlapping character bigrams (no segmenter needed).
    `content_words(text, lang)` drops stopwords and one-letter tokens.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

from . import charsets

log = logging.getLogger(__name__)

_CJK_CLASS = charsets.CJK
_CJK_CHAR = charsets.CJK_CHAR
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_HIRAGANA_ONLY = re.compile("^[\u3040-\u309f]+$")
_NON_CJK_WORD = re.compile(f"(?:(?![{_CJK_CLASS}])[^\\W_])+")

_OPENERS = "\"'“‘„«‹([{¿¡「『（《〈【"
_CLOSERS = "\"'”’“‘»›)]}」』）》〉】"
# Why the lookbehinds and possessive runs: a match may start only where a run of marks (or of
# spaces) starts, so a 20,000-character run of "?" or of U+3000 is scanned once, not once per
# character (which was quadratic); giving characters back could never help the match.
_LATIN_END = re.compile(
    f"(?<![.!?…])[.!?…]++[{re.escape(_CLOSERS)}]*+(?:\\[\\d+\\])*+\\s+|(?<=\\])[.!?](?=[A-Z][a-z])"
)
_ANY_END = re.compile("[.!?…。！？．]")
_CJK_END = re.compile(f"(?:[。！？．]+|(?<=[{_CJK_CLASS}])[!?]+)[{re.escape(_CLOSERS)}]*")
_INLINE_BULLET = re.compile(r"(?<!\s)\s++[-–—•]\s++(?=[A-Z\"“])")
_LEADING_BULLET = re.compile(r"[-–—•*·▪►]\s+")
_LAST_TOKEN = re.compile(r"(\S+)$")
_FIRST_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
_LINE = re.compile(r"[^\n]+")
_GERMAN_ORDINAL = re.compile(r"^\d{1,4}\.$")
_DOTTED = re.compile(r"^(?:[^\W\d_]\.){2,}$")
_INITIAL = re.compile(r"^[^\W\d_]\.$")

_OVERLONG = 400
_WRAPPED_MIN = 40
_QUOTATIVE = "とっ、，,"
_QUOTE_REACH = 300
# Opening quote -> the marks that may close it („…“ in German, “…” in English).
_QUOTE_PAIRS = {"„": "“”", "“": "”", "«": "»", "‹": "›", "「": "」", "『": "』", '"': '"'}
_QUOTE_MARK = re.compile("[„“”«»‹›「」『』\"]")

_PUNCT_MAP = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'",
                            "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
                            "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None,
                            "\ufeff": None})
_FOLD_MAP = {**_PUNCT_MAP, **dict.fromkeys(range(0x300, 0x370))}

# Abbreviations after which a period never ends a sentence (titles, "No. 5", "z. B.").
_ABBREV_ALWAYS: dict[str, frozenset[str]] = {
    "en": frozenset("mr mrs ms dr prof sr jr st gen sen rep gov lt col capt sgt rev hon "
                    "no nos vol fig figs approx dept est vs e.g i.e cf al ft mt".split()),
    "fr": frozenset("m mm mme mmes mlle dr pr me st ste mgr no nos vol p pp cf env "
                    "av apr j.-c boul bd ch chap".split()),
    "es": frozenset("sr sra srta sres dr dra d dña lic ing prof no núm nº pág vol "
                    "av avda c/ ud uds vd vds aprox p.ej".split()),
    "de": frozenset("dr prof hr fr nr bzw ca z.b u.a d.h vgl evtl ggf inkl zzgl "
                    "bspw str abs art bd s.o s.u o.ä u.ä z.t".split()),
    "it": frozenset("sig sigg dott dott.ssa prof ing avv arch on n pag vol ecc es "
                    "cfr sg".split()),
    "pt": frozenset("sr sra srta dr dra prof eng n nº pág vol av exmo ex".split()),
}
# Abbreviations that may also end a sentence ("Apple Inc. The ..." vs "Apple Inc. said").
_ABBREV_AMBIGUOUS = frozenset(
    "inc ltd co corp plc llc bros etc jan feb mar apr jun jul aug sep sept oct nov dec "
    "mio mrd bn mn cie s.a s.a.s s.l gmbh ag usw".split()
)

# Stopwords as written; `STOPWORDS` below holds them normalised like the tokens.
_STOPWORD_TEXT: dict[str, str] = {
    "en": """a an the and or but if then than so as at by for from in into of on onto
        to with without about over under after before between through during against up down
        out off is are was were be been being am do does did done has have had having will
        would shall should can could may might must not no nor this that these those it its
        it's he him his she her hers they them their theirs we us our ours you your yours i me
        my mine who whom whose which what when where why how all any both each few more most
        other some such only own same too very just also said says say according there here
        while per new one two three last first year years week month since still however
        because even though although like""",
    "fr": """le la les l un une des du de d et ou mais donc or ni car à a au aux en
        dans par pour sur sous avec sans entre vers chez ce cet cette ces c ça qui que qu quoi
        dont où est sont était étaient été être a ont avait avaient avoir fait il elle ils
        elles on nous vous je j tu se s sa son ses leur leurs notre nos votre vos mon ma mes
        ne n pas plus moins très aussi ainsi comme si tout tous toute toutes autre autres même
        selon a-t-il lors après avant depuis pendant contre déjà encore y""",
    "es": """el la los las lo un una unos unas de del al a y e o u ni pero sino que
        en por para con sin sobre entre hacia desde hasta contra según es son fue fueron era
        eran ser sido estar está están estaba ha han había habían haber hay se su sus le les
        me te nos os mi mis tu tus nuestro nuestra este esta estos estas ese esa esos esas
        aquel que quien quienes cual cuales cuando donde como más menos muy ya también
        tanto todo todos toda todas otro otra otros otras no sí si porque pues durante tras
        ante ello él ella ellos ellas""",
    "de": """der die das den dem des ein eine einer eines einem einen und oder aber
        doch sondern denn weil dass daß wenn als wie ob zu zum zur im in ins am an auf aus bei
        mit nach von vom vor über unter um durch für gegen ohne seit bis ist sind war waren
        sein gewesen wird werden wurde wurden worden hat haben hatte hatten kann können muss
        soll sollen will wollen er sie es wir ihr ich du man sich sein seine ihre ihr ihren
        unser dieser diese dieses diesem diesen jener nicht kein keine keinen auch noch nur
        schon sehr so da dann hier dort mehr wie was wer wo laut sagte""",
    "it": """il lo la i gli le un uno una di del dello della dei degli delle a al
        allo alla ai agli alle da dal dalla dai in nel nella nei con su sul sulla per tra fra
        e ed o ma che chi cui non si è sono era erano essere stato stata ha hanno aveva avere
        questo questa questi queste quello quella suo sua suoi sue loro anche più come dove
        quando se già ancora molto tutto tutti secondo""",
    "pt": """o a os as um uma uns umas de do da dos das em no na nos nas por pelo
        pela pelos pelas para com sem sobre entre até desde e ou mas que quem qual quais
        quando onde como é são foi foram era eram ser estar está estão esteve ter tem têm
        tinha há se seu sua seus suas ele ela eles elas este esta estes estas esse essa
        isso isto aquele não sim mais menos muito também já ainda todo todos toda todas
        segundo""",
}
# Words that often open a sentence: after "Inc." or "U.S." they signal a new sentence.
_OPENER_WORDS = frozenset("""the a an this that these those it its he she they we i you there
    in on at for by from with after before as but and so however meanwhile while when if
    although his her their our some many most all both each one two three last
    le la les l un une des ce cette ces il elle ils elles on nous je en dans pour par selon
    mais et lors après avant depuis
    der die das ein eine es er sie wir ich im am an auf mit nach bei dies diese dieser aber
    und doch so seit für
    el los las una este esta estos estas por para con según pero y ello él ella ellos ellas
    desde tras lo gli uno questo questa ma ed o os um uma isso mas""".split())
# Chinese function characters: bigrams containing one carry little content.
_ZH_FUNCTION = frozenset("的了是在和也與与及或而並并這这那個个之於于其為为被將将把從从對对以等")


def fold(text: str) -> str:
    """NFKC, unify apostrophes and dashes, drop Latin diacritics (é→e) but not kana marks."""
    if text.isascii():
        return text.translate(_PUNCT_MAP)
    # Why: NFKD then NFC is NFKC (full-width Latin and half-width kana made usual), with a
    # chance in between to strip the combining diacritics block only (Japanese voicing
    # marks live elsewhere and survive).
    decomposed = unicodedata.normalize("NFKD", text).translate(_FOLD_MAP)
    return unicodedata.normalize("NFC", decomposed)


def normalise(text: str) -> str:
    """Fold, casefold and collapse whitespace: the form used for matching and comparing."""
    return _SPACES.sub(" ", fold(text).casefold()).strip()


STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(normalise(text).split()) for lang, text in _STOPWORD_TEXT.items()
}
_ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())


def is_cjk(char: str) -> bool:
    """Whether `char` is a Han ideograph or kana."""
    return bool(_CJK_CHAR.match(char))


def cjk_ratio(text: str) -> float:
    """Share of Han/kana characters among the letters of `text` (0 when it has none)."""
    # Why: most text has no CJK at all; skip counting letters then.
    if not _CJK_CHAR.search(text):
        return 0.0
    return len(_CJK_CHAR.findall(text)) / sum(map(str.isalpha, text))


def sentence_spans(text: str, lang: str = "und") -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, in order, without outer whitespace."""
    if len(text) <= _OVERLONG and "\n" not in text and not _ANY_END.search(text):
        # Why: a short line with no terminal mark is one sentence (most lines of a list or
        # table); skipping the splitter keeps a million short lines cheap.
        span = _trim(text, 0, len(text))
        return [span] if span else []
    spans: list[tuple[int, int]] = []
    for start, end in _blocks(text):
        for s, e in _split_block(text, start, end, lang):
            spans.extend(_split_overlong(text, s, e))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span]


def paragraphs(body: str) -> list[str]:
    """The paragraphs of a body: blocks separated by a blank line, empty ones left out.

    The one definition: figures, translations and views index paragraphs by position, so every
    stage must split a body the same way."""
    return [p for p in body.split("\n\n") if p.strip()]


def split_sentences(text: str, lang: str = "und") -> list[str]:
    """The sentences of `text`, each a verbatim substring of it."""
    return [text[s:e] for s, e in sentence_spans(text, lang)]


def words(text: str) -> list[str]:
    """Normalised tokens: words and numbers; Chinese/Japanese as character bigrams."""
    norm = normalise(text)
    if not _CJK_CHAR.search(norm):
        return _WORD.findall(norm)
    tokens: list[str] = []
    pos = 0
    # Why: walk CJK runs and the text between them in order, so tokens keep text order.
    for run in _CJK_RUN.finditer(norm):
        tokens.extend(_NON_CJK_WORD.findall(norm, pos, run.start()))
        tokens.extend(_bigrams(run.group()))
        pos = run.end()
    tokens.extend(_NON_CJK_WORD.findall(norm, pos))
    return tokens


def content_words(text: str, lang: str = "und") -> list[str]:
    """`words` without stopwords, one-letter tokens and function-word bigrams."""
    stop = STOPWORDS.get(lang, _ALL_STOPWORDS)
    return [t for t in words(text) if _is_content(t, stop)]


def _is_content(token: str, stop: frozenset[str]) -> bool:
    if token[0] >= "\u3040" and is_cjk(token[0]):
        # Why: pure-hiragana bigrams are grammar (ます, した); 的/了 bigrams are glue.
        return not _HIRAGANA_ONLY.match(token) and not (set(token) & _ZH_FUNCTION)
    return len(token) > 1 and token not in stop


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def _blocks(text: str) -> list[tuple[int, int]]:
    """Line spans, a line joined to the previous one when it starts lowercase (wrapped text)."""
    blocks: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        stripped = line.group().lstrip()
        if not stripped:
            continue
        # Why: a line starting lowercase after a long unfinished line continues a
        # hard-wrapped sentence (a short line before it is a byline or a label).
        joined = blocks and stripped[0].islower() and _wraps(text, blocks[-1], line.start())
        if joined:
            blocks[-1] = (blocks[-1][0], line.end())
        else:
            blocks.append((line.start(), line.end()))
    return blocks


def _wraps(text: str, previous: tuple[int, int], next_start: int) -> bool:
    """Whether the line after `previous` (a span) continues it: no blank line, no full stop."""
    prev = text[previous[0]:previous[1]].rstrip()
    gap = text[previous[1]:next_start]
    return gap.count("\n") == 1 and len(prev) >= _WRAPPED_MIN and prev[-1] not in ".!?。！？:"


def _split_block(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    cuts = sorted(set(_latin_cuts(text, start, end, lang)) | set(_cjk_cuts(text, start, end)))
    bounds = [start, *_outside_quotes(text, cuts, start, end), end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _latin_cuts(text: str, start: int, end: int, lang: str) -> list[int]:
    cuts = []
    for m in _LATIN_END.finditer(text, start, end):
        if m.end() < end and _ends_sentence(text, start, m, lang):
            cuts.append(m.end())
    return cuts


def _cjk_cuts(text: str, start: int, end: int) -> list[int]:
    cuts = []
    for m in _CJK_END.finditer(text, start, end):
        nxt = text[m.end():m.end() + 1]
        # Why: 「…。」と言った continues the sentence; a comma after a quote does too.
        if m.end() < end and not (nxt and nxt in _QUOTATIVE):
            cuts.append(m.end())
    return cuts


def _outside_quotes(text: str, cuts: list[int], start: int, end: int) -> list[int]:
    """Drop cuts inside a quotation that closes soon after (keeps a quoted speech whole)."""
    kept: list[int] = []
    expected: list[str] = []
    pos = start
    for cut in cuts:
        expected = _track_quotes(text[pos:cut], expected)
        pos = cut
        # Why: an unclosed quote (a stray mark) must not swallow the rest of the paragraph.
        if expected and any(c in text[cut:min(end, cut + _QUOTE_REACH)] for c in expected[-1]):
            continue
        kept.append(cut)
        expected = []
    return kept


def _track_quotes(segment: str, expected: list[str]) -> list[str]:
    """Update the stack of closing marks awaited after reading `segment`."""
    stack = list(expected)
    for ch in _QUOTE_MARK.findall(segment):
        if stack and ch in stack[-1]:
            stack.pop()
        elif ch in _QUOTE_PAIRS:
            stack.append(_QUOTE_PAIRS[ch])
    return stack


def _ends_sentence(text: str, start: int, m: re.Match, lang: str) -> bool:
    """Whether the terminal punctuation matched by `m` really ends a sentence."""
    following = text[m.end():m.end() + 40].lstrip(_OPENERS)
    # Why: a lowercase continuation ("e.g. the", "(…) et") is mid-sentence.
    if not following or following[0].islower():
        return False
    # Why: only a bare period can be an abbreviation's; "!", "?" and "…" always end.
    marks = m.group().rstrip().rstrip(_CLOSERS + "[]0123456789")
    if "!" in marks or "?" in marks or "." not in marks:
        return True
    token = _token_before(text, start, m.start())
    return _period_ends(token, _next_word(following), lang)


def _period_ends(token: str, next_word: str, lang: str) -> bool:
    """Whether a period after `token` ends the sentence, given the next word."""
    key = token.lower().rstrip(".")
    if key in _always_abbreviations(lang) or _INITIAL.match(token + "."):
        return False
    # Why: "Apple Inc. The" ends a sentence, "Apple Inc. said" does not; likewise
    # "the U.S. The" vs "U.S. President", and German "2019. Die" vs "3. Oktober".
    ambiguous = (key in _ABBREV_AMBIGUOUS or _DOTTED.match(token + ".")
                 or (lang == "de" and _GERMAN_ORDINAL.match(token + ".")))
    if ambiguous:
        return next_word.lower() in _OPENER_WORDS
    return True


@functools.cache
def _always_abbreviations(lang: str) -> frozenset[str]:
    """The language's never-final abbreviations plus the English ones (built once per language)."""
    return _ABBREV_ALWAYS.get(lang, frozenset()) | _ABBREV_ALWAYS["en"]


def _token_before(text: str, start: int, pos: int) -> str:
    m = _LAST_TOKEN.search(text[max(start, pos - 40):pos])
    return m.group(1).lstrip(_OPENERS) if m else ""


def _next_word(following: str) -> str:
    m = _FIRST_WORD.match(following)
    return m.group() if m else ""


def _split_overlong(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a very long unpunctuated run before inline " - " bullets."""
    if end - start <= _OVERLONG:
        return [(start, end)]
    cuts = [m.start() for m in _INLINE_BULLET.finditer(text, start, end)]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink a span to its content: no outer whitespace, no leading list bullet."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    bullet = _LEADING_BULLET.match(text, start, end)
    if bullet and bullet.end() < end:
        start = bullet.end()
    return (start, end) if end > start and any(ch.isalnum() for ch in text[start:end]) else None
