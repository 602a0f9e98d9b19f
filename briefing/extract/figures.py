"""Key figures (money, percentages, counts) extracted from article text, normalised.

Approach
    Pure regex, offline and deterministic. The text is cut into paragraphs on blank lines
    (like `Article.paragraphs`) and each paragraph into sentences with
    `text.sentence_spans`. Each sentence is matched through a *shadow* copy of the same
    length where full-width forms are ASCII (１２％ → 12%), curly apostrophes straight and
    dashes "-", so an offset in the shadow is an offset in the sentence. A scan finds
    number tokens (digits, number words, Chinese numerals, 百分之…) and reads around each:

    * left: a currency prefix ($, US$, €, HK$, USD …), a qualifier (more than, plus de,
      约 …) and, for ranges, "between"/"entre" or a change ("from", "passé de");
    * right: a scale (billion, milliards, Mrd., mil millones, 亿, 万亿 …), a unit (%,
      percent, yuan, d'euros, 美元, ドル …), a suffix qualifier (以上, or more …) and a
      second number after a range separator (to, à, bis, -, 至 …).

    The words of each language (number words, scales, percent words, separators,
    qualifiers, decimal mark, display) are data: the `numbers` section of
    briefing/lang/<code>.yaml. The grammar is compiled from them once per language and
    cached (about 20 ms). Chinese/Japanese forms and currency symbols are recognised in
    every language; a language without a `numbers` section reads digits, symbols and CJK
    forms only (no number words), with a decimal point, and displays figures in English.
    Concept keywords are still a table here (`_CONCEPTS`). `concept` is the keyword
    nearest before the figure in its sentence (else the nearest after it). A money figure right after another one, in another currency
    and behind "(", ", or", "soit", 约合 or 折合, is its conversion (`equivalent_of`).

    Speed (about 1 ms per 5,000 characters besides sentence splitting): the scans over
    a whole sentence start with a character set (the regex engine then skips ahead in C),
    number words are found backwards from the few scale/percent words, and qualifiers
    are matched on the reversed text just before a number.

Choices
    * Numbers: a lone separator is read by language and shape: "2,480" and "7.8" in
      en/zh/ja; "18.000" and "7,8" in fr/de/es/it/pt. Repeated separators, spaces (fr/es/
      de/it/pt) and no-break spaces are thousands. Digits glued to letters (H20, 6000D,
      MI308, 5G, 1990s, GPT-4) are never figures, except scales: $5m, €45bn, 53bn.
    * Counts: a number with a scale and no currency ("2 million robots", 45万社), or a
      plain integer >= 1,000 followed by a word ("450,000 companies"). Quantities with a
      unit of measure or time (2,480 MW, 1500公尺, 10 GW, 5,000 years, 6分34秒) are
      skipped, not kept as counts: a count of megawatts would `agree` with a count of
      people. Years (1900-2100 without separator), dates, times, phone numbers, footnote
      refs [1], URLs and numbers after a model-like word (RTX 4090) are skipped too.
    * "billion" is 1e9 in en and pt (bilhão) but 1e12 in fr, de, es, it (billion, Billion,
      billón, bilione); 兆 is 1e12 (Japanese and Taiwanese usage).
    * ¥ is JPY in Japanese text, CNY otherwise; 元 alone is CNY. "won", "pounds", "livres",
      "libras" and "Pfund" are money only after a scale ("5 trillion won").
    * "from 10% to 12%" (fr/es/pt/it: a verb of change before "de"/"da") is a change, so
      two figures, not a range.
    * 以上 maps to "more than" (as the brief groups it); "or more" to "at least".
    * Values are magnitudes: a sign is ignored ("-5%" gives 5). Percentage points are
      unit "percent" too.
    * `display` uses plain spaces ("plus de 9 %", "450 000") and ISO codes ("53 billion
      USD"); es writes billions as thousands of millions ("380.000 millones").
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import logging
import math
import re
from dataclasses import dataclass

from .. import lang
from ..lang import charsets
from ..lang.text import is_cjk, sentence_spans
from ..lang.text import paragraphs as split_paragraphs

log = logging.getLogger(__name__)

VERSION = 3
MAX_FIGURES = 300
"""Figures read per article at most: prose has tens; thousands are a table or a paste, not key figures."""

MORE, LESS, UP_TO, AT_LEAST, ABOUT = "more than", "less than", "up to", "at least", "about"
_QUAL_GROUPS = {"more": MORE, "less": LESS, "upto": UP_TO, "least": AT_LEAST, "about": ABOUT}
_MAX_DIGITS = 15


@dataclass(frozen=True)
class Figure:
    """One key figure: value in base units, unit, currency, and the sentence it comes from."""

    value: float
    high: float | None
    unit: str
    currency: str | None
    scale: str | None
    qualifier: str | None
    text: str
    sentence: str
    paragraph: int
    sentence_index: int
    start: int
    concept: str | None
    equivalent_of: int | None = None

    def interval(self) -> tuple[float, float]:
        """(lo, hi) implied by value, high and qualifier; an exact figure gets ±1%."""
        lo = self.value
        hi = self.high if self.high is not None else self.value
        if self.qualifier in (MORE, AT_LEAST):
            return lo, math.inf
        if self.qualifier in (LESS, UP_TO):
            return 0.0, hi
        if self.qualifier == ABOUT:
            return lo * 0.95, hi * 1.05
        if self.high is not None:
            return lo, hi
        return lo * 0.99, hi * 1.01

    def to_json(self) -> dict:
        """The fields as a JSON-able dict."""
        return dataclasses.asdict(self)


# --- language data ------------------------------------------------------------------

_SP = "[ \u00a0\u202f\u2009]"
_GAP = _SP + "*"
_GAP_H = "[ \u00a0\u202f\u2009-]*"
_NOT_LETTER_AHEAD = r"(?![^\W\d_])"
_NOT_LETTER_BEHIND = r"(?<![^\W\d_])"

# The words of each language (number words, scales, percent, qualifiers, range and change
# words, display) are data: the `numbers` section of briefing/lang/<code>.yaml, compiled into
# a `_Grammar` once per language (see `_grammar`). What stays here is read in every language:
# currencies (words of any language name the same currency, so one table, not one per
# language), Chinese/Japanese numerals, units of measure; and the concept keywords.

# Scales glued to a number after a currency prefix only: "$5m", "£3b", "$5k", "R$ 5 bi".
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "mi": 1e6, "b": 1e9, "bn": 1e9, "bi": 1e9,
                 "tn": 1e12}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8,
              "兆": 1e12}
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_BIG = "千万萬亿億兆"

_USD, _EUR, _CNY, _JPY, _GBP = "USD", "EUR", "CNY", "JPY", "GBP"
_CURRENCY_TABLE = {
    _USD: "dollar|dollars|us dollars|us dollar|u.s. dollars|american dollars|us-dollar|"
          "us-dollars|dollars américains|dólar|dólares|dolares|dólares estadounidenses|dollaro|"
          "dollari|usd|$|美元|美金|ドル|米ドル",
    _EUR: "euro|euros|eur|€|欧元|歐元|ユーロ",
    _CNY: "yuan|yuans|yuanes|renminbi|rmb|cny|chinese yuan|元|人民币|人民幣|元人民币|元人民幣"
          "|人民元",
    _JPY: "yen|yens|yenes|jpy|japanese yen|日元|日圆|日圓|円",
    _GBP: "pound|pounds|pounds sterling|sterling|livres|livres sterling|libras|libras esterlinas|"
          "pfund|gbp|£|英镑|英鎊|ポンド",
    "HKD": "hong kong dollars|hk dollars|hkd|港元|港币|港幣|香港ドル",
    "TWD": "taiwan dollars|new taiwan dollars|nt dollars|twd|新台币|新台幣|台币|台幣|台湾ドル",
    "KRW": "won|wons|krw|₩|韩元|韓元|ウォン",
    "INR": "rupee|rupees|roupies|rupias|inr|₹|卢比|盧比|ルピー",
    "CHF": "swiss francs|francs suisses|franken|schweizer franken|chf",
    "CAD": "canadian dollars|cad", "AUD": "australian dollars|aud",
    "SGD": "singapore dollars|sgd", "BRL": "reais|brl",
}
_CURRENCY_WORDS = {w: code for code, words in _CURRENCY_TABLE.items() for w in words.split("|")}
# Words that are money only after a scale: "5 trillion won", not "the team won".
_NEEDS_SCALE = frozenset("won pound pounds sterling livres libras pfund".split())
_PREFIXES: dict[str, str | None] = {
    "US$": _USD, "U.S.$": _USD, "US $": _USD, "USD": _USD, "$": _USD, "€": _EUR, "EUR": _EUR,
    "£": _GBP, "GBP": _GBP, "¥": None, "JPY": _JPY, "CNY": _CNY, "RMB": _CNY, "Rmb": _CNY,
    "HK$": "HKD", "HKD": "HKD", "NT$": "TWD", "TWD": "TWD", "S$": "SGD", "SGD": "SGD",
    "A$": "AUD", "AU$": "AUD", "AUD": "AUD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD",
    "R$": "BRL", "BRL": "BRL", "₩": "KRW", "KRW": "KRW", "₹": "INR", "INR": "INR", "Rs.": "INR",
    "Rs": "INR", "CHF": "CHF", "人民币": _CNY, "人民幣": _CNY, "新台币": "TWD", "新台幣": "TWD",
    "台币": "TWD", "台幣": "TWD", "港币": "HKD", "港幣": "HKD",
}

_PREFIX_ENDS = frozenset(p[-1] for p in _PREFIXES)
# Characters after which a bare number is over: punctuation, and date/time counters.
_CLAUSE_END = frozenset(",.;:!?)]}\"'，。、；：！？）」』】年月日号號时時分秒岁歲歳")

_PERCENT_SIGN = "%"

# Concept keywords, lowercase (matched on lowercased text); each starts with a literal
# character so the search can skip ahead fast.
_CONCEPTS: dict[str, dict[str, str]] = {
    "valuation": {
        "en": r"valuations?|valued at|valuing|market (?:cap|capitali[sz]ation|value)",
        "fr": r"valorisations?|valoris[ée]e?s?|capitalisation",
        "de": r"bewertung\w*|bewertet|börsenwert|marktwert|marktkapitalisierung",
        "es": r"valoraci[oó]n|valorad[ao]s?|capitalizaci[oó]n",
        "it": r"valutazione|valutat[aoie]|capitalizzazione",
        "pt": r"avalia[çc][ãa]o|avaliad[ao]|valor de mercado",
        "cjk": "估值|市值|評価額|時価総額"},
    "share price": {
        "en": r"share prices?|shares|stocks?(?: prices?)?",
        "fr": r"titre|actions?|bourse",
        "de": r"aktie\w*|kurs\w*|börse",
        "es": r"acci[oó]n(?:es)?|cotizaci[oó]n|bolsa",
        "it": r"azioni|titol[oi]|borsa",
        "pt": r"a[çc][õo]es|a[çc][ãa]o|bolsa",
        "cjk": "股价|股價|股票|株価"},
    "revenue": {
        "en": r"revenues?|sales|turnover",
        "fr": r"chiffre d'affaires|ventes|recettes",
        "de": r"umsatz\w*|umsätze\w*|erlös\w*",
        "es": r"ingresos|ventas|facturaci[oó]n",
        "it": r"ricavi|fatturato|vendite",
        "pt": r"receitas?|faturamento|vendas",
        "cjk": "营收|營收|营业收入|營業收入|收入|销售额|銷售額|売上|売り上げ|収益"},
    "profit": {
        "en": r"profits?|net income|earnings",
        "fr": r"b[ée]n[ée]fices?|r[ée]sultat net",
        "de": r"gewinn\w*|überschuss",
        "es": r"beneficios?|ganancias",
        "it": r"utile|utili|profitti",
        "pt": r"lucros?",
        "cjk": "利润|利潤|净利|淨利|盈利|利益"},
    "funding": {
        "en": r"raised|raises|raising|funding|financing round",
        "fr": r"lev[ée]e de fonds|l[eè]ve|lev[ée]e?s?|financement",
        "de": r"finanzierung\w*|eingesammelt",
        "es": r"financiaci[oó]n|ronda|recaud\w*|capt[óo]",
        "it": r"finanziament\w*|raccolt[oai]",
        "pt": r"financiamento|rodada|captou|capta[çc][ãa]o",
        "cjk": "融资|融資|資金調達"},
    "investment": {
        "en": r"invest(?!or)\w*|spend\w*|capex|capital expenditures?|pledg\w*|outlays?",
        "fr": r"investi(?!sseu)\w*|d[ée]penses?",
        "de": r"investition\w*|investier\w*|ausgaben",
        "es": r"inversi[oó]n(?:es)?|invertir[áa]?\w*",
        "it": r"investiment\w*|investir\w*",
        "pt": r"investiment\w*|investir\w*",
        "cjk": "投资(?![者人])|投資(?![者家人])"},
    "jobs": {
        "en": r"jobs|employees|workers|staff|headcount",
        "fr": r"emplois?|salari[ée]s|employ[ée]s|postes",
        "de": r"stellen|arbeitspl[äa]tze|mitarbeiter\w*|besch[äa]ftigte\w*|jobs",
        "es": r"empleos?|empleados|trabajadores|puestos de trabajo",
        "it": r"posti di lavoro|dipendenti|lavoratori",
        "pt": r"empregos?|funcion[áa]rios|trabalhadores",
        "cjk": "岗位|崗位|就业|就業|员工|員工|雇用|従業員|人員|社員"},
    "price": {
        "en": r"prices?|priced at|costs?|sells? for|retails? for",
        "fr": r"prix|co[uû]te|vendue? (?:à|au prix)",
        "de": r"preis\w*|kostet",
        "es": r"precio|cuesta",
        "it": r"prezzo|costa",
        "pt": r"pre[çc]o|custa",
        "cjk": "售价|售價|价格|價格|定价|定價|価格|販売価格"},
    "market size": {
        "en": r"m(?<!stock m)(?<!stock-m)arkets?(?! (?:share|cap|value))",
        "fr": r"march[ée]s?",
        "de": r"markt(?!anteil|wert|kapital)\w*",
        "es": r"mercados?",
        "it": r"mercat[oi]",
        "pt": r"mercados?",
        "cjk": "市场(?!份额|占有)|市場(?!シェア|占有)"},
}

# Words after a number that make it a measure or a duration, not a count.
_MEASURES = frozenset("""mw gw kw tw w kwh mwh gwh twh kv v hz khz mhz ghz km m cm mm nm kg g
    mg t tonnes tonne tons ton metric metres meters metre meter kilometres kilometers kilometre
    kilometer miles mile mi feet foot ft inches yards sq square hectares hectare ha acres acre
    litres liters litre liter l gallons barrels bpd mph kmh knots degrees gb tb pb mb kb gbps
    mbps tflops pflops petaflops exaflops teraflops flops wh mah bp bps basis points pts
    seconds second minutes minute hours hour days day weeks week months month years year
    mètres kilomètres litres degrés secondes heures jours semaines mois ans années
    kilometer tonnen grad hektar sekunden minuten stunden tage wochen monate jahre jahren
    metros kilómetros toneladas litros grados hectáreas segundos minutos horas días semanas
    meses años metri chilometri tonnellate litri gradi ettari secondi minuti ore giorni
    settimane mesi anni quilômetros quilómetros dias anos""".split())
_CJK_MEASURES = re.compile("公尺|公里|千米|厘米|毫米|纳米|奈米|米|吨|噸|公斤|千克|克|平方|公顷"
                           "|升|度|瓦|秒|分|小时|小時|时|時|天|日|月|年|周|週|号|號|倍|岁|歲|歳"
                           "|点|點"
                           "|メートル|キロ|トン|ヶ月|か月|カ月|ヵ月|ポイント")

# --- shared patterns -----------------------------------------------------------------

_SHADOW = {i: chr(i - 0xFEE0) for i in range(0xFF01, 0xFF5F) if i != 0xFF0C}
_SHADOW.update({0x130: "I", 0x3000: " ", 0xFFE5: "¥", 0x2018: "'", 0x2019: "'", 0x2010: "-",
                0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0x2212: "-", 0x301C: "~",
                0xFF5E: "~"})
_SHADOW_CHARS = re.compile("[" + "".join(map(chr, _SHADOW)) + "]")
# Spans that hold no figure; each pattern starts with a character set (fast scan).
_MASKS = re.compile(
    r"[\[0-9hw](?:"
    r"(?<=\[)[0-9]+\]"                                             # footnote refs [1]
    r"|(?<=[0-9])(?<![0-9].)[0-9]{0,3}([/.-])[0-9]{1,2}\1[0-9]{1,4}(?![0-9])"  # 15.08.2025
    r"|(?<=[0-9])(?<![0-9].)[0-9]{0,3}/[0-9]{1,4}(?![0-9])"          # 24/7, 10/12
    r"|(?<=[0-9])(?<![0-9].)[0-9]?:[0-9]{2}(?::[0-9]{2})?"           # times 10:46
    r"|(?<=h)ttps?://\S+|(?<=w)ww\.\S+)")                           # URLs
_PHONE_HINT = re.compile(r"[0-9][ .-][0-9]{2,4}[ .-][0-9]")
_PHONE = re.compile(r"(?<![0-9])(?:\+[0-9]{1,3}[ .-]?)?(?:\([0-9]{1,4}\)[ .-]?)?"
                    r"[0-9]{2,4}(?:[ .-][0-9]{2,4}){2,}(?![0-9])")
_DIGIT_SPLIT = re.compile("([.,'\u00a0\u202f\u2009 ])")
_CJK_SCALE = re.compile(f"([多余餘]?)([十百千]*[{_CJK_BIG}][万萬亿億兆]*)"
                        f"((?:[0-9]+(?:\\.[0-9]+)?[十百千]*[{_CJK_BIG}][万萬亿億兆]*)*)")
_CJK_PART = re.compile(f"([0-9]+(?:\\.[0-9]+)?)([十百千{_CJK_BIG}]+)")
_CJK_APPROX = re.compile(f"[多余餘](?=[{charsets.CJK}])")
_SHORT_SCALE = re.compile(r"(?i)(?:mn|bn|tn|mi|bi|m|b|k)" + _NOT_LETTER_AHEAD)
_WORD_AFTER = re.compile(r"[ \u00a0]+(?:(?:de|d'|of)[ \u00a0]*)?([^\W\d_][\w'.-]*)")
_PREV_WORD = re.compile(r"([^\W_]+)[ \u00a0]\Z")
_LABEL_BEFORE = re.compile(r"(?i)(?:#|(?<![^\W\d_])(?:no|nr|n°|nº|núm|art|p|pp|page|tel|fax)"
                           r"\.?[ \u00a0]*|第|§[ \u00a0]*)\Z")
_CONVERTED = "约合|約合|折合|合计|相当于|相當於|equivalent to|soit"
# What may separate an amount from its conversion: "(", ", or", "，折合".
# Why possessive gaps: a long run of spaces between two amounts would otherwise be split between
# the gaps in every way (quadratic); no gap here is followed by something that starts with a space.
_EQUIVALENT_GAP = re.compile(
    rf"(?i){_GAP}+(?:[(\[]{_GAP}+(?:{_CONVERTED})?"
    rf"|[,，]{_GAP}+(?:or|soit|ou|oder|o|i\.e\.,?){_NOT_LETTER_AHEAD}{_GAP}+(?:{_CONVERTED})?"
    rf"|[,，]?{_GAP}+(?:{_CONVERTED})){_GAP}+")


@dataclass
class _Num:
    """A number token: where it is, its value before any scale, what it was written as."""

    start: int
    end: int
    value: float
    kind: str  # "digits" | "word" | "article" | "cjk" | "percent"
    grouped: bool = False
    integer: bool = True
    scale: str | None = None


@dataclass
class _Hit:
    """A figure found in a sentence (offsets into the sentence)."""

    start: int
    end: int
    value: float
    unit: str | None
    currency: str | None = None
    scale: str | None = None
    mult: float | None = None
    qualifier: str | None = None
    high: float | None = None
    num: _Num | None = None
    scale_span: tuple[int, int] | None = None
    suffixed: bool = False


@dataclass(frozen=True)
class _Grammar:
    """The compiled patterns and tables for one language."""

    lang: str
    comma_decimal: bool
    yen: str
    model_names: bool
    anchor: re.Pattern
    word_anchor: re.Pattern
    word_before: re.Pattern
    hint: re.Pattern
    word: re.Pattern
    words: dict
    articles: frozenset
    scale: re.Pattern
    scales: dict
    unit: re.Pattern
    prefix: re.Pattern
    prefix_ahead: re.Pattern
    qualifier: re.Pattern
    suffix: re.Pattern
    range_sep: re.Pattern
    range_and: re.Pattern
    between: re.Pattern
    change: re.Pattern | None
    concept: re.Pattern
    concepts: tuple


# --- public API ----------------------------------------------------------------------

def extract(text: str, language: str) -> list[Figure]:
    """Money amounts, percentages and counts in `text`, each with its sentence, normalised."""
    grammar = _grammar(_grammar_code(_base_language(language)))
    figures: list[Figure] = []
    paragraphs = split_paragraphs(text)
    for p_index, paragraph in enumerate(paragraphs):
        if len(figures) >= MAX_FIGURES:
            break
        shadow = _shadow(paragraph)
        lower = _lower(shadow)
        for s_index, (a, b) in enumerate(sentence_spans(paragraph, grammar.lang)):
            hits = _scan(shadow[a:b], lower[a:b], grammar, MAX_FIGURES - len(figures))
            if hits:
                figures.extend(_figures(hits, paragraph[a:b], lower[a:b], p_index, s_index,
                                        grammar, len(figures)))
    return figures


def agree(a: Figure, b: Figure) -> bool:
    """Same unit (and currency for money) and overlapping intervals."""
    if a.unit != b.unit or (a.unit == "currency" and a.currency != b.currency):
        return False
    lo_a, hi_a = a.interval()
    lo_b, hi_b = b.interval()
    return lo_a <= hi_b and lo_b <= hi_a


def display(figure: Figure, language: str) -> str:
    """A short localised rendering for a table: "plus de 9 %", "380 milliards CNY"."""
    data = _display_data(language)
    amount = _display_amount(figure, data)
    if figure.unit == "percent":
        amount += data.display_percent
    elif figure.unit == "currency" and figure.currency:
        amount += f" {figure.currency}"
    if not figure.qualifier:
        return amount
    templates = dict(data.display_qualifiers)
    if figure.unit == "percent":
        templates.update(data.display_percent_qualifiers)
    return templates[figure.qualifier].format(amount)


# --- scanning ------------------------------------------------------------------------

def _base_language(language: str) -> str:
    base = re.split(r"[-_]", (language or "").strip().lower(), maxsplit=1)[0]
    return base or "und"


def _shadow(text: str) -> str:
    """`text` with full-width forms ASCII, quotes straight, dashes "-"; same length."""
    # Why: a regex replace touches only the few characters to map (translate visits all).
    return _SHADOW_CHARS.sub(lambda m: _SHADOW[ord(m.group())], text)


def _lower(shadow: str) -> str:
    """Lowercase of the same length (for the fast lowercase keyword patterns)."""
    lower = shadow.lower()
    if len(lower) == len(shadow):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in shadow)


def _scan(sh: str, low: str, g: _Grammar, limit: int) -> list[_Hit]:
    """The figures of one sentence (its shadow `sh`, lowercased `low`) in order, at most about `limit`."""
    # Why: two streams of candidates, merged in text order: digits and Chinese numerals
    # (a fast scan), and number words (found back from the few scale/percent words).
    words = _word_numbers(sh, low, g)
    digit = g.anchor.search(sh)
    masks: _Masked | None = None
    hits: list[_Hit] = []
    pos = k = 0
    while (digit or k < len(words)) and len(hits) < limit:
        word = words[k] if k < len(words) else None
        m = digit if word is None or (digit and digit.start() <= word.start()) else word
        if m is digit and masks is None:
            masks = _Masked(_masks(sh))
        if m is digit and masks.covers(m.start()):
            pos = m.end()
        else:
            found, pos = _read(sh, m, g)
            hits.extend(found)
        if digit and digit.start() < pos:
            digit = g.anchor.search(sh, pos)
        # Why an index, not a filtered copy: words are in text order, and copying the rest
        # for every number would be quadratic in a sentence of thousands of numbers.
        while k < len(words) and words[k].start() < pos:
            k += 1
    return hits


class _Masked:
    """Spans (dates, refs, phones…) merged and sorted, for an O(log n) "is this offset masked"."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(spans):
            if self.ends and a <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], b)
            else:
                self.starts.append(a)
                self.ends.append(b)

    def covers(self, offset: int) -> bool:
        """Whether `offset` lies inside one of the spans."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]


def _word_numbers(sh: str, low: str, g: _Grammar) -> list[re.Match]:
    """Number words right before a scale or percent word ("nine percent", "a billion")."""
    found = []
    for hint in g.hint.finditer(low):
        # Why: only a scale or percent word makes a number word a figure, so look back
        # from those few words instead of scanning the sentence for every "one" or "a".
        i = hint.start()
        before = g.word_before.match(low[max(0, i - 40):i][::-1])
        m = g.word_anchor.match(sh, i - before.end()) if before else None
        if m and (not found or m.start() > found[-1].start()):
            found.append(m)
    return found


def _masks(sh: str) -> list[tuple[int, int]]:
    """Spans that hold no figure: footnote refs, dates, times, URLs, phone numbers."""
    spans = [m.span() for m in _MASKS.finditer(sh)]
    if _PHONE_HINT.search(sh):
        spans.extend(m.span() for m in _PHONE.finditer(sh) if _is_phone(m.group()))
    return spans


def _is_phone(candidate: str) -> bool:
    if candidate[0] in "+(":
        return True
    groups = re.split(r"[ .-]", candidate)
    seps = set(re.findall(r"[ .-]", candidate))
    # Why: "10 000 000" and "12.345.678" are numbers: thousands groups of three.
    return not (len(seps) == 1 and all(len(x) == 3 for x in groups[1:]))


def _read(sh: str, m: re.Match, g: _Grammar) -> tuple[list[_Hit], int]:
    """The figure(s) starting at anchor `m`, and where to search next."""
    num = _number(sh, m, g)
    if num is None:
        return [], m.end()
    if _bare(sh, num):
        return [], num.end
    first = _quantity(sh, num, g)
    if first is None:
        return [], max(num.end, m.start() + 1)
    hits = _with_range(sh, first, g)
    return [h for h in hits if h.unit is not None], max(hits[-1].end, m.start() + 1)


def _bare(sh: str, num: _Num) -> bool:
    """A small number or a year closing a clause or a date ("8月15日", "in 2025,"): no figure."""
    if num.kind != "digits" or not (num.value < 1000 or _year_like(num)):
        return False
    after = sh[num.end:num.end + 1]
    before = sh[max(0, num.start - 2):num.start].rstrip(" \u00a0")
    return (not after or after in _CLAUSE_END) and not (before and before[-1] in _PREFIX_ENDS)


def _year_like(num: _Num) -> bool:
    return not num.grouped and num.integer and 1900 <= num.value <= 2100


def _number(sh: str, m: re.Match, g: _Grammar) -> _Num | None:
    """Parse the token matched by the anchor pattern."""
    token = m.group()
    kind = "word" if m.re is g.word_anchor else "percent" if token[0] == "百" else (
        "digits" if token[0].isdigit() else "cjk")
    if kind == "digits":
        parsed = _parse_digits(token, g.comma_decimal)
        if parsed is None:
            return None
        value, used, grouped, integer = parsed
        return _Num(m.start(), m.start() + used, value, "digits", grouped, integer)
    if kind == "cjk":
        big = re.search(f"[{_CJK_BIG}]+$", token)
        return _Num(m.start(), m.end(), _cjk_value(token), "cjk", scale=big and big.group())
    if kind == "percent":
        return _Num(m.start(), m.end(), _zh_percent_value(token[3:]), "percent")
    word = token.lower()
    if word in g.articles:
        return _Num(m.start(), m.end(), 1.0, "article")
    return _Num(m.start(), m.end(), _word_value(word, g), "word")


def _parse_digits(token: str, comma_decimal: bool) -> tuple[float, int, bool, bool] | None:
    """Value, characters used, thousands separators seen, integer: "18.000" (de) → 18000."""
    if token.isdigit():
        return (float(token), len(token), False, True) if len(token) <= _MAX_DIGITS else None
    parts = _DIGIT_SPLIT.split(token)
    groups, seps = parts[0::2], parts[1::2]
    n = _thousands_run(groups, seps, comma_decimal)
    used = len(groups[0]) + sum(len(seps[i]) + len(groups[i + 1]) for i in range(n))
    digits, fraction = "".join(groups[:n + 1]), ""
    if n < len(seps) and _is_decimal(seps[n], seps[0] if n else None, comma_decimal):
        fraction = groups[n + 1]
        used += 1 + len(fraction)
    if len(digits) > _MAX_DIGITS:
        return None
    value = float(digits + "." + fraction) if fraction else float(digits)
    return value, used, n > 0, not fraction


def _thousands_run(groups: list[str], seps: list[str], comma_decimal: bool) -> int:
    """How many leading separators are thousands separators."""
    if not seps or len(groups[0]) > 3:
        return 0
    kind, n = seps[0], 0
    while n < len(seps) and seps[n] == kind and len(groups[n + 1]) == 3:
        n += 1
    if n == 0 or kind not in ".,":
        return n
    after = seps[n] if n < len(seps) else None
    # Why: a lone "," is a decimal comma in fr/de/es, a lone "." a decimal point in en;
    # repeated, or followed by the other mark ("1,234.5"), it groups thousands.
    decimal_mark = "," if comma_decimal else "."
    if kind != decimal_mark or n >= 2 or (after is not None and after in ".," and after != kind):
        return n
    return 0


def _is_decimal(sep: str, thousands: str | None, comma_decimal: bool) -> bool:
    if sep not in ".," or sep == thousands:
        return False
    return sep == "." or comma_decimal or thousands == "."


def _cjk_value(token: str) -> float:
    """Value of a Chinese/Japanese numeral, digits allowed: 三千五百万, 1.5万亿, 1億2000万."""
    total, section, number, last_big = 0.0, 0.0, 0.0, 0.0
    for part in re.findall(r"[0-9]+(?:\.[0-9]+)?|.", token):
        if part[0].isdigit():
            number = float(part)
        elif part in _CJK_DIGITS:
            number = float(_CJK_DIGITS[part])
        elif part in "十百千":
            section += (number or 1) * _CJK_UNITS[part]
            number = 0.0
        elif part in _CJK_UNITS:
            unit, seg = _CJK_UNITS[part], section + number
            if seg == 0:
                total = (total or 1) * unit
            elif total and unit > last_big:
                total = (total + seg) * unit
            else:
                total += seg * unit
            section, number, last_big = 0.0, 0.0, unit
    return total + section + number


def _zh_percent_value(token: str) -> float:
    """百分之九点五 → 9.5; digits allowed (百分之5)."""
    if token[0].isdigit():
        return float(token)
    whole, _, decimals = token.replace("點", "点").partition("点")
    fraction = "".join(str(_CJK_DIGITS.get(c, 0)) for c in decimals)
    return (_cjk_value(whole) if whole else 0.0) + (float("0." + fraction) if fraction else 0.0)


def _word_value(word: str, g: _Grammar) -> float:
    m = g.word.fullmatch(word)
    if m and m.group("tens"):
        return float(g.words[m.group("tens")] + g.words[m.group("unit")])
    return float(g.words.get(word, 0))


# --- reading around a number ---------------------------------------------------------

def _is_latin_letter(char: str) -> bool:
    """A letter of an alphabet (Latin, Greek, Cyrillic …), not Chinese or Japanese."""
    if char.isascii():
        return char.isalpha()
    return char.isalpha() and not is_cjk(char)


def _quantity(sh: str, num: _Num, g: _Grammar) -> _Hit | None:
    """The number with its currency prefix, qualifier, scale, unit and suffix qualifier."""
    start, prefix = _prefix(sh, num.start, g)
    if num.kind == "digits" and prefix is None and _glued_before(sh, num.start):
        return None
    scaled = _scaled(sh, num, g, prefix is not None)
    if scaled is None:
        return None
    value, scale_span, end, approx = scaled
    hit = _Hit(start, end, value, None, scale=_span_text(sh, scale_span), num=num)
    hit.mult = value / num.value if scale_span and num.value else None
    if not _read_unit(sh, hit, g, prefix):
        return None
    if hit.unit is None and not hit.scale and not _may_count_or_range(sh, hit, g):
        return None
    if hit.unit != "currency":
        hit.start = num.start
    qstart, qualifier = _qualifier(sh, hit.start, g)
    suffix = g.suffix.match(sh, hit.end)
    if suffix:
        hit.end, hit.suffixed = suffix.end(), True
    hit.qualifier = qualifier or (MORE if approx else None) or _group_qualifier(suffix)
    hit.start = qstart
    hit.scale_span = scale_span
    return hit


def _may_count_or_range(sh: str, hit: _Hit, g: _Grammar) -> bool:
    """Whether a bare number can still be a figure: a count, or the low end of a range."""
    # Why: most bare numbers (dates, ages, 6分34秒) stop here, before the costlier steps.
    if hit.value >= 1000:
        return True
    return bool(g.range_sep.match(sh, hit.end) or g.range_and.match(sh, hit.end))


def _span_text(sh: str, span: tuple[int, int] | None) -> str | None:
    return sh[span[0]:span[1]] if span else None


def _prefix(sh: str, i: int, g: _Grammar) -> tuple[int, str | None]:
    """Start of a currency prefix right before offset `i` ($, US$, €, USD …) and its text."""
    before = sh[max(0, i - 2):i].rstrip(" \u00a0")
    if not before or before[-1] not in _PREFIX_ENDS:
        return i, None
    m = g.prefix.search(sh, max(0, i - 8), i)
    return (m.start(), m.group("p")) if m else (i, None)


def _glued_before(sh: str, i: int) -> bool:
    """Digits glued to a letter before them (H20, MI308, GPT-4) are a name, not a figure."""
    prev = sh[i - 1:i] if i else ""
    return _is_latin_letter(prev) or (prev == "-" and i > 1 and _is_latin_letter(sh[i - 2]))


def _scaled(sh: str, num: _Num, g: _Grammar, has_prefix: bool):
    """(value, scale span, end, "多" seen) after the scale; None when letters are glued on."""
    end = num.end
    if num.kind == "cjk":
        return num.value, (end - len(num.scale), end) if num.scale else None, end, False
    if num.kind == "percent":
        return num.value, None, end, False
    if num.kind == "digits":
        m = _CJK_SCALE.match(sh, end)
        if m:
            return _cjk_scaled(num.value, m), m.span(2), m.end(), bool(m.group(1))
        approx = _CJK_APPROX.match(sh, end)
        if approx:
            return num.value, None, approx.end(), True
        m = _SHORT_SCALE.match(sh, end) if has_prefix else None
        if m:
            return num.value * _SHORT_SCALES[m.group().lower()], m.span(), m.end(), False
    m = g.scale.match(sh, end)
    if m:
        key = _scale_key(m.group("scale"))
        return num.value * g.scales[key], m.span("scale"), m.end(), False
    if num.kind == "article" or (num.kind == "digits" and _is_latin_letter(sh[end:end + 1])):
        return None
    return num.value, None, end, False


def _scale_key(text: str) -> str:
    return re.sub(f"{_SP}+", " ", text.lower()).rstrip(".")


def _cjk_scaled(value: float, m: re.Match) -> float:
    """12 + 亿 → 1.2e9; 1 + 億2000万 → 1.2e8."""
    total = value * math.prod(_CJK_UNITS[c] for c in m.group(2))
    for part in _CJK_PART.finditer(m.group(3)):
        total += float(part.group(1)) * math.prod(_CJK_UNITS[c] for c in part.group(2))
    return total


def _read_unit(sh: str, hit: _Hit, g: _Grammar, prefix: str | None) -> bool:
    """Set percent or currency from the text after the number; False if the token is no figure."""
    m = g.unit.match(sh, hit.end)
    suffix_currency = None
    if m and m.group("pct") is not None:
        hit.unit, hit.end = "percent", m.end()
        if m.group("pct") == "割":
            hit.value *= 10
    elif m:
        key = _scale_key(m.group("cur"))
        if key not in _NEEDS_SCALE or hit.scale:
            suffix_currency, hit.end = (g.yen if key == "¥" else _CURRENCY_WORDS[key]), m.end()
    if hit.unit != "percent" and (prefix or suffix_currency):
        hit.unit = "currency"
        # Why: "¥" alone is ambiguous; a suffix (円, 元, yen) settles it.
        ambiguous = prefix is None or (prefix == "¥" and suffix_currency)
        hit.currency = suffix_currency if ambiguous else _prefix_currency(prefix, g)
    kind = hit.num.kind
    if kind == "percent":
        hit.unit, hit.currency = "percent", None
    if kind == "article":
        return hit.scale is not None
    if kind == "word":
        return hit.scale is not None or hit.unit == "percent"
    return True


def _prefix_currency(prefix: str, g: _Grammar) -> str:
    code = _PREFIXES[prefix]
    return code if code is not None else g.yen


def _qualifier(sh: str, i: int, g: _Grammar) -> tuple[int, str | None]:
    """A qualifier right before offset `i` ("more than", "plus de", "约") and its start."""
    # Why: matching the reversed text from the number backwards is one anchored attempt,
    # where a search for "qualifier at the end" would try every position of the window.
    backwards = _lower(sh[max(0, i - 40):i])[::-1]
    m = g.qualifier.match(backwards)
    return (i - m.end(), _group_qualifier(m)) if m else (i, None)


def _group_qualifier(m: re.Match | None) -> str | None:
    if m is None:
        return None
    for name, value in m.groupdict().items():
        if value is not None and name in _QUAL_GROUPS:
            return _QUAL_GROUPS[name]
    return None


# --- ranges, counts ------------------------------------------------------------------

def _with_range(sh: str, first: _Hit, g: _Grammar) -> list[_Hit]:
    """The figure, merged with the high end of a range, or with the end of a change."""
    second, opening = _second(sh, first, g)
    if second is None:
        return [_finish(sh, first, g)]
    if g.change and g.change.search(sh, max(0, first.start - 40), first.start):
        _inherit(first, second)
        return [_finish(sh, first, g), _finish(sh, second, g)]
    merged = _merge(first, second)
    if merged is None:
        return [_finish(sh, first, g)]
    merged.start = min(merged.start, opening)
    return [_finish(sh, merged, g)]


def _second(sh: str, first: _Hit, g: _Grammar) -> tuple[_Hit | None, int]:
    """A number after a range separator ("to", "à", "-", "至"), read like the first one,
    and where the range opens (at "between" when it has one)."""
    sep, opening = _separator(sh, first, g)
    if sep is None:
        return None, first.start
    pos = sep.end()
    ahead = g.prefix_ahead.match(sh, pos)
    pos = ahead.end() if ahead else pos
    m = g.anchor.match(sh, pos) or g.word_anchor.match(sh, pos)
    num = _number(sh, m, g) if m else None
    second = _quantity(sh, num, g) if num else None
    if second is not None and second.start < sep.end():
        # Why: a separator is no qualifier of the second number ("de 10 hasta 12").
        second.start, second.qualifier = pos if ahead is None else ahead.start(), None
    if second is None or second.qualifier or not _compatible(sh, first, second, g):
        return None, first.start
    return second, opening


def _separator(sh: str, first: _Hit, g: _Grammar) -> tuple[re.Match | None, int]:
    """The range separator after `first`, and the range start ("between" included)."""
    if first.suffixed:
        return None, first.start
    sep = g.range_sep.match(sh, first.end)
    joined = None if sep else g.range_and.match(sh, first.end)
    if sep is None and joined is None:
        return None, first.start
    between = g.between.search(sh, max(0, first.start - 20), first.start)
    # Why: "and" only joins a range after "between": "between 10 and 12 billion".
    if sep is None and between is None:
        return None, first.start
    return sep or joined, between.start() if between else first.start


def _compatible(sh: str, first: _Hit, second: _Hit, g: _Grammar) -> bool:
    """Whether two numbers can be the ends of one range: same unit, second one measured."""
    if first.unit and second.unit and first.unit != second.unit:
        return False
    if first.currency and second.currency and first.currency != second.currency:
        return False
    if first.scale and not second.scale:
        return False
    if second.unit or second.scale:
        return True
    return not first.unit and _plain_count(sh, first, g) and _plain_count(sh, second, g)


def _inherit(first: _Hit, second: _Hit) -> None:
    """"from 5 to 7 billion": the first number takes the scale and unit of the second."""
    if not first.scale and second.scale and first.num.kind == "digits":
        first.value *= second.mult or 1
        first.scale, first.mult = second.scale, second.mult
        first.scale_span = second.scale_span
    first.unit = first.unit or second.unit
    first.currency = first.currency or second.currency


def _merge(first: _Hit, second: _Hit) -> _Hit | None:
    """One range figure from its two ends, or None when the ends are not increasing."""
    low = first.value if first.scale else first.value * (second.mult or 1)
    if not low < second.value:
        return None
    return _Hit(first.start, second.end, low, second.unit or first.unit,
                currency=first.currency or second.currency, scale=second.scale or first.scale,
                mult=second.mult or first.mult, qualifier=first.qualifier, high=second.value,
                num=first.num, scale_span=second.scale_span or first.scale_span)


def _finish(sh: str, hit: _Hit, g: _Grammar) -> _Hit:
    """Decide whether a number without percent or currency is a count."""
    if hit.unit is not None or hit.num.kind == "percent":
        return hit
    if hit.scale:
        hit.unit = None if _measure_after(sh, hit.end) else "count"
    elif _plain_count(sh, hit, g):
        hit.unit = "count"
    if hit.unit == "count" and not hit.qualifier and is_cjk(sh[hit.end:hit.end + 1]):
        # Why: a qualifier may follow the counter word: 1万人以上, 300家左右.
        suffix = g.suffix.match(sh, hit.end + 1)
        if suffix and not suffix.group()[0].isspace():
            hit.end, hit.qualifier = suffix.end(), _group_qualifier(suffix)
    return hit


def _plain_count(sh: str, hit: _Hit, g: _Grammar) -> bool:
    """An integer >= 1,000 followed by a word, not a year, a label or a measure."""
    num = hit.num
    if num.kind not in ("digits", "cjk") or not num.integer or hit.value < 1000 or hit.scale:
        return False
    token = sh[num.start:num.end]
    if token[0] == "0" or (len(token) == 4 and _year_like(num)):
        return False
    if _LABEL_BEFORE.search(sh, max(0, num.start - 8), num.start):
        return False
    if not num.grouped and _model_before(sh, num.start, g):
        return False
    return _word_after(sh, hit.end) and not _measure_after(sh, hit.end)


def _model_before(sh: str, i: int, g: _Grammar) -> bool:
    """A product-like word right before the number: "RTX 4090", "Pro 6000", "Qwen 3"."""
    m = _PREV_WORD.search(sh, max(0, i - 30), i)
    if m is None:
        return False
    word = m.group(1)
    if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
        return True
    capitalised_mid = word[0].isupper() and m.start(1) > 0
    return capitalised_mid and g.model_names


def _word_after(sh: str, end: int) -> bool:
    rest = sh[end:end + 40].lstrip(" \u00a0")
    return bool(rest) and rest[0].isalpha()


def _measure_after(sh: str, end: int) -> bool:
    """Whether a unit of measure or time follows: 2,480 MW, 1500公尺, 5,000 years."""
    pos = end
    while pos < len(sh) and sh[pos] in " \u00a0-":
        pos += 1
    if pos < len(sh) and is_cjk(sh[pos]):
        return bool(_CJK_MEASURES.match(sh, pos))
    m = _WORD_AFTER.match(sh, end)
    return bool(m) and m.group(1).lower().rstrip(".") in _MEASURES


# --- figures, concepts, equivalents --------------------------------------------------

def _figures(hits: list[_Hit], sentence: str, low: str, paragraph: int, index: int,
             g: _Grammar, base: int) -> list[Figure]:
    """Figure records for the hits of one sentence; `base` is the index of the first."""
    keywords = _keywords(low, g)
    starts, ends = [k[0] for k in keywords], [k[1] for k in keywords]
    figures = []
    for k, hit in enumerate(hits):
        linked = k > 0 and _equivalent(hits[k - 1], hit, low)
        figures.append(Figure(
            value=_round(hit.value), high=_round(hit.high) if hit.high is not None else None,
            unit=hit.unit, currency=hit.currency if hit.unit == "currency" else None,
            scale=sentence[hit.scale_span[0]:hit.scale_span[1]] if hit.scale_span else None,
            qualifier=hit.qualifier, text=sentence[hit.start:hit.end], sentence=sentence,
            paragraph=paragraph, sentence_index=index, start=hit.start,
            concept=_nearest_concept(keywords, starts, ends, hit),
            equivalent_of=base + k - 1 if linked else None))
    return figures


def _keywords(low: str, g: _Grammar) -> list[tuple[int, int, str]]:
    """(start, end, concept) of the concept keywords in a lowercased sentence."""
    found = []
    for m in g.concept.finditer(low):
        a, b = m.span()
        # Why: boundaries are checked here so the pattern starts with a literal (fast scan).
        inside_word = _is_latin_letter(low[b - 1]) and _is_latin_letter(low[b:b + 1])
        if inside_word or _is_latin_letter(low[a - 1:a]):
            continue
        name = next((n for n, p in g.concepts if p.fullmatch(m.group())), None)
        if name:
            found.append((a, b, name))
    return found


def _round(value: float) -> float:
    """Drop float noise from scaling (2.7 × 1e9)."""
    return float(f"{value:.12g}")


def _nearest_concept(keywords: list[tuple[int, int, str]], starts: list[int], ends: list[int],
                     hit: _Hit) -> str | None:
    """The concept of the keyword nearest before the figure, else nearest after it."""
    # Why bisect: keywords come in text order without overlaps (both lists sorted), and a
    # sentence with thousands of figures and keywords must not compare every pair.
    i = bisect.bisect_right(ends, hit.start)
    if i:
        return keywords[i - 1][2]
    j = bisect.bisect_left(starts, hit.end)
    return keywords[j][2] if j < len(keywords) else None


def _equivalent(a: _Hit, b: _Hit, sh: str) -> bool:
    """Whether `b` restates money `a` in another currency: "380 billion yuan ($53 billion)"."""
    if a.unit != "currency" or b.unit != "currency" or a.currency == b.currency:
        return False
    if a.end > b.start:
        return False
    gap = sh[a.end:b.start]
    # Why: 约合 ("about, converted") is read as the second figure's qualifier.
    opens = sh.startswith(("约合", "約合"), b.start) and gap.strip(" \u00a0") in ("", ",", "，")
    return opens or _EQUIVALENT_GAP.fullmatch(gap) is not None


# --- grammar -------------------------------------------------------------------------

@dataclass(frozen=True)
class _Words:
    """One language's `numbers` data as the grammar reads it: its own section, then `also`'s."""

    code: str
    own: lang.NumberData
    sections: tuple[lang.NumberData, ...]

    @classmethod
    def of(cls, code: str) -> _Words:
        """The words of language `code` (a language without a section has none)."""
        own = lang.get(code).numbers or lang.NumberData()
        also = lang.get(own.also).numbers if own.also else None
        return cls(code, own, tuple(s for s in (own, also) if s is not None))

    def joined(self, field: str) -> list:
        """A list field of every section, own first."""
        return [item for s in self.sections for item in getattr(s, field)]

    def table(self, field: str) -> dict:
        """A (key, value) field of every section as a dict; the own section wins."""
        out: dict = {}
        for key, value in self.joined(field):
            out.setdefault(key, value)
        return out

    def meaning(self, field: str, name: str) -> list[str]:
        """The phrases of one qualifier meaning, own first."""
        return [p for s in self.sections for p in dict(getattr(s, field)).get(name, ())]


def _cased(phrases) -> list[str]:
    """The phrases of a script with case (they need word edges and stay in their language)."""
    return [p for p in phrases if p[:1].lower() != p[:1].upper()]


def _uncased(phrases) -> list[str]:
    """The phrases of a script without case (Chinese, Japanese: read in every language)."""
    return [p for p in phrases if p[:1].lower() == p[:1].upper()]


def _everywhere(field: str, name: str | None = None) -> list[str]:
    """One phrase list of every language with a `numbers` section (`name`: one meaning)."""
    sections = lang.numbers_everywhere()
    if name is None:
        return [p for s in sections for p in getattr(s, field)]
    return [p for s in sections for p in dict(getattr(s, field)).get(name, ())]


def _exceptions(field: str) -> dict[str, str]:
    """phrase -> characters that unmake it, merged over every language (see `lang`)."""
    out: dict[str, str] = {}
    for section in lang.numbers_everywhere():
        for phrase, chars in getattr(section, field):
            out[phrase] = out.get(phrase, "") + chars
    return out


def _grammar_code(language: str) -> str:
    """The language whose grammar reads `language`: itself, or 'und' without a `numbers` section."""
    return language if language in _with_numbers() else "und"


@functools.cache
def _with_numbers() -> frozenset[str]:
    """The languages whose file has a `numbers` section."""
    return frozenset(code for code in lang.supported() if lang.get(code).numbers is not None)


@functools.cache
def _grammar(code: str) -> _Grammar:
    """Compile the patterns for one language (cached)."""
    w = _Words.of(code)
    words, tens, units = _word_table(w)
    articles = frozenset(w.joined("articles"))
    scales = {**w.table("scales"), **w.table("symbol_scales")}
    symbol_scales = frozenset(w.table("symbol_scales"))
    abbreviations = frozenset(a for s in w.sections for a in s.abbreviations)
    concept, concepts = _concept_patterns(code if code in _CONCEPTS["revenue"] else "en")
    prefixes = "|".join(re.escape(p) for p in sorted(_PREFIXES, key=len, reverse=True))
    return _Grammar(
        lang=code, comma_decimal=w.own.decimal == ",", yen=w.own.yen, model_names=w.own.model_names,
        anchor=_anchor_pattern(w.own.space_groups),
        word_anchor=_word_anchor(w, words, tens, units, articles, scales, symbol_scales),
        word_before=_word_before_pattern(w, words, tens, articles),
        hint=_hint_pattern(w, scales),
        word=_word_parse_pattern(w, tens, units), words=words, articles=articles,
        scale=re.compile(f"{_GAP_H}(?P<scale>{_scale_alternatives(scales, symbol_scales, abbreviations)})",
                         re.I),
        scales=scales, unit=_unit_pattern(w),
        prefix=re.compile(f"(?<![A-Za-z])(?P<p>{prefixes}){_SP}?\\Z"),
        prefix_ahead=re.compile(f"(?P<p>{prefixes}){_SP}?"),
        qualifier=_qualifier_pattern(w), suffix=_suffix_pattern(),
        range_sep=_range_pattern(_cased(w.joined("range")), _uncased(_everywhere("range"))),
        range_and=_range_pattern(_cased(w.joined("range_and") + w.joined("range")),
                                 _uncased(_everywhere("range") + _everywhere("range_and"))),
        between=_between_pattern(), change=_change_pattern(w), concept=concept, concepts=concepts)


def _alternatives(words) -> str:
    """A regex alternation of literal words, longest first, spaces matching any space."""
    ordered = sorted(set(words), key=len, reverse=True)
    if not ordered:
        return "(?!)"
    return "|".join(re.escape(w).replace(r"\ ", f"{_SP}+") for w in ordered)


def _word_table(w: _Words) -> tuple[dict[str, int], str, str]:
    """Number word -> value, and the alternations of tens words and of unit words."""
    table = w.table("words")
    tens = [word for word, v in table.items() if v >= 20 and v % 10 == 0]
    units = [word for word, v in table.items() if v < 20]
    join, first = w.own.unit_and_tens
    if join:
        # Why: German writes 21-99 as one word, unit first: fünfundzwanzig.
        ones = {word: v for word, v in table.items() if v < 10 and word in first}
        tens_values = {word: v for word, v in table.items() if v >= 20}
        table.update({f"{u}{join}{t}": uv + tv for u, uv in ones.items() for t, tv in tens_values.items()})
    return table, _alternatives(tens), _alternatives(units)


def _anchor_pattern(space_groups: bool) -> re.Pattern:
    """Digits, Chinese numerals with a big unit (三千亿), 百分之…; one leading character set."""
    space = _SP if space_groups else "[\u00a0\u202f\u2009]"
    numeral = "一二两兩三四五六七八九十"
    # Why: a pattern that starts with a character set (not a lookbehind, not a group) lets
    # the regex engine skip fast to candidates; each branch then checks what came before.
    digits = (f"(?<=[0-9])(?<![0-9].)(?<![0-9][.,'].)[0-9]*"
              f"(?:(?:[.,']|{space}(?=[0-9]{{3}}(?![0-9])))[0-9]+)*")
    percent = "(?<=百)分之(?:[0-9]+(?:\\.[0-9]+)?|[零〇一二两兩三四五六七八九十百点點]+)"
    # Why a bounded, possessive run: from every numeral of a long run of them (十十十…) an
    # unbounded run read to its end before failing (quadratic); real numerals are short.
    cjk = (f"(?<=[{numeral}])(?<![数數几幾上成好].)[〇零百{numeral}]{{0,24}}+[{_CJK_BIG}]"
           f"[〇零百{numeral}{_CJK_BIG}]*")
    return re.compile(f"[0-9百{numeral}](?:{digits}|{percent}|{cjk})")


def _word_anchor(w: _Words, words: dict[str, int], tens: str, units: str, articles: frozenset,
                 scales: dict[str, float], symbol_scales: frozenset) -> re.Pattern:
    """Number words ("nine", "vingt-cinq"), and articles before a scale ("a billion")."""
    joins = w.joined("tens_join")
    plain = _alternatives(word for word in words if word not in articles)
    joined = f"(?:{tens})(?:{_alternatives(joins)})(?:{units})|" if joins else ""
    scale_words = _alternatives(k for k in scales if k not in symbol_scales)
    article = (f"(?:{_alternatives(articles)})(?=[ \u00a0-]+(?:{scale_words})"
               f"{_NOT_LETTER_AHEAD})")
    return re.compile(f"{_NOT_LETTER_BEHIND}(?:{joined}{plain}|{article}){_NOT_LETTER_AHEAD}",
                      re.I)


def _word_before_pattern(w: _Words, words: dict[str, int], tens: str, articles: frozenset) -> re.Pattern:
    """Number words reversed, to match backwards from a scale word ("noillib owt")."""
    def backwards(items) -> str:
        return _alternatives(item[::-1] for item in items)
    tens_words = [word for word, v in w.table("words").items() if v >= 20 and v % 10 == 0]
    joins = w.joined("tens_join")
    joined = f"(?:(?:{backwards(joins)})(?:{backwards(tens_words)}))?" if joins else ""
    return re.compile(f"{_GAP_H}(?:{backwards([*words, *articles])}){joined}{_NOT_LETTER_AHEAD}")


def _hint_pattern(w: _Words, scales: dict[str, float]) -> re.Pattern:
    """Scale and percent words (lowercase): a sentence without one has no number word figure."""
    # Why in file order, not longest first: a hint is only where to look back from.
    hints = [k for k in scales if len(k) > 1] + _cased(w.joined("percent"))
    return re.compile("|".join(re.escape(k).replace(r"\ ", _SP) for k in hints) or "(?!)")


def _word_parse_pattern(w: _Words, tens: str, units: str) -> re.Pattern:
    join = _alternatives(w.joined("tens_join"))
    return re.compile(f"(?P<tens>{tens})(?:{join})(?P<unit>{units})", re.I)


def _scale_alternatives(scales: dict[str, float], symbol_scales: frozenset, abbreviations: frozenset) -> str:
    alternatives = []
    for key in sorted(scales, key=len, reverse=True):
        body = re.escape(key).replace(r"\ ", f"{_SP}+")
        if key in symbol_scales:
            alternatives.append(f"{body}(?={_SP}?[€$£])")
        elif key in abbreviations:
            alternatives.append(f"{body}(?:\\.|{_NOT_LETTER_AHEAD})")
        else:
            alternatives.append(body + _NOT_LETTER_AHEAD)
    return "|".join(alternatives) or "(?!)"


def _unit_pattern(w: _Words) -> re.Pattern:
    """Percent or currency after a number (and scale): "%", "pour cent", "d'euros", "亿元"."""
    percent = (f"(?:{_alternatives(_cased(w.joined('percent')))}){_NOT_LETTER_AHEAD}"
               f"|{_alternatives([*_uncased(_everywhere('percent')), _PERCENT_SIGN, *w.own.tenths])}")
    words = list(_CURRENCY_WORDS) + ["¥"]
    latin_words = [word for word in words if _is_latin_letter(word[0])]
    others = [word for word in words if not _is_latin_letter(word[0]) and word != "元"]
    currency = (f"(?:{_alternatives(latin_words)}){_NOT_LETTER_AHEAD}|{_alternatives(others)}"
                "|元(?![化素旦首宇件器老帅帥月])")
    link = f"(?:(?:de|del|di){_SP}+|d'{_SP}*)"
    # Why: a currency sign followed by digits opens the next amount ("$10bn-$12bn").
    return re.compile(f"{_GAP_H}(?:(?P<pct>{percent})|{link}?(?P<cur>{currency})"
                      f"(?!{_SP}?[0-9]))", re.I)


def _exceptional(phrases, exceptions: dict[str, str], reverse: bool = False) -> str:
    """Like `_alternatives`, a phrase with exceptions followed by a look-ahead for none of them."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return "(?!)"
    parts = []
    for phrase in ordered:
        body = re.escape(phrase[::-1] if reverse else phrase).replace(r"\ ", f"{_SP}+")
        chars = exceptions.get(phrase)
        parts.append(f"{body}(?![{re.escape(chars)}])" if chars else body)
    return "|".join(parts)


