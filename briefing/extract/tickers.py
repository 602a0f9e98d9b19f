"""Stock tickers as articles write them: one definition for the cleaner and the name finder.

"(BABA)", "(NASDAQ: NVDA)", "(HKEX: 9988)", "(9988.HK)", and the chips a saved page glues into
the text ("AlibabaBABA--"). Whether a parenthesised capital run is a ticker or an acronym
("artificial intelligence (AI)") is for the caller to judge from the words before it.
"""

from __future__ import annotations

import re

EXCHANGES = (
    "NASDAQ", "Nasdaq", "NYSE American", "NYSE Arca", "NYSEARCA", "NYSE", "AMEX", "OTCQX", "OTCQB", "OTC",
    "TSX", "LSE", "HKEX", "HKG", "HK", "SEHK", "SSE", "SZSE", "SHA", "SHE", "TSE", "TYO", "TWSE", "TPE",
    "KRX", "KOSDAQ", "ASX", "ETR", "FRA", "XETRA", "Xetra", "EPA", "BME", "SIX", "BIT",
)
"""Exchange labels written before a symbol, longest alternatives first where one extends another."""
_EXCHANGE = "|".join(re.escape(name) for name in EXCHANGES)
SYMBOL = r"[A-Z]{1,5}(?:\.[A-Z]{1,2})?|\d{4,6}(?:\.[A-Z]{2})?"
"""A letter symbol with an optional market suffix (BRK.B), or a numeric one (9988, 9988.HK)."""

IN_PARENS = re.compile(rf"\(\s*(?:(?P<exchange>{_EXCHANGE})\s*:\s*)?(?P<symbol>{SYMBOL})\s*\)")
"""A ticker in parentheses, with or without its exchange."""
CASHTAG = re.compile(r"(?<![\w$])\$([A-Z]{2,5})(?![\w])")
"""A cashtag: "$NVDA"."""
CHIP = re.compile(r"[A-Z]{1,5}(?:\.[A-Z]{1,2})?(?=--)")
"""A saved page's ticker chip: the symbol before "--"."""
CHIP_LINE = re.compile(r"^(?:\$?[A-Z]{1,5}(?:\.[A-Z]{1,2})?--\s*)+$")
"""A line of ticker chips only."""
CHIP_GLUED = re.compile(r"(?<=[a-z])([A-Z]{1,5}(?:\.[A-Z]{1,2})?)--")
"""A chip glued to the word before it ("AmazonAMZN-- Web Services")."""
