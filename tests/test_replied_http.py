"""Swipe-replies to an earlier question at the fiche synthétique's and the contact's steps, over
real HTTP against the Bot API stand-in. There any text is the current field's answer, and a
reply to an earlier question was read as it: « Liévin » replied to the commune's question was
kept as the project's title, a new title replied to the title's question as the structure's
name. Now the reply corrects the answer replied to (said, the current question again), or
asks which when its words do not fit that answer."""

from __future__ import annotations

from tests.fake_telegram import FakeTelegram
from tests.http_bot import Bot, say, tap, to_the_verdict
from tests.test_outside_http import answers_of, reply_to, texts

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off"}


def test_a_reply_to_an_earlier_question_at_the_fiche_synthetique(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = env
    chat = 64_001
    to_the_verdict(fake, chat)
    tap(fake, chat, "fiche synth")
    say(fake, chat, "Jardin des voisins")
    assert "structure" in texts(fake, chat)[-1]
    # a reply to the title's question, at the structure's: the title, corrected
    reply_to(fake, chat, "titre de votre projet", "Jardin partagé des Mûriers")
    sheet = answers_of(bot, chat)["sheet"]
    assert sheet == {"title": "Jardin partagé des Mûriers"}, sheet
    said = texts(fake, chat)[-1]
    assert "Titre du projet" in said and "au lieu de" in said and "structure" in said
    # a reply to the commune's question: the commune, never the structure's name
    reply_to(fake, chat, "Dans quelle commune", "Liévin")
    answers = answers_of(bot, chat)
    assert answers["place"]["name"] == "Liévin" and "structure" not in answers["sheet"]
    # words that fit no commune, replied to the commune's question: asked which, nothing kept
    tap(fake, chat, "Voir le r")
    tap(fake, chat, "fiche synth")
    say(fake, chat, "Jardin des voisins")
    before = answers_of(bot, chat)
    count = len(texts(fake, chat))
    reply_to(fake, chat, "Dans quelle commune", "bof")
    assert answers_of(bot, chat) == before
    said = "\n".join(texts(fake, chat)[count:])
    assert "déjà posée" in said and "Quelle réponse voulez-vous corriger" in said, said


def test_a_reply_to_an_earlier_question_at_the_contact_step(
    env: tuple[FakeTelegram, Bot],
) -> None:
    fake, bot = env
    chat = 64_002
    to_the_verdict(fake, chat)
    tap(fake, chat, "recontacté")
    reply_to(fake, chat, "Quel est le coût total", "15 000 €")
    answers = answers_of(bot, chat)
    assert answers["total"] == "15000.00" and not answers.get("contact"), answers
    assert "au lieu de" in texts(fake, chat)[-1]
