"""Measure the cleaner on the labelled development corpus (a report, not a test).

Usage:
    python scripts/eval_dev.py [CORPUS_DIR]

CORPUS_DIR holds raw articles and labels.yaml (default: ../shared/corpus/dev next to the
repository). Each file goes through `python -m briefing inspect FILE --format json`,
and the result is compared with its labels:

    lang      detected language == labelled language
    topics    predicted topics == expected topics (extras listed in topics_optional allowed)
    headline  normalised exact match ('near' when close: one contains the other, or 80% similar)
    date      published == labelled date (only files with a labelled date count)
    must-rm   share of boilerplate_must_remove_lines whose text no longer appears in the body
              (a line that survives only as the start of a longer paragraph, like a caption
              repeating a lead, counts as removed: it no longer stands on its own)
    dups      boilerplate_duplicate_lines present exactly once (title + body)
    lost      raw lines over 40 characters that are not boilerplate or the headline, yet are
              missing from the body (after stripping boilerplate_inline spans): lost when less
              than 80% of the line's word 3-grams are in the body; 'changed' (listed, not
              counted) when some are missing, e.g. an unlabelled glued residue was cut

The corpus text belongs to third parties: this script only reads it, and prints short
excerpts of misses to the console. It always exits 0.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/dev"
LOST_MIN_CHARS = 40
NEAR_RATIO = 0.8
KEPT_COVERAGE = 0.8

_ALNUM = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_]+")
_CITATION = re.compile(r"\[\d{1,3}\]")


@dataclass
class Result:
    """The scores of one article."""

    file: str
    error: str = ""
    language: bool | None = None
    topics: bool | None = None
    headline: str = "-"          # 'exact', 'near', 'miss'
    date: bool | None = None
    must_removed: int = 0
    must_total: int = 0
    dups_once: int = 0
    dups_total: int = 0
    lost: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT_CORPUS
    labels = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))
    results = [score(corpus / item["file"], item) for item in labels["articles"]]
    print_table(results)
    print_totals(results)
    print_notes(results)
    return 0


def inspect(path: Path) -> dict:
    """Run `briefing inspect FILE --format json` and parse its one JSON object."""
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "inspect", str(path), "--format", "json"],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError((proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["failed"])
    return json.loads(proc.stdout)


def score(path: Path, label: dict) -> Result:
    """Compare one article's `inspect` output with its labels."""
    result = Result(path.name)
    try:
        got = inspect(path)
    except Exception as exc:  # noqa: BLE001 - a report lists every failure and goes on
        result.error = str(exc)
        return result
    body, title = got.get("body") or "", got.get("title") or ""
    _score_metadata(got, label, result)
    _score_boilerplate(body, title, label, result)
    result.lost, result.changed = _lost_lines(path.read_text(encoding="utf-8"), body, label)
    return result


def _score_metadata(got: dict, label: dict, result: Result) -> None:
    """Language, topics, headline and date."""
    result.language = got.get("language") == label.get("language")
    if result.language is False:
        result.notes.append(f"language {got.get('language')!r}, expected {label.get('language')!r}")
    result.topics = _topics_match(got, label, result)
    title = got.get("title") or ""
    result.headline = _headline_match(title, label.get("headline", ""))
    if result.headline != "exact":
        result.notes.append(f"title {title[:70]!r} ({got.get('title_method')})")
    if label.get("published"):
        result.date = str(got.get("published")) == str(label["published"])
        if not result.date:
            result.notes.append(f"published {got.get('published')!r}, expected {label['published']!r}")
    elif got.get("published"):
        result.notes.append(f"published {got.get('published')!r} (no date labelled)")


def _score_boilerplate(body: str, title: str, label: dict, result: Result) -> None:
    """Must-remove lines gone, duplicated lines kept once."""
    must = [line.strip() for line in label.get("boilerplate_must_remove_lines") or []]
    result.must_total = len(must)
    paragraphs = [p.strip() for p in body.split("\n\n")]
    for line in must:
        if line and (line not in body or _only_inside_longer(line, paragraphs)):
            result.must_removed += 1
        else:
            result.notes.append(f"still in body: {line[:70]!r}")

    dups = [line.strip() for line in label.get("boilerplate_duplicate_lines") or []]
    result.dups_total = len(dups)
    for line in dups:
        count = body.count(line) + (_norm(title) == _norm(line))
        result.dups_once += count == 1
        if count != 1:
            result.notes.append(f"duplicate kept {count}x: {line[:70]!r}")


def _only_inside_longer(line: str, paragraphs: list[str]) -> bool:
    """True when `line` is no paragraph of its own, only part of longer ones."""
    return all(p != line for p in paragraphs)