def _qualifier_pattern(w: _Words) -> re.Pattern:
    """Qualifier phrases reversed, to match backwards from a number ("9 naht erom")."""
    # Why reversed: the characters before a phrase come after it in the reversed text.
    not_after = _exceptions("qualifiers_not_after")
    groups = []
    for name in _QUAL_GROUPS:
        meaning = _QUAL_GROUPS[name]
        latin_part = _exceptional(_cased(w.meaning("qualifiers", meaning)), {}, reverse=True)
        cjk_part = _exceptional(_uncased(_everywhere("qualifiers", meaning)), not_after, reverse=True)
        groups.append(f"(?P<{name}>(?:{latin_part}){_NOT_LETTER_AHEAD}|{cjk_part})")
    article = ""
    if w.joined("qualifier_articles"):
        article = f"(?:(?:{_exceptional(w.joined('qualifier_articles'), {}, reverse=True)}){_SP}+)?"
    return re.compile(f"{_GAP}{article}(?:{'|'.join(groups)})")


@functools.cache
def _suffix_pattern() -> re.Pattern:
    """Qualifiers after a number, of every language: "or more", "ou plus", "以上", "左右"."""
    not_before = _exceptions("suffix_qualifiers_not_before")
    groups = []
    for name, meaning in _QUAL_GROUPS.items():
        phrases = _everywhere("suffix_qualifiers", meaning)
        parts = []
        if _cased(phrases):
            parts.append(f"{_NOT_LETTER_BEHIND}(?:{_alternatives(_cased(phrases))}){_NOT_LETTER_AHEAD}")
        if _uncased(phrases):
            parts.append(f"(?:{_exceptional(_uncased(phrases), not_before)})")
        if parts:
            groups.append(f"(?P<{name}>{'|'.join(parts)})")
    return re.compile(f"{_GAP}(?:{'|'.join(groups)})", re.I)


