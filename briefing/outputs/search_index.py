"""Search per language: the index built at build time, full text, ready as soon as the page is.

Each language's site has its own index (one MkDocs build per language). Material's search
plugin still extracts each page's text (leaving out what is marked data-search-exclude: the
original-language text, meta lines, sources) and segments Chinese with jieba; then the search
hook (briefing/hooks/search.py, on_post_build) calls `write_index`, which turns that into an
index the browser never has to build:

- one document per page (its sections merged), the reports of one story given consecutive ids;
- words: letters and digits, lowercased, compatibility forms and accents folded (`fold`), so
  "securite" finds "sécurité"; Chinese as jieba cut it, Japanese as MeCab cuts it (`japanese_words`);
- terms grouped by their first letters into files of about 24 KB (search/t/<n>.js), documents
  four to a file (search/d/<n>.js), each a script `__briefingSearch(key, data)`;
- search/search_index.json keeps Material's config, with the manifest (keys, files, groups) in it.

search_worker.js replaces Material's lunr worker (same messages, so Material's UI is kept): a
query loads the term files of its words (a word matches as a prefix) and the documents of the
best results, and groups a story's reports under the story. Every query word must match. From
file:// (the offline bundle) the same script runs in the page and loads the files by <script>.
Index bytes and build time per article are constant; the browser holds only what queries loaded.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.metadata
import importlib.util
import json
import logging
import os
import pickle
import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from .. import fsutil, hooks
from . import preload

log = logging.getLogger(__name__)

SEPARATOR = r"[\s\-'’]+"
CJK_SEPARATOR = r"[\s\u200b\-'’]+"
def plugin_settings(language: str) -> dict[str, Any]:
    """Search plugin options for one language's site."""
    if language in {"zh", "ja"}:
        # Why no stemmer for CJK: the zh default pipeline's stemmer makes English words unfindable.
        return {"lang": language, "separator": CJK_SEPARATOR, "pipeline": ["stopWordFilter"]}
    # Why no stemmer: Material matches every query word as an unstemmed prefix, so stems alone would miss full
    # words ("sécurité*" never matches "sécur"), and indexing both forms doubled the time search takes to start.
    return {"lang": language, "separator": SEPARATOR, "pipeline": ["stopWordFilter", "trimmer"]}


def plugins(user_plugins: list, language: str, jieba_dict: Path | None = None) -> list:
    """The project's plugin list with the search plugin set up for `language` (a jieba dictionary of the user's wins)."""
    result: list = []
    for entry in user_plugins:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name in {"search", "material/search"}:
            extra = {"jieba_dict": str(jieba_dict)} if jieba_dict else {}
            result.append({name: {**extra, **(options or {}), **plugin_settings(language)}})
        else:
            result.append(entry)
    return result


JIEBA_WORDS = 50_000
"""Words of jieba's dictionary (the most frequent) that segment Chinese text on sites in other languages."""


def jieba_dictionary(language: str, cache_dir: Path) -> Path | None:
    """A small jieba dictionary for a site not in Chinese; None for Chinese sites or without jieba.

    Material segments every run of Han characters with jieba when it is installed, on any site.
    On a site in another language that is a name or an untranslated title here and there, yet
    jieba's full dictionary (350,000 words) costs each MkDocs process about 60 MB and a second to
    load. Its 50,000 most frequent words cost a seventh of that; jieba's HMM segments the rest.
    """
    spec = importlib.util.find_spec("jieba")
    if language.startswith("zh") or spec is None or spec.origin is None:
        return None
    source = Path(spec.origin).with_name("dict.txt")
    target = cache_dir / f"jieba-{JIEBA_WORDS}.txt"
    if not source.is_file():
        return None
    if not target.is_file() or target.stat().st_mtime < source.stat().st_mtime:
        rows = [line.split() for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows.sort(key=lambda row: -int(row[1]))
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Why not fsutil.write_text_atomic: it leaves identical bytes untouched, and here the mtime says the copy is current.
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_text("".join(" ".join(row) + "\n" for row in rows[:JIEBA_WORDS]), encoding="utf-8")
        os.replace(partial, target)
    return target


# --------------------------------------------------------------------------- the index, built at build time
WORKER_JS = hooks.path("search_worker.js")
MARKER = "/* briefing: search over an index built at build time"
SHARD_BYTES = 24_000
"""A term file is split by the next letter of its terms beyond this size (one very common term may exceed it)."""
DOCS_PER_FILE = 4
"""Documents per file in search/d/ (consecutive ids: a story's reports mostly share one)."""
FORMAT = 2

# Why Unicode properties and not briefing/lang/charsets.py: these must cut words exactly as
# search_worker.js does in the browser (\p{Han}, \p{Hiragana}…), or a query would miss its terms.
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u30fc]")
_SCRIPT_RUN = regex.compile(r"\p{Han}+|\p{Hiragana}+|[\p{Katakana}\u30fc]+|[^\p{Han}\p{Hiragana}\p{Katakana}\u30fc]+")
_CJK_SPAN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u30fc](?:\u200b*[\p{Han}\p{Hiragana}\p{Katakana}\u30fc])*")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_HAN_WORD = regex.compile(r"\p{Han}+")
_MARKS = regex.compile(r"[\u0300-\u036f]")
_TAG = re.compile(r"<[^>]*>")


