"""Search at archive scale: how soon a query answers after a page load, this project's search against stock Material's.

Usage: .venv/bin/python benchmarks/bench_search.py [--sizes 1000 3000 10000] [--loads 3] [--offline]
       [--baseline /path/to/older/checkout] [--no-stock] [--keep DIR] [--repeat 0]

For each N, in a fresh temporary project (the repo's mkdocs.yml and templates, N synthetic articles, every
article translated into en and fr by the tests' stand-in LibreTranslate unless --offline), prints:

- build: `briefing build` (cold) and `briefing build --full` (warm: every site rebuilt), and with --baseline the
  same warm build by an older checkout's code and templates on a copy of the project (the "today's" figure);
- index: bytes of the en site's search/ folder (manifest, term files, documents) per article, files, the
  share of body words (4+ letters, accents folded; Chinese and Japanese words) of the first 300 en articles
  that are terms of the article's document, and the share for which a one-word query finds the article,
  asked of this project's search engine itself in Chromium (first 200 articles; a few missed words shown);
- memory: the search engine's JS heap as 1,200 distinct body words are asked one after another (each loading
  its term files and its whole list's document files), every 300 queries, with the files loaded and the most
  held at once (bounded by the engine's cache: `search_memory`);
- ready: in headless Chromium (fresh context, cold cache), milliseconds from navigation until the first
  result of a typed company name is in the page, median of --loads, over http (site/ on 127.0.0.1) and from
  file:// (the offline bundle, `briefing bundle`), for this project's search and for stock Material search
  over the same pages (build/en/docs built by MkDocs without this project's hooks: Material's lunr worker,
  which builds the whole index in the browser; from file:// with the offline plugin and the vendored
  iframe-worker shim); and, beside it, the milliseconds from the first key pressed to that result (the
  query's own cost, without the page load and the reader's click); over http, loads alternating with
  ours, the floor: the same page with an instant stand-in worker (`INSTANT_WORKER`) in place of ours;
- before each browser figure, a wait until the CPUs are quiet (`settle`: under 15% busy over a second), and
  beside the figure how busy they were and the 1-minute load average (other work only ever adds time).
A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import frontmatter
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import (
    BRIEFING,
    ENV,
    Browser,
    Server,
    make_project,
    run,
    stand_in_translator,
)

REPO = Path(__file__).resolve().parents[1]
_WORD4 = re.compile(r"[^\W\d_]{4,}")
_HAN = re.compile(r"[\u3400-\u9fff]+")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
INSTANT_WORKER = """
self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === 0) { self.postMessage({type: 1}); }
  if (message.type === 2) {
    var items = message.data.length > 1 ? [[{location: "./", title: message.data, text: "", score: 1, terms: {}}]] : [];
    self.postMessage({type: 3, data: {items: items}});
  }
});
"""
"""The floor: a search worker that answers every query of two or more characters at once, with one result.
Served in place of the site's worker, it measures what the page, Material's UI and the typing cost without
any search: what no search engine inside Material's UI can go below on this machine."""


def load() -> str:
    """The 1-minute load average, as printed next to each figure."""
    return f"load {os.getloadavg()[0]:.2f}"


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields) - idle, sum(fields)


def settle(busy_below: float = 0.15, most_seconds: float = 90.0) -> str:
    """Waits until the CPUs were less than `busy_below` busy over one second (or `most_seconds` passed);
    says how long it waited and how busy the last second was.

    Why: the load average lags by a minute, and the work just before a figure (a cold build, a thousand
    queries asked for the memory figure) still runs for a while in other processes; a figure should time
    the search, not their tail."""
    start = time.monotonic()
    while True:
        busy0, total0 = _cpu_times()
        time.sleep(1.0)
        busy1, total1 = _cpu_times()
        share = (busy1 - busy0) / max(1, total1 - total0)
        waited = time.monotonic() - start
        if share < busy_below or waited >= most_seconds:
            return f"CPUs {share:.0%} busy before, after {waited:.0f} s waiting; {load()}"


