"""Issue 22, reading20, end to end over real HTTP (the bot's entry point against the Bot API
stand-in): a question about the data policy gets the notice's answer and no copy of the data;
a request for one's data still gets it."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, to_the_total, wait_for


def test_a_question_about_the_policy_sends_no_data_over_http(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, _bot = env
    chat = 2001
    to_the_total(fake, chat)  # an association in Dunkerque
    say(fake, chat, "combien de temps gardez-vous mes données ?")
    said = "\n".join(str(p.get("text", "")) for p in fake.sent(chat)[-3:])
    assert "gardés pour l'équipe régionale" in said
    assert "Voici ce que nous gardons sur vous" not in said
    assert not fake.documents(chat)  # no copy of the data sent
    say(fake, chat, "montrez-moi mes données")  # asked for: sent, as /mesdonnees does
    wait_for(lambda: bool(fake.documents(chat)), what="the JSON of the data")
