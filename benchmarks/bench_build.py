"""Speed at archive scale: time, memory and size of a briefing of N synthetic articles.

Usage: .venv/bin/python benchmarks/bench_build.py [--sizes 100 1000 3000 10000] [--no-pdf] [--no-browser] [--no-bundle]
       [--pdf-max 1000] [--loads 3] [--repeat 1] [--add-repeat 1] [--translated] [--languages-compare]

For each N, in a fresh temporary project (the repo's mkdocs.yml and templates, N articles
from synthetic.py in content/inbox), prints:

- `briefing build --offline` cold, warm (nothing changed, `--full`: MkDocs runs anyway) and unchanged
  (nothing changed: every site is current, MkDocs does not run), and a bare `mkdocs build -q` of the
  same generated pages (every language's build/<lang>/mkdocs.yml, one after the other), as ratios;
- the warm build's phases (prepare/render/mkdocs, from site/build-report.json);
- adding one new article and rebuilding (an incremental MkDocs run: only the pages it touches), against the
  cold and the warm full build, split into prepare/render/mkdocs; then a one-word typo fix in one article's
  body, and a template change (which falls back to a full MkDocs run), each rebuilt the same way;
- peak memory: the summed PSS (proportional set size) of the build process and all its descendants, sampled every 50 ms;
- site size and file count; search-index bytes per article and entries, per language;
- time until search answers after a page load in headless Chromium, over http and from file://
  (the offline bundle), the median of --loads page loads;
- `briefing pdf --offline --lang en` (time, pages) and `briefing bundle --offline` (time, zip size).

Then a summary table and how the time per article grows with N (relative to N=1000).
--translated runs the builds with a local stand-in translator instead of --offline, so every
article is translated (and indexed) in every site language. A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import COMPANIES, event_of, write_archive, write_extra

REPO = Path(__file__).resolve().parents[1]
# Bytecode is cached as in an installed package (pip compiles it; an editable install under an inherited
# PYTHONDONTWRITEBYTECODE=1 would compile briefing's ~60 modules again in every timed command, ~0.3-0.7 s).
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENV["NO_MKDOCS_2_WARNING"] = "1"
BRIEFING = [sys.executable, "-m", "briefing"]
BUILD = [*BRIEFING, "build", "--offline"]
"""The build command; without --offline (and with the stand-in translator in ENV) under --translated."""
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SAMPLE_SECONDS = 0.05
SEARCH_TIMEOUT_MS = 120_000
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# --------------------------------------------------------------------------- project
def make_project(root: Path, n: int, languages: str = "[en, fr]") -> None:
    """A project with the repo's mkdocs.yml (site languages replaced) and templates, and n synthetic raw articles."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if "languages: [en, fr]" not in text:
        raise SystemExit("mkdocs.yml no longer says `languages: [en, fr]`: update make_project")
    (root / "mkdocs.yml").write_text(text.replace("languages: [en, fr]", f"languages: {languages}"), encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "content" / "articles").mkdir(parents=True)
    write_archive(root / "content" / "inbox", n)


# --------------------------------------------------------------------------- process tree memory
def _parents() -> dict[int, int]:
    """pid → parent pid of every process (from /proc/<pid>/stat; this kernel has no task/*/children)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue  # gone meanwhile
        # The command name is in parentheses and may contain spaces or ")": split after the last one.
        fields = stat[stat.rindex(b")") + 2:].split()
        parents[int(entry)] = int(fields[1])
    return parents


def _memory(pid: int) -> int:
    """Proportional set size (PSS) of one process in bytes: its own pages, plus its share of pages it shares.

    Why PSS and not RSS: forked workers share their parent's pages, and summed RSS would count those
    once per process. Summed PSS is what the process tree really occupies. 0 when the process is gone.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_memory(root: int) -> tuple[int, int]:
    """Summed PSS of `root` and all its descendants, and how many processes that is."""
    children: dict[int, list[int]] = {}
    for pid, ppid in _parents().items():
        children.setdefault(ppid, []).append(pid)
    total, count, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        total += _memory(pid)
        count += 1
        stack.extend(children.get(pid, ()))
    return total, count


