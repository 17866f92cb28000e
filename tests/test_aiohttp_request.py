"""The bot's requests over aiohttp (`bot.aiohttp_request`) against the Bot API stand-in over
real HTTP: the same calls arrive (forms, and a file in multipart), and every failure the
senders' retries depend on comes out as the same PTB exception as with PTB's own
`HTTPXRequest` (429, 5xx, 403, a body that is not JSON, a timeout, a dropped connection, a
server that is not there)."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest
from telegram import Bot, InputFile
from telegram.request import BaseRequest, HTTPXRequest

from bot.aiohttp_request import AiohttpRequest
from tests.fake_telegram import TOKEN, FakeTelegram, StandIn


def _outcome(request: BaseRequest, base: str, call: str = "send") -> str:
    """What a call gives through `request`: "ok" or the PTB exception's class name."""

    async def run() -> str:
        bot = Bot(TOKEN, base_url=f"{base}/bot", request=request)
        try:
            async with bot:  # getMe, then the session is closed whatever happens
                if call == "document":
                    await bot.send_document(
                        7, InputFile(b"a;b\r\n1;2\r\n", filename="demandes.csv"), caption="2"
                    )
                else:
                    await bot.send_message(7, "Bonjour <b>Zoé</b>", parse_mode="HTML")
        except Exception as exc:
            return type(exc).__name__
        return "ok"

    return asyncio.run(run())


def _requests() -> dict[str, BaseRequest]:
    return {
        "aiohttp": AiohttpRequest(2, read_timeout=0.5),
        "httpx": HTTPXRequest(2, read_timeout=0.5),
    }


def test_the_calls_arrive_as_with_httpx_forms_and_files() -> None:
    fake = FakeTelegram()
    with StandIn(fake) as stand_in:
        for name, request in _requests().items():
            assert _outcome(request, stand_in.url) == "ok", name
            assert _outcome(request, stand_in.url, "document") == "ok", name
    sent = [p for m, p in fake.calls if m == "sendMessage"]
    assert sent[0]["text"] == sent[1]["text"] == "Bonjour <b>Zoé</b>"
    assert sent[0]["parse_mode"] == sent[1]["parse_mode"] == "HTML"
    documents = fake.documents(7)
    assert len(documents) == 2
    for document in documents:
        assert document["files"] == {"document": b"a;b\r\n1;2\r\n"}
        assert document["filenames"] == {"document": "demandes.csv"} and document["caption"] == "2"


# PTB 22 warns that a 429's `retry_after` will become a timedelta: not ours to answer here.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize("fault", ["429", "502", "403", "400", "notjson", "timeout", "dropped"])
def test_each_failure_is_the_same_exception_as_with_httpx(fault: str) -> None:
    fake = FakeTelegram()
    fake.retry_after = 3
    # "timeout": held longer than the read timeout; "dropped": closed before the read timeout
    fake.timeout_delay = 0.05 if fault == "dropped" else 1.5
    injected = "timeout" if fault == "dropped" else fault
    fake.fault = lambda method, params: injected if method == "sendMessage" else None
    with StandIn(fake) as stand_in:
        outcomes: dict[str, Any] = {
            name: _outcome(request, stand_in.url) for name, request in _requests().items()
        }
    expected = {
        "429": "RetryAfter",
        "502": "NetworkError",
        "403": "Forbidden",
        "400": "BadRequest",
        "notjson": "TelegramError",  # "Invalid server response", which the senders retry
        "timeout": "TimedOut",
        "dropped": "NetworkError",
    }[fault]
    assert outcomes == {"aiohttp": expected, "httpx": expected}


def test_no_server_is_a_network_error_as_with_httpx() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    outcomes = {
        name: _outcome(request, f"http://127.0.0.1:{port}")
        for name, request in _requests().items()
    }
    assert outcomes == {"aiohttp": "NetworkError", "httpx": "NetworkError"}


def test_the_bot_sends_over_aiohttp_unless_told_httpx() -> None:
    """The production wiring: TELEGRAM_HTTP chooses the client of both request objects (the
    sends' pool and getUpdates'); anything else is refused at start with what it may be."""
    from bot.settings import Settings, SettingsError
    from bot.telegram_app import build_application

    for env, kind in ((None, AiohttpRequest), ("httpx", HTTPXRequest)):
        settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_HTTP": env or ""})
        bot = build_application(settings).bot
        assert isinstance(bot.request, kind) and isinstance(bot._request[0], kind), env
    with pytest.raises(SettingsError, match="TELEGRAM_HTTP doit valoir aiohttp ou httpx"):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_HTTP": "requests"})


def test_a_proxy_named_in_the_environment_is_used_as_with_httpx(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HTTP_PROXY / HTTPS_PROXY are honoured as httpx honours them (a bot behind a proxy):
    with a proxy that is not there, both fail to connect, though the stand-in answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    with StandIn(FakeTelegram()) as stand_in:
        outcomes = {name: _outcome(request, stand_in.url) for name, request in _requests().items()}
    assert outcomes == {"aiohttp": "NetworkError", "httpx": "NetworkError"}
