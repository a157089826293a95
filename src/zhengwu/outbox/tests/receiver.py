"""A local HTTP receiver for outbox tests: it fails, times out and answers twice on command.

    with Receiver() as rx:
        rx.fail_next(2)            # the next 2 requests get HTTP 500 (nothing stored)
        rx.slow_next(1, 0.5)       # the next request is stored, then answered after 0.5 s (past our timeout)
        rx.reject_next(1, 400)     # the next request gets HTTP 400 (nothing stored)
        rx.ok_next(3)              # the next 3 requests are answered normally (to interleave a script)
        rx.conflict_on_duplicate = True   # a key seen before gets 409 instead of 200
        ... deliver to rx.url ...
        rx.received               # {idempotency key: body}, deduplicated — what the platform has
        rx.hits                   # every request: (key, status), in order — what travelled the wire

Other engineers may use it for their own push tests (e.g. credit → city platform).
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, path: str = "/push"):
        self.path = path
        self.received: dict[str, bytes] = {}
        self.headers: dict[str, dict[str, str]] = {}
        self.hits: list[tuple[str, int]] = []
        self.conflict_on_duplicate = False
        self._plan: list[
            tuple[str, float | int]
        ] = []  # ("fail", 500) / ("slow", seconds) / ("reject", status)
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- scripting -----------------------------------------------------------------------------------
    def fail_next(self, n: int, status: int = 500) -> None:
        with self._lock:
            self._plan.extend([("fail", status)] * n)

    def ok_next(self, n: int) -> None:
        """The next n requests are answered normally (useful to interleave with failures)."""
        with self._lock:
            self._plan.extend([("ok", 0)] * n)

    def slow_next(self, n: int, seconds: float) -> None:
        with self._lock:
            self._plan.extend([("slow", seconds)] * n)

    def reject_next(self, n: int, status: int = 400) -> None:
        with self._lock:
            self._plan.extend([("reject", status)] * n)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.path}"

    def count(self, key: str) -> int:
        """How many requests carried this key (deliveries on the wire, duplicates included)."""
        return sum(1 for k, _ in self.hits if k == key)

    # --- serving -------------------------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length)
        key = handler.headers.get("Idempotency-Key", "")
        with self._lock:
            action = self._plan.pop(0) if self._plan else ("ok", 0)
        delay = 0.0
        if action[0] in ("fail", "reject"):
            status, reply = int(action[1]), b'{"error": "scripted failure"}'
        else:
            with self._lock:
                duplicate = key in self.received
                if not duplicate:
                    self.received[key] = body
                    self.headers[key] = dict(handler.headers.items())
            status = 409 if (duplicate and self.conflict_on_duplicate) else 200
            reply = b'{"ok": true}'
            if action[0] == "slow":
                delay = float(action[1])
        with self._lock:
            self.hits.append((key, status))
        if delay:
            threading.Event().wait(delay)
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(reply)))
            handler.end_headers()
            handler.wfile.write(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout): the message is stored anyway — exactly the case to test

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                receiver._handle(self)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> "Receiver":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