# --------------------------------------------------------------------------- the index
def _data(path: Path):
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index(",") + 1:text.rindex(")")])


def index_bytes(site: Path, lang: str) -> tuple[int, int]:
    """(bytes, files) of one language's search folder."""
    sizes = [p.stat().st_size for p in (site / lang / "search").rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


def body_words(root: Path, lang: str, limit: int = 300) -> list[tuple[str, list[str]]]:
    """(article slug, its distinct body words in `lang`) for the first `limit` articles, as a reader types them.

    Body words: Latin and other spaced scripts, 4+ letters, folded; Chinese as jieba's full dictionary cuts
    it (the site may have cut it otherwise: a non-Chinese site uses a smaller dictionary); Japanese as MeCab
    cuts it; CJK words of 2+ characters."""
    import jieba

    from briefing.outputs import search_index as search

    out = []
    for content in sorted((root / "content" / "articles").glob("*.md"))[:limit]:
        post = frontmatter.load(content)
        view = post.metadata if post.get("language") == lang else (post.get("translations") or {}).get(lang) or {}
        body = post.content if view is post.metadata else view.get("body") or ""
        body = _HAN_RUN.sub(lambda m: "\u200b".join(jieba.cut(m[0])), body)
        words = sorted({w for w in search.words(body, pairs=False)
                        if _WORD4.fullmatch(w) or (_CJK.search(w) and len(w) >= 2)})
        if words:
            out.append((content.stem, words))
    return out


def _doc_ids(folder: Path) -> dict[str, int]:
    """Article slug -> its document id in a site's search index."""
    per = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["config"]["briefing"]["per_file"]
    return {doc["l"].rstrip("/").split("/")[-1].removesuffix(".html"): int(p.stem) * per + k
            for p in (folder / "d").glob("*.js") for k, doc in enumerate(_data(p))}


def coverage(root: Path, lang: str, limit: int = 300) -> float | None:
    """Mean share of an article's distinct body words (`body_words`) that are terms of its document in the index.

    A lower bound of what a query finds: a Chinese word the site cut otherwise is not a term, yet the browser
    cuts the query by the index's words and finds it (`found_share` asks the real search)."""
    folder = root / "site" / lang / "search"
    if not (folder / "d").is_dir():
        return None
    ids = _doc_ids(folder)
    terms: dict[int, set[str]] = {}
    for path in (folder / "t").glob("*.js"):
        for term, postings in _data(path).items():
            doc = 0
            for p in postings:
                doc += p // 8
                terms.setdefault(doc, set()).add(term)
    shares = [sum(w in terms.get(ids[slug], set()) for w in words) / len(words)
              for slug, words in body_words(root, lang, limit) if slug in ids]
    return statistics.mean(shares) if shares else None


_ENGINE_JS = """
  // search_worker.js's engine over the site's search folder `root`, loading files with fetch as the worker does;
  // each file's key goes into `loaded` (a Set the including function declares first).
  const parse = t => JSON.parse(t.slice(t.indexOf(",") + 1, t.lastIndexOf(")")));
  const config = (await (await fetch(root + "search_index.json")).json()).config;
  const engine = new BriefingSearch.Engine(k => { loaded.add(k); return fetch(root + k[0] + "/" + k.slice(1) + ".js")
    .then(r => r.text()).then(parse); });
  engine.setup(config);
"""


def _engine_page(page, url: str, lang: str) -> str:
    """Opens a page of the site with search_worker.js's engine in it; gives the search folder's URL."""
    from briefing import hooks

    page.goto(f"{url}/{lang}/index.html")
    page.add_script_tag(content=hooks.path("search_worker.js").read_text(encoding="utf-8"))
    return f"{url}/{lang}/search/"


_FOUND_JS = """async ([root, entries]) => {
  const loaded = new Set();""" + _ENGINE_JS + """
  const shares = [], missed = [];
  for (const [doc, words] of entries) {
    let found = 0;
    for (const w of words) {
      if ((await engine.matching(w)).includes(doc)) { found++; } else if (missed.length < 20) { missed.push(w); }
    }
    shares.push(found / words.length);
  }
  return [shares, missed];
}"""


def found_share(root: Path, lang: str, browser: Browser, url: str, limit: int = 200) -> tuple[float, list[str]]:
    """Mean share of an article's distinct body words for which a one-word query finds the article, asked of
    the site's own search (search_worker.js's engine, in Chromium, over `url`), and some words it missed."""
    ids = _doc_ids(root / "site" / lang / "search")
    entries = [(ids[slug], words) for slug, words in body_words(root, lang, limit) if slug in ids]
    context = browser._browser.new_context()
    try:
        page = context.new_page()
        shares, missed = page.evaluate(_FOUND_JS, [_engine_page(page, url, lang), entries])
    finally:
        context.close()
    return statistics.mean(shares), missed


_MEMORY_JS = """async ([root, words, every]) => {
  const heap = () => { gc(); gc(); return performance.memory.usedJSHeapSize; };
  const before = heap(), loaded = new Set(), rows = [];
  let most = 0;""" + _ENGINE_JS + """
  for (let i = 0; i < words.length; i++) {
    await engine.search(words[i]);
    most = Math.max(most, engine.cache.size);
    if ((i + 1) % every === 0) { rows.push([i + 1, loaded.size, most, heap() - before]); }
  }
  return rows;
}"""


def search_memory(root: Path, lang: str, browser: Browser, url: str, queries: int = 1200,
                  every: int = 300) -> list[tuple[int, int, int, int]]:
    """The search engine's memory as a reader asks query after query: rows of (queries asked, distinct index
    files they loaded, most files held at once, JS heap bytes above the page's before the first query, after
    garbage collection). The engine of search_worker.js runs in a page of the site (the worker runs the same
    code; the page's heap can be read, a worker's cannot), in a Chromium of its own with the garbage collector exposed.
    Queries: distinct body words of the archive's articles, in a fixed shuffled order (each loads its term
    files and the document files of its whole list)."""
    import random

    from bench_build import CHROMIUM, CHROMIUM_FLAGS

    words = sorted({w for _, ws in body_words(root, lang, limit=2000) for w in ws})
    random.Random(19).shuffle(words)
    chromium = browser._pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
        *CHROMIUM_FLAGS, "--js-flags=--expose-gc", "--enable-precise-memory-info"])
    try:
        page = chromium.new_page()
        rows = page.evaluate(_MEMORY_JS, [_engine_page(page, url, lang), words[:queries], every])
    finally:
        chromium.close()
    return [tuple(row) for row in rows]