@dataclass
class Run:
    seconds: float
    peak_memory: int = 0
    """Highest summed PSS of the process tree seen, in bytes."""
    peak_procs: int = 0
    """Most processes seen in the tree at once."""

    @property
    def peak_mb(self) -> float:
        return self.peak_memory / 1e6


def run(cmd: list[str], cwd: Path, *, sample: bool = True) -> Run:
    """Run `cmd`, timing it and sampling its process tree's memory; raise with its stderr when it fails."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        result = Run(0.0)
        done = threading.Event()

        def sampler() -> None:
            while not done.is_set():
                memory, count = tree_memory(proc.pid)
                result.peak_memory = max(result.peak_memory, memory)
                result.peak_procs = max(result.peak_procs, count)
                done.wait(SAMPLE_SECONDS)

        thread = threading.Thread(target=sampler, daemon=True)
        if sample:
            thread.start()
        code = proc.wait()
        result.seconds = time.perf_counter() - start
        done.set()
        if sample:
            thread.join()
        if code:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-3000:]
            raise RuntimeError(f"{' '.join(map(str, cmd))} failed with exit code {code} in {cwd}:\n{tail}")
    return result


def timings(root: Path) -> dict[str, float]:
    """The phase timings of the last build (site/build-report.json)."""
    report = json.loads((root / "site" / "build-report.json").read_text(encoding="utf-8"))
    return report.get("timings", {})


# --------------------------------------------------------------------------- site figures
def site_languages(root: Path) -> list[str]:
    return sorted(p.parent.name for p in (root / "build").glob("*/mkdocs.yml"))


def search_index(site: Path, lang: str) -> tuple[int, int]:
    """(bytes, documents) of one language's search index: its search/ folder (manifest, term files, documents)."""
    folder = site / lang / "search"
    path = folder / "search_index.json"
    if not path.exists():
        return 0, 0
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return size, json.loads(path.read_bytes())["config"].get("briefing", {}).get("docs", 0)


def search_coverage(root: Path, lang: str) -> float | None:
    """Mean share of an article's distinct body words (in `lang`) that a one-word query finds (bench_search.py)."""
    from bench_search import coverage

    return coverage(root, lang)


