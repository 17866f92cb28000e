"""The bot tried from outside, over real HTTP against the Bot API stand-in: what a person does in
Telegram that no conversation test did (December 2026, issue "try the product from outside").
Each test failed on the code before its fix."""

from __future__ import annotations

import html
import json
import re
import time
from typing import Any

from dialogs.staff_views import transcript_texts
from storage.sqlite import sqlite3
from tests.fake_telegram import BOT_ID, FakeTelegram
from tests.http_bot import Bot, push, say, tap, to_the_verdict, turn_done, wait_for

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off"}


def texts(fake: FakeTelegram, chat: int) -> list[str]:
    return [str(p["text"]) for p in fake.sent(chat)]


def at_the_commune(fake: FakeTelegram, chat: int) -> None:
    """/start, consent, « Une association »: the commune question on screen."""
    say(fake, chat, "/start")
    tap(fake, chat, "accepte")
    tap(fake, chat, "association")


def send(fake: FakeTelegram, chat: int, **message: Any) -> None:
    """A message that is not typed text (a contact card, a photo…), and wait for the turn."""
    count = len(fake.sent(chat))

    def make() -> dict[str, Any]:
        update = fake.text_update(chat, "")
        del update["message"]["text"]
        update["message"].update(message)
        return update

    update_id = push(fake, make)
    wait_for(lambda: turn_done(fake, chat, update_id, count), what=(chat, message))


def lead_contact(bot: Bot, chat: int) -> tuple[Any, ...]:
    conn = sqlite3.connect(bot.db)
    try:
        row = conn.execute(
            "select wants_contact, contact from leads where chat_id = ? order by id desc",
            [chat],
        ).fetchone()
    finally:
        conn.close()
    return tuple(row) if row else ()


def test_a_shared_contact_card_is_the_phone_to_call_back(env: tuple[FakeTelegram, Bot]) -> None:
    """Asked for a phone, a Telegram user shares their contact card (📎 → Contact): Telegram
    sends its number without "+". It was answered « I only read text and buttons »."""
    fake, bot = env
    chat = 61_001
    to_the_verdict(fake, chat)
    tap(fake, chat, "recontacté")
    card = {"phone_number": "33612345678", "first_name": "Zoé", "user_id": chat}
    send(fake, chat, contact=card)
    said = texts(fake, chat)[-1]
    assert "+33612345678" in said and "ne lis que le texte" not in said
    assert lead_contact(bot, chat) == (1, "+33612345678")
    # Anywhere else, a contact card is not an answer: said kindly, nothing recorded
    say(fake, chat, "/recommencer")
    send(fake, chat, contact=card)
    assert "ne lis que le texte" in texts(fake, chat)[-1]


def test_an_old_erase_confirmation_asks_again(env: tuple[FakeTelegram, Bot]) -> None:
    """/effacer, « Annuler », the conversation goes on; later a tap on that old message's
    « Oui, tout effacer » (still on screen) erased everything, answers given since included,
    without a word. It now asks again; the fresh button erases."""
    fake, bot = env
    chat = 61_002
    at_the_commune(fake, chat)
    say(fake, chat, "/effacer")
    old_yes = next(d for label, d in fake.last_buttons(chat) if "Oui, tout effacer" in label)
    tap(fake, chat, "Annuler")
    say(fake, chat, "Dunkerque")
    tap(fake, chat, "jeunes")
    count = len(fake.sent(chat))
    update_id = push(fake, lambda: fake.button_update(chat, old_yes))
    wait_for(lambda: turn_done(fake, chat, update_id, count), what="the old button")
    assert "date d'avant" in texts(fake, chat)[-1] and "effacé" not in texts(fake, chat)[-1]
    conn = sqlite3.connect(bot.db)
    assert conn.execute("select count(*) from conversations where chat_id = ?", [chat]).fetchone()
    assert conn.execute("select count(*) from messages where chat_id = ?", [chat]).fetchone()[0]
    conn.close()
    tap(fake, chat, "Oui, tout effacer")
    assert "tout est effacé" in texts(fake, chat)[-1]
    conn = sqlite3.connect(bot.db)
    for table in ("conversations", "messages"):
        count_left = conn.execute(f"select count(*) from {table} where chat_id = ?", [chat])
        assert count_left.fetchone() == (0,), table
    conn.close()


