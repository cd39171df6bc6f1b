"""Fault injection for the mirror: the hostile web on loopback, so the crawler's retries, limits
and refusals can be tested against every way a real server misbehaves.

Faults are chosen per path (`by_path`: "/path?query" -> kind) or at a rate (`rate`, drawn once per
URL from a seeded random generator, among the faults a crawler can recover from). A transient
fault hits the first `attempts` requests of a URL and then the page is served normally; a
persistent one hits every request. Every fault served is appended to `log`.
"""

from __future__ import annotations

import gzip
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from functools import cache


@dataclass(frozen=True)
class Kind:
    attempts: int | None  # requests of a URL that get the fault; None: all of them
    recoverable: bool  # whether a well-behaved crawler ends up with the page


KINDS: dict[str, Kind] = {
    "error-500": Kind(1, True),
    "burst-503": Kind(2, True),  # no Retry-After
    "burst-503-retry-after": Kind(2, True),  # Retry-After: 1
    "reset": Kind(1, True),  # the connection is reset before any answer
    "timeout": Kind(1, True),  # accepted, never answered
    "truncated": Kind(1, True),  # Content-Length promises more than is sent
    "wrong-type": Kind(None, True),  # HTML sent as application/octet-stream
    "mislabelled-charset": Kind(None, True),  # windows-1252 bytes declared as UTF-8
    "trickle": Kind(None, False),  # one byte a second
    "huge": Kind(None, False),  # a 50 MB body
    "gzip-bomb": Kind(None, False),  # 200 MB of zeros, gzipped to 200 KB
    "redirect-loop": Kind(None, False),  # A -> A?loop -> A
    "redirect-loopback": Kind(None, False),  # to http://127.0.0.1/
    "redirect-metadata": Kind(None, False),  # to the cloud metadata address 169.254.169.254
    "redirect-private": Kind(None, False),  # to http://10.0.0.1/
}
RECOVERABLE = tuple(name for name, kind in KINDS.items() if kind.recoverable)
REDIRECT_TARGETS = {
    "redirect-loopback": "http://127.0.0.1/admin/",
    "redirect-metadata": "http://169.254.169.254/latest/meta-data/",
    "redirect-private": "http://10.0.0.1/intranet/",
}
HUGE_BYTES = 50 * 2**20


def _page(path: str) -> str:
    """The second hop of a redirect loop is the same page with a marker: the same fault."""
    return path.replace("?loop=1", "").replace("&loop=1", "")


@cache
def gzip_bomb() -> bytes:
    return gzip.compress(bytes(200 * 2**20), compresslevel=9)


@dataclass
class Faults:
    by_path: dict[str, str] = field(default_factory=dict)
    rate: float = 0.0
    seed: int = 0
    kinds: tuple[str, ...] = RECOVERABLE
    log: list[tuple[str, str, str]] = field(default_factory=list)  # (host, path, kind)

    def __post_init__(self) -> None:
        unknown = (set(self.by_path.values()) | set(self.kinds)) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {', '.join(sorted(unknown))}")
        self._served: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def choose(self, host: str, path: str) -> str | None:
        """The fault this request is due, if any; `served` records it once it is served."""
        kind = self.by_path.get(_page(path)) or self._drawn(host, _page(path))
        if kind is None:
            return None
        limit = KINDS[kind].attempts
        with self._lock:
            return kind if limit is None or self._served.get((host, path), 0) < limit else None

    def served(self, host: str, path: str, kind: str) -> None:
        with self._lock:
            self._served[(host, path)] = self._served.get((host, path), 0) + 1
            self.log.append((host, path, kind))

    def _drawn(self, host: str, path: str) -> str | None:
        if not self.rate or path == "/robots.txt":
            return None
        draw = random.Random(f"{self.seed}:{host}{path}")
        return draw.choice(self.kinds) if draw.random() < self.rate else None


# How each fault is served, by the mirror's request handler. Those in PRE_ANSWER replace the
# answer before the page is looked up; those in ON_PAGE distort the page's own answer.

def _error(status: int, retry_after: str | None = None):
    def serve(handler, host: str) -> None:
        headers = {"Retry-After": retry_after} if retry_after else {}
        handler._send(status, f"{status}\n".encode(), "text/plain", True, headers, host=host)
    return serve


def _reset(handler, host: str) -> None:
    handler.server.mirror.log.append((host, handler.path, 0))
    # Mid-answer: a reset before any byte is retried inside Twisted's connection pool, unseen.
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
    handler.wfile.flush()
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    handler.connection.close()


def _timeout(handler, host: str) -> None:
    handler.server.mirror.log.append((host, handler.path, 0))
    time.sleep(TIMEOUT_SECONDS)
    handler.close_connection = True


def _redirect(location: str | None):
    def serve(handler, host: str) -> None:
        target = location or handler.path + ("&" if "?" in handler.path else "?") + "loop=1"
        if location is None and "loop=1" in handler.path:
            target = handler.path.replace("?loop=1", "").replace("&loop=1", "")
        handler._send(302, b"302\n", "text/plain", True, {"Location": target}, host=host)
    return serve


def _headers_for(handler, host: str, ctype: str, length: int) -> None:
    """A 200 answer's status line and headers, promising `length` bytes of body."""
    handler.server.mirror.log.append((host, handler.path, 200))
    handler.send_response(200)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(length))
    handler.end_headers()


def _truncated(handler, host, body, ctype, headers) -> None:
    _headers_for(handler, host, ctype, len(body))
    handler.wfile.write(body[: len(body) // 2])
    handler.wfile.flush()
    handler.close_connection = True


def _trickle(handler, host, body, ctype, headers) -> None:
    _headers_for(handler, host, ctype, len(body))
    try:
        for position in range(len(body)):
            handler.wfile.write(body[position:position + 1])
            handler.wfile.flush()
            time.sleep(1)
    except OSError:  # the client gave up, as it should
        handler.close_connection = True


def _huge(handler, host, body, ctype, headers) -> None:
    _headers_for(handler, host, ctype, HUGE_BYTES)
    chunk = b" " * 2**20
    try:
        for _ in range(HUGE_BYTES // len(chunk)):
            handler.wfile.write(chunk)
    except OSError:
        handler.close_connection = True


def _with(ctype_of=None, body_of=None, extra=None):
    def serve(handler, host, body, ctype, headers) -> None:
        handler._send(200, body_of(body) if body_of else body,
                      ctype_of(ctype) if ctype_of else ctype, True,
                      {**headers, **(extra or {})}, host=host)
    return serve


def _as_windows_1252(body: bytes) -> bytes:
    return body.decode("utf-8", errors="replace").encode("cp1252", errors="replace")


TIMEOUT_SECONDS = 10
PRE_ANSWER = {
    "error-500": _error(500),
    "burst-503": _error(503),
    "burst-503-retry-after": _error(503, "1"),
    "reset": _reset,
    "timeout": _timeout,
    "redirect-loop": _redirect(None),
    **{kind: _redirect(target) for kind, target in REDIRECT_TARGETS.items()},
}
ON_PAGE = {
    "truncated": _truncated,
    "trickle": _trickle,
    "huge": _huge,
    "wrong-type": _with(ctype_of=lambda _: "application/octet-stream"),
    "mislabelled-charset": _with(body_of=_as_windows_1252),
    "gzip-bomb": _with(body_of=lambda _: gzip_bomb(), extra={"Content-Encoding": "gzip"}),
}