def search_word(site: Path, lang: str) -> str:
    """The one-word company name most often in the language's search documents (so a query surely finds something)."""
    text = "".join(p.read_text(encoding="utf-8") for p in (site / lang / "search" / "d").glob("*.js"))
    words = [c for c in COMPANIES if " " not in c]
    return max(words, key=lambda w: (text.count(w), w))


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under `folder`."""
    sizes = [p.stat().st_size for p in folder.rglob("*") if p.is_file()]
    return sum(sizes), len(sizes)


# --------------------------------------------------------------------------- search in Chromium
# Records, in the page, when the first search result appears and when the first key was pressed
# (ms since the navigation started).
_READY_SCRIPT = """
(() => {
  document.addEventListener('keydown', () => {
    if (window.__benchKey === undefined) { window.__benchKey = performance.now(); }
  }, true);
  const mark = () => {
    if (window.__benchReady === undefined && document.querySelector('.md-search-result__item')) {
      window.__benchReady = performance.now();
    }
  };
  new MutationObserver(mark).observe(document, {childList: true, subtree: true});
})();
"""


class Browser:
    """Headless Debian Chromium through Playwright; every page load gets a fresh context (cold cache)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        self.answers: list[float | None] = []
        self.answer_ms = float("nan")
        """Median milliseconds from the first key pressed to the first result, of the last `median_ms`."""

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()

    def search_ready_ms(self, url: str, word: str, worker: str | None = None) -> float:
        """Milliseconds from the start of navigation to `url` until a search for `word` shows a result.

        `worker`: the source of a script served in place of the site's search worker (over http only)."""
        context = self._browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            context.add_init_script(_READY_SCRIPT)
            if worker is not None:
                context.route("**/assets/javascripts/workers/*.js", lambda route: route.fulfill(
                    status=200, content_type="text/javascript", body=worker))
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url, wait_until="commit")
            box = page.locator("input.md-search__input")
            box.click()  # as a reader would, as soon as the search box is there
            box.press_sequentially(word)
            deadline = time.monotonic() + SEARCH_TIMEOUT_MS / 1000
            while True:
                try:
                    page.wait_for_selector(".md-search-result__item", state="attached", timeout=250)
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"no search result for {word!r} on {url} in {SEARCH_TIMEOUT_MS} ms")
                    # Why: a keystroke sent before the search was wired up is lost; type one more.
                    box.press("End")
            wall = (time.perf_counter() - start) * 1000
            ready, key = page.evaluate("[window.__benchReady, window.__benchKey]")
            self.answers.append(None if ready is None or key is None else float(ready) - float(key))
            return wall if ready is None else float(ready)  # in-page time: excludes Playwright's round trips
        finally:
            context.close()

    def median_ms(self, url: str, word: str, loads: int, worker: str | None = None) -> float:
        """Median ready time of `loads` loads; `answer_ms` is then the median time from the first key."""
        self.answers = []
        ready = statistics.median(self.search_ready_ms(url, word, worker) for _ in range(loads))
        known = [a for a in self.answers if a is not None]
        self.answer_ms = statistics.median(known) if known else float("nan")
        return ready

    def alternating_ms(self, url: str, word: str, loads: int, workers: list[str | None]) -> list[tuple[float, float]]:
        """(median ready, median from the first key) for each worker (None: the site's own), their loads alternating.

        Why alternating: the machine's speed drifts over a run; loads taken turn about see the same drift."""
        ready: list[list[float]] = [[] for _ in workers]
        keys: list[list[float]] = [[] for _ in workers]
        for _ in range(loads):
            for i, worker in enumerate(workers):
                self.answers = []
                ready[i].append(self.search_ready_ms(url, word, worker))
                keys[i].extend(a for a in self.answers if a is not None)
        return [(statistics.median(r), statistics.median(k) if k else float("nan")) for r, k in zip(ready, keys)]