def test_a_photos_caption_is_read_as_what_the_person_wrote(env: tuple[FakeTelegram, Bot]) -> None:
    """A photo of the place, captioned « Liévin », at the commune question: the caption was
    ignored (« I only read text and buttons ») and had to be typed again."""
    fake, _bot = env
    chat = 61_003
    at_the_commune(fake, chat)
    photo = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
    send(fake, chat, photo=photo, caption="Liévin")
    said = texts(fake, chat)[-1]
    assert "seulement sa légende" in said and "Liévin" in said and "Pour qui" in said
    send(fake, chat, photo=photo)  # without a caption: as before
    assert "ne lis que le texte" in texts(fake, chat)[-1]


def test_a_shared_location_at_the_commune_question(env: tuple[FakeTelegram, Bot]) -> None:
    """Asked « Dans quelle commune… », a person shares their position (📎 → Location): it was
    answered « I only read text and buttons (not photos, stickers or voice messages) ». The
    call's data has no coordinates to find the nearest commune, so the bot says it cannot
    read a position and how to answer; the coordinates are never stored, the transcript
    says a position was shared."""
    fake, bot = env
    chat = 61_004
    at_the_commune(fake, chat)
    send(fake, chat, location={"latitude": 50.4301, "longitude": 2.8302})
    said = texts(fake, chat)[-1]
    assert "position" in said and "code postal" in said and "photos" not in said, said
    conn = sqlite3.connect(bot.db)
    try:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("select * from messages where chat_id = ?", [chat])]
        step = conn.execute("select step from conversations where chat_id = ?", [chat]).fetchone()
    finally:
        conn.close()
    assert not any("50.43" in str(r["text"]) or "2.83" in str(r["text"]) for r in rows)
    assert "[une position partagée]" in transcript_texts(rows)  # what staff read
    assert tuple(step) == ("place",)
    say(fake, chat, "Liévin")  # the commune typed: the conversation goes on
    assert "Liévin" in texts(fake, chat)[-1]


def test_a_live_location_is_answered_once(env: tuple[FakeTelegram, Bot]) -> None:
    """A live location (📎 → Location → share live) is one message, then an edit of it each
    time the person moves, for up to eight hours: each edit was answered « you edited a
    message already sent… » with the question again, a message every few seconds. The
    first is answered, the moves are not."""
    fake, bot = env
    chat = 61_005
    at_the_commune(fake, chat)
    live = {"latitude": 50.4301, "longitude": 2.8302, "live_period": 900}
    send(fake, chat, location=live)
    count = len(fake.sent(chat))
    message = {**fake.text_update(chat, "")["message"], "location": live, "edit_date": 1}
    del message["text"]
    moves = []
    for step in range(3):
        moved = {**message, "location": {**live, "latitude": 50.4302 + step / 1000}}
        moves.append(
            push(fake, lambda m=moved: {"update_id": next(fake._update_ids), "edited_message": m})
        )

    def handled() -> bool:
        conn = sqlite3.connect(f"file:{bot.db}?mode=ro", uri=True, timeout=5)
        try:
            done = conn.execute(
                f"select count(*) from inbox where status = 'done' and update_id in "
                f"({','.join('?' * len(moves))})",
                moves,
            ).fetchone()[0]
        finally:
            conn.close()
        return bool(done == len(moves))

    wait_for(handled, what="the moves")
    say(fake, chat, "Liévin")
    assert len(fake.sent(chat)) == count + 1, texts(fake, chat)[count:]


def answers_of(bot: Bot, chat: int) -> dict[str, Any]:
    conn = sqlite3.connect(bot.db)
    try:
        row = conn.execute("select state from conversations where chat_id = ?", [chat]).fetchone()
    finally:
        conn.close()
    return dict(json.loads(row[0])["answers"])


def reply_to(fake: FakeTelegram, chat: int, words: str, text: str) -> None:
    """`text` typed as a reply (swipe, or long press → Reply) to the bot's last message that
    showed `words`, as Telegram sends it: the quoted message in plain text."""
    quoted = next(p for p in reversed(fake.sent(chat)) if words in str(p.get("text", "")))
    plain = html.unescape(re.sub(r"<[^>]+>", "", str(quoted["text"])))

    def make() -> dict[str, Any]:
        update = fake.text_update(chat, text)
        update["message"]["reply_to_message"] = {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "DSDT"},
            "text": plain,
        }
        return update

    count = len(fake.sent(chat))
    update_id = push(fake, make)
    wait_for(lambda: turn_done(fake, chat, update_id, count), what=(chat, text))


