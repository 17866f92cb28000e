"""The person's own views, through the real service and Store: /mesdonnees answers a short
summary in the conversation's language (answers in the words of the buttons) and the JSON
file (the state as an object); /effacer counts in words and speaks of a regional team only
when there is one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.service import Conversations
from dialogs.flow import Guide
from dialogs.model import Event
from storage import Store
from tests.service_chat import Person, to_verdict


def service(tmp_path: Path, has_staff: bool) -> Conversations:
    store = Store(tmp_path / f"p{has_staff}.sqlite3")
    return Conversations(store, Guide(), clock=lambda: dt.date(2014, 11, 27), has_staff=has_staff)


async def test_my_data_is_a_readable_summary_and_the_file(tmp_path: Path) -> None:
    conversations = service(tmp_path, False)
    person = Person(conversations, 7, "Zoé")
    await to_verdict(person)
    replies = await person.text("/mesdonnees")
    assert len(replies) == 2 and replies[1].document is not None
    summary = replies[0].text
    assert "Voici ce que nous gardons sur vous" in summary and "Zoé" in summary
    assert "Public : Des jeunes" in summary and "Commune : Liévin" in summary
    assert "Coût total : 40\u202f000\xa0€" in summary
    assert "1 demande transmise à l'équipe régionale : n° 1 (nouveau)" in summary
    assert "youth" not in summary and "(s)" not in summary
    assert len(summary) < 1500, "short: the file has the detail"
    sent = json.loads(replies[1].document)
    assert isinstance(sent["conversation"][0]["state"], dict), "not an escaped string"
    conversations.close()


async def test_my_data_after_erasure_says_nothing_is_kept(tmp_path: Path) -> None:
    """After /effacer (or before any consent) it said « Voici ce que nous gardons sur vous :
    • 0 message… » with a file, which read as if something were still kept."""
    conversations = service(tmp_path, False)
    person = Person(conversations, 8, "Zoé")
    await to_verdict(person)
    await person.text("/effacer")
    await person.tap("Oui, tout effacer")
    replies = await person.text("/mesdonnees")
    assert replies[0].text.startswith("Nous ne gardons rien sur vous")
    assert "Voici ce que nous gardons" not in replies[0].text
    sent = json.loads(replies[1].document or b"{}")
    assert sent and not any(sent.values()), sent
    stranger = await Person(conversations, 9, "Léo").text("/mesdonnees")
    assert stranger[0].text.startswith("Nous ne gardons rien sur vous")
    conversations.close()


async def test_my_data_in_english(tmp_path: Path) -> None:
    conversations = service(tmp_path, False)
    person = Person(conversations, 8, "Sam")
    await to_verdict(person)
    await person.send(Event.choice("lang|en"))  # the language button
    summary = (await person.text("/mydata"))[0].text
    assert "Here is what we keep about you" in summary and "Audience: Young people" in summary
    assert "1 request passed to the regional team: no. 1 (new)" in summary
    conversations.close()


@pytest.mark.parametrize("has_staff", [False, True])
async def test_erasure_says_only_what_is_true(tmp_path: Path, has_staff: bool) -> None:
    conversations = service(tmp_path, has_staff)
    person = Person(conversations, 9)
    await to_verdict(person)
    await person.text("/effacer")
    receipt = (await person.tap("Oui, tout effacer"))[0].text
    assert "tout est effacé" in receipt and "1 demande," in receipt and "0 rappel," in receipt
    assert "(s)" not in receipt
    assert ("L'équipe régionale est prévenue" in receipt) is has_staff
    conversations.close()


async def test_a_second_process_reads_the_erasure_confirmation_the_same(tmp_path: Path) -> None:
    """/effacer answered by one process, the next message by another on the same database (a
    restart, a second instance): the mark that the confirmation is on screen was in the first
    one's memory, so « annule » went back one answer there and « oui » answered the question.
    It is read from the stored state: « annule » cancels, /mesdonnees and /start move on, and
    what was tapped before /effacer is no longer the confirmation's."""
    first = service(tmp_path, False)
    person = Person(first, 10)
    await to_verdict(person)
    answers = (await first.db(first.store.state_of, 10)) or ""
    await person.text("/effacer")
    second = Conversations(first.store, Guide(), clock=first.clock)
    other = Person(second, 10)
    assert "rien n'est effacé" in (await other.text("annule"))[0].text
    assert (await second.db(second.store.state_of, 10)) == answers, "nothing else changed"
    await other.text("/effacer")
    replies = await Person(first, 10).text("/mesdonnees")  # back to the first process
    assert replies[0].text.startswith("Voici ce que nous gardons")
    said = (await Person(second, 10).text("annule"))[0].text
    assert "rien n'est effacé" not in said, "/mesdonnees moved on: « annule » is the dialog's"
    await other.text("/effacer")
    await Person(first, 10).text("/start")
    said = (await Person(second, 10).text("oui"))[0].text
    assert "touchez le bouton" not in said, "/start moved on"
    first.close()