class Server:
    """`folder` over http on 127.0.0.1, a free port, in a thread."""

    def __init__(self, folder: Path) -> None:
        from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

        class Quiet(SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                # Why quiet: a page closed while its files load (search files a letter prefetched) breaks the pipe.
                if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                    super().handle_error(request, client_address)

        self._server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# --------------------------------------------------------------------------- stand-in translator
def stand_in_translator():
    """The tests' LibreTranslate-compatible server on 127.0.0.1 ("translates" by tagging each line).

    With --translated every build uses it, so every article is translated into every site language
    (and indexed there) as after real translation; without it builds run --offline, translations stay
    pending and a language's search index holds only the articles written in that language.
    """
    sys.path.insert(0, str(REPO / "tests"))
    from translation_server import FakeLibreTranslate

    return FakeLibreTranslate().__enter__()


# --------------------------------------------------------------------------- one size
@dataclass
class Result:
    n: int
    cold: Run
    warm: Run
    bare: float
    phases: dict[str, float]
    cold_phases: dict[str, float]
    add: Run
    add_phases: dict[str, float]
    site_bytes: int
    site_files: int
    index: dict[str, tuple[int, int]]
    word: str = ""
    http_ms: float | None = None
    file_ms: float | None = None
    pdf: Run | None = None
    pdf_pages: int | None = None
    bundle: Run | None = None
    zip_bytes: int | None = None
    load: float = 0.0
    """The machine's 1-minute load average just before the cold build (other work makes timings noisy)."""
    stories: int | None = None
    """Stories the build found (build-report.json)."""
    events: int = 0
    """Events (stories) the synthetic archive was generated with."""
    coverage: dict[str, float | None] = field(default_factory=dict)
    """Per language: mean share of an article's distinct body words its search entry holds (1.00 = full text)."""
    notes: list[str] = field(default_factory=list)
    unchanged: float | None = None
    """`briefing build` with nothing changed and no --full: every site is current, MkDocs does not run."""
    add_files: dict[str, int] = field(default_factory=dict)
    """Per language: docs files the add-one build built again (an incremental MkDocs run); empty when it ran in full."""
    typo: Run | None = None
    typo_phases: dict[str, float] = field(default_factory=dict)
    template: Run | None = None
    template_phases: dict[str, float] = field(default_factory=dict)
    loads: dict[str, float] = field(default_factory=dict)
    """The 1-minute load average just before the add-one, typo and template builds."""


def bench(n: int, args, browser: Browser | None) -> Result:
    """Every figure for an archive of n articles, in a fresh project; prints each as it is measured."""
    with tempfile.TemporaryDirectory(prefix=f"briefing-bench-{n}-") as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        make_project(root, n)
        translator = stand_in_translator() if args.translated else None
        keys = {"BRIEFING_TRANSLATOR": "libre", "BRIEFING_TRANSLATOR_KEY": "bench",
                "BRIEFING_TRANSLATOR_URL": translator.url} if translator else {}
        ENV.update(keys)
        try:
            return _bench(n, args, browser, root, Path(tmp), translator)
        finally:
            for key in keys:
                ENV.pop(key, None)
            if translator:
                translator.__exit__(None, None, None)


def _bench(n: int, args, browser: Browser | None, root: Path, tmp: Path, translator) -> Result:
    build = BUILD if translator is None else [*BRIEFING, "build"]
    load = os.getloadavg()[0]
    cold = run(build, root)
    cold_phases = timings(root)
    # Why the fastest of --repeat: other work on the machine only ever adds time.
    warm_runs = []
    for _ in range(max(1, args.repeat)):
        again = run([*build, "--full"], root)
        warm_runs.append((again, timings(root)))
    warm, phases = min(warm_runs, key=lambda pair: pair[0].seconds)
    warm = Run(warm.seconds, max(r.peak_memory for r, _ in warm_runs), max(r.peak_procs for r, _ in warm_runs))
    unchanged = run(build, root)
    langs = site_languages(root)

    def bare_build() -> float:
        """Bare MkDocs on the same generated pages, into a scratch folder so the briefing's site stays as built."""
        seconds = sum(run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                           str(root / "build" / lang / "mkdocs.yml"), "-d", str(tmp / "bare" / lang)],
                          root, sample=False).seconds for lang in langs)
        shutil.rmtree(tmp / "bare", ignore_errors=True)
        return seconds

    bare = min(bare_build() for _ in range(max(1, args.repeat)))
    site = root / "site"
    site_bytes, site_files = folder_size(site)
    index = {lang: search_index(site, lang) for lang in langs}
    result = Result(n, cold, warm, bare, phases, cold_phases, Run(0.0), {}, site_bytes, site_files, index)
    result.load = load
    result.unchanged = unchanged.seconds
    result.word = search_word(site, "en")
    result.coverage = {lang: search_coverage(root, lang) for lang in langs}
    result.stories = json.loads((site / "build-report.json").read_text(encoding="utf-8")).get("stories")
    result.events = event_of(n - 1) + 1
    print(block_build(result), flush=True)
    if translator:
        print(f"  (translated by the stand-in LibreTranslate: {translator.translate_calls} requests in the cold build)")

    if browser:
        server = Server(site)
        try:
            result.http_ms = browser.median_ms(f"http://127.0.0.1:{server.port}/en/index.html", result.word, args.loads)
        finally:
            server.close()
        print(f"  search ready (http)  {result.http_ms:8.0f} ms  median of {args.loads} loads, query "
              f"{result.word!r}", flush=True)

    # Why the fastest of --add-repeat (each adds another article, or fixes another typo): other work on the
    # machine only ever adds time; every run and the load before it are listed.
    adds, typos = [], []
    for k in range(max(1, args.add_repeat)):
        write_extra(root / "content" / "inbox", n + k)
        load = os.getloadavg()[0]
        added = run(build, root)
        files = json.loads((site / "build-report.json").read_text(encoding="utf-8")).get("sites_incremental", {})
        adds.append((added, timings(root), load, files))
    result.add, result.add_phases, result.loads["add"], result.add_files = min(adds, key=lambda a: a[0].seconds)
    for k in range(max(1, args.add_repeat)):
        fix_typo(root, k)
        load = os.getloadavg()[0]
        typos.append((run(build, root), timings(root), load))
    result.typo, result.typo_phases, result.loads["typo"] = min(typos, key=lambda t: t[0].seconds)
    if len(adds) > 1:
        result.notes.append("add one, every run (s @ load before): "
                            + ", ".join(f"{a[0].seconds:.2f} @ {a[2]:.2f}" for a in adds))
        result.notes.append("typo fix, every run (s @ load before): "
                            + ", ".join(f"{t[0].seconds:.2f} @ {t[2]:.2f}" for t in typos))
    change_template(root)
    result.loads["template"] = os.getloadavg()[0]
    result.template = run(build, root)
    result.template_phases = timings(root)
    print(block_add(result), flush=True)

    if args.no_bundle:
        result.notes.append("bundle skipped (--no-bundle)")
        return result
    result.bundle = run([*BRIEFING, "bundle", "--offline"], root)
    zip_path = root / "dist" / "briefing-offline.zip"
    result.zip_bytes = zip_path.stat().st_size
    print(f"  bundle               {result.bundle.seconds:8.2f} s   zip {result.zip_bytes / 1e6:.1f} MB, "
          f"peak mem {result.bundle.peak_mb:.0f} MB", flush=True)
    if browser:
        unzipped = tmp / "bundle"
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(unzipped)
        result.file_ms = browser.median_ms((unzipped / "en" / "index.html").as_uri(), result.word, args.loads)
        print(f"  search ready (file)  {result.file_ms:8.0f} ms  median of {args.loads} loads of the bundle",
              flush=True)
        shutil.rmtree(unzipped, ignore_errors=True)

    if args.no_pdf:
        result.notes.append("pdf skipped (--no-pdf)")
    elif n > args.pdf_max:
        result.notes.append(f"pdf skipped: N={n} > --pdf-max {args.pdf_max}")
        print(f"  pdf (en)             skipped: N={n} > --pdf-max {args.pdf_max}", flush=True)
    else:
        from pypdf import PdfReader

        result.pdf = run([*BRIEFING, "pdf", "--offline", "--lang", "en"], root)
        result.pdf_pages = len(PdfReader(root / "dist" / "briefing-en.pdf").pages)
        print(f"  pdf (en)             {result.pdf.seconds:8.2f} s   {result.pdf_pages} pages, "
              f"peak mem {result.pdf.peak_mb:.0f} MB", flush=True)
    return result


