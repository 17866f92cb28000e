"""Webhook mode end to end: the real `python -m bot` registers its webhook with the Bot API
stand-in, then Telegram's side (here, the test) posts updates to it over HTTP on 127.0.0.1.
Updates carrying the wrong secret token are refused and never reach the conversation."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storage.sqlite import sqlite3
from tests.fake_telegram import TOKEN, FakeTelegram, StandIn
from tests.http_bot import Bot, wait_for

SECRET = "s3cret-webhook-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def webhook_bot(tmp_path: Path) -> Iterator[tuple[FakeTelegram, Bot, str]]:
    fake = FakeTelegram()
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    settings = {
        "WEBHOOK_URL": url,
        "WEBHOOK_SECRET": SECRET,
        "LISTEN": "127.0.0.1",
        "PORT": str(port),
        "TELEGRAM_RATE_LIMIT": "off",
        "CONSOLE_URL": f"http://127.0.0.1:{port}",  # mounted on the webhook's own server
        "CONSOLE_SECRET": "console-test-secret",
    }
    with StandIn(fake) as stand_in:
        bot = Bot(stand_in, tmp_path / "bot.sqlite3", tmp_path / "bot.log", settings)
        try:
            bot.start(ready="setWebhook")
            wait_for(lambda: listening(port), timeout=60.0, what="the webhook server")
            yield fake, bot, url
        finally:
            bot.stop()
    log = (tmp_path / "bot.log").read_text(errors="replace")
    assert TOKEN not in log and SECRET not in log, "a secret leaked into the logs"
    assert "Traceback" not in log, log


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def post(url: str, update: dict[str, Any], secret: str = SECRET) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_webhook_registers_checks_its_secret_and_answers(
    webhook_bot: tuple[FakeTelegram, Bot, str],
) -> None:
    fake, _bot, url = webhook_bot
    registered = [p for m, p in fake.calls if m == "setWebhook"]
    assert registered and registered[-1]["url"] == url
    assert registered[-1]["secret_token"] == SECRET

    chat = 801
    assert post(url, fake.text_update(chat, "/start"), secret="wrong") == 403
    assert post(url, fake.text_update(chat, "/start")) == 200
    wait_for(lambda: len(fake.sent(chat)) == 1)
    assert "DSDT" in fake.sent(chat)[0]["text"]  # one welcome: the forged update did nothing

    consent = next(d for label, d in fake.last_buttons(chat) if "accepte" in label.lower())
    assert post(url, fake.button_update(chat, consent)) == 200
    wait_for(lambda: "Qui êtes-vous" in fake.sent(chat)[-1]["text"])
    tap = next(d for label, d in fake.last_buttons(chat) if "association" in label.lower())
    assert post(url, fake.button_update(chat, tap)) == 200
    wait_for(lambda: "commune" in fake.sent(chat)[-1]["text"])


def test_a_tap_is_acknowledged_in_the_webhooks_answer_not_by_a_request(
    webhook_bot: tuple[FakeTelegram, Bot, str],
) -> None:
    """Issue 28: the 200 for a stored button tap names `answerCallbackQuery` (Telegram runs
    it), so the bot sends no acknowledgement of its own; a message's 200 carries nothing."""
    fake, _bot, url = webhook_bot
    chat = 802

    def posted(update: dict[str, Any]) -> tuple[int, str, bytes]:
        request = urllib.request.Request(
            url,
            data=json.dumps(update).encode(),
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": SECRET,
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status), response.headers.get("content-type", ""), response.read()

    assert posted(fake.text_update(chat, "/start"))[2] == b""
    wait_for(lambda: len(fake.sent(chat)) == 1)
    consent = next(d for label, d in fake.last_buttons(chat) if "accepte" in label.lower())
    tap = fake.button_update(chat, consent)
    status, kind, body = posted(tap)
    assert status == 200 and kind.startswith("application/json")
    assert json.loads(body) == {
        "method": "answerCallbackQuery",
        "callback_query_id": tap["callback_query"]["id"],
    }
    wait_for(lambda: "Qui êtes-vous" in fake.sent(chat)[-1]["text"])  # the dialog went on
    assert not [m for m, _ in fake.calls if m == "answerCallbackQuery"]


def test_the_staff_console_is_served_beside_the_webhook(
    webhook_bot: tuple[FakeTelegram, Bot, str],
) -> None:
    """One server: the console's pages answer on the webhook's port, its refusal page for a
    visitor without a session, while POST /telegram still reaches the inbox."""
    fake, _bot, url = webhook_bot
    base = url.rsplit("/", 1)[0]
    request = urllib.request.Request(f"{base}/login?why=session")
    try:
        urllib.request.urlopen(request, timeout=10)
        status, page = 200, ""
    except urllib.error.HTTPError as exc:
        status, page = exc.code, exc.read().decode()
    assert status == 401 and "/console" in page
    assert post(url, fake.text_update(802, "/start")) == 200
    wait_for(lambda: len(fake.sent(802)) == 1)


