"""Search per language: Material's search plugin settings, and accent folding in the search worker.

Each language's site has its own index (one MkDocs build per language), tokenised
with that language's rules:

- the separator also splits on apostrophes, so "l'énergie" indexes "énergie";
- Chinese needs the zero-width space that jieba's segmentation leaves between words;
- no stemmer: Material matches every query word as a prefix of indexed words, so
  "invest" finds "investment" and "investors", and full words are found as typed
  (a stemmer would index "sécur" for "sécurité", which the query "sécurité*" misses);
- accents are folded on both sides, so "energie" finds "énergie": a small script
  appended to the search worker folds lunr's tokens and query clauses. Token
  positions are kept, so Material still highlights the accented word.

Each page load rebuilds the index in the browser, so its size is the time search
takes to start: articles are indexed by title, summary, key points and names
(see templates/article.md.j2), not by their whole text.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

log = logging.getLogger(__name__)

SEPARATOR = r"[\s\-'’]+"
CJK_SEPARATOR = r"[\s\u200b\-'’]+"
MARKER = "/* briefing: accent folding, faster indexing */"

# Appended to Material's search worker. `lunr` is a global there. Both parts run for every token of every page on
# each page load, so they allocate as little as they can.
# 1. Accent folding of indexed tokens and query terms; ASCII words (most of them) skip normalisation.
# 2. lunr 2.3.9's Builder.add, unchanged in what it builds (the serialised index is byte-identical), but turning
#    each token into a property key once instead of eight times: about 30% less time before search is ready.
FOLD_JS = MARKER + r"""
(function () {
  if (typeof lunr === "undefined" || lunr.__briefingFold) { return; }
  lunr.__briefingFold = true;
  var nonAscii = /[^\x00-\x7f]/, marks = /[\u0300-\u036f]/g;
  var fold = function (s) { return nonAscii.test(s) ? s.normalize("NFD").replace(marks, "") : s; };
  var run = lunr.Pipeline.prototype.run;
  lunr.Pipeline.prototype.run = function (tokens) {
    var out = run.call(this, tokens);
    for (var i = 0; i < out.length; i++) { out[i].str = fold(out[i].str); }
    return out;
  };
  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (c) {
    if (c && typeof c.term === "string") { c.term = fold(c.term); }
    return clause.call(this, c);
  };

  lunr.Builder.prototype.add = function (doc, attributes) {
    var docRef = doc[this._ref], fields = Object.keys(this._fields), index = this.invertedIndex,
        whitelist = this.metadataWhitelist;
    this._documents[docRef] = attributes || {};
    this.documentCount += 1;
    for (var i = 0; i < fields.length; i++) {
      var fieldName = fields[i], extractor = this._fields[fieldName].extractor,
          value = extractor ? extractor(doc) : doc[fieldName],
          terms = this.pipeline.run(this.tokenizer(value, {fields: [fieldName]})),
          fieldRef = new lunr.FieldRef(docRef, fieldName).toString(), counts = Object.create(null);
      this.fieldTermFrequencies[fieldRef] = counts;
      this.fieldLengths[fieldRef] = terms.length;
      for (var j = 0; j < terms.length; j++) {
        var term = terms[j], key = term.str, posting = index[key];
        counts[key] = (counts[key] || 0) + 1;
        if (posting === undefined) {
          posting = index[key] = Object.create(null);
          posting._index = this.termIndex;
          this.termIndex += 1;
          for (var k = 0; k < fields.length; k++) { posting[fields[k]] = Object.create(null); }
        }
        var entry = posting[fieldName][docRef];
        if (entry === undefined) { entry = posting[fieldName][docRef] = Object.create(null); }
        for (var m = 0; m < whitelist.length; m++) {
          var name = whitelist[m], list = entry[name];
          if (list === undefined) { list = entry[name] = []; }
          list.push(term.metadata[name]);
        }
      }
    }
  };
})();
"""


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
        # Why by hand, not fsutil: this module is also loaded by MkDocs as a hook, outside the package.
        partial = target.with_name(f".{target.name}.{os.getpid()}")
        partial.write_text("".join(" ".join(row) + "\n" for row in rows[:JIEBA_WORDS]), encoding="utf-8")
        os.replace(partial, target)
    return target


def patch_worker(site_dir: Path) -> int:
    """Append the accent-folding script to the site's search worker(s). Returns files patched."""
    patched = 0
    for worker in (site_dir / "assets" / "javascripts" / "workers").glob("search.*.js"):
        if worker.suffix != ".js" or worker.name.endswith(".map"):
            continue
        text = worker.read_text(encoding="utf-8")
        if MARKER not in text:
            worker.write_text(text + "\n" + FOLD_JS, encoding="utf-8")
            patched += 1
    return patched


def lean_index(index: dict[str, Any]) -> bool:
    """Drop the per-page `tags` (topic names) from a Material search index; True if any were dropped.

    Why: each field of each page costs the browser time on every page load, and a topic's name
    is in the text of its articles anyway. The tags pages still list every article by topic.
    """
    dropped = False
    for doc in index.get("docs", []):
        dropped |= doc.pop("tags", None) is not None
    return dropped


CACHE_FROM_CONFIG = ("..", "cache")
"""Where the build cache is, from a generated config (build/<lang>/mkdocs.yml → build/cache)."""


def on_config(config):
    """MkDocs hook: jieba writes its dictionary cache under the project's build/cache, not the system temp folder."""
    try:
        import jieba
    except ImportError:
        return config
    if config.config_file_path:
        cache = Path(config.config_file_path).resolve().parent.joinpath(*CACHE_FROM_CONFIG).resolve()
        cache.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(cache)
    return config


@event_priority(-50)  # after the search plugin writes the index (0), before the offline plugin copies it (-100)
def on_post_build(config) -> None:
    """MkDocs hook: make the site's search index lean."""
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if lean_index(index):
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