def _range_pattern(words: list[str], cjk: list[str]) -> re.Pattern:
    return re.compile(f"{_GAP}[-~]{_GAP}|{_GAP}(?:{_alternatives(cjk)}){_GAP}"
                      f"|{_SP}+(?:{_alternatives(words)}){_SP}+", re.I)


@functools.cache
def _between_pattern() -> re.Pattern:
    """"between", "entre", 介于 … of every language, right before the first end of a range."""
    words = _everywhere("between")
    return re.compile(f"(?:{_NOT_LETTER_BEHIND}(?:{_alternatives(_cased(words))}){_SP}+"
                      f"|{_alternatives(_uncased(words))}){_GAP}\\Z", re.I)


def _change_pattern(w: _Words) -> re.Pattern | None:
    """What makes "from 10% to 12%" two figures: "from", 从, "passé de", "subió del"."""
    parts = []
    for section in w.sections:
        if _cased(section.change_words):
            parts.append(f"{_NOT_LETTER_BEHIND}(?:{_alternatives(_cased(section.change_words))})")
        if _uncased(section.change_words):
            parts.append(f"(?:{_alternatives(_uncased(section.change_words))})")
        if section.change_verbs:
            parts.append(f"{_NOT_LETTER_BEHIND}(?:{_alternatives(section.change_verbs)})\\w*"
                         f"[ \u00a0]+(?:{_alternatives(section.change_then)})")
    if not parts:
        return None
    return re.compile(f"(?:{'|'.join(parts)}){_GAP}\\Z", re.I)


