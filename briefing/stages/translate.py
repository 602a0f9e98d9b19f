"""Translation that never blocks a build: deep-translator behind a memory, deadlines and a fallback chain.

    translate_article()   one Article into one language → a Translation (machine, or pending)
      └── Translator      the provider chain: memory first, then each provider in turn
            ├── Memory    every translated sentence, keyed by provider, language pair and source hash
            └── _request  one deep-translator call under a deadline, retried with backoff and jitter

The unit of translation is the sentence (`text.split_sentences`), so the summary and
key points, which are body sentences, reuse the body's translation with no extra
request. Sentences are packed one per line into requests under each provider's size
limit. A provider that exhausts its retries is skipped for the rest of the build, so a
dead server costs at most deadline × attempts once. When no provider succeeds the
translation stays `pending` and the next build tries again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..config import TranslationConfig
from ..models import Article, Translation, TranslationStatus
from ..lang.text import paragraphs as split_paragraphs, split_sentences
from ..fsutil import write_text_atomic

log = logging.getLogger(__name__)

_DONE = frozenset({TranslationStatus.MACHINE, TranslationStatus.EDITOR})
"""Statuses of a translation there is to show."""

ENV_PROVIDERS = "BRIEFING_TRANSLATOR"
ENV_URL = "BRIEFING_TRANSLATOR_URL"
ENV_KEY = "BRIEFING_TRANSLATOR_KEY"

# Characters per request, under each service's limit (Google < 5,000, MyMemory < 500).
LIMITS = {"google": 4800, "deepl": 4800, "microsoft": 4800, "mymemory": 480}
# Language codes some providers spell differently from ISO 639-1.
_PROVIDER_CODES = {
    "google": {"zh": "zh-CN", "he": "iw"},
    "mymemory": {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "de": "de-DE", "zh": "zh-CN", "ja": "ja-JP",
                 "it": "it-IT", "pt": "pt-PT", "ko": "ko-KR", "ru": "ru-RU", "nl": "nl-NL", "ar": "ar-SA"},
    "microsoft": {"zh": "zh-Hans"},
}
_LETTERS = re.compile(r"[^\W\d_]")
_UNSPACED = {"zh", "ja"}


class TranslationFailed(Exception):
    """One provider could not translate a request; `transient` ones are worth retrying."""

    def __init__(self, provider: str, reason: str, transient: bool, timed_out: bool = False):
        super().__init__(f"{provider}: {reason}")
        self.provider = provider
        self.transient = transient
        self.timed_out = timed_out
        """No answer within the deadline: not retried, and the provider is down for the rest of the build."""


# ----------------------------------------------------------------------------- memory
class Memory:
    """Translated sentences in a JSON-lines file, one entry per line, sorted for stable diffs."""

    def __init__(self, path: Path):
        self.path = path
        self._loaded: dict[str, dict[str, str]] | None = None
        self._dirty = False

    @property
    def _entries(self) -> dict[str, dict[str, str]]:
        """The entries, read on first use: a rebuild with nothing to translate never needs them."""
        if self._loaded is None:
            self._loaded = self._read()
        return self._loaded

    def _read(self) -> dict[str, dict[str, str]]:
        if not self.path.exists():
            return {}
        numbered = [(n, line) for n, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1)
                    if line.strip()]
        try:
            # Why one parse for the whole file: parsing line by line was most of a rebuild's translation step.
            entries = json.loads("[" + ",".join(line for _, line in numbered) + "]")
            if len(entries) == len(numbered):
                return {entry["key"]: entry for entry in entries}
        except (ValueError, KeyError, TypeError):
            pass
        found = {}  # a damaged line: read them one by one, keep the good ones and name the others
        for number, line in numbered:
            try:
                entry = json.loads(line)
                found[entry["key"]] = entry
            except (ValueError, KeyError, TypeError):
                log.warning("%s:%d: unreadable translation memory entry, ignored", self.path, number)
        return found

    @staticmethod
    def key(provider: str, source: str, target: str, text: str) -> str:
        return hashlib.sha256(f"{provider}\0{source}\0{target}\0{text}".encode("utf-8")).hexdigest()[:32]

    def get(self, provider: str, source: str, target: str, text: str) -> str | None:
        entry = self._entries.get(self.key(provider, source, target, text))
        return entry["text"] if entry else None

    def put(self, provider: str, source: str, target: str, text: str, translation: str) -> None:
        key = self.key(provider, source, target, text)
        self._entries[key] = {"key": key, "provider": provider, "pair": f"{source}>{target}", "text": translation}
        self._dirty = True

    def __len__(self) -> int:
        return len(self._entries)

    def save(self) -> None:
        """Write the file if anything was added (atomically)."""
        if not self._dirty:
            return
        lines = [json.dumps(self._entries[k], ensure_ascii=False, sort_keys=True) for k in sorted(self._entries)]
        write_text_atomic(self.path, "\n".join(lines) + "\n")
        self._dirty = False


# ----------------------------------------------------------------------------- providers
@dataclass(frozen=True)
class Link:
    """One step of the fallback chain: a provider, and for LibreTranslate the server's URL."""

    provider: str
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.provider} at {self.url}" if self.url else self.provider


