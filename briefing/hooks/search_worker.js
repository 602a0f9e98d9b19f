/* briefing: search over an index built at build time (briefing/outputs/search_index.py), in place of Material's lunr worker.
 *
 * Material's search UI talks to its worker in four messages: SETUP (0, the small search_index.json, whose
 * config carries our manifest), READY (1), QUERY (2, the text typed) and RESULT (3, groups of items, each
 * {location, title, text, score, terms}). This script answers them the same way, so Material's UI is kept
 * as it is; but nothing is built in the browser: the index is split by term into small files under
 * search/t/ and the documents into search/d/, and a query loads only the few files it needs.
 *
 * Over http it runs as the search worker and loads files with fetch. From file:// a page can load its files
 * only with <script> tags, so there file_worker.js (the offline bundle) runs this same script in the page,
 * through BriefingSearch.PageWorker, which loads the same files by <script>.
 *
 * Every file is `__briefingSearch("<key>",<JSON>);`: a script for the page, JSON between its first comma and
 * its last parenthesis for the worker.
 */
(function (scope) {
  "use strict";
  if (scope.BriefingSearch) { return; }

  var MESSAGE = {SETUP: 0, READY: 1, QUERY: 2, RESULT: 3};
  var MAX_GROUPS = 40;       // results listed (a story and its reports are one)
  var FIRST_GROUPS = 5;      // results sent first, before the rest of the list is loaded (a screenful)
  var MAX_PER_GROUP = 8;     // reports shown under one story
  var SNIPPET = 220;         // characters of text around the first match
  var MAX_SURFACES = 8;      // words as written passed on per result, for the opened page to highlight
  var CACHE_FILES = 400;     // files kept loaded; then the cache starts over (bounded memory)
  var PREFETCH_FILES = 8;    // a word's first letter loads its letter's term files when there are no more than this
  var LOAD_BATCH = 8;        // document files asked for at once for the rest of a list
  var BETWEEN_ANSWERS = 150; // ms: an overtaken query's results show only if none showed for this long
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;
  var LETTER = /[\p{L}\p{N}\p{M}]/u;
  var CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]/u;
  var SCRIPT_RUN = /\p{sc=Han}+|\p{sc=Hiragana}+|[\p{sc=Katakana}\u30fc]+|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]+/gu;
  var CJK_SPLIT = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]+|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]+/gu;
  var MARKS = /[\u0300-\u036f]/g;
  var TF = [0, 1, 1.5, 1.8];

  /* Lowercase, compatibility forms and accents folded: the same as search.fold in Python. */
  function fold(s) {
    s = s.normalize("NFKC").toLowerCase();
    return /[^\x00-\x7f]/.test(s) ? s.normalize("NFD").replace(MARKS, "").normalize("NFC") : s;
  }

  /* Calls visit(word (folded), start, end) for each word of `text` from offset `from` on, Chinese and Japanese
     split by script, until visit returns true. */
  function eachWord(text, from, visit) {
    var m, r;
    WORD.lastIndex = from;
    while ((m = WORD.exec(text)) !== null) {
      if (!CJK.test(m[0])) {
        if (visit(fold(m[0]), m.index, m.index + m[0].length)) { return; }
        continue;
      }
      SCRIPT_RUN.lastIndex = 0;
      while ((r = SCRIPT_RUN.exec(m[0])) !== null) {
        if (visit(fold(r[0]), m.index + r.index, m.index + r.index + r[0].length)) { return; }
      }
    }
  }

  /* Words of `text` with where they are: [{str (folded), start, end}], those that lie between `from` and `to`
     (the whole text by default). */
  function words(text, from, to) {
    var out = [], start = from || 0, end = to === undefined ? text.length : to;
    while (start > 0 && LETTER.test(text.charAt(start - 1))) { start--; }  // from the start of the word `from` is in
    eachWord(text, start, function (str, a, b) {
      if (a >= end) { return true; }
      if (a >= (from || 0) && b <= end) { out.push({str: str, start: a, end: b}); }
      return false;
    });
    return out;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  /* Whether a word of a document matches a query term: as a prefix; a Chinese or Japanese term of two or more
     characters anywhere in a run (the page's text is split by script here, the index by words). */
  function matches(word, terms) {
    return inside(word, terms) !== null;
  }

  /* Where in `word` a query term matches: [start, end] (the whole word for a prefix), or null. */
  function inside(word, terms) {
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      if (word === t.str || (t.prefix && word.lastIndexOf(t.str, 0) === 0)) { return [0, word.length]; }
      var at = t.str.length > 1 && CJK.test(t.str) ? word.indexOf(t.str) : -1;
      if (at >= 0) { return [at, at + t.str.length]; }
    }
    return null;
  }

  /* `text` from `from` to `to`, escaped, with the words that match a query term in <mark>. */
  function highlight(text, list, terms, from, to) {
    var html = "", cursor = from;
    for (var i = 0; i < list.length; i++) {
      var w = list[i], span = w.start < from || w.end > to ? null : inside(w.str, terms);
      if (span === null) { continue; }
      // Why the whole word when folding changed its length (half-width kana): offsets of the folded word would not fit.
      var start = w.str.length === w.end - w.start ? w.start + span[0] : w.start;
      var end = w.str.length === w.end - w.start ? w.start + span[1] : w.end;
      html += escapeHtml(text.slice(cursor, start)) + "<mark>" + escapeHtml(text.slice(start, end)) + "</mark>";
      cursor = end;
    }
    return html + escapeHtml(text.slice(cursor, to));
  }

  /* The words of `list` (words of `text`) that match a query term, as written ("sécurité" for the query
     "securite"), added to the set `into`. Material passes a result's terms to the page it opens
     (?h=…), and the page's highlighter does not fold accents: it must get the words as written. */
  function surfaces(text, list, terms, into) {
    for (var i = 0; i < list.length && into.size < MAX_SURFACES; i++) {
      if (matches(list[i].str, terms)) { into.add(text.slice(list[i].start, list[i].end).toLowerCase()); }
    }
    return into;
  }

  /* Material's `terms` of a result: the words as written that its snippet and title matched, and the query's
     terms, which the opened page marks where they start a word (the words as written are only those of the
     snippet: a form that differs in accents further down is not marked). */
  function flagsOf(written, terms) {
    var flags = {};
    written.forEach(function (w) { flags[w] = true; });
    terms.forEach(function (t) { flags[t.str] = true; });
    return flags;
  }

  /* About SNIPPET characters of `text` around its first match, cut at spaces, highlighted; the matching words
     in it, as written, are added to `into` (see surfaces). Only the words up to the first match and those of
     the snippet are cut: a long article costs no more than a short one (cutting every word of a result's
     documents was most of the time a first answer took after its files came). */
  function snippet(text, terms, into) {
    var first = 0;
    eachWord(text, 0, function (str, start) {
      if (matches(str, terms)) { first = start; return true; }
      return false;
    });
    var from = Math.max(0, first - SNIPPET / 4), to = Math.min(text.length, from + SNIPPET);
    if (from > 0) { var space = text.indexOf(" ", from); from = space >= 0 && space < first ? space + 1 : from; }
    if (to < text.length) { var back = text.lastIndexOf(" ", to); to = back > first ? back : to; }
    var list = words(text, from, to);
    surfaces(text, list, terms, into);
    return (from > 0 ? "… " : "") + highlight(text, list, terms, from, to) + (to < text.length ? " …" : "");
  }

  /* The search: a manifest (from SETUP), and `load(key)`, a promise of one file's data. */
  function Engine(load) {
    this.load = load;
    this.cache = new Map();
    this.keys = [];
    this.keyIndex = new Map();
    this.starts = [];
    this.count = 0;
  }

  Engine.prototype.setup = function (config) {
    var manifest = (config && config.briefing) || {keys: [], files: [], starts: [], docs: 0, per_file: 1};
    this.keys = manifest.keys;
    this.keyIndex = new Map(this.keys.map(function (k, i) { return [k, manifest.files[i]]; }));  // key -> file
    this.perFile = manifest.per_file;
    this.starts = manifest.starts;   // first document of each group (documents of one story are consecutive)
    this.count = manifest.docs;
  };

  Engine.prototype.file = function (key) {
    var cached = this.cache.get(key);
    if (cached) { return cached; }
    if (this.cache.size >= CACHE_FILES) { this.cache.clear(); }
    var self = this, promise = this.load(key);
    promise.catch(function () { self.cache.delete(key); });
    this.cache.set(key, promise);
    return promise;
  };

  /* Term files that may hold `term` (the deepest key it starts with) and, for a prefix, every key under it. */
  Engine.prototype.shards = function (term, prefix) {
    var out = new Set(), chars = Array.from(term);
    for (var n = chars.length; n >= 1; n--) {
      var file = this.keyIndex.get(chars.slice(0, n).join(""));
      if (file !== undefined) { out.add(file); break; }
    }
    if (prefix) {
      for (var k = 0; k < this.keys.length; k++) {
        if (this.keys[k].length > term.length && this.keys[k].lastIndexOf(term, 0) === 0) {
          out.add(this.keyIndex.get(this.keys[k]));
        }
      }
    }
    return Array.from(out);
  };

  /* Loads, without waiting for them, the term files of every key that starts with `letter`, when they are
     PREFETCH_FILES or fewer. Why: one letter alone is a word, not a prefix, so it loads nothing; the reader's
     next letter makes a prefix whose term files would then cost a round trip before its documents' own. */
  Engine.prototype.prefetch = function (letter) {
    var wanted = new Set();
    for (var k = 0; k < this.keys.length && wanted.size <= PREFETCH_FILES; k++) {
      if (this.keys[k].lastIndexOf(letter, 0) === 0) { wanted.add(this.keyIndex.get(this.keys[k])); }
    }
    if (wanted.size > PREFETCH_FILES) { return; }
    var self = this;
    wanted.forEach(function (i) { self.file("t" + i).catch(function () {}); });
  };

  Engine.prototype.terms = function (term, prefix) {
    var self = this;
    return Promise.all(this.shards(term, prefix).map(function (i) { return self.file("t" + i); }));
  };

  /* Whether `term` is a word of the index. */
  Engine.prototype.has = function (term) {
    return this.terms(term, false).then(function (shards) {
      return shards.some(function (shard) { return Object.prototype.hasOwnProperty.call(shard, term); });
    });
  };

  /* Whether `text` is a word of the index or the start of one. */
  Engine.prototype.begins = function (text) {
    return this.terms(text, true).then(function (shards) {
      return shards.some(function (shard) {
        for (var word in shard) { if (word.lastIndexOf(text, 0) === 0) { return true; } }
        return false;
      });
    });
  };

  /* A run of Chinese or Japanese characters as the index's words, from left to right: what is left of the
     run, as a prefix, if a word of the index starts with it (a reader still typing), else the longest word
     of the index, as a word. With `split`, the first word is shorter than the run (the run in parts, even
     where it is a word). Gives {terms, found}: found is false when a character is no word of the index.
     Why by the index's words: the build cut the text with jieba (Chinese) or MeCab (Japanese), which the
     browser does not have; cutting the query the same way as the index makes every part findable. */
  Engine.prototype.segment = async function (run, split) {
    var chars = Array.from(run), out = [], i = 0, found = true;
    while (i < chars.length) {
      var rest = chars.slice(i).join("");
      if (!(split && i === 0) && await this.begins(rest)) { out.push({str: rest, prefix: true}); break; }
      var j = Math.max(i + 1, chars.length - 1);
      while (j > i + 1 && !(await this.has(chars.slice(i, j).join("")))) { j--; }
      var word = chars.slice(i, j).join("");
      found = found && (j > i + 1 || await this.has(word));
      out.push({str: word, prefix: false});
      i = j;
    }
    return {terms: out, found: found};
  };

  /* The query as units, each a word the reader typed: [{alts: [[term…]…]}], where a term is {str, prefix}.
     A document matches a unit if it matches every term of one of its alternatives. A Latin word is one
     term (as a prefix, but one Latin letter only as a word); a Chinese or Japanese run is its words, and
     also its words cut from the start when each is a word of the index of two characters or more (jieba cuts
     by context: 数据中心 is one word in one sentence and 数据 中心 in another, and a reader's query must
     find both; 数 and 据 apart are not 数据). */
  Engine.prototype.query = async function (text) {
    var units = [], seen = new Set(), found = text.match(WORD) || [];
    // Why match() and not a loop of WORD.exec: this awaits, and another query may use WORD meanwhile.
    for (var w = 0; w < found.length; w++) {
      var runs = fold(found[w]).match(CJK_SPLIT);
      for (var k = 0; k < runs.length; k++) {
        var alts;
        if (!CJK.test(runs[k])) {
          alts = [[{str: runs[k], prefix: runs[k].length > 1}]];
        } else {
          var whole = await this.segment(runs[k], false), parts = await this.segment(runs[k], true);
          alts = [whole.terms];
          if (parts.found && parts.terms.every(function (t) { return Array.from(t.str).length > 1; }) &&
              JSON.stringify(parts.terms) !== JSON.stringify(whole.terms)) { alts.push(parts.terms); }
        }
        var key = JSON.stringify(alts);
        if (!seen.has(key)) { seen.add(key); units.push({alts: alts}); }
      }
    }
    return units;
  };

  /* Every term of the units, once: what the result's snippets highlight. */
  function termsOf(units) {
    var out = [], seen = new Set();
    units.forEach(function (unit) {
      unit.alts.forEach(function (alt) {
        alt.forEach(function (t) { if (!seen.has(t.str)) { seen.add(t.str); out.push(t); } });
      });
    });
    return out;
  }

  /* Score of every document for one unit: Map(doc id -> score), the best alternative a document matches whole
     (its terms' mean score: a word cut in two is not worth more than the word). */
  Engine.prototype.unitScores = async function (unit) {
    var best = new Map();
    for (var a = 0; a < unit.alts.length; a++) {
      var perTerm = await Promise.all(unit.alts[a].map(this.scores, this)), n = perTerm.length;
      both(perTerm).forEach(function (score, id) {
        if (score / n > (best.get(id) || 0)) { best.set(id, score / n); }
      });
    }
    return best;
  };

  /* The documents in every map, with the sum of their scores. */
  function both(maps) {
    var out = new Map();
    maps[0].forEach(function (score, id) {
      var total = score;
      for (var t = 1; t < maps.length; t++) {
        var more = maps[t].get(id);
        if (more === undefined) { return; }
        total += more;
      }
      out.set(id, total);
    });
    return out;
  }

  /* Score of every document for one query term: Map(doc id -> score). */
  Engine.prototype.scores = async function (term) {
    var shards = await this.terms(term.str, term.prefix), scores = new Map(), n = this.count;
    for (var s = 0; s < shards.length; s++) {
      var shard = shards[s];
      for (var word in shard) {
        var exact = word === term.str;
        if (!exact && !(term.prefix && word.lastIndexOf(term.str, 0) === 0)) { continue; }
        var postings = shard[word], idf = Math.log(1 + n / postings.length);
        var closeness = exact ? 1 : 0.5 + 0.5 * term.str.length / word.length, id = 0;
        for (var k = 0; k < postings.length; k++) {
          var p = postings[k];
          id += Math.floor(p / 8);
          var score = idf * closeness * TF[p & 3] * (p & 4 ? 3 : 1);
          if (score > (scores.get(id) || 0)) { scores.set(id, score); }
        }
      }
    }
    return scores;
  };

  /* The group (story) of a document: the index of the last group start at or before it. */
  Engine.prototype.group = function (id) {
    var lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= id) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  };

  /* Every document that matches every unit: [{id, score}], best first, the latest added first among equals
     (documents are numbered by when their story was added). Every word typed must match (as a reader
     expects of a news archive: "semi-conducteurs" is not "semi" alone). */
  Engine.prototype.rank = async function (units) {
    var perUnit = await Promise.all(units.map(this.unitScores, this)), ranked = [];
    both(perUnit).forEach(function (score, id) { ranked.push({id: id, score: score}); });
    return ranked.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
  };

  /* Ids of every document `text` finds, best first: what `search` lists before the list is cut. */
  Engine.prototype.matching = async function (text) {
    var units = await this.query(text);
    return units.length ? (await this.rank(units)).map(function (d) { return d.id; }) : [];
  };

  /* Results for a query: `emit` gets the first few as soon as they are ready; the promise gives them all,
     or null once `stale()` says a newer query's results showed (a reader typing: no document files loaded
     for it), or once the first few are out and `overtaken()` says a newer query came (the rest of the list
     would only be replaced: its ~30 document files queued before the newer query's few). */
  Engine.prototype.search = async function (text, emit, stale, overtaken) {
    stale = stale || function () { return false; };
    overtaken = overtaken || stale;
    var typed = text.match(WORD), last = typed ? fold(typed[typed.length - 1]) : "";
    if (last.length === 1 && !CJK.test(last)) { this.prefetch(last); }  // a new word's first letter
    var units = await this.query(text), terms = termsOf(units);
    if (!units.length) { return {items: []}; }
    var ranked = await this.rank(units);
    if (stale()) { return null; }
    var groups = new Map();
    for (var i = 0; i < ranked.length; i++) {
      var g = this.group(ranked[i].id), members = groups.get(g);
      if (!members) {
        if (groups.size >= MAX_GROUPS) { continue; }
        groups.set(g, members = []);
      }
      if (members.length < MAX_PER_GROUP) { members.push(ranked[i]); }
    }
    // Why two answers: the documents of the first few results are all the list shows at first; loading
    // every listed result's document file before answering made a query wait for ~17 files, not ~3.
    var order = Array.from(groups.values()), shown = order.slice(0, FIRST_GROUPS);
    if (emit && order.length > FIRST_GROUPS) {
      emit(await this.results(shown, terms));
      if (stale() || overtaken()) { return null; }
    }
    return this.results(order, terms, overtaken);
  };

  /* Material's result items for `groups` (lists of ranked documents), their document files loaded; null if
     `overtaken()` says, between two batches of files, that a newer query came. */
  Engine.prototype.results = async function (groups, terms, overtaken) {
    var self = this, wanted = [], per = this.perFile, data = new Map();
    groups.forEach(function (members) { members.forEach(function (d) { wanted.push(d); }); });
    wanted.forEach(function (d) { data.set("d" + Math.floor(d.id / per), null); });
    var keys = Array.from(data.keys());
    // Why in batches: a whole list is ~30 files; asked at once, they all queue before the files of the
    // query the reader types next (a browser opens 6 connections to a server), even once it is overtaken.
    for (var b = 0; b < keys.length; b += LOAD_BATCH) {
      if (b > 0 && overtaken && overtaken()) { return null; }
      var batch = keys.slice(b, b + LOAD_BATCH);
      var loaded = await Promise.all(batch.map(function (key) { return self.file(key); }));
      batch.forEach(function (key, k) { data.set(key, loaded[k]); });
    }
    var byId = new Map(wanted.map(function (d) { return [d.id, data.get("d" + Math.floor(d.id / per))[d.id % per]]; }));
    return {items: groups.map(function (members) { return self.items(members, byId, terms); })};
  };

  /* One result: a document alone, or its story first and the story's matching reports under it. */
  Engine.prototype.items = function (members, byId, terms) {
    var best = members[0], story = byId.get(best.id).g;
    var all = new Set();
    var out = members.map(function (d) {
      var doc = byId.get(d.id), titleWords = words(doc.t);
      var own = surfaces(doc.t, titleWords, terms, new Set()), text = snippet(doc.x, terms, own);
      own.forEach(function (w) { all.add(w); });
      return {location: doc.l, title: highlight(doc.t, titleWords, terms, 0, doc.t.length),
              text: text, score: best.score,
              terms: flagsOf(own, terms)};
    });
    if (story) {
      out.unshift({location: story[0], title: escapeHtml(story[1]), text: "", score: best.score,
                   terms: flagsOf(all, terms)});
    }
    return out;
  };

  /* The JSON data of one file's text. */
  function parse(text) {
    return JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")")));
  }

  /* A search of a few made-up documents, run once while the reader has not typed yet. Why: the first query of
     a page otherwise pays for compiling this script's functions and regular expressions (~20 ms, measured),
     after the reader's first key; here that happens in the worker's idle time after READY. */
  function warmUp() {
    var files = {t0: {alpha: [1, 9], "sécurité": [9], "数据": [17]},
                 d0: [{l: "a/", t: "Alpha", x: "Une alpha sécurité"}, {l: "b/", t: "B", x: "alpha 数据 データ"},
                      {l: "c/", t: "C", x: "数据中心"}]};
    var engine = new Engine(function (key) { return Promise.resolve(files[key]); });
    engine.setup({briefing: {keys: ["a", "s", "数"], files: [0, 0, 0], per_file: 3, docs: 3, starts: [0, 1, 2]}});
    return engine.search("alph securite 数据", function () {}).catch(function () {});
  }

  /* Answers Material's messages; `post` sends one back. Results of an older query never replace a newer one's. */
  function handler(engine, post) {
    var latest = 0, shown = 0, lastPost = 0;
    return function (message) {
      if (message.type === MESSAGE.SETUP) {
        engine.setup(message.data.config);
        post({type: MESSAGE.READY});
        setTimeout(warmUp, 0);
      } else if (message.type === MESSAGE.QUERY) {
        // Why a query the reader has typed past still answers until a newer one has: while typing, the
        // results of "Orb" are better than none, and waiting for a pause in the typing showed nothing. But
        // only when nothing showed for BETWEEN_ANSWERS ms: each list shown costs the page its rendering,
        // and a burst of lists for "Orb", "Orbi", "Orbit" only slowed the page for the newest one.
        // An overtaken query's empty answer is not shown: Material would flash "no matching documents"
        // between two lists. Nor does an empty answer count as a list shown: "O"'s nothing (one letter is a
        // word alone) held back "Or"'s list. The newest query's empty answer shows: that is what was asked.
        var id = ++latest, send = function (result) {
          var now = Date.now(), older = id < latest, empty = !result || !result.items.length;
          if (!result || id < shown || (older && (empty || (lastPost && now - lastPost < BETWEEN_ANSWERS)))) { return; }
          shown = id;
          if (!empty) { lastPost = now; }
          post({type: MESSAGE.RESULT, data: result});
        };
        var stale = function () { return id < shown; }, overtaken = function () { return id < latest; };
        engine.search(message.data, send, stale, overtaken).then(send, function (error) {
          console.warn("briefing search:", error);
          if (id === latest) { post({type: MESSAGE.RESULT, data: {items: []}}); }
        });
      }
    };
  }

  /* From file://, a worker in the page: loads the index's files by <script>, answers on the next turn. */
  function PageWorker(url) {
    var target = new EventTarget(), root = new URL("../../../search/", new URL(url, document.baseURI)).href;
    var pending = new Map();
    scope.__briefingSearch = function (key, data) {
      var waiting = pending.get(key);
      if (waiting) { pending.delete(key); waiting.resolve(data); }
    };
    var engine = new Engine(function (key) {
      return new Promise(function (resolve, reject) {
        pending.set(key, {resolve: resolve});
        var script = document.createElement("script");
        script.src = root + key.charAt(0) + "/" + key.slice(1) + ".js";
        script.onload = function () { script.remove(); };
        script.onerror = function () { script.remove(); pending.delete(key); reject(new Error("cannot load " + script.src)); };
        document.head.appendChild(script);
      });
    });
    var handle = handler(engine, function (data) {
      var event = new MessageEvent("message", {data: data});
      target.dispatchEvent(event);
      if (typeof target.onmessage === "function") { target.onmessage(event); }
    });
    target.postMessage = function (data) { setTimeout(function () { handle(data); }, 0); };
    target.terminate = function () {};
    return target;
  }

  scope.BriefingSearch = {Engine: Engine, PageWorker: PageWorker, handler: handler, fold: fold, words: words,
                          snippet: snippet, CACHE_FILES: CACHE_FILES};

  var inWorker = typeof WorkerGlobalScope !== "undefined" && scope instanceof WorkerGlobalScope;
  if (inWorker) {
    var root = new URL("../../../search/", scope.location.href).href;
    var engine = new Engine(function (key) {
      return fetch(root + key.charAt(0) + "/" + key.slice(1) + ".js").then(function (response) {
        if (!response.ok) { throw new Error("cannot load " + response.url + ": " + response.status); }
        return response.text();
      }).then(parse);
    });
    var handle = handler(engine, function (data) { scope.postMessage(data); });
    scope.addEventListener("message", function (event) { handle(event.data); });
  }
})(self);