def test_a_reply_to_an_earlier_question_corrects_that_answer(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """At the description, the person swipes the commune question and replies « Liévin »: it
    was read as the description of the project. It now changes the commune, says so, and asks
    the description again; words that do not change the answer replied to ask which answer
    to change, nothing changed."""
    fake, bot = env
    chat = 61_006
    at_the_commune(fake, chat)
    say(fake, chat, "Dunkerque")
    tap(fake, chat, "jeunes")
    assert "Décrivez votre projet" in texts(fake, chat)[-1]
    reply_to(fake, chat, "Dans quelle commune", "Liévin")
    said = "\n".join(texts(fake, chat)[-2:])
    assert "Je change la commune" in said and "Décrivez votre projet" in said, said
    answers = answers_of(bot, chat)
    assert answers["place"]["name"] == "Liévin" and "description" not in answers, answers
    reply_to(fake, chat, "Pour qui est le projet", "merci beaucoup")
    said = "\n".join(texts(fake, chat)[-2:])
    labels = [
        button["text"]
        for p in fake.sent(chat)[-2:]
        for row in json.loads(p.get("reply_markup") or "{}").get("inline_keyboard", [])
        for button in row
    ]
    assert "✏️ Public" in labels and "Décrivez votre projet" in said, (labels, said)
    assert answers_of(bot, chat)["audience"] == answers["audience"]  # unchanged


def test_ok_after_declining_is_not_consent(env: tuple[FakeTelegram, Bot]) -> None:
    """« Non merci », the bot: « D'accord, rien n'est enregistré. Si vous changez d'avis, tapez
    /start. », the person: « ok ». That « ok » was taken as consent to the notice, no longer
    on screen: « Merci ! C'est parti » and the person's data stored from then on. The notice
    is now shown again with its buttons; nothing is stored."""
    fake, bot = env
    chat = 61_007
    say(fake, chat, "/start")
    tap(fake, chat, "Non merci")
    assert "rien n'est enregistré" in texts(fake, chat)[-1]
    say(fake, chat, "ok")
    said = texts(fake, chat)[-1]
    assert "C'est parti" not in said and any("accepte" in b for b, _ in fake.last_buttons(chat))
    conn = sqlite3.connect(bot.db)
    try:
        for table in ("users", "conversations", "messages"):
            count = conn.execute(f"select count(*) from {table} where chat_id = ?", [chat])
            assert count.fetchone() == (0,), table
    finally:
        conn.close()
    tap(fake, chat, "accepte")  # the button still gives it
    assert "C'est parti" in texts(fake, chat)[-1]


def test_a_kill_after_the_erasure_does_not_ask_again(env: tuple[FakeTelegram, Bot]) -> None:
    """The tap on « Oui, tout effacer » erases; the bot dies before it marks the tap handled
    (the receipt was on its way). At restart the tap is handled again, on a chat that now has
    nothing, whose step count is back to 0: it answered « this button is from before your
    latest answers » and asked to confirm again — everything was already erased, and the
    person may never have seen the receipt. (The soak's « asked again ».) Now: the receipt."""
    fake, bot = env
    chat = 61_008
    at_the_commune(fake, chat)
    say(fake, chat, "Lens")
    say(fake, chat, "/effacer")
    fake.answer_delay = lambda m, p: 30.0 if "tout est effacé" in str(p.get("text")) else 0.0
    count = len(fake.sent(chat))
    push(fake, lambda: fake.button_update(chat, fake.last_buttons(chat)[0][1]))
    wait_for(lambda: len(fake.sent(chat)) > count, what="the receipt on its way")
    bot.kill()  # the receipt sent, the tap not marked handled
    fake.answer_delay = None
    bot.start()
    wait_for(lambda: len(fake.sent(chat)) > count + 1, what="the tap handled again")
    said = texts(fake, chat)[-1]
    assert "tout est effacé" in said and "date d'avant" not in said, said
