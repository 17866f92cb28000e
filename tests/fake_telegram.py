"""A small Bot API stand-in: the same logic behind an in-process PTB request and real HTTP.

It records every call, enforces Telegram's limits (4,096 characters per message, 64 bytes of
callback data, HTML parse mode's tags and entities) and serves queued updates to getUpdates
with Telegram's offset semantics, so a bot killed before acknowledging an update gets it again.
"""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from tests.telegram_html import html_problem

__all__ = ["BOT_ID", "TOKEN", "FakeTelegram", "RecordingRequest", "StandIn", "html_problem"]

BOT_ID = 123456
TOKEN = f"{BOT_ID}:TEST-token-abcdefghijklmnopqrstuvwxyz"


class FakeTelegram:
    def __init__(self, first_update_id: int = 1) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.acked = 0  # highest update_id confirmed through getUpdates' offset
        self._ids = itertools.count(1000)
        self._update_ids = itertools.count(first_update_id)
        self.lock = threading.Condition()
        # fault(method, params) -> None or "429" | "502" | "403" | "timeout": injected errors
        self.fault: Callable[[str, dict[str, Any]], str | None] | None = None
        self.failures: list[tuple[str, str]] = []
        self.deleted: set[tuple[int, int]] = set()  # (chat, message) deleted through deleteMessage
        self.failed_at: list[tuple[float, int | None, str]] = []  # when, chat, fault
        self.retry_after = 0  # seconds a 429 asks the bot to wait
        self.timeout_delay = 1.0  # over HTTP, a "timeout" holds the request this long, unanswered
        # over HTTP, seconds to hold a call's answer after handling it (a slow Bot API: the
        # call took effect, the bot just waits): delay(method, params) -> seconds
        self.answer_delay: Callable[[str, dict[str, Any]], float] | None = None
        self.by_chat: dict[int, list[dict[str, Any]]] = {}  # sendMessage params, per chat
        self.served_at: dict[int, float] = {}  # update id -> when getUpdates handed it out
        self.chat_of: dict[int, int] = {}  # update id -> chat
        self.get_updates_calls = 0
        self.deliveries = 0  # updates handed out by getUpdates, a redelivery counting again

    # ------------------------------------------------------------------ scripting
    def _user(self, chat_id: int) -> dict[str, Any]:
        return {
            "id": chat_id,
            "is_bot": False,
            "first_name": f"User{chat_id}",
            "language_code": "fr",
        }

    def text_update(
        self,
        chat_id: int,
        text: str,
        update_id: int | None = None,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": chat_type},
            "from": self._user(user_id or chat_id),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        return {"update_id": update_id or next(self._update_ids), "message": message}

    def photo_update(self, chat_id: int) -> dict[str, Any]:
        return {
            "update_id": next(self._update_ids),
            "message": {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": self._user(chat_id),
                "photo": [{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}],
            },
        }

    def button_update(self, chat_id: int, data: str) -> dict[str, Any]:
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": self._user(chat_id),
                "chat_instance": "ci",
                "data": data,
                "message": {
                    "message_id": next(self._ids),
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private"},
                    "text": "question",
                },
            },
        }

    def inline_update(self, user_id: int, query: str) -> dict[str, Any]:
        return {
            "update_id": next(self._update_ids),
            "inline_query": {
                "id": str(next(self._ids)),
                "from": self._user(user_id),
                "query": query,
                "offset": "",
            },
        }

    def queue(self, update: dict[str, Any]) -> None:
        body = update.get("message") or update.get("callback_query") or {}
        chat = (body.get("chat") or body.get("message", {}).get("chat") or {}).get("id")
        with self.lock:
            if chat is not None:
                self.chat_of[update["update_id"]] = int(chat)
            self.updates.append(update)
            self.lock.notify_all()

    def documents(self, chat_id: int) -> list[dict[str, Any]]:
        return [p for m, p in self.calls if m == "sendDocument" and int(p["chat_id"]) == chat_id]

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        if chat_id is not None:
            with self.lock:
                return list(self.by_chat.get(chat_id, []))
        return [
            p
            for m, p in self.calls
            if m == "sendMessage" and (chat_id is None or int(p["chat_id"]) == chat_id)
        ]

    def last_buttons(self, chat_id: int) -> list[tuple[str, str]]:
        for params in reversed(self.sent(chat_id)):
            markup = params.get("reply_markup")
            if markup:
                markup = json.loads(markup) if isinstance(markup, str) else markup
                return [
                    (b["text"], b["callback_data"])
                    for row in markup["inline_keyboard"]
                    for b in row
                ]
        return []

    # ------------------------------------------------------------------ Bot API
    def handle(self, method: str, params: dict[str, Any], wait: bool = False) -> dict[str, Any]:
        fault = self.fault(method, params) if self.fault else None
        if fault is not None:
            chat = int(params["chat_id"]) if "chat_id" in params else None
            with self.lock:
                self.failures.append((method, fault))
                self.failed_at.append((time.monotonic(), chat, fault))
            if fault == "429":
                return {
                    **_error(429, f"Too Many Requests: retry after {self.retry_after}"),
                    "parameters": {"retry_after": self.retry_after},
                }
            if fault == "502":
                return _error(502, "Bad Gateway")
            if fault == "403":
                return _error(403, "Forbidden: bot was blocked by the user")
            if fault == "400":
                return _error(400, "Bad Request: chat not found")
            if fault == "timeout":
                return {"ok": False, "timeout": True}
            if fault == "notjson":  # a proxy's error page, served with 200
                return {"ok": False, "notjson": True, "error_code": 200}
        with self.lock:
            self.calls.append((method, params))
            if method == "sendMessage" and "chat_id" in params:
                # when it arrived, and how far updates were confirmed by then
                params = {**params, "_at": time.monotonic(), "_acked": self.acked}
                self.by_chat.setdefault(int(params["chat_id"]), []).append(params)
        if method == "getMe":
            return _ok(
                {
                    "id": BOT_ID,
                    "is_bot": True,
                    "first_name": "DSDT",
                    "username": "dsdt_bot",
                    "can_join_groups": False,
                    "can_read_all_group_messages": False,
                    "supports_inline_queries": False,
                }
            )
        if method == "getUpdates":
            return _ok(self._get_updates(params, wait))
        if method == "sendMessage":
            text = str(params.get("text", ""))
            if len(text) > 4096:
                return _error(400, "Bad Request: message is too long")
            problem = html_problem(text) if params.get("parse_mode") == "HTML" else None
            if problem:
                return _error(400, f"Bad Request: can't parse entities: {problem}")
            markup = params.get("reply_markup")
            if markup:
                markup = json.loads(markup) if isinstance(markup, str) else markup
                for row in markup.get("inline_keyboard", []):
                    for button in row:
                        if len(button.get("callback_data", "").encode()) > 64:
                            return _error(400, "Bad Request: BUTTON_DATA_INVALID")
            return _ok(
                {
                    "message_id": next(self._ids),
                    "date": int(time.time()),
                    "text": text,
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                }
            )
        if method == "sendDocument":
            caption = str(params.get("caption") or "")
            if len(caption) > 1024:
                return _error(400, "Bad Request: message caption is too long")
            problem = html_problem(caption) if params.get("parse_mode") == "HTML" else None
            if problem:
                return _error(400, f"Bad Request: can't parse entities: {problem}")
            return _ok(
                {
                    "message_id": next(self._ids),
                    "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "document": {"file_id": "d", "file_unique_id": "d"},
                }
            )
        if method == "deleteMessage":  # as Telegram: a message deleted already is not found
            message = (int(params["chat_id"]), int(params["message_id"]))
            if message in self.deleted:
                return _error(400, "Bad Request: message to delete not found")
            self.deleted.add(message)
            return _ok(True)
        if method in (
            "answerCallbackQuery",
            "answerInlineQuery",
            "setMyCommands",
            "deleteWebhook",
            "setWebhook",
            "editMessageText",
            "editMessageReplyMarkup",
            "deleteMessage",
            "close",
            "logOut",
        ):
            return _ok(True)
        return _error(404, f"Not Found: method {method}")

    def _get_updates(self, params: dict[str, Any], wait: bool) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + (min(timeout, 1.0) if wait else 0)
        with self.lock:
            if offset:
                self.acked = max(self.acked, offset - 1)
            while True:
                pending = [u for u in self.updates if u["update_id"] > self.acked]
                if pending or time.monotonic() >= deadline:
                    now = time.monotonic()
                    limit = min(100, int(params.get("limit") or 100))  # Telegram's cap: 100
                    for update in pending[:limit]:
                        self.served_at.setdefault(update["update_id"], now)
                    self.get_updates_calls += 1
                    self.deliveries += len(pending[:limit])
                    return pending[:limit]
                self.lock.wait(timeout=max(0.0, deadline - time.monotonic()))