def _concept_patterns(latin: str) -> tuple[re.Pattern, tuple[tuple[str, re.Pattern], ...]]:
    """One fast pattern for every concept keyword, and one per concept to name a match."""
    per_concept = []
    for name, table in _CONCEPTS.items():
        keywords = "|".join(dict.fromkeys([table[latin], table["en"], table["cjk"]]))
        per_concept.append((name, keywords))
    union = "|".join(keywords for _, keywords in per_concept)
    return re.compile(union), tuple((n, re.compile(k)) for n, k in per_concept)


# --- display -------------------------------------------------------------------------

_DISPLAY_FALLBACK = "en"
"""The language whose display data shows figures for a language that has none."""


def _display_data(language: str) -> lang.NumberData:
    """The `numbers` data that displays figures for `language` (its own, or the fallback's)."""
    code = _grammar_code(_base_language(language))
    data = lang.get(code).numbers if code != "und" else None
    return data if data is not None and data.display_scales else lang.get(_DISPLAY_FALLBACK).numbers


def _display_amount(figure: Figure, data: lang.NumberData) -> str:
    """The number (or range) with a localised scale word: "380 milliards", "3800亿"."""
    top = figure.high if figure.high is not None else figure.value
    if figure.unit != "percent":
        for threshold, singular, plural in data.display_scales:
            if top >= threshold:
                word = singular if _singular(top / threshold, data) else plural
                # Why: a scale word of a script without case is written without a space (3800亿).
                gap = " " if _cased([word]) else ""
                return _display_range(figure, threshold, data) + gap + word
    return _display_range(figure, 1.0, data)


def _singular(amount: float, data: lang.NumberData) -> bool:
    return amount < 2 if data.singular_below_two else amount == 1


def _display_range(figure: Figure, divisor: float, data: lang.NumberData) -> str:
    low = _format_number(figure.value / divisor, data)
    if figure.high is None:
        return low
    return f"{low}–{_format_number(figure.high / divisor, data)}"


def _format_number(x: float, data: lang.NumberData) -> str:
    """At most two decimals, with the language's thousands and decimal marks."""
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", data.decimal).replace("\0", data.thousands)
