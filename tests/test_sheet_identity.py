"""The applicant's identity on the fiche synthétique: each question read (SIRET with its Luhn
key, RNA, phone, e-mail), skip words that skip and are never saved, bad input asked again with
nothing lost, an inhabitant not asked a structure's questions, and the identity shown by
/mesdonnees and erased by /effacer over the real bot."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from bot.service import Conversations
from bot.terminal import chat as terminal_chat
from dialogs.flow import Guide
from dialogs.odt import BLANK, sheet_file
from dialogs.sheet import snapshot
from dialogs.sheet_dialog import is_sheet_step
from dialogs.sheet_fields import (
    SHEET_FIELDS,
    is_skip,
    luhn,
    read_email,
    read_phone,
    read_registration,
)
from storage import Store
from storage.sqlite import sqlite3
from tests.dialog_driver import OPEN, Chat, full_run
from tests.odt_reader import read_odt
from tests.test_bot_app import Harness, harness, run_to_verdict  # noqa: F401 (fixture)

IDENTITY = {
    "structure": "Les Amis du Jardin",
    "legal_form": "Association loi 1901",
    "address": "12 rue des Lilas, 62800 Liévin",
    "contact_name": "Marie Dupont, présidente",
    "phone": "03.21.12.34.56",
    "email": "Marie.Dupont@Exemple.FR",
    "registration": "732 829 320 00074",
}
SHOWN = {  # as the document prints them
    **IDENTITY,
    "phone": "03 21 12 34 56",
    "email": "Marie.Dupont@exemple.fr",
    "registration": "732 829 320 00074",
}
LABELS = {
    "structure": "Structure porteuse",
    "legal_form": "Forme juridique",
    "address": "Adresse",
    "contact_name": "Personne à contacter",
    "phone": "Téléphone",
    "email": "E-mail",
    "registration": "N° SIRET ou RNA",
}


# ---------------------------------------------------------------------------- readers
@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("73282932000074", "732 829 320 00074"),
        ("732 829 320 00074", "732 829 320 00074"),
        ("732.829.320.00074", "732 829 320 00074"),
        ("35600000000048", "356 000 000 00048"),  # La Poste's head office: Luhn
        ("35600000000001", "356 000 000 00001"),  # a La Poste establishment: digits sum % 5
        ("W623001234", "W623001234"),
        ("w 623 001 234", "W623001234"),
    ],
)
def test_a_good_siret_or_rna_is_read_and_written_the_usual_way(typed: str, value: str) -> None:
    assert read_registration(typed).value == value


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("73282932000075", "clé de contrôle"),  # one digit wrong: the Luhn key fails
        ("73282932000047", "clé de contrôle"),  # two digits swapped
        ("732829320", "SIREN"),
        ("W62300123", "W suivi de 9 chiffres"),
        ("WA23001234", "W suivi de 9 chiffres"),
        ("1234", "Je n'ai pas reconnu"),
        ("mon numéro", "Je n'ai pas reconnu"),
    ],
)
def test_a_wrong_siret_or_rna_gets_a_reason(typed: str, reason: str) -> None:
    read = read_registration(typed)
    assert read.value is None and reason in read.reason


def test_luhn_is_the_insee_key() -> None:
    assert luhn("732829320") and luhn("73282932000074")
    assert not luhn("732829321") and not luhn("73282932000075")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("0321123456", "03 21 12 34 56"),
        ("03 21 12 34 56", "03 21 12 34 56"),
        ("03.21.12.34.56", "03 21 12 34 56"),
        ("+33 3 21 12 34 56", "03 21 12 34 56"),
        ("0033321123456", "03 21 12 34 56"),
        ("+32 2 123 45 67", "+3221234567"),
        ("0612345678", "06 12 34 56 78"),
        ("+33 (0)6 12 34 56 78", "06 12 34 56 78"),  # refused before (one phone pattern now)
        ("06/12/34/56/78", "06 12 34 56 78"),
        ("06  12 34 56 78", "06 12 34 56 78"),
    ],
)
def test_phone_numbers_are_read(typed: str, value: str) -> None:
    assert read_phone(typed).value == value


@pytest.mark.parametrize("typed", ["03 21 12 34", "0021123456", "trois", "+33 0 21 12 34 56"])
def test_a_wrong_phone_number_gets_a_reason(typed: str) -> None:
    assert read_phone(typed).value is None and "téléphone" in read_phone(typed).reason


def test_emails_are_read() -> None:
    assert read_email(" Marie.Dupont@Exemple.FR ").value == "Marie.Dupont@exemple.fr"
    assert read_email("<a@b.fr>").value == "a@b.fr"
    for wrong in ("marie@", "marie.exemple.fr", "a@b", "a b@c.fr", "a..b@c.fr"):
        assert read_email(wrong).value is None, wrong


@pytest.mark.parametrize(
    "typed",
    ["passer", "Passer.", "skip", "je sais pas", "Je ne sais pas", "plus tard", "later", "jsp"],
)
def test_skip_words(typed: str) -> None:
    assert is_skip(typed)


@pytest.mark.parametrize(
    "typed", ["Passerelle des arts", "Plus tard dans la saison", "Passer le permis", "Aucun"]
)
def test_answers_that_only_look_like_skip_words_are_answers(typed: str) -> None:
    assert not is_skip(typed)


# ---------------------------------------------------------------------------- the dialog
def to_sheet(guide: Guide, fiche: int = 1, role: str = "association") -> Chat:
    chat = Chat(guide, OPEN)
    full_run(chat, fiche) if role == "association" else _inhabitant(chat)
    chat.tap("fiche synthétique")
    return chat


def _inhabitant(chat: Chat) -> None:
    chat.start()
    chat.tap("habitant")
    chat.text("Lens")
    chat.tap("quartier")
    chat.tap("(1)")
    for amount in ("10000", "3000", "3000"):
        chat.text(amount)
    chat.tap("Voir le résultat")


@pytest.mark.parametrize("word", ["passer", "skip", "je sais pas", "plus tard"])
@pytest.mark.parametrize("field", ["title", "structure", "timing", "phone", "registration"])
def test_typed_skip_words_skip_and_are_never_saved(guide: Guide, word: str, field: str) -> None:
    chat = to_sheet(guide)
    while chat.state.step != f"sheet_{field}":
        chat.tap("Passer")
    chat.text(word)
    assert chat.state.answers["sheet"][field] == ""
    assert chat.state.step != f"sheet_{field}"
    while is_sheet_step(chat.state.step):
        chat.tap("Passer")
    fields = read_odt(sheet_file(guide.knowledge, snapshot(chat.state, OPEN))[0]).fields()
    assert word not in fields.values()


@pytest.mark.parametrize(
    ("field", "wrong", "right"),
    [
        ("registration", "73282932000075", "73282932000074"),
        ("registration", "732829320", "W623001234"),
        ("phone", "03 21 12", "03 21 12 34 56"),
        ("email", "marie@exemple", "marie@exemple.fr"),
    ],
)
def test_bad_input_is_asked_again_and_loses_nothing(
    guide: Guide, field: str, wrong: str, right: str
) -> None:
    chat = to_sheet(guide)
    chat.text("Jardin des Mûriers")
    while chat.state.step != f"sheet_{field}":
        chat.tap("Passer")
    before = dict(chat.state.answers["sheet"])
    chat.text(wrong)
    assert chat.state.step == f"sheet_{field}"  # the same question again, with its reason
    assert chat.state.answers["sheet"] == before and field not in before
    reason, question = chat.replies[0].text, chat.replies[-1].text
    assert reason != question and "Passer" in reason
    assert chat.buttons()  # its buttons: skip, finish
    chat.text(right)
    assert chat.state.answers["sheet"]["title"] == "Jardin des Mûriers"
    assert chat.state.answers["sheet"][field] not in ("", wrong)


def test_every_identity_answer_is_on_the_sheet(guide: Guide) -> None:
    chat = to_sheet(guide)
    while is_sheet_step(chat.state.step):
        field = chat.state.step.removeprefix("sheet_")
        chat.text(IDENTITY[field]) if field in IDENTITY else chat.tap("Passer")
    odt = read_odt(sheet_file(guide.knowledge, snapshot(chat.state, OPEN))[0])
    fields = odt.fields()
    for field, label in LABELS.items():
        assert fields[label] == SHOWN[field], field
    for label in ("Fait à", "Date", "Nom et qualité du signataire"):
        assert fields[label] == BLANK  # to fill by hand
    assert any("Signature" in b.text for b in odt.blocks)


def test_an_inhabitant_is_not_asked_a_structures_questions(guide: Guide) -> None:
    chat = to_sheet(guide, role="habitant")
    asked = []
    while is_sheet_step(chat.state.step):
        asked.append(chat.state.step.removeprefix("sheet_"))
        assert f"/{len(SHEET_FIELDS) - 2})" in chat.said
        chat.tap("Passer")
    assert "legal_form" not in asked and "registration" not in asked
    assert len(asked) == len(SHEET_FIELDS) - 2
    fields = read_odt(sheet_file(guide.knowledge, snapshot(chat.state, OPEN))[0]).fields()
    assert "Forme juridique" not in fields and "N° SIRET ou RNA" not in fields
    assert fields["Personne à contacter"] == BLANK


# ---------------------------------------------------------------------------- the real bot
async def test_identity_is_in_my_data_and_erased_with_it(harness: Harness) -> None:  # noqa: F811
    await run_to_verdict(harness, 47)
    await harness.tap(47, "fiche synthétique")
    for _ in range(5):
        await harness.tap(47, "Passer")
    for field in ("legal_form", "address", "contact_name", "phone", "email", "registration"):
        await harness.text(47, IDENTITY[field])
    document = harness.fake.documents(47)[-1]
    fields = read_odt(document["files"]["document"]).fields()
    assert fields["N° SIRET ou RNA"] == SHOWN["registration"]
    await harness.text(47, "/mesdonnees")
    exported = harness.fake.documents(47)[-1]["files"]["document"].decode()
    for field in ("address", "contact_name", "phone", "email", "registration"):
        assert SHOWN[field] in exported, field
    await harness.text(47, "/effacer")
    await harness.tap(47, "Oui, tout effacer")
    scrubbing = harness.app.bot_data.staff._scrubbing  # the index merge, in the background
    assert scrubbing is not None
    await asyncio.wait_for(scrubbing, 10)
    raw = harness.db.read_bytes()
    wal = harness.db.with_name(harness.db.name + "-wal")
    if wal.exists():
        raw += wal.read_bytes()
    for secret in ("73282932000074", "732 829 320 00074", "Marie Dupont", "12 rue des Lilas"):
        assert secret.encode() not in raw, secret
    conn = sqlite3.connect(harness.db)
    assert conn.execute("select count(*) from leads").fetchone() == (0,)
    conn.close()


async def test_the_terminal_never_overwrites_an_earlier_sheet(tmp_path: Path) -> None:
    service = Conversations(
        Store(tmp_path / "t.sqlite3"), Guide(), clock=lambda: dt.date(2014, 11, 27)
    )
    answers = ["1", "1", "Wattrelos", "4", "des micro-projets avec le FPH", "1"]
    answers += ["8000", "2k", "2 400", "2", "9", "/fiche", "Jardin", "2", "/fiche", "1"]
    answers += ["/quitter"]
    out = io.StringIO()
    folder = tmp_path / "docs"
    await terminal_chat(
        service, stdin=io.StringIO("\n".join(answers) + "\n"), stdout=out, files_dir=folder
    )
    service.close()
    paths = [Path(p) for p in re.findall(r"📄 Fichier enregistré : (\S+\.odt)", out.getvalue())]
    assert [p.name for p in paths] == [
        "fiche-synthetique-dsdt-jardin-2014-11-27.odt",
        "fiche-synthetique-dsdt-jardin-2014-11-27-2.odt",
    ], out.getvalue()[-1500:]
    assert all(p.exists() for p in paths)