def raw_request(port: int, head: str, body: bytes = b"") -> int:
    """Send a request by hand (headers possibly promising a body never sent); the status."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(head.encode() + body)
        status_line = s.makefile("rb").readline().decode()
    return int(status_line.split()[1])


def test_secret_and_size_are_checked_before_the_body_is_read(
    webhook_bot: tuple[FakeTelegram, Bot, str],
) -> None:
    fake, _bot, url = webhook_bot
    port = int(url.rsplit(":", 1)[1].split("/")[0])

    def head(secret: str, length: int | None) -> str:
        lines = ["POST /telegram HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
        lines.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
        lines.append(f"Content-Length: {length}" if length is not None else "Connection: close")
        return "\r\n".join(lines) + "\r\n\r\n"

    # 95 MB promised, never sent: answered at once, so nothing was read (or waited for)
    assert raw_request(port, head("wrong", 95_000_000)) == 403
    assert raw_request(port, head(SECRET, 95_000_000)) == 413
    chunked = head(SECRET, None).replace("Connection: close", "Transfer-Encoding: chunked")
    assert raw_request(port, chunked, b"2\r\n{}\r\n0\r\n\r\n") == 411
    assert raw_request(port, head(SECRET, 9), b"not json!") == 400
    assert not [m for m, _ in fake.calls if m == "sendMessage"]


def test_sigkill_right_after_the_200_loses_nothing(
    webhook_bot: tuple[FakeTelegram, Bot, str],
) -> None:
    fake, bot, url = webhook_bot
    chats = [810 + i for i in range(5)]
    for chat in chats:
        assert post(url, fake.text_update(chat, "/start")) == 200
        wait_for(lambda chat=chat: fake.last_buttons(chat))
        consent = next(d for label, d in fake.last_buttons(chat) if "accepte" in label.lower())
        assert post(url, fake.button_update(chat, consent)) == 200
        wait_for(lambda chat=chat: "Qui êtes-vous" in fake.sent(chat)[-1]["text"])
    wait_for(lambda: settled(bot.db), what="the turns to be recorded")
    # Telegram takes 0.3 s to take a reply, and a reply whose sender died meanwhile never
    # arrives, so the kill lands after the 200 and before any reply, deterministically. (The
    # tap's acknowledgement rides on the 200 itself, so it cannot be the slow call. A kill
    # between a reply's send and its record can repeat that reply: the crash test measures
    # those, each across a kill.)
    generation = [0]

    def slow_replies(method: str, params: object) -> str | None:
        if method != "sendMessage":
            return None
        started = generation[0]
        time.sleep(0.3)
        return "502" if generation[0] != started else None  # its sender was killed

    fake.fault = slow_replies
    for chat in chats:
        tap = next(d for label, d in fake.last_buttons(chat) if "association" in label.lower())
        assert post(url, fake.button_update(chat, tap)) == 200
        bot.kill()  # right after the 200: the update exists only in the inbox
        generation[0] += 1
        bot.start(ready="setWebhook")
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        wait_for(lambda port=port: listening(port), what="the webhook server")
    for chat in chats:
        wait_for(lambda chat=chat: "commune" in fake.sent(chat)[-1]["text"], what=chat)
        texts = [str(p["text"]) for p in fake.sent(chat)]
        assert len(texts) == len(set(texts)), f"{chat}: a reply was repeated"
    wait_for(lambda: settled(bot.db), what="the turns to be recorded")
    conn = sqlite3.connect(bot.db)
    assert conn.execute("select count(*) from inbox where status != 'done'").fetchone() == (0,)
    conn.close()


def settled(db: Path) -> bool:
    """Every stored update handled and every stored reply marked sent."""
    conn = sqlite3.connect(db)
    try:
        (pending,) = conn.execute("select count(*) from inbox where status = 'pending'").fetchone()
        (unsent,) = conn.execute(
            "select count(*) from messages where direction = 'out' and sent = 0"
        ).fetchone()
    finally:
        conn.close()
    return pending == 0 and unsent == 0


def test_an_answer_delivered_late_is_covered_by_a_later_erasure(
    webhook_bot: tuple[FakeTelegram, Bot, str],
) -> None:
    """The person answers « Dunkerque » then types /effacer; Telegram's first delivery of the
    answer fails and is retried after /effacer got through (webhook deliveries run in
    parallel and are retried). The confirmation covers what the person had *sent* when they
    typed /effacer: the tap erased nothing and said « this button is from before your latest
    answers », though the person had answered nothing since."""
    fake, bot, url = webhook_bot
    chat = 61_501
    assert post(url, fake.text_update(chat, "/start")) == 200
    wait_for(lambda: fake.last_buttons(chat))
    consent = next(d for label, d in fake.last_buttons(chat) if "accepte" in label)
    assert post(url, fake.button_update(chat, consent)) == 200
    wait_for(lambda: "Qui êtes-vous" in fake.sent(chat)[-1]["text"])
    role = next(d for label, d in fake.last_buttons(chat) if "association" in label)
    assert post(url, fake.button_update(chat, role)) == 200
    wait_for(lambda: "commune" in fake.sent(chat)[-1]["text"])
    answer = fake.text_update(chat, "Dunkerque")  # sent first (the smaller update id)…
    assert post(url, fake.text_update(chat, "/effacer")) == 200
    wait_for(lambda: "définitif" in fake.sent(chat)[-1]["text"])
    yes = next(d for label, d in fake.last_buttons(chat) if "Oui, tout effacer" in label)
    assert post(url, answer) == 200  # …delivered after
    wait_for(lambda: "Pour qui" in fake.sent(chat)[-1]["text"])
    count = len(fake.sent(chat))
    assert post(url, fake.button_update(chat, yes)) == 200
    wait_for(lambda: len(fake.sent(chat)) > count, what="the erasure")
    said = fake.sent(chat)[-1]["text"]
    assert "tout est effacé" in said and "date d'avant" not in said, said
    conn = sqlite3.connect(bot.db)
    try:
        for table in ("conversations", "messages"):
            left = conn.execute(f"select count(*) from {table} where chat_id = ?", [chat])
            assert left.fetchone() == (0,), table
    finally:
        conn.close()