def _topics_match(got: dict, label: dict, result: Result) -> bool:
    """Expected topics == predicted topics, ignoring the optional extras."""
    predicted = {t["name"] if isinstance(t, dict) else str(t) for t in got.get("topics") or []}
    expected = set(label.get("topics") or [])
    optional = set(label.get("topics_optional") or [])
    ok = predicted - optional == expected
    if not ok:
        result.notes.append(f"topics {sorted(predicted)}, expected {sorted(expected)}")
    return ok


def _headline_match(title: str, headline: str) -> str:
    """'exact' (normalised), 'near', or 'miss'."""
    a, b = _norm(title), _norm(headline)
    if a and a == b:
        return "exact"
    if a and b and (a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= NEAR_RATIO):
        return "near"
    return "miss"


def _lost_lines(raw: str, body: str, label: dict) -> tuple[list[str], list[str]]:
    """Story lines of the raw text that the body lost, and those it kept only in part."""
    boiler = {line.strip() for key in ("boilerplate_must_remove_lines", "boilerplate_may_remove_lines",
                                       "boilerplate_duplicate_lines") for line in label.get(key) or []}
    inline = [s for s in label.get("boilerplate_inline") or [] if s.strip()]
    headline = _norm(label.get("headline", ""))
    flat_body = _flat(body)
    body_grams = _trigrams(body)
    lost, changed = [], []
    for raw_line in raw.splitlines():
        stripped = raw_line.strip()
        if len(stripped) <= LOST_MIN_CHARS or stripped in boiler or _norm(stripped) == headline:
            continue
        line = stripped
        for span in inline:
            line = line.replace(span, " ").replace(span.strip(), " ")
        if not _flat(line) or _flat(line) in flat_body:
            continue
        grams = _trigrams(line)
        coverage = len(grams & body_grams) / len(grams) if grams else 0.0
        (lost if coverage < KEPT_COVERAGE else changed).append(line)
    return lost, changed


def _trigrams(text: str) -> set[tuple[str, ...]]:
    """Word 3-grams (CJK characters count as words), citation markers left out."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", _CITATION.sub(" ", text)).casefold())
    return {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}


def _norm(text: str) -> str:
    """Letters and digits only, case-folded."""
    return "".join(_ALNUM.findall(unicodedata.normalize("NFKC", text).casefold()))


def _flat(text: str) -> str:
    """Like _norm, with citation markers ([3]) left out: for "is this text still there"."""
    return _norm(_CITATION.sub("", text))


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("ok" if value else "MISS")


def print_table(results: list[Result]) -> None:
    print(f"{'file':<12} {'lang':<5} {'topics':<6} {'headline':<8} {'date':<5} "
          f"{'must-rm':<8} {'dups':<5} {'lost':<4}")
    for r in results:
        if r.error:
            print(f"{r.file:<12} ERROR: {r.error}")
            continue
        must = f"{r.must_removed}/{r.must_total}"
        dups = f"{r.dups_once}/{r.dups_total}" if r.dups_total else "-"
        print(f"{r.file:<12} {_mark(r.language):<5} {_mark(r.topics):<6} {r.headline:<8} "
              f"{_mark(r.date):<5} {must:<8} {dups:<5} {len(r.lost):<4}")


def print_totals(results: list[Result]) -> None:
    ok = [r for r in results if not r.error]

    def share(values: list[bool]) -> str:
        return f"{sum(values)}/{len(values)} ({100 * sum(values) / len(values):.0f}%)" if values else "n/a"

    must_removed = sum(r.must_removed for r in ok)
    must_total = sum(r.must_total for r in ok)
    print()
    print(f"files            {len(ok)}/{len(results)} inspected")
    print(f"language         {share([bool(r.language) for r in ok])}")
    print(f"topics           {share([bool(r.topics) for r in ok])}")
    print(f"headline exact   {share([r.headline == 'exact' for r in ok])}")
    print(f"headline near+   {share([r.headline in ('exact', 'near') for r in ok])}")
    print(f"date             {share([bool(r.date) for r in ok if r.date is not None])}")
    print(f"must-remove      {must_removed}/{must_total}"
          f" ({100 * must_removed / must_total:.0f}%)" if must_total else "must-remove      n/a")
    print(f"duplicates once  {sum(r.dups_once for r in ok)}/{sum(r.dups_total for r in ok)}")
    print(f"lost sentences   {sum(len(r.lost) for r in ok)}")


def print_notes(results: list[Result]) -> None:
    for r in results:
        notes = (r.notes + [f"lost: {line[:70]!r}" for line in r.lost]
                 + [f"changed (kept in part): {line[:60]!r}" for line in r.changed])
        if notes:
            print(f"\n{r.file}:")
            for note in notes:
                print(f"  - {note}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