def fix_typo(root: Path, nth: int = 0) -> None:
    """A one-word change in the body of one article (the `nth` content file with a long enough word)."""
    import re

    for path in sorted((root / "content" / "articles").glob("*.md"))[nth:]:
        head, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
        word = re.search(r"\b[a-z]{6,}\b", body)
        if word:
            fixed = body[:word.start()] + word.group()[::-1] + body[word.end():]
            path.write_text(head + "\n---\n" + fixed, encoding="utf-8")
            return
    raise SystemExit("no article has a word to change")


def change_template(root: Path) -> None:
    """A change to a theme override every page uses: the next build runs MkDocs in full."""
    path = root / "templates" / "overrides" / "main.html"
    path.write_text(path.read_text(encoding="utf-8") + "\n{# a template change #}\n", encoding="utf-8")


def _phases(p: dict[str, float]) -> str:
    return "  ".join(f"{k} {p[k]:.2f}" for k in ("prepare", "render", "mkdocs") if k in p) or "(no timings)"


def block_build(r: Result) -> str:
    lines = [
        f"\nN={r.n}   (load average before: {r.load:.2f}"
        f"{'  -- other processes are busy: timings are noisy' if r.load > 0.5 else ''})",
        f"  build cold           {r.cold.seconds:8.2f} s   {r.cold.seconds / r.bare:5.2f} x bare   "
        f"peak mem {r.cold.peak_mb:5.0f} MB ({r.cold.peak_procs} processes)   phases s: {_phases(r.cold_phases)}",
        f"  build warm           {r.warm.seconds:8.2f} s   {r.warm.seconds / r.bare:5.2f} x bare   "
        f"peak mem {r.warm.peak_mb:5.0f} MB ({r.warm.peak_procs} processes)   phases s: {_phases(r.phases)}",
        f"  build unchanged      {r.unchanged:8.2f} s   (no --full: every site current, MkDocs not run)",
        f"  bare mkdocs          {r.bare:8.2f} s   (every language, one after the other)",
        f"  site                 {r.site_bytes / 1e6:8.1f} MB  {r.site_files} files   "
        f"stories found {r.stories} (generated events {r.events})",
    ]
    for lang, (size, docs) in r.index.items():
        coverage = r.coverage.get(lang)
        lines.append(f"  search index {lang:<7} {size / 1e6:8.2f} MB  {size / r.n:6.0f} B/article  {docs} entries "
                     f"({docs / r.n:.1f}/article)"
                     + (f"   holds {coverage:.0%} of an article's distinct body words" if coverage is not None else ""))
    return "\n".join(lines)


