"""The inbox over real HTTP, against the real `python -m bot`: an update that cannot be parsed
is parked without its content reaching the log (LOG_LEVEL=DEBUG included); a database held by
someone else's write lock delays updates but loses none, even when the bot is killed during the
lock; a second process on the same database refuses to start."""

from __future__ import annotations

import time

from storage.sqlite import sqlite3
from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, push, say, tap, wait_for

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off", "LOG_LEVEL": "DEBUG"}
PRIVATE = "Mon numéro 06 98 76 54 32, 12 rue des Lilas"


def test_an_update_that_cannot_be_parsed_is_parked_and_nobody_waits(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = env
    poison = {
        "update_id": 0,
        "message": {"chat": {"id": 701, "type": "private"}, "text": PRIVATE},  # no id, no date
    }
    poison_id = push(fake, lambda: {**poison, "update_id": next(fake._update_ids)})
    say(fake, 702, "/start")  # another chat is answered meanwhile
    tap(fake, 702, "accepte")
    say(fake, 702, PRIVATE)  # what people type goes to the transcript, never to the log
    wait_for(lambda: fake.sent(701), timeout=30, what="the parked update's apology")
    time.sleep(0.5)
    told = [str(p["text"]) for p in fake.sent(701)]
    # one apology, with the current question again (here: the welcome and its consent)
    assert sum("désolé" in t.lower() for t in told) == 1, told
    assert "d'accord" in told[-1].lower()
    assert fake.acked >= poison_id  # confirmed at once: Telegram never re-sends it
    conn = sqlite3.connect(bot.db)
    assert conn.execute(
        "select status, attempts, error from inbox where update_id = ?", [poison_id]
    ).fetchone() == ("parked", 1, "KeyError")  # a lasting kind: parked at once
    conn.close()
    log = bot.log.read_text(errors="replace")
    assert "parked after 1 attempts (KeyError)" in log
    assert " DEBUG " in log  # LOG_LEVEL=DEBUG was honoured
    for fragment in ("06 98", "Lilas", "98 76"):
        assert fragment not in log, "a person's text reached the log"


def test_a_write_lock_delays_updates_and_a_kill_during_it_loses_none(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = env
    chats = [710 + i for i in range(5)]
    for chat in chats:
        say(fake, chat, "/start")
        tap(fake, chat, "accepte")
    before = {chat: len(fake.sent(chat)) for chat in chats}
    acked = fake.acked

    staff = sqlite3.connect(bot.db, isolation_level=None)
    staff.execute("begin immediate")  # a staff member's sqlite shell, a backup
    taps = {
        chat: next(d for label, d in fake.last_buttons(chat) if "association" in label.lower())
        for chat in chats
    }
    ids = [push(fake, lambda chat=chat: fake.button_update(chat, taps[chat])) for chat in chats]
    time.sleep(3)  # longer than the store's busy timeout: the poller retries
    assert fake.acked == acked, "an update was confirmed to Telegram without being stored"
    assert all(len(fake.sent(chat)) == before[chat] for chat in chats)
    bot.kill()  # during the lock: the updates live on in Telegram's queue only
    staff.execute("rollback")
    staff.close()
    bot.start()  # (a bot started while the lock is held stops with a clear message, exit 3)

    wait_for(lambda: fake.acked >= max(ids), timeout=30, what="the delayed updates")
    for chat in chats:
        wait_for(lambda chat=chat: len(fake.sent(chat)) > before[chat], what=chat)
    conn = sqlite3.connect(bot.db)
    for chat in chats:
        texts = [str(p["text"]) for p in fake.sent(chat)]
        assert len(texts) == len(set(texts)), f"{chat}: a reply was repeated"
        assert "commune" in texts[-1]
        (incoming,) = conn.execute(
            "select count(*) from messages where chat_id = ? and direction = 'in'", [chat]
        ).fetchone()
        assert incoming == 2, chat  # consent + the tap made during the lock: nothing lost
    conn.close()


def test_a_second_process_on_the_same_database_refuses_to_start(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = env
    second = bot.run_another(timeout=30)
    assert second.returncode == 4
    assert "Une autre instance du bot utilise déjà" in second.stderr
    say(fake, 720, "/start")  # the first one still answers, alone
    assert len(fake.sent(720)) == 1
