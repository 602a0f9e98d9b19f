"""Company suffixes as articles write them ("Nvidia Corp.", "Quillon GmbH", "阿里巴巴集团"): one list
for the name finder (entities) and the attribution of figures to names.

Written forms are case-sensitive where a word could be something else ("AB", "SE"); the name finder
takes them along after a company it knows, folds them out of its grouping keys, and reads a
capitalised run ending in one as a company; attribution never takes a bare suffix for a subject.
"""

from __future__ import annotations

import re

ABBREVIATIONS = ("Inc", "Ltd", "Corp", "Co", "S.A", "N.V", "S.p.A")
"""Suffixes that may end with a full stop ("Quillon Inc.")."""
WORDS = ("Corporation", "Incorporated", "Limited", "Group", "Holdings", "Holding", "GmbH", "AG", "SA", "SE",
         "NV", "BV", "KK", "SpA", "plc", "PLC", "LLC", "Oyj", "AB")
"""Suffixes written as a word, never with a full stop."""
CJK = ("股份有限公司", "有限公司", "公司", "集团", "集團", "控股", "株式会社", "ホールディングス", "グループ",
       "コーポレーション")
"""Chinese and Japanese suffixes, written without a space; a longer one before any it ends with."""
KATAKANA = tuple(suffix for suffix in CJK if all("\u30a0" <= ch <= "\u30ff" for ch in suffix))
"""The Japanese suffixes in katakana ("ホールディングス"), which end a run of katakana."""

LOWER = frozenset(suffix.lower() for suffix in ABBREVIATIONS + WORDS)
"""Every Latin suffix, lowercased ("inc", "s.a", "gmbh")."""
ABBREVIATED = frozenset(suffix.lower() for suffix in ABBREVIATIONS)
"""The abbreviations, lowercased."""


def alternatives(forms) -> str:
    """A regex alternation of `forms`, escaped, the longest first."""
    return "|".join(re.escape(form) for form in sorted(set(forms), key=lambda f: (-len(f), f)))


AS_WRITTEN = re.compile(
    rf"(?:,?[ \u00a0](?:(?:{alternatives(ABBREVIATIONS)})\.?(?![\w-])|(?:{alternatives(WORDS)})(?![\w-])))+"
    rf"|(?:{'|'.join(CJK)})+")
"""A chain of suffixes right after a name, as written (case-sensitive): ", Inc.", " Holdings AG", "集团"."""
FOLDED_TAIL = re.compile(rf"(?:[\s,]+&?\s*(?:{alternatives(LOWER)})\.?)+$|(?:{'|'.join(CJK)})+$")
"""The suffixes ending a folded (lowercased) name: what grouping keys leave out."""
BARE = re.compile(rf"(?i)^(?:{alternatives(LOWER)})\.?$")
"""A suffix on its own, any case ("Inc.", "ltd")."""