def block_add(r: Result) -> str:
    def line(label: str, run_: Run, phases: dict[str, float], load: float | None, note: str = "") -> str:
        return (f"  {label:<20} {run_.seconds:8.2f} s   {run_.seconds / r.cold.seconds:5.3f} x cold   "
                f"{run_.seconds / r.warm.seconds:5.3f} x warm   peak mem {run_.peak_mb:5.0f} MB   "
                f"phases s: {_phases(phases)}   load before {'-' if load is None else f'{load:.2f}'}{note}")

    files = ", ".join(f"{lang} {n}" for lang, n in r.add_files.items()) or "none: MkDocs ran in full"
    lines = [line("add one article", r.add, r.add_phases, r.loads.get("add"), f"   (docs files built again: {files})")]
    if r.typo:
        lines.append(line("typo fix", r.typo, r.typo_phases, r.loads.get("typo")))
    if r.template:
        lines.append(line("template change", r.template, r.template_phases, r.loads.get("template"),
                          "   (a full MkDocs run)"))
    return "\n".join(lines)


# --------------------------------------------------------------------------- summary
def _fmt(value, spec: str, width: int) -> str:
    return f"{'-' if value is None else format(value, spec):>{width}}"


def summary(results: list[Result]) -> None:
    langs = sorted({lang for r in results for lang in r.index})
    columns = ["N", "load", "cold s", "warm s", "unch s", "bare s", "cold/bare", "warm/bare", "prep s", "rend s", "mkd s",
               "add s",
               "add/cold", "add/warm", "typo s", "tmpl s", "mem cold", "mem warm", "site MB", "files",
               *[f"idx B/a {lang}" for lang in langs], *[f"entries {lang}" for lang in langs],
               "http ms", "file ms", "pdf s", "pages", "bundle s", "zip MB"]
    widths = [max(len(c), 6) for c in columns]
    print("\nSummary (times in seconds; mem = peak summed PSS of the process tree, MB; idx B/a = search-index bytes "
          "per article)")
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, widths)))
    for r in results:
        mk = r.phases.get("mkdocs")
        cells = [r.n, r.load, r.cold.seconds, r.warm.seconds, r.unchanged, r.bare, r.cold.seconds / r.bare, r.warm.seconds / r.bare,
                 r.phases.get("prepare"), r.phases.get("render"), mk, r.add.seconds,
                 r.add.seconds / r.cold.seconds, r.add.seconds / r.warm.seconds,
                 r.typo.seconds if r.typo else None, r.template.seconds if r.template else None, r.cold.peak_mb, r.warm.peak_mb, r.site_bytes / 1e6,
                 r.site_files, *[r.index.get(lang, (0, 0))[0] / r.n for lang in langs],
                 *[r.index.get(lang, (0, 0))[1] for lang in langs], r.http_ms, r.file_ms,
                 r.pdf.seconds if r.pdf else None, r.pdf_pages, r.bundle.seconds if r.bundle else None,
                 r.zip_bytes / 1e6 if r.zip_bytes else None]
        specs = ["d", ".2f", ".2f", ".2f", ".2f", ".2f", ".2f", ".2f", ".2f", ".2f", ".2f", ".2f", ".3f", ".3f", ".2f",
                 ".2f", ".0f", ".0f",
                 ".1f", "d",
                 *[".0f"] * len(langs), *["d"] * len(langs), ".0f", ".0f", ".2f", "d", ".2f", ".1f"]
        print(" ".join(_fmt(v, s, w) for v, s, w in zip(cells, specs, widths)))
    for r in results:
        for note in r.notes:
            print(f"  N={r.n}: {note}")
    linearity(results)