@dataclass(frozen=True)
class Settings:
    """The effective provider settings: config, overridden by the environment."""

    chain: tuple[Link, ...]
    api_key: str | None
    region: str | None
    deadline: float
    retries: int
    backoff: float
    libre_char_limit: int

    @classmethod
    def resolve(cls, config: TranslationConfig, environ: Mapping[str, str] = os.environ) -> "Settings":
        """Config values, with BRIEFING_TRANSLATOR* environment variables taking precedence."""
        from ..config import PROVIDERS
        from ..errors import ConfigError

        chain = environ.get(ENV_PROVIDERS)
        providers = tuple(p.strip().lower() for p in chain.split(",") if p.strip()) if chain else tuple(config.providers)
        unknown = [p for p in providers if p not in PROVIDERS]
        if unknown:
            raise ConfigError(ENV_PROVIDERS, [f"unknown provider {p!r}; choose from {', '.join(PROVIDERS)}" for p in unknown])
        # Why several URLs: a self-hosted LibreTranslate can fall back to a second server.
        urls = [u.strip() for u in (environ.get(ENV_URL) or config.url or "").split(",") if u.strip()]
        chain = tuple(
            link for p in providers
            for link in ([Link(p, u) for u in urls] or [Link(p)] if p == "libre" else [Link(p)])
        )
        return cls(
            chain=chain,
            api_key=environ.get(ENV_KEY) or config.api_key,
            region=config.region,
            deadline=config.deadline,
            retries=config.retries,
            backoff=config.backoff,
            libre_char_limit=config.libre_char_limit,
        )

    def limit(self, provider: str) -> int:
        return self.libre_char_limit if provider == "libre" else LIMITS[provider]


def make_client(link: Link, source: str, target: str, settings: Settings):
    """The deep-translator client for one link of the chain and one language pair."""
    import deep_translator as dt

    provider = link.provider
    src, tgt = (_PROVIDER_CODES.get(provider, {}).get(code, code) for code in (source, target))
    if provider == "google":
        return dt.GoogleTranslator(source=src, target=tgt)
    if provider == "mymemory":
        return dt.MyMemoryTranslator(source=src, target=tgt)
    if provider == "deepl":
        return dt.DeeplTranslator(source=src, target=tgt, api_key=settings.api_key, use_free_api=True)
    if provider == "microsoft":
        return dt.MicrosoftTranslator(source=src, target=tgt, api_key=settings.api_key, region=settings.region)
    if provider == "libre":
        if not link.url:
            raise TranslationFailed("libre", f"no LibreTranslate URL (set {ENV_URL})", transient=False)
        # Why: deep-translator joins the endpoint to the base URL, so it needs the trailing slash,
        # and it refuses to run without some key even when the server needs none.
        url = link.url if link.url.endswith("/") else link.url + "/"
        return dt.LibreTranslator(source=src, target=tgt, api_key=settings.api_key or "none", custom_url=url)
    raise TranslationFailed(provider, "unknown provider", transient=False)


def _classify(provider: str, exc: BaseException) -> TranslationFailed:
    """Turn whatever deep-translator or requests raised into a TranslationFailed."""
    import requests
    from deep_translator import exceptions as dte

    if isinstance(exc, TranslationFailed):
        return exc
    transient_messages = {"ERR_TOO_MANY_REQUESTS", "ERR_INTERNAL_SERVER_ERROR", "ERR_SERVICE_NOT_AVAIBLE",
                          "API server error"}
    if isinstance(exc, (dte.TooManyRequests, dte.RequestError)):
        return TranslationFailed(provider, type(exc).__name__, transient=True)
    if isinstance(exc, dte.ServerException):
        message = str(exc.args[0]) if exc.args else ""
        return TranslationFailed(provider, f"server error {message}", transient=message in transient_messages)
    if isinstance(exc, (requests.exceptions.Timeout, TimeoutError)):
        return TranslationFailed(provider, f"no answer in time ({type(exc).__name__})", transient=True, timed_out=True)
    if isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError,
                        ConnectionError)):
        return TranslationFailed(provider, f"connection failed ({type(exc).__name__})", transient=True)
    if isinstance(exc, ValueError):
        return TranslationFailed(provider, f"malformed response ({exc})", transient=False)
    return TranslationFailed(provider, f"{type(exc).__name__}: {exc}", transient=False)


