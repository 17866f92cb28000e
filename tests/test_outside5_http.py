"""The fifth outside pass, over real HTTP against the Bot API stand-in: what staff and people met
that earlier passes left (December 2026). Each test failed on the code before its fix."""

from __future__ import annotations

import time

from tests.fake_telegram import FakeTelegram
from tests.http_bot import (
    Bot,
    erase_from_desk,
    push,
    say,
    stored_state,
    tap,
    to_the_total,
    to_the_verdict,
    wait_for,
)
from tests.test_unbreakable_http import odt_text, skip_to_the_document

BOT_ENV = {"TELEGRAM_RATE_LIMIT": "off", "STAFF_USER_IDS": "900"}
STAFF = 900


def texts(fake: FakeTelegram, chat: int) -> list[str]:
    return [str(p["text"]) for p in fake.sent(chat)]


def test_staff_typing_an_unknown_command_get_the_staff_help(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """A staff member mistypes a command (« /leds », « /aide_staff »): they were given the
    public welcome and its consent question, as if they were a project holder. They get what
    they can do instead; nothing of the public conversation is started or changed. A person
    typing the same gets the public answer, and staff's own /start is still the public flow."""
    fake, bot = env
    for typed in ("/leds", "/aide_staff", "/recherches jardin"):
        say(fake, STAFF, typed)
        said = texts(fake, STAFF)[-1]
        assert "/leads" in said and "/search" in said and "/export" in said, (typed, said)
        assert "accepte" not in str(fake.last_buttons(STAFF)).lower(), typed
    assert stored_state(bot.db, STAFF) == {}, "no conversation started for staff"

    person = 61_501
    say(fake, person, "/leds")
    assert "/leads" not in texts(fake, person)[-1]
    to_the_verdict(fake, person)
    say(fake, person, "/inconnue")
    assert "Je ne connais pas cette commande" in texts(fake, person)[-1]
    assert "/leads" not in texts(fake, person)[-1]

    say(fake, STAFF, "/start")  # the public flow, untouched, for staff too
    assert any("accepte" in label.lower() for label, _ in fake.last_buttons(STAFF))
    tap(fake, STAFF, "accepte")
    say(fake, STAFF, "/leds")  # mid-conversation too: the staff help, the step kept
    assert "/leads" in texts(fake, STAFF)[-1]
    assert stored_state(bot.db, STAFF)["step"] == "role"
    say(fake, STAFF, "/mesdonnees")  # a person's right is never taken for an unknown command
    assert "/leads" not in texts(fake, STAFF)[-1]


def test_staff_editing_a_command_are_told_to_send_it_again(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """Staff correct « /lead 12 » into « /lead 21 » by editing the message: Telegram sends an
    edit, which the bot read as a person's edit — the public welcome and its consent question
    for staff who never started a conversation. They are told edits are not read and to send
    the command again; nothing is run twice (an edited /note is not a second note)."""
    fake, bot = env
    to_the_verdict(fake, 61_507)
    say(fake, STAFF, "/lead 12")
    count = len(fake.sent(STAFF))

    def edit(text: str) -> dict[str, object]:
        update = fake.text_update(STAFF, text)
        update["edited_message"] = {**update.pop("message"), "edit_date": int(time.time())}
        return update

    for typed in ("/lead 1", "/note 1 rappeler lundi"):
        count = len(fake.sent(STAFF))
        push(fake, lambda typed=typed: edit(typed))
        wait_for(lambda count=count: len(fake.sent(STAFF)) > count, what=("the edit", typed))
        said = texts(fake, STAFF)[-1]
        assert "modifié" in said and "à nouveau" in said, said
        assert not fake.last_buttons(STAFF) or "accepte" not in str(fake.last_buttons(STAFF))
    assert stored_state(bot.db, STAFF) == {}
    say(fake, STAFF, "/lead 1")  # sent again: answered
    assert "Demande n° 1" in texts(fake, STAFF)[-1]


def test_staff_search_syntax_is_searched_as_words_and_said(env: tuple[FakeTelegram, Bot]) -> None:
    """Full-text syntax from a person: « Dunkerque AND » answered « Aucun résultat. » with a
    lead in Dunkerque there, « * » too (nothing was searched), « -Dunkerque » listed the
    Dunkerque lead as if it meant « without ». Each answer now says the words looked for, each
    as a word, and that the operators are none; never an error."""
    fake, _bot = env
    to_the_verdict(fake, 61_502)
    say(fake, STAFF, "/search Dunkerque AND")
    said = texts(fake, STAFF)[-1]
    assert "« Dunkerque », « AND »" in said and "ne sont pas des opérateurs" in said, said
    assert "ne les contient tous" in said and said.count("« AND »") == 1, said
    for typed in ('/search "Dunkerque', "/search -Dunkerque", "/search Dunkerque*"):
        say(fake, STAFF, typed)
        said = texts(fake, STAFF)[-1]
        assert "n° 1" in said and "« Dunkerque »" in said and "opérateurs" in said, (typed, said)
    say(fake, STAFF, "/search NEAR(")
    assert "« NEAR »" in texts(fake, STAFF)[-1]
    say(fake, STAFF, "/search *")
    assert "Aucun mot à chercher" in texts(fake, STAFF)[-1]
    say(fake, STAFF, "/search dunkerque")  # a plain search: the hits alone, as before
    assert texts(fake, STAFF)[-1].startswith("• n° 1")


def test_staff_read_the_intercommunality_with_the_year_of_its_name(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """The person read « Communauté urbaine de Dunkerque (nom au 1er janvier 2026) » (the data
    names 2026's intercommunalities beside a 2014 call); staff's /leads, /lead and the export
    said « CU de Dunkerque » with no year, as if it were the 2014 name."""
    fake, _bot = env
    to_the_verdict(fake, 61_503)
    say(fake, STAFF, "/leads")
    listed = texts(fake, STAFF)[-1]
    assert "Dunkerque — CU de Dunkerque (nom au 1er janvier 2026) ·" in listed, listed
    say(fake, STAFF, "/lead 1")
    card = texts(fake, STAFF)[-1]
    assert "Dunkerque — CU de Dunkerque (nom au 1er janvier 2026) —" in card, card
    before = len(fake.documents(STAFF))
    push(fake, lambda: fake.text_update(STAFF, "/export"))
    wait_for(lambda: len(fake.documents(STAFF)) > before, what="the export")
    raw = fake.documents(STAFF)[-1]["files"]["document"]
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert "Intercommunalité (nom au 1er janvier 2026)" in header.split(";"), header


def test_a_closed_calls_fiche_synthetique_says_it_is_closed(env: tuple[FakeTelegram, Bot]) -> None:
    """Today (the bot's own clock, 2026) the 2014 call is closed and the verdict says so; the
    fiche synthétique was announced « à déposer auprès de votre intercommunalité » and the
    document opened with « Déposer la fiche synthétique … au plus tard le 1er décembre 2014 »,
    as if it could still be filed. Both now say the call is closed and what is left to do."""
    fake, _bot = env
    chat = 61_504
    to_the_verdict(fake, chat)
    assert "Cet appel est clos" in texts(fake, chat)[-1]
    tap(fake, chat, "📄")
    opening = texts(fake, chat)[-2]
    assert "à déposer" not in opening and "est clos" in opening, opening
    document = skip_to_the_document(fake, chat)
    text = odt_text(document)
    head = text.split("Le porteur du projet")[0]
    assert "au plus tard le 1er décembre 2014." not in head, head
    assert "Cet appel à projets (2014) est clos" in head, head
    assert "ne peut plus l'être" in head and "gardez-la" in head.lower(), head
    assert "Région Hauts-de-France" in head, head  # whom to ask today, as the verdict says


def test_a_person_erased_from_the_desk_is_told_within_seconds(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """Staff erase a person from the command line (`python -m bot.desk erase N --yes`, its own
    process) while the bot runs: the bot acted on it at its next 30 s round (26-28 s measured,
    benchmarks/erasure_notice.py), the person's chat still showing their questions meanwhile.
    It now looks every second whether another process wrote (SQLite's data_version)."""
    fake, bot = env
    chat = 61_505
    to_the_verdict(fake, chat)
    erased = erase_from_desk(bot.db, 1)
    wait_for(
        lambda: any("l'équipe régionale a effacé" in t for t in texts(fake, chat)),
        timeout=12,  # a second's look, a loaded machine; the 30 s round is well past it
        what="the person told",
    )
    assert time.monotonic() - erased < 12
    log = bot.log.read_text()  # a look every second, and not two lines of log each time
    assert "Running job" not in log and "executed successfully" not in log, log[-2000:]
    assert any("n° 1" in t and "effacée" in t for t in texts(fake, STAFF)), texts(fake, STAFF)


def test_a_message_that_could_not_be_handled_is_said_not_taken(
    env: tuple[FakeTelegram, Bot],
) -> None:
    """A message the bot cannot handle (here one Telegram's library cannot read: parked at
    once) was apologised for as « Je n'ai pas pu vous envoyer ma réponse précédente »: the
    person, who had just typed the total, was told a reply was lost and could think the total
    was kept. They are told their message was not taken into account, and asked again."""
    fake, bot = env
    chat = 61_506
    to_the_total(fake, chat)
    count = len(fake.sent(chat))
    push(
        fake,
        lambda: {
            "update_id": next(fake._update_ids),
            "message": {"chat": {"id": chat, "type": "private"}, "text": "12 000 €"},  # no id
        },
    )
    wait_for(lambda: len(fake.sent(chat)) > count, what="the apology")
    said = texts(fake, chat)[-1]
    assert "pas été pris en compte" in said and "pas pu vous envoyer" not in said, said
    assert "coût total" in said  # the question asked again
    assert "total" not in stored_state(bot.db, chat).get("answers", {})