def linearity(results: list[Result]) -> None:
    """Seconds per article at each N relative to N=1000 (or the smallest N when 1000 was not run)."""
    base = next((r for r in results if r.n == 1000), min(results, key=lambda r: r.n))
    print(f"\nLinearity: seconds per article relative to N={base.n} (1.00 = linear; above 1 = each article "
          f"costs more as the archive grows)")
    for label, get in (("cold", lambda r: r.cold.seconds), ("warm", lambda r: r.warm.seconds),
                       ("add one", lambda r: r.add.seconds)):
        per = get(base) / base.n
        cells = "  ".join(f"N={r.n}: {get(r) / r.n / per:5.2f} ({get(r) / r.n * 1000:.1f} ms/article)"
                          for r in results)
        print(f"  {label:<8} {cells}")


# --------------------------------------------------------------------------- languages
def bench_languages(n: int) -> tuple[float, float]:
    """Warm build time with one site language, and with two."""
    times = []
    for languages in ("[en]", "[en, fr]"):
        with tempfile.TemporaryDirectory(prefix=f"briefing-bench-lang-{n}-") as tmp:
            make_project(Path(tmp), n, languages)
            run(BUILD, Path(tmp), sample=False)
            times.append(run([*BUILD, "--full"], Path(tmp), sample=False).seconds)
    return times[0], times[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="archive sizes N")
    parser.add_argument("--no-pdf", action="store_true", help="skip `briefing pdf`")
    parser.add_argument("--no-browser", action="store_true", help="skip the search timings in Chromium")
    parser.add_argument("--no-bundle", action="store_true", help="skip `briefing bundle` (and the PDF)")
    parser.add_argument("--pdf-max", type=int, default=1000, help="skip the PDF for larger N (default 1000)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="warm and bare builds per size; the fastest counts (default 1)")
    parser.add_argument("--loads", type=int, default=3, help="page loads per search timing (median; default 3)")
    parser.add_argument("--add-repeat", type=int, default=1,
                        help="add-one and typo-fix builds per size; the fastest counts, all are listed (default 1)")
    parser.add_argument("--translated", action="store_true",
                        help="translate every article with a local stand-in LibreTranslate instead of --offline")
    parser.add_argument("--languages-compare", action="store_true",
                        help="also time the warm build with one site language against two")
    args = parser.parse_args()

    browser = None if args.no_browser else Browser()
    results = []
    try:
        print(f"briefing benchmark: sizes {args.sizes}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
        for n in args.sizes:
            started = time.perf_counter()
            results.append(bench(n, args, browser))
            print(f"  (N={n} measured in {time.perf_counter() - started:.0f} s)", flush=True)
    finally:
        if browser:
            browser.close()
    summary(results)
    if args.languages_compare:
        print(f"\n{'N':>6} {'1 lang warm s':>14} {'2 langs warm s':>15} {'ratio':>6}")
        for n in args.sizes:
            one, two = bench_languages(n)
            print(f"{n:>6} {one:>14.2f} {two:>15.2f} {two / one:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