def call_with_deadline(fn: Callable[[], str], deadline: float, provider: str) -> str:
    """Run `fn` in a daemon thread and give up after `deadline` seconds.

    deep-translator passes no timeout to requests, so a server that accepts and never
    answers would block forever; the abandoned thread dies with the process.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed back to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=target, name=f"translate-{provider}", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        raise TranslationFailed(provider, f"timed out after {deadline:g} s", transient=True, timed_out=True)
    if "error" in outcome:
        raise _classify(provider, outcome["error"])
    return outcome["value"]


# ----------------------------------------------------------------------------- chunks
def pack(texts: list[str], limit: int) -> list[list[str]]:
    """Group texts, one per line, into as few requests under `limit` characters as possible."""
    chunks: list[list[str]] = []
    size = 0
    for text in texts:
        if chunks and size + 1 + len(text) <= limit:
            chunks[-1].append(text)
            size += 1 + len(text)
        else:
            chunks.append([text])
            size = len(text)
    return chunks


def split_long(text: str, limit: int) -> list[str]:
    """Cut one over-long sentence at word boundaries (or anywhere, for CJK) into parts under `limit`."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        parts.append(rest)
    return parts


def _joiner(language: str) -> str:
    """What goes between sentences: nothing in Chinese and Japanese, a space elsewhere."""
    return "" if language in _UNSPACED else " "


def _is_echo(source: str, translation: str) -> bool:
    """True when the 'translation' is the source sent back unchanged (and there was text to translate)."""
    return translation.strip() == source.strip() and len(_LETTERS.findall(source)) >= 20


# ----------------------------------------------------------------------------- translator
@dataclass
class Translator:
    """The provider chain with its memory. One per build; counts the requests it makes."""

    settings: Settings
    memory: Memory
    offline: bool = False
    requests: int = 0
    down: dict[str, str] = field(default_factory=dict)
    """Providers given up on for the rest of this build, with the reason."""
    sleep: Callable[[float], None] = time.sleep
    _clients: dict[tuple[Link, str, str], Any] = field(default_factory=dict)

    def translate(self, texts: list[str], source: str, target: str) -> dict[str, tuple[str, str]]:
        """Translate each distinct text: {text: (translation, provider)}; texts that failed are absent."""
        wanted = list(dict.fromkeys(t for t in texts if t.strip()))
        done: dict[str, tuple[str, str]] = {}
        # Why memory first, for every provider of the chain: a rebuild must make no request.
        providers = list(dict.fromkeys(link.provider for link in self.settings.chain))
        for text in wanted:
            for provider in providers:
                hit = self.memory.get(provider, source, target, text)
                if hit is not None:
                    done[text] = (hit, provider)
                    break
        missing = [t for t in wanted if t not in done]
        if self.offline:
            return done
        for link in self.settings.chain:
            if not missing or str(link) in self.down:
                continue
            for text, translation in self._with_link(link, missing, source, target).items():
                done[text] = (translation, link.provider)
                self.memory.put(link.provider, source, target, text, translation)
            missing = [t for t in missing if t not in done]
        return done

    def remembers(self, text: str, source: str, target: str) -> bool:
        """Whether the memory holds a translation of `text` from any provider of the chain."""
        return any(self.memory.get(link.provider, source, target, text) is not None for link in self.settings.chain)

    def _with_link(self, link: Link, texts: list[str], source: str, target: str) -> dict[str, str]:
        """Translate texts with one link of the chain, chunk by chunk; stop at the first chunk it cannot do."""
        limit = self.settings.limit(link.provider)
        result: dict[str, str] = {}
        pieces = {t: split_long(t, limit) for t in texts}
        flat = [p for t in texts for p in pieces[t]]
        translated: dict[str, str] = {}
        try:
            for chunk in pack(list(dict.fromkeys(flat)), limit):
                translated.update(self._chunk(link, chunk, source, target))
        except TranslationFailed as exc:
            self.down[str(link)] = str(exc)
            log.warning("Translator %s gave up (%s); skipping it for the rest of this build", link, exc)
        joiner = _joiner(target)
        for text in texts:
            if all(p in translated for p in pieces[text]):
                result[text] = joiner.join(translated[p] for p in pieces[text])
        return result

    def _chunk(self, link: Link, chunk: list[str], source: str, target: str) -> dict[str, str]:
        """One request for a chunk of lines; if the service merged or split lines, one request per line."""
        reply = self._request(link, "\n".join(chunk), source, target)
        lines = [line.strip() for line in reply.split("\n") if line.strip()]
        if len(lines) == len(chunk):
            return dict(zip(chunk, lines, strict=True))
        log.debug("%s returned %d lines for %d; translating them one by one", link, len(lines), len(chunk))
        return {text: self._request(link, text, source, target).strip() for text in chunk}

    def _request(self, link: Link, text: str, source: str, target: str) -> str:
        """One call under a deadline, retried with exponential backoff and jitter when transient."""
        provider = link.provider
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            self.requests += 1
            try:
                reply = call_with_deadline(
                    lambda: self._client(link, source, target).translate(text),
                    self.settings.deadline, provider)
                if not isinstance(reply, str) or not reply.strip() or _is_echo(text, reply):
                    raise TranslationFailed(provider, "empty or untranslated reply", transient=False)
                return reply
            except TranslationFailed as exc:
                # Why no retry after a timeout: a server that accepted and stayed silent for a whole
                # deadline would most likely do it again, and every attempt costs another deadline.
                if not exc.transient or exc.timed_out or attempt == attempts - 1:
                    raise
                delay = self.settings.backoff * 2**attempt
                delay += random.uniform(0, delay)
                log.info("%s; retry %d/%d in %.1f s", exc, attempt + 1, self.settings.retries, delay)
                self.sleep(delay)
        raise AssertionError("unreachable")

    def _client(self, link: Link, source: str, target: str):
        key = (link, source, target)
        if key not in self._clients:
            try:
                self._clients[key] = make_client(link, source, target, self.settings)
            except Exception as exc:
                raise _classify(link.provider, exc) from None
        return self._clients[key]


