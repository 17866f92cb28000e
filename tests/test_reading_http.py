"""Issue 22 end to end over real HTTP: the bot's real entry point against the Bot API stand-in.
A conversation that starts in English, takes back an old value ("not 1200 but 12000"), meets
an amount that fits two earlier answers (asked with buttons, one tapped), names a town abroad
and then a misspelt commune of the region."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap


def last_text(fake: FakeTelegram, chat: int, count: int = 1) -> str:
    return "\n".join(str(p["text"]) for p in fake.sent(chat)[-count:])


def test_a_conversation_read_in_its_context_over_http(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, _bot = env
    chat = 601
    say(fake, chat, "Hello, we are a small charity and I need some help")
    assert "/langue" in last_text(fake, chat, 3) and "Hello!" in last_text(fake, chat, 3)
    tap(fake, chat, "agree")
    tap(fake, chat, "association")
    say(fake, chat, "Amsterdam")
    said = last_text(fake, chat)
    assert "(Netherlands) is not in France" in said and "@" in said
    say(fake, chat, "Dunkerk")  # the region's commune, misspelt: never abroad
    assert "Dunkerque" in last_text(fake, chat, 2)
    tap(fake, chat, "Young")
    tap(fake, chat, "(1)")
    say(fake, chat, "1200")
    say(fake, chat, "not 1200 but 12000")
    said = last_text(fake, chat)
    assert "Total cost" in said and "€12,000" in said and "€1,200" in said
    assert "How much are you asking" in said  # back where the person was
    say(fake, chat, "3000")
    say(fake, chat, "no 4000")  # the request just given, the co-funding asked: which?
    labels = [label for label, _data in fake.last_buttons(chat)]
    assert any("Request" in b for b in labels) and any("co-funding" in b.lower() for b in labels)
    tap(fake, chat, "Request")
    assert "€4,000" in last_text(fake, chat) and "instead of €3,000" in last_text(fake, chat)


def test_leaving_in_words_and_a_town_abroad_in_a_sentence_over_http(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """Issue 22, fifth pass: "Hi!" alone starts in English; a town abroad beside a commune of
    the region is said and the commune offered; "I give up" keeps the answers and says how to
    come back and how to erase; /start resumes at the question left."""
    fake, _bot = env
    chat = 602
    say(fake, chat, "Hi!")
    assert "/langue" in last_text(fake, chat, 3)
    tap(fake, chat, "agree")
    tap(fake, chat, "association")
    say(fake, chat, "we're based in Ghent, not far from Lille")
    assert "(Belgium) is not in France" in last_text(fake, chat, 3)
    tap(fake, chat, "Lille")
    say(fake, chat, "I give up")
    said = last_text(fake, chat)
    assert "/forget" in said and "/start" in said and "Who is the project for" not in said
    say(fake, chat, "/start")
    assert "Who is the project for" in last_text(fake, chat, 2)


def test_the_share_offer_typed_and_a_question_at_the_sheet_over_http(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """Issue 22, tenth pass: « Non, un autre montant » typed after the share offer asks the
    request again (it was "no amount"); « yes I agree » at the consent is English; a question
    typed at the fiche synthétique's title is answered, not saved."""
    fake, _bot = env
    chat = 603
    say(fake, chat, "/start")
    say(fake, chat, "yes I agree")
    assert "Who are you" in last_text(fake, chat, 2)
    say(fake, chat, "/langue")
    tap(fake, chat, "Français")
    tap(fake, chat, "association")
    say(fake, chat, "Lens")
    tap(fake, chat, "quartier")
    tap(fake, chat, "(1)")
    say(fake, chat, "10000")
    say(fake, chat, "50 %")
    assert "5" in last_text(fake, chat) and "Non, un autre montant" in str(fake.last_buttons(chat))
    say(fake, chat, "Non, un autre montant")
    said = last_text(fake, chat)
    assert "Combien demandez-vous" in said and "Il me faut un montant" not in said
    say(fake, chat, "3000")
    say(fake, chat, "3000")
    tap(fake, chat, "Non")
    tap(fake, chat, "Voir le r")
    tap(fake, chat, "fiche synth")
    say(fake, chat, "c'est quand la date limite ?")
    said = last_text(fake, chat, 2)
    assert "1er décembre" in said and "titre" in said
    say(fake, chat, "Jardin des voisins")
    assert "structure" in last_text(fake, chat)
