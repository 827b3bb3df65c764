"""`serve`: the subscription feeds over HTTP, built live from the mission files (Starlette + uvicorn).

`GET` or `HEAD /<token>/<person-id>.ics` answers the person's feed with an ETag and
Last-Modified (and 304 to a conditional request that still holds); every other path, and a
wrong token, is the same 404. The files are looked at on every request and read again when
one changed; while an edit leaves them with errors, the last good feeds stay online.
"""

from __future__ import annotations

import hashlib
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from missionplan.deliver.feeds import matches
from missionplan.errors import OutputError

#: Longest request line and headers uvicorn buffers; far more than a feed request needs.
MAX_HEADER_BYTES = 8 * 1024
MAX_PATH = 256


@dataclass(frozen=True)
class Feed:
    """One person's feed as served: the bytes, their ETag and when the plan last changed."""

    data: bytes
    etag: str
    modified: datetime


Builder = Callable[[], tuple[dict[str, Feed], list[str]]]


class FeedStore:
    """The current feeds by person, rebuilt when the mission files change."""

    def __init__(
        self, watch: Callable[[], tuple[Any, ...]], build: Builder, log: Callable[[str], None]
    ) -> None:
        self._watch = watch
        self._build = build
        self._log = log
        self._lock = threading.Lock()
        self._signature: tuple[Any, ...] | None = None
        self._feeds: dict[str, Feed] = {}

    def feeds(self) -> dict[str, Feed]:
        signature = self._watch()
        with self._lock:
            if signature != self._signature:
                feeds, problems = self._build()
                for problem in problems:
                    self._log(f"missionplan: {problem}")
                if feeds or not self._feeds:
                    self._feeds = feeds
                else:
                    self._log(
                        "missionplan: the files have errors; still serving the last good feeds"
                    )
                self._signature = signature
            return self._feeds


def feed(data: bytes, modified: float) -> Feed:
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    return Feed(data, etag, datetime.fromtimestamp(int(modified), UTC))


def app(store: FeedStore, secret: bytes, log: Callable[[str], None]) -> Any:
    """The ASGI application: one route, everything else 404, one log line per request."""

    def serve_feed(request: Request) -> Response:
        given = str(request.path_params["token"])
        person = str(request.path_params["person"])
        feeds = store.feeds()
        found = feeds.get(person)
        # Compare a token even for an unknown person, so that timing tells nothing.
        if not matches(secret, person if found else "\0unknown", given) or found is None:
            return _not_found()
        headers = {
            "ETag": found.etag,
            "Last-Modified": format_datetime(found.modified, usegmt=True),
            "Cache-Control": "private, no-cache",
            "X-Content-Type-Options": "nosniff",
        }
        if _fresh(request, found):
            return Response(status_code=304, headers=headers)
        return Response(found.data, media_type="text/calendar; charset=utf-8", headers=headers)

    async def not_found(request: Request, _exc: Exception) -> Response:
        return _not_found()

    application = Starlette(
        routes=[Route("/{token:str}/{person:str}.ics", serve_feed, methods=["GET", "HEAD"])],
        exception_handlers={404: not_found, 405: not_found},
    )

    async def guarded(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        status = {"code": 0, "size": 0}

        async def counting(message: Any) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            elif message["type"] == "http.response.body":
                status["size"] += len(message.get("body", b""))
            await send(message)

        raw = scope.get("raw_path") or scope["path"].encode("utf-8")
        header_bytes = sum(len(k) + len(v) for k, v in scope.get("headers", ()))
        if header_bytes > MAX_HEADER_BYTES:
            await PlainTextResponse("headers too large\n", 431)(scope, receive, counting)
        elif len(raw) > MAX_PATH or scope["method"] not in {"GET", "HEAD"}:
            await _not_found()(scope, receive, counting)
        else:
            await application(scope, receive, counting)
        elapsed = (time.perf_counter() - started) * 1000
        client = scope.get("client") or ("-", 0)
        log(
            f'{client[0]} "{scope["method"]} {_shown(raw)}" {status["code"]}'
            f" {status['size']} B {elapsed:.1f} ms"
        )

    return guarded


def _not_found() -> Response:
    return PlainTextResponse("not found\n", status_code=404)


def _fresh(request: Request, found: Feed) -> bool:
    """Whether the client's copy is current (If-None-Match first, then If-Modified-Since)."""
    tags = request.headers.get("if-none-match")
    if tags is not None:
        wanted = {t.strip().removeprefix("W/") for t in tags.split(",")}
        return found.etag in wanted or "*" in wanted
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return found.modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _shown(raw: bytes) -> str:
    """The path for the log: the token hidden, nothing a terminal would act on."""
    text = raw[:MAX_PATH].decode("ascii", "backslashreplace")
    parts = text.split("/")
    if len(parts) == 3 and parts[1]:
        parts[1] = "<token>"
    return "".join(c if c.isprintable() else "?" for c in "/".join(parts))


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is announced (port 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise OutputError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return sock


def run(application: Any, sock: socket.socket) -> None:
    """Serve until Ctrl-C or SIGTERM (uvicorn finishes the requests under way, then returns)."""
    import uvicorn

    config = uvicorn.Config(
        application,
        http="h11",  # its header limit bounds every request
        access_log=False,
        log_level="warning",
        lifespan="off",
        server_header=False,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        limit_concurrency=256,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
    )
    # uvicorn shuts down gracefully on SIGINT / SIGTERM, then raises the signal again for the
    # handler that was there before: let that one be a no-op, so that the command ends normally.
    previous = {sig: signal.signal(sig, _ignore) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _ignore(_signal: int, _frame: Any) -> None:
    """A signal that arrives after the server stopped: nothing left to do."""