def memory_line(rows: list[tuple[int, int, int, int]]) -> str:
    return "; ".join(f"{q} queries: {f} files loaded, at most {m} held, heap +{b / 2**20:.1f} MB"
                     for q, f, m, b in rows)


# --------------------------------------------------------------------------- stock Material over the same pages
def stock_configs(root: Path, lang: str, tmp: Path) -> tuple[Path, Path]:
    """Configs building build/<lang>/docs with stock Material search: no hooks; one for http, one offline."""
    generated = root / "build" / lang / "mkdocs.yml"
    configs = []
    for name, extra in (("stock", {}), ("stock-offline", {
            "plugins": [*yaml.safe_load(generated.read_text(encoding="utf-8"))["plugins"], "offline"],
            "extra": {"polyfills": ["assets/vendor/iframe-worker/shim.js"]}})):
        config = {"INHERIT": "mkdocs.yml", "site_dir": str(tmp / name / lang), "hooks": [], **extra}
        path = generated.with_name(f"mkdocs.{name}.yml")
        path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        configs.append(path)
    return configs[0], configs[1]


def build_stock(root: Path, lang: str, tmp: Path) -> tuple[Path, Path, float]:
    """Stock Material sites of `lang` (http, file://) and the seconds of the http one's build."""
    http_cfg, file_cfg = stock_configs(root, lang, tmp)
    seconds = run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(http_cfg)], root, sample=False).seconds
    run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(file_cfg)], root, sample=False)
    return tmp / "stock", tmp / "stock-offline", seconds


