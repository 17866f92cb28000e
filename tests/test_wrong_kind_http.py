"""Issue 22 end to end over real HTTP: messages of the wrong kind, sent through the Bot API
stand-in to the bot's real entry point (the intake drops a terminal's ESC, leaving "a[31mred"):
none is stored as the value asked, each gets its reason and the question again."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap


def last_text(fake: FakeTelegram, chat: int, count: int = 1) -> str:
    return "\n".join(str(p["text"]) for p in fake.sent(chat)[-count:])


def test_the_wrong_kind_of_value_is_never_stored_over_http(env: tuple[FakeTelegram, Bot]) -> None:
    fake, _bot = env
    chat = 721
    say(fake, chat, "/start")
    tap(fake, chat, "accepte")
    tap(fake, chat, "association")
    say(fake, chat, "merci")  # thanks, not the communes Meurchin, Merris, Erchin
    said = last_text(fake, chat, 2)
    assert "Avec plaisir" in said and "correspondent" not in said
    say(fake, chat, "environ 15000 euros")  # an amount, not Aurillac's postcode
    said = last_text(fake, chat, 2)
    assert "ressemble à un montant" in said and "Aurillac" not in said
    say(fake, chat, "Lens")
    tap(fake, chat, "quartier")
    tap(fake, chat, "(1)")
    say(fake, chat, "a\x1b[31mred")  # arrives as "a[31mred": no 31 €
    said = last_text(fake, chat, 2)
    assert "du code ou de la mise en forme" in said and "31" not in said
    say(fake, chat, "Roubaix 59100")  # a commune and its postcode: no 59 100 €
    said = last_text(fake, chat, 2)
    assert "un lieu (Roubaix)" in said and "coût total" in said
    say(fake, chat, "non")  # neither a passage of the call nor an amount
    said = last_text(fake, chat, 2)
    assert "Il me faut un montant" in said and "Source" not in said
    say(fake, chat, "12000")
    assert "12 000" in last_text(fake, chat, 2).replace("\u202f", " ")