def fold(text: str) -> str:
    """Lowercase, compatibility forms and accents folded, as the browser folds queries (search_worker.js)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))


def words(text: str, language: str = "", pairs: bool = True) -> list[str]:
    """The folded words of `text`: letters and digits; Japanese cut into words by MeCab (`japanese_words`),
    on a Japanese site and wherever a run has kana; other Chinese characters as jieba left them (zero-width
    spaces between words); what remains of a run split where the script changes. With `pairs`, each
    word of three Chinese characters or more is followed by its character pairs (`_pairs`)."""
    folded = fold(text)
    if not _CJK.search(folded):
        return _WORD.findall(folded)
    out: list[str] = []
    start = 0
    for span in _CJK_SPAN.finditer(folded):
        out.extend(_WORD.findall(folded[start:span.start()]))
        out.extend(_cjk_words(span[0], language, pairs))
        start = span.end()
    out.extend(_WORD.findall(folded[start:]))
    return out


def _cjk_words(span: str, language: str, pairs: bool = True) -> list[str]:
    """The words of a run of Chinese or Japanese characters (jieba's zero-width spaces in it), and with
    `pairs` the character pairs inside its longer Chinese words (`_pairs`)."""
    joined = span.replace("\u200b", "")
    japanese = language == "ja" or bool(_KANA.search(joined))
    if japanese:
        # Why joined: jieba cut the Han part with a Chinese dictionary, which does not know Japanese words.
        found = japanese_words(joined)
    else:
        found = [run for part in span.split("\u200b") for run in _SCRIPT_RUN.findall(part)]
    if not pairs:
        return found
    # Why every pair of the run outside Chinese sites: there jieba has a small dictionary (`jieba_dictionary`)
    # and its model cuts more words in two (时耗 电约 for 时 耗电 约); Chinese is rare there, the pairs cheap.
    longer = found if japanese or language.startswith("zh") else _HAN_WORD.findall(joined)
    own = set(found)
    return found + [pair for word in longer if len(word) > 2 and _HAN_WORD.fullmatch(word)
                    for pair in _pairs(word) if pair not in own]


def _pairs(word: str) -> list[str]:
    """Every two characters in a row of `word`.

    Why: jieba cuts by context, and outside its dictionary its model joins characters, so a word a reader
    types (代工, 札幌) may be inside a longer "word" of the text (由代工, 在札幌) and no term of its own. The
    browser cuts a query by the index's words, so with the pairs indexed every two or more characters in
    a row of the text are found, whatever jieba did (as Lucene's CJK bigrams, but beside the words)."""
    return [word[i:i + 2] for i in range(len(word) - 1)]


@functools.cache
def _mecab():
    """MeCab (fugashi) with the IPA dictionary, writing words separated by spaces; loaded on first use."""
    import fugashi
    import ipadic

    return fugashi.GenericTagger(f"{ipadic.MECAB_ARGS} -Owakati")


def japanese_words(run: str) -> list[str]:
    """A run of Japanese characters cut into words (短単位-like: 半導体, データ, センター, を, 行い, まし, た).

    Why a morphological analyser: Japanese writes no spaces, and splitting where the script changes
    leaves a katakana compound (データセンター) or a verb and its endings as one word, so a reader's
    query for one of its parts would find nothing. The browser cuts a query by the index's own words."""
    return [word for word in _mecab().parse(run).split() if _CJK.search(word)] or [run]


@dataclass
class Doc:
    """One page in the index: its location, title and plain text; the story it reports, if any."""

    location: str
    title: str
    text: str
    story: tuple[str, str] | None = None
    """The story's page (location, title) when several reports make up the story."""


def plain(html_text: str) -> str:
    """Text of a fragment of Material's index: tags out, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", html_text)).split())


def page_docs(entries: list[dict], stories: dict[str, tuple[str, str]], order: dict[str, str] | None = None) -> list[Doc]:
    """Material's index entries (one per section) merged into one Doc per page, the reports of a story together,
    the stories in `order` (a page's location -> when its story was added; pages without one first)."""
    docs: dict[str, Doc] = {}
    for entry in entries:
        location = entry["location"].split("#")[0]
        title, text = plain(entry.get("title", "")), plain(entry.get("text", ""))
        doc = docs.get(location)
        if doc is None:
            docs[location] = Doc(location, title, text, stories.get(location))
        else:  # a section: its heading and text join the page's
            doc.text = " ".join(part for part in (doc.text, "" if "#" not in entry["location"] else title, text) if part)
    # Why sorted by story: a story's reports get consecutive ids, so the browser groups them with a list of starts.
    # Why by when the story was added first: an added story's pages then take the last ids, and the index files
    # before them stay as they were (sorted by address, a new story shifted half the documents' files).
    order = order or {}
    return sorted(docs.values(), key=lambda d: (order.get(d.location, ""), d.story[0] if d.story else d.location,
                                                d.location))


def doc_terms(doc: Doc, language: str = "") -> tuple[dict[str, int], frozenset[str]]:
    """A document's terms with their counts (a title word counts once more), and its title's terms."""
    counts = Counter(words(doc.text, language))
    title = frozenset(words(doc.title, language))
    for term in title:
        counts[term] += 1
    return dict(counts), title  # a plain dict: it is pickled in the cache, and a Counter loads slower


class TermCache:
    """Each page's terms from the last run, by a hash of its title and text: only new or changed pages are cut into
    words again (that was most of the index's time, on every page of every run).

    A file per language under the build cache, pickled; another version of this module, of Unicode, of the
    regex module or of MeCab and its dictionary starts it afresh. Only the pages of the last run are kept."""

    def __init__(self, path: Path | None, language: str = ""):
        self.path = path
        self.language = language
        self.version = _terms_version()
        self.hits = 0
        self._old: dict[bytes, tuple[dict[str, int], frozenset[str]]] = {}
        self._new: dict[bytes, tuple[dict[str, int], frozenset[str]]] = {}
        if path is None:
            return
        try:
            version, entries = preload.take(path, read_terms)
        except Exception:  # missing, partial or of another Python: start afresh
            return
        if version == self.version and isinstance(entries, dict):
            self._old = entries

    def terms(self, doc: Doc) -> tuple[dict[str, int], frozenset[str]]:
        """`doc_terms(doc)`, from the cache when the page's title and text are those of the last run."""
        key = hashlib.blake2b(f"{doc.title}\x00{doc.text}".encode("utf-8"), digest_size=16).digest()
        found = self._old.get(key) or self._new.get(key)
        if found is None:
            found = doc_terms(doc, self.language)
        else:
            self.hits += 1
        self._new[key] = found
        return found

    def save(self) -> None:
        """Keep this run's pages for the next one (atomically: two builds never share a language's file).

        Why not when every page was the last run's: the file would be the same (a fifth of a second at 10,000 pages)."""
        if self.path is None or (self.hits == len(self._new) == len(self._old) and self._new.keys() == self._old.keys()):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        with open(partial, "wb") as handle:
            pickle.dump((self.version, self._new), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.path)


ORDER_FILE = "search-order.json"
"""Beside a language's docs folder: each story page and article page (path under docs) with when its story was
added, as rendering found it (`write_order`); `page_docs` numbers the documents by it."""


def write_order(path: Path, order: dict[str, str]) -> None:
    """Write the pages' order for the search hook, unless the file holds it already.

    Why a file beside the docs and not front matter: it works with any project's templates."""
    text = json.dumps(dict(sorted(order.items())), separators=(",", ":"))
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    fsutil.write_text_atomic(path, text)


def read_order(path: Path) -> dict[str, str]:
    """`write_order`'s pages and when their story was added; {} without the file (a site built by hand)."""
    try:
        order = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return order if isinstance(order, dict) else {}


def terms_file(cache_dir: Path, site: str) -> Path:
    """Where a site's term cache is kept (`site`: its generated config's folder name, the language)."""
    return cache_dir / f"search-terms-{site}.pickle"


def read_terms(path: Path) -> tuple[str, dict]:
    """A term cache file's (version, entries)."""
    with open(path, "rb") as handle:
        return pickle.load(handle)


@functools.lru_cache(maxsize=1)
def _terms_version() -> str:
    """What the cut of a text into terms depends on: this module, Unicode's tables, the regex module, MeCab."""
    code = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest()
    mecab = ":".join(_version(name) for name in ("fugashi", "ipadic"))
    return f"{FORMAT}:{code}:{unicodedata.unidata_version}:{regex.__version__}:{mecab}"


def _version(package: str) -> str:
    """An installed package's version, or "-"."""
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def postings(docs: list[Doc], language: str = "", cache: TermCache | None = None) -> dict[str, list[int]]:
    """term -> for each document holding it, in id order: (id gap) * 8 + 4 if in the title + occurrences (1-3)."""
    index: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    for i, doc in enumerate(docs):
        counts, title = cache.terms(doc) if cache is not None else doc_terms(doc, language)
        for term, count in counts.items():
            index.setdefault(term, []).append((i - last.get(term, 0)) * 8 + 4 * (term in title) + min(count, 3))
            last[term] = i
    return index


def shard(index: dict[str, list[int]], limit: int = SHARD_BYTES) -> dict[str, dict[str, list[int]]]:
    """Terms grouped by their first letters: a group over `limit` bytes is split by the next letter.

    Each term is in the group of the longest key it starts with; the browser loads that group for a word,
    and for a prefix also every group whose key starts with it."""
    size = {term: len(term.encode()) + 4 * len(p) + 4 for term, p in index.items()}
    groups: dict[str, dict[str, list[int]]] = {}
    stack: list[tuple[str, list[str]]] = []
    first: dict[str, list[str]] = {}
    for term in index:
        first.setdefault(term[0], []).append(term)
    stack.extend(first.items())
    while stack:
        key, terms = stack.pop()
        longer = [t for t in terms if len(t) > len(key)]
        if sum(size[t] for t in terms) <= limit or not longer:
            groups[key] = {t: index[t] for t in sorted(terms)}
            continue
        if len(longer) < len(terms):
            groups[key] = {t: index[t] for t in sorted(terms) if len(t) <= len(key)}
        children: dict[str, list[str]] = {}
        for term in longer:
            children.setdefault(term[: len(key) + 1], []).append(term)
        stack.extend(children.items())
    return dict(sorted(groups.items()))


def pack(groups: dict[str, dict[str, list[int]]], limit: int = SHARD_BYTES) -> list[list[str]]:
    """Consecutive keys packed into files of up to about `limit` bytes (Chinese gives many small groups).

    Why: each file costs the build a write and the browser a request; a prefix's groups are neighbours."""
    files: list[list[str]] = []
    size = limit
    for key, terms in groups.items():
        weight = sum(len(term.encode()) + 4 * len(p) + 4 for term, p in terms.items())
        if size + weight > limit:
            files.append([])
            size = 0
        files[-1].append(key)
        size += weight
    return files


def _script(key: str, data: Any) -> str:
    return f'__briefingSearch("{key}",{json.dumps(data, ensure_ascii=False, separators=(",", ":"))});\n'


_handed: dict[str, dict] = {}
"""Material's index of a site, completed by the incremental hook and handed over in memory (`hand_over`)."""


def hand_over(site_dir: Path, material: dict) -> None:
    """Give `write_index` Material's index of `site_dir` as it would read it from the site, completed.

    Why: at 10,000 pages the index is tens of megabytes of JSON; writing it for the search hook to read
    it back cost each MkDocs run a second or more."""
    _handed[os.fspath(site_dir)] = material


def write_index(site_dir: Path, stories: dict[str, tuple[str, str]], language: str = "",
                cache_path: Path | None = None, order: dict[str, str] | None = None) -> dict[str, int] | None:
    """Replace Material's search index in a built site by the sharded one; None when the site has no index.

    search/search_index.json keeps Material's config (the UI reads it) with our manifest in it, and no
    documents; search/t/<n>.js are the term files, search/d/<n>.js the documents, DOCS_PER_FILE to a file.
    With `cache_path`, the pages' terms are kept there for the next run (`TermCache`); `order` numbers the
    stories (`page_docs`)."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return None
    material = _handed.pop(os.fspath(site_dir), None) or json.loads(path.read_text(encoding="utf-8"))
    docs = page_docs(material.get("docs", []), stories, order)
    cache = TermCache(cache_path, language)
    groups = shard(postings(docs, language, cache))
    keys = list(groups)
    files = pack(groups)
    for folder in ("t", "d"):
        (path.parent / folder).mkdir(exist_ok=True)
    written = [_put(path.parent / "t" / f"{n}.js", _script(f"t{n}", {term: p for key in members
                                                                    for term, p in groups[key].items()}))
               for n, members in enumerate(files)]
    starts = [i for i, doc in enumerate(docs) if doc.story is None or i == 0 or docs[i - 1].story != doc.story]
    for n in range(0, len(docs), DOCS_PER_FILE):
        data = [{"l": doc.location, "t": doc.title, "x": doc.text, **({"g": list(doc.story)} if doc.story else {})}
                for doc in docs[n:n + DOCS_PER_FILE]]
        written.append(_put(path.parent / "d" / f"{n // DOCS_PER_FILE}.js", _script(f"d{n // DOCS_PER_FILE}", data)))
    _remove_others(path.parent, ("t", len(files)), ("d", -(-len(docs) // DOCS_PER_FILE)))
    file_of = {key: n for n, members in enumerate(files) for key in members}
    config = {**material.get("config", {}), "briefing": {
        "format": FORMAT, "docs": len(docs), "per_file": DOCS_PER_FILE, "keys": keys,
        "files": [file_of[key] for key in keys], "starts": starts}}
    path.write_text(json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
    install_worker(site_dir)
    cache.save()
    return {"docs": len(docs), "terms": sum(len(g) for g in groups.values()), "files": len(files), "cached": cache.hits,
            "written": sum(written)}


def _put(path: Path, text: str) -> bool:
    """Write an index file unless it already holds `text`; a new file replaces it (it may be a link to the live site's).

    Why: an incremental run stages the previous index as links; a typo fix changes a few of its 2,600 files
    at 10,000 pages, an added article those after its place, and creating a file costs far more than reading one."""
    data = text.encode("utf-8")
    try:
        with open(path, "rb") as handle:
            if handle.read() == data:
                return False
        os.unlink(path)
    except FileNotFoundError:
        pass
    with open(path, "xb") as handle:
        handle.write(data)
    return True


def _remove_others(search_dir: Path, *folders: tuple[str, int]) -> None:
    """Remove from each (folder, count) what is not one of its files 0.js … (count-1).js: an older, longer index's."""
    for name, count in folders:
        keep = {f"{n}.js" for n in range(count)}
        for entry in os.scandir(search_dir / name):
            if entry.name not in keep:
                shutil.rmtree(entry.path) if entry.is_dir(follow_symlinks=False) else os.unlink(entry.path)


def install_worker(site_dir: Path) -> int:
    """Put search_worker.js in place of Material's search worker (same file name: the pages point to it)."""
    installed = 0
    source = WORKER_JS.read_text(encoding="utf-8")
    for worker in (site_dir / "assets" / "javascripts" / "workers").glob("search.*.js"):
        # Why always: an incremental run keeps our worker and may copy Material's map again.
        worker.with_name(worker.name + ".map").unlink(missing_ok=True)  # Material's map no longer matches
        if worker.name.endswith(".map") or worker.read_text(encoding="utf-8").startswith(MARKER):
            continue
        # Why atomic: the file may be a hard link to the live site's (an incremental run stages one).
        fsutil.write_text_atomic(worker, source)
        installed += 1
    return installed


patch_worker = install_worker  # site.py calls it after every MkDocs run