# --------------------------------------------------------------------------- one size
def bench(n: int, args, browser: Browser) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"briefing-search-{n}-") as tmp_name:
        tmp = Path(tmp_name)
        root = Path(args.keep) / str(n) if args.keep else tmp / "project"
        if not (root / "site").is_dir():
            root.mkdir(parents=True, exist_ok=True)
            make_project(root, n)
        translator = None if args.offline else stand_in_translator()
        keys = {"BRIEFING_TRANSLATOR": "libre", "BRIEFING_TRANSLATOR_KEY": "bench",
                "BRIEFING_TRANSLATOR_URL": translator.url} if translator else {}
        ENV.update(keys)
        try:
            return _bench(n, args, browser, root, tmp, translator is None)
        finally:
            for key in keys:
                ENV.pop(key, None)
            if translator:
                translator.__exit__(None, None, None)


def _bench(n: int, args, browser: Browser, root: Path, tmp: Path, offline: bool) -> dict:
    build = [*BRIEFING, "build", *(["--offline"] if offline else [])]
    r: dict = {"n": n}
    r["load_build"] = os.getloadavg()[0]
    kept = (root / "site").is_dir()
    r["cold"] = float("nan") if kept else run(build, root).seconds
    r["warm"] = min(run([*build, "--full"], root).seconds for _ in range(args.repeat)) if args.repeat else float("nan")
    if args.baseline:
        r["baseline_warm"] = baseline_warm(root, tmp, Path(args.baseline), build, args.repeat)
    print(f"N={n}  build cold {r['cold']:.1f} s, warm {r['warm']:.1f} s"
          + (f", baseline warm {r['baseline_warm']:.1f} s ({r['warm'] / r['baseline_warm']:.2f}x)"
             if args.baseline else "") + f"  ({load()})", flush=True)
    site = root / "site"
    r["bytes"], r["files"] = index_bytes(site, "en")
    r["coverage"] = coverage(root, "en")
    print(f"  index en: {r['bytes'] / n:.0f} B per article, {r['files']} files; body words "
          f"{r['coverage']:.1%} are terms of the article's document", flush=True)
    word = _word(root)
    r["word"] = word
    server = Server(site)
    try:
        r["found"], missed = found_share(root, "en", browser, f"http://127.0.0.1:{server.port}")
        print(f"  one-word queries (Chromium, this project's search) find the article for {r['found']:.2%} of its "
              f"body words" + (f"; missed e.g. {' '.join(missed[:10])}" if missed else ""), flush=True)
        r["memory"] = search_memory(root, "en", browser, f"http://127.0.0.1:{server.port}")
        print(f"  search memory: {memory_line(r['memory'])}", flush=True)
        before = settle()
        r["load_http"] = os.getloadavg()[0]
        (r["http"], r["http_key"]), (r["floor"], r["floor_key"]) = browser.alternating_ms(
            f"http://127.0.0.1:{server.port}/en/index.html", word, args.loads, [None, INSTANT_WORKER])
    finally:
        server.close()
    print(f"  ours  http  {r['http']:7.0f} ms, {r['http_key']:5.0f} ms from the first key  ({before})", flush=True)
    print(f"  floor http  {r['floor']:7.0f} ms, {r['floor_key']:5.0f} ms from the first key  (the same pages and "
          f"Material's UI, an instant stand-in search; loads alternating with ours)", flush=True)
    run([*BRIEFING, "bundle", "--offline"], root)
    unzipped = tmp / "bundle"
    with zipfile.ZipFile(root / "dist" / "briefing-offline.zip") as archive:
        archive.extractall(unzipped)
    before = settle()
    r["file"] = browser.median_ms((unzipped / "en" / "index.html").as_uri(), word, args.loads)
    r["file_key"] = browser.answer_ms
    print(f"  ours  file  {r['file']:7.0f} ms, {r['file_key']:5.0f} ms from the first key  ({before})", flush=True)
    shutil.rmtree(unzipped, ignore_errors=True)
    if not args.no_stock:
        stock_http, stock_file, r["stock_build"] = build_stock(root, "en", tmp)
        stock_json = stock_http / "en" / "search" / "search_index.json"
        r["stock_bytes"] = stock_json.stat().st_size
        server = Server(stock_http)
        try:
            before = settle()
            r["stock_http"] = browser.median_ms(f"http://127.0.0.1:{server.port}/en/index.html", word, args.loads)
        finally:
            server.close()
        r["stock_http_key"] = browser.answer_ms
        print(f"  stock http  {r['stock_http']:7.0f} ms, {r['stock_http_key']:5.0f} ms from the first key  ({before})",
              flush=True)
        before = settle()
        r["stock_file"] = browser.median_ms((stock_file / "en" / "index.html").as_uri(), word, args.loads)
        r["stock_file_key"] = browser.answer_ms
        print(f"  stock file  {r['stock_file']:7.0f} ms, {r['stock_file_key']:5.0f} ms from the first key  ({before}); stock index {r['stock_bytes'] / n:.0f} B "
              f"per article", flush=True)
    return r


