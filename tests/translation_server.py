"""A LibreTranslate-compatible HTTP server on 127.0.0.1 for tests (POST /translate, GET /languages).

It "translates" by tagging every line with the target language, so results are
recognisable and never equal to the source. Behaviour is scripted per request.
"""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MODES = {"ok", "429", "500", "hang", "badjson", "echo", "merge"}


def translated(text: str, target: str) -> str:
    return "\n".join(f"[{target}] {line}" if line.strip() else line for line in text.split("\n"))


class FakeLibreTranslate:
    """Start with `with FakeLibreTranslate() as server:`; `server.url` is the base URL."""

    def __init__(self, *script: str, default: str = "ok"):
        assert set(script) | {default} <= MODES
        self.script = deque(script)
        self.default = default
        self.requests: list[dict] = []
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def next_mode(self) -> str:
        with self._lock:
            return self.script.popleft() if self.script else self.default

    def set_default(self, mode: str) -> None:
        self.default = mode

    @property
    def translate_calls(self) -> int:
        return sum(1 for r in self.requests if r["path"] == "/translate")

    def __enter__(self) -> "FakeLibreTranslate":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._release.set()  # let hanging handlers go
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                if urlsplit(self.path).path == "/languages":
                    self._send(200, [{"code": c, "name": c} for c in ("en", "fr", "es", "de", "zh", "ja")])
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if raw:
                    try:
                        params.update(json.loads(raw))
                    except ValueError:
                        params.update({k: v[0] for k, v in parse_qs(raw).items()})
                fake.requests.append({"path": parts.path, **params})
                if parts.path != "/translate":
                    self._send(404, {"error": "not found"})
                    return
                self._answer(fake.next_mode(), params)

            def _answer(self, mode: str, params: dict) -> None:
                text, target = params.get("q", ""), params.get("target", "?")
                if mode == "hang":
                    fake._release.wait(60)
                    return
                if mode in {"429", "500"}:
                    self._send(int(mode), {"error": f"scripted {mode}"})
                elif mode == "badjson":
                    self._send_raw(200, b'{"translatedText": "unterminated')
                elif mode == "echo":
                    self._send(200, {"translatedText": text})
                elif mode == "merge":
                    self._send(200, {"translatedText": translated(text.replace("\n", " "), target)})
                else:
                    self._send(200, {"translatedText": translated(text, target)})

            def _send(self, status: int, payload) -> None:
                self._send_raw(status, json.dumps(payload).encode("utf-8"))

            def _send_raw(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
