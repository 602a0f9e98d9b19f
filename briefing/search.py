"""Search per language: Material's search plugin settings, and accent folding in the search worker.

Each language's site has its own index (one MkDocs build per language), tokenised
with that language's rules:

- the separator also splits on apostrophes, so "l'énergie" indexes "énergie";
- Chinese needs the zero-width space that jieba's segmentation leaves between words;
- the language's stemmer runs, but the unstemmed word is indexed too, because
  Material matches every query word as a prefix *without* stemming it
  ("sécurité*" would never match the stem "sécur");
- accents are folded on both sides, so "energie" finds "énergie": a small script
  appended to the search worker wraps lunr's pipeline and query clauses. Token
  positions are kept, so Material still highlights the accented word.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SEPARATOR = r"[\s\-'’]+"
CJK_SEPARATOR = r"[\s\u200b\-'’]+"
MARKER = "/* briefing: accent folding */"

# Appended to Material's search worker. `lunr` is a global there.
FOLD_JS = MARKER + r"""
(function () {
  if (typeof lunr === "undefined" || lunr.__briefingFold) { return; }
  lunr.__briefingFold = true;
  var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); };
  var run = lunr.Pipeline.prototype.run;
  lunr.Pipeline.prototype.run = function (tokens) {
    var originals = tokens.map(function (t) { return t.clone(); });
    var out = run.call(this, tokens).map(function (t) { return t.update(fold); });
    var seen = {};
    out.forEach(function (t) { seen[t.toString()] = true; });
    originals.forEach(function (t) {
      var s = fold(t.toString());
      if (s.length > 2 && !seen[s]) { out.push(t.update(function () { return s; })); seen[s] = true; }
    });
    return out;
  };
  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (c) {
    if (c && typeof c.term === "string") { c.term = fold(c.term); }
    return clause.call(this, c);
  };
})();
"""


def plugin_settings(language: str) -> dict[str, Any]:
    """Search plugin options for one language's site."""
    if language in {"zh", "ja"}:
        # Why no stemmer for CJK: the zh default pipeline's stemmer makes English words unfindable.
        return {"lang": language, "separator": CJK_SEPARATOR, "pipeline": ["stopWordFilter"]}
    return {"lang": language, "separator": SEPARATOR, "pipeline": ["stemmer", "stopWordFilter", "trimmer"]}


def plugins(user_plugins: list, language: str) -> list:
    """The project's plugin list with the search plugin set up for `language`."""
    result: list = []
    for entry in user_plugins:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name in {"search", "material/search"}:
            result.append({name: {**(options or {}), **plugin_settings(language)}})
        else:
            result.append(entry)
    return result


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