def _ok(result: Any) -> dict[str, Any]:
    return {"ok": True, "result": result}


def _error(code: int, description: str) -> dict[str, Any]:
    return {"ok": False, "error_code": code, "description": description}


class RecordingRequest(BaseRequest):
    """PTB request object answering from a FakeTelegram, in process (no sockets)."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.multipart_data:
            params["files"] = {name: part[1] for name, part in request_data.multipart_data.items()}
            params["filenames"] = {n: part[0] for n, part in request_data.multipart_data.items()}
        result = self.fake.handle(api_method, params)
        if result.get("timeout"):
            raise TimedOut("injected timeout")
        if result.get("notjson"):
            return 200, b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"
        return (200 if result["ok"] else result["error_code"]), json.dumps(result).encode()


def _multipart(kind: str, raw: bytes) -> dict[str, Any]:
    """A multipart body (a file sent) as params: fields as text, files under "files"."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {kind}\r\n\r\n".encode() + raw
    )
    params: dict[str, Any] = {"files": {}, "filenames": {}}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            params["files"][name] = payload
            params["filenames"][name] = filename
        else:
            params[str(name)] = payload.decode()
    return params


class StandIn:
    """The fake served over real HTTP on 127.0.0.1 (for the bot started as a process)."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self.fake

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Telegram's servers

            def handle(self) -> None:
                # the bot was killed with a connection open
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super().handle()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if len(raw) < length:  # the bot died mid-request: Telegram would ignore it
                    self.close_connection = True
                    return
                kind = self.headers.get("Content-Type", "")
                if kind.startswith("multipart/form-data"):  # sendDocument: fields and files
                    params = _multipart(kind, raw)
                elif "json" in kind:
                    params = json.loads(raw.decode() or "{}")
                else:
                    params = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                method = self.path.rsplit("/", 1)[-1]
                if not self.path.startswith(f"/bot{TOKEN}/"):
                    result = _error(401, "Unauthorized")
                else:
                    result = fake.handle(method, params, wait=True)
                if result.get("timeout"):  # hold the request, never answer: the bot gives up
                    time.sleep(fake.timeout_delay)
                    self.close_connection = True
                    return
                if fake.answer_delay is not None:
                    time.sleep(fake.answer_delay(method, params))
                payload = json.dumps(result).encode()
                kind = "application/json"
                if result.get("notjson"):
                    payload = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"
                    kind = "text/html"
                try:
                    self.send_response(200 if result["ok"] else result["error_code"])
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot was killed mid long-poll: that is the point of the test

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                return None

        return Handler
