"""One ticker grammar for the cleaner and the name finder (`briefing.tickers`)."""

from pathlib import Path

import pytest

from briefing.extract import tickers
from briefing.stages import clean
from briefing.models import Article


@pytest.mark.parametrize("written, exchange, symbol", [
    ("(BABA)", None, "BABA"), ("(NASDAQ: NVDA)", "NASDAQ", "NVDA"), ("( NYSE Arca : ABCD )", "NYSE Arca", "ABCD"),
    ("(HKEX: 9988)", "HKEX", "9988"), ("(9988.HK)", None, "9988.HK"), ("(BRK.B)", None, "BRK.B"),
    ("(OTCQX: WXYZ)", "OTCQX", "WXYZ"),
])
def test_parenthesised_tickers(written, exchange, symbol):
    m = tickers.IN_PARENS.search(f"Acme Holdings {written} said")
    assert m and m["exchange"] == exchange and m["symbol"] == symbol


def test_the_cleaner_takes_letter_tickers_with_any_known_exchange_and_leaves_acronyms():
    raw = ("Harbour cranes lift a record\n\n"
           "Portside Logistics (NYSE Arca: PSLX) and Quayline (QLN) said artificial intelligence (AI) "
           "helped; Kowloon Docks (HKEX: 1234) agreed.")
    article = clean.clean(Article(source_path=Path("inbox/t.txt"), raw_sha256="0" * 64, raw_text=raw))
    assert set(article.tickers) == {"PSLX", "QLN"}