def _word(root: Path) -> str:
    """The company name found in the most en documents (so that every search surely finds something)."""
    from synthetic import COMPANIES

    text = "".join(p.read_text(encoding="utf-8") for p in (root / "site" / "en" / "search" / "d").glob("*.js"))
    return max((c for c in COMPANIES if " " not in c), key=lambda w: (text.count(w), w))


def baseline_warm(root: Path, tmp: Path, checkout: Path, build: list[str], repeat: int) -> float:
    """`briefing build --full` by another checkout's code and templates, on a copy of the built project."""
    copy = tmp / "baseline"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", "dist"))
    shutil.rmtree(copy / "templates")
    shutil.copytree(checkout / "templates", copy / "templates")
    env = {**ENV, "PYTHONPATH": str(checkout)}
    saved = dict(ENV)
    ENV.clear()
    ENV.update(env)
    try:
        run(build, copy)  # the older code's cache and pages first
        return min(run([*build, "--full"], copy).seconds for _ in range(repeat))
    finally:
        ENV.clear()
        ENV.update(saved)
        shutil.rmtree(copy, ignore_errors=True)


def table(results: list[dict]) -> str:
    header = ("| N | ours http | floor http | ours file | stock http | stock file | ours/stock (http, file) | index B/article "
              "| body words found | warm build | baseline warm |")
    rows = [header, "|" + "---|" * 11]  # found: asked of the search in Chromium

    def cell(r: dict, key: str, unit: str, digits: int = 0) -> str:
        """A figure with its unit; a dash for one this run did not take (--no-stock, --repeat 0, no --baseline)."""
        value = r.get(key, float("nan"))
        return "–" if value != value else f"{value:.{digits}f} {unit}"

    for r in results:
        ratio = (f"{r['http'] / r['stock_http']:.2f}, {r['file'] / r['stock_file']:.2f}"
                 if "stock_http" in r else "–")
        rows.append(f"| {r['n']} | {r['http']:.0f} ms | {r['floor']:.0f} ms | {r['file']:.0f} ms | {cell(r, 'stock_http', 'ms')} "
                    f"| {cell(r, 'stock_file', 'ms')} | {ratio} | {r['bytes'] / r['n']:.0f} "
                    f"| {r['found']:.2%} | {cell(r, 'warm', 's', 1)} | {cell(r, 'baseline_warm', 's', 1)} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--offline", action="store_true", help="no stand-in translator: translations stay pending")
    parser.add_argument("--baseline", help="an older checkout: time its warm build on the same archive")
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--keep", help="build each archive in KEEP/<N> and keep it; an archive already built there "
                        "is reused (no cold build), so the browser figures can be taken again on a quiet machine")
    args = parser.parse_args()
    browser = Browser()
    results = []
    try:
        for n in args.sizes:
            results.append(bench(n, args, browser))
    finally:
        browser.close()
    print()
    print(table(results))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