# ----------------------------------------------------------------------------- articles
def source_hash(title: str | None, summary: str | None, key_points: Sequence[str] | None, body: str | None) -> str:
    """Hash of what gets translated (None: absent from the file): a change makes translations outdated."""
    fields = {"title": title, "summary": summary, "key_points": None if key_points is None else list(key_points),
              "body": body}
    text = json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def text_hash(translation: Translation) -> str:
    """Hash of a translation's own text: recorded when it is written, a later change is the editor's hand."""
    return source_hash(translation.title, translation.summary, translation.key_points, translation.body)


def is_outdated(translation: Translation | None, current_hash: str) -> bool:
    """True for a machine or editor translation made from an earlier version of the source."""
    return (translation is not None and translation.status in _DONE
            and bool(translation.source_hash) and translation.source_hash != current_hash)


def needs_translation(translation: Translation | None, current_hash: str) -> bool:
    """True unless the translation is the editor's, or a machine one of the current text."""
    if translation is None:
        return True
    if translation.status == TranslationStatus.EDITOR:
        return False
    return not (translation.status == TranslationStatus.MACHINE and translation.source_hash == current_hash)


def translate_article(article: Article, target: str, translator: Translator, current_hash: str,
                      today: date | None = None) -> Translation:
    """The article in language `target`: a machine translation when complete, else pending.

    `current_hash` is the `source_hash` of the article's text as its file holds it."""
    source, title = article.language or "und", article.title
    pending = Translation(language=target, status=TranslationStatus.PENDING, source_hash=current_hash)
    # Why: offline, an article whose title the memory lacks cannot be completed; skip splitting its text.
    if translator.offline and title.strip() and not translator.remembers(title, source, target):
        return pending
    sentences = [split_sentences(p, source) or [p] for p in split_paragraphs(article.body)]
    units = [title, article.summary, *article.key_points, *(s for group in sentences for s in group)]
    done = translator.translate(units, source, target) if source != "und" else {}
    if not all(u in done for u in units if u.strip()):
        return pending

    def tr(text: str) -> str:
        return done[text][0] if text.strip() else text

    joiner = _joiner(target)
    providers = [done[u][1] for u in units if u.strip()]
    made = Translation(
        language=target, status=TranslationStatus.MACHINE, title=tr(title), summary=tr(article.summary),
        key_points=tuple(tr(k) for k in article.key_points),
        body="\n\n".join(joiner.join(tr(s) for s in group) for group in sentences),
        provider=max(set(providers), key=providers.count) if providers else None,
        translated_at=(today or date.today()).isoformat(), source_hash=current_hash)
    # Why: an editor who corrects this text by hand makes it theirs (the content store notices).
    return dataclasses.replace(made, text_hash=text_hash(made))
