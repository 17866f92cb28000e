"""The third reader: the fiche synthétique against the verdict card and the documents (facts3).

Like tests/test_facts.py and tests/test_facts_second.py, each test goes through the real code
path: the dialog to its verdict (tests/dialog_driver.py), the card and its detail as sent, the
sheet's questions skipped, the document written as .odt and read back as a word processor
would (tests/odt_reader.py), and the message that carries it. The seeds are
/work/shared/seeds, quoted in knowledge/data/passages.toml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dialogs.fields import rules_input
from dialogs.odt import BLANK, sheet_file
from dialogs.sheet import sheet_verdict, snapshot
from dialogs.sheet_dialog import is_sheet_step
from knowledge import Knowledge
from knowledge.contacts import shown_email
from knowledge.loader import DATA_DIR
from knowledge.money import format_money
from knowledge.rules import Verdict
from tests.dialog_driver import CLOSED, OPEN, Chat, full_run
from tests.odt_reader import Odt, read_odt

TAG = re.compile(r"<[^>]+>")


@dataclass
class Run:
    """One conversation to its verdict, then its sheet: what the person was shown."""

    chat: Chat
    card: str  # the verdict card, tags removed
    detail: str  # « Voir le détail », tags removed
    message: str  # the message that carries the document (and its notes)
    odt: Odt
    verdict: Verdict


def _run(guide: Any, today: dt.date = OPEN, **options: Any) -> Run:
    chat = Chat(guide, today)
    full_run(chat, **options)
    card = TAG.sub("", chat.said)
    chat.tap("Voir le détail")
    detail = TAG.sub("", chat.said)
    chat.tap("📄")
    while is_sheet_step(chat.state.step):
        chat.tap("⏭")
    message = "\n".join(r.text for r in chat.replies)
    snap = snapshot(chat.state, today)
    data, _name = sheet_file(guide.knowledge, snap)
    return Run(chat, card, detail, message, read_odt(data), sheet_verdict(guide.knowledge, snap))


# Every kind of verdict a person can get: (id, day, full_run options, what the card shows).
KINDS: list[tuple[str, dt.date, dict[str, Any], str]] = [
    ("eligible", OPEN, {"fiche": 1, "place": "Lens"}, "1 point à vérifier."),
    (
        "to-check",
        OPEN,
        {"fiche": 2, "place": "Arras", "request": "je ne sais pas", "cofunding": "je ne sais pas"},
        "3 points à vérifier.",
    ),
    (
        "not-eligible",
        OPEN,
        {"fiche": 3, "place": "Lens", "request": "3000"},
        "1 point à revoir et 1 point à vérifier.",
    ),
    ("fiche-4", OPEN, {"fiche": 4, "place": "Roubaix", "request": "6000"}, "2 points à vérifier."),
    ("closed", CLOSED, {"fiche": 2, "place": "Valenciennes"}, "Cet appel est clos"),
    (
        "co-funding-missing",
        OPEN,
        {"fiche": 2, "place": "Dunkerque", "cofunding": "1000"},
        "1 point à revoir et 1 point à vérifier.",
    ),
    (
        "above-ceiling",
        OPEN,
        {
            "fiche": 4,
            "place": "Calais",
            "kind": "Investissement",
            "total": "300000",
            "request": "200000",
        },
        "1 point à revoir et 2 points à vérifier.",
    ),
]


@pytest.fixture(scope="module")
def runs(guide: Any) -> dict[str, Run]:
    return {name: _run(guide, day, **options) for name, day, options, _shown in KINDS}


def _notes(message: str) -> list[str]:
    """The notes' points (« • À revoir — … ») as (label, message)."""
    return [line.removeprefix("• ") for line in message.splitlines() if line.startswith("• ")]


@pytest.mark.parametrize("name", [k[0] for k in KINDS])
def test_the_document_and_its_message_agree_with_the_verdict_card(
    runs: dict[str, Run], knowledge: Knowledge, name: str
) -> None:
    """Same fiche, same amounts, same reasons, same contacts, same intercommunality: what the
    card and its detail said is what the sheet and the message that carries it say."""
    run = runs[name]
    shown = next(k[3] for k in KINDS if k[0] == name)
    assert shown in run.card, run.card
    verdict = run.verdict
    fields = run.odt.fields()
    # the fiche
    n = verdict.fiche.number
    assert f"Résultat : fiche {n} — " in run.card
    assert fields["Fiche"].startswith(f"{n} — ")
    # the amounts, as the verdict read them (a blank where the card says « à indiquer »)
    rules = rules_input(run.chat.state.answers)
    for label, value in (
        ("Coût total du projet", rules.total),
        ("Demande à la Région", rules.request),
        ("Co-financement des collectivités locales", rules.cofunding),
    ):
        if value is None:
            assert fields[label] == BLANK, label
        else:
            assert fields[label].split(" (")[0] == format_money(value, "fr"), label
    if rules.request is not None and not rules.parts:
        assert f"Demande : {format_money(rules.request, 'fr')}" in run.card
    else:
        assert "Demande : à indiquer" in run.card or rules.parts
    # the reasons: each point the detail explains is a point of the message's notes
    notes = _notes(TAG.sub("", run.message))
    explained = [line[2:] for line in run.detail.splitlines() if line[:1] in ("❌", "⚠", "❔")]
    assert explained
    for line in explained:
        reason = line.lstrip("\ufe0f ")
        assert any(reason.startswith(note.split(" — ", 1)[1]) for note in notes), (reason, notes)
    to_fix = sum(1 for c in verdict.project_checks if c.status in ("fail", "warn"))
    assert sum(1 for note in notes if note.startswith(("À revoir", "Attention"))) >= to_fix
    assert ("clos" in run.message) is verdict.closed is ("⛔" in run.card)
    # the contacts: each 📞 of the card is a line of « Vos contacts pour la fiche n »
    phoned = [line[2:].split(" — ") for line in run.card.splitlines() if line.startswith("📞")]
    contacts = run.odt.after_heading("Contacts")
    index = next(i for i, b in enumerate(contacts) if b.text.startswith("Vos contacts pour"))
    listed = contacts[index + 1].items
    assert contacts[index].text == f"Vos contacts pour la fiche {n} :"
    assert [line.split(" — ")[0] for line in listed] == [p[0] for p in phoned]
    for person, line in zip(verdict.contacts, listed, strict=True):
        assert line.startswith(f"{person.name} — {person.phone} — {shown_email(person)}")
        assert shown_email(person) in run.card
    # the intercommunality, named as the card names it
    epci = fields["Intercommunalité (EPCI)"]
    assert f"Intercommunalité : {epci}" in run.card
    assert f"Votre intercommunalité : {epci}." in run.odt.text
    if not verdict.closed:
        assert f"intercommunalité : {epci}." in run.message


def test_the_sheet_says_the_condition_primordiale_once(runs: dict[str, Run]) -> None:
    """The selection criteria printed the annonce's sentence « la mobilisation des habitants
    est une condition primordiale… » as a note above the criteria, then again as the quote of
    the inhabitants' criterion, then a third time in that quote's source."""
    for name, run in runs.items():
        assert run.odt.text.count("condition primordiale") == 1, name
        quote = "« La mobilisation des habitants est une condition primordiale"
        inhabitants = run.odt.after_heading(
            "La mobilisation des habitants : co-construction et portage du projet"
        )
        assert inhabitants[0].text.startswith(quote), name


def test_each_contact_line_carries_the_office_the_document_names(runs: dict[str, Run]) -> None:
    """« Contacts — Direction de Partenariats Internationaux et Régionaux […] Sabrina CASTEL
    […] Frédéric AUTIN »: the sheet printed the DPIR only on AUTIN's line when he was routed,
    never for Sabrina CASTEL, and not at all in Artois (FACON, who has no office in the
    document). Each person's line now carries their own office, in both lists."""
    dpir = "Direction de Partenariats Internationaux et Régionaux"
    address = "Bâtiment VEROSE - 413 avenue du Président Hoover, 59555 Lille Cedex"
    for name in ("eligible", "co-funding-missing", "fiche-4"):
        lines = [
            item for block in runs[name].odt.after_heading("Contacts") for item in block.items
        ]
        castel = next(line for line in lines if line.startswith("Sabrina CASTEL"))
        assert castel.endswith(f"{dpir} — {address}"), castel
        for line in lines:
            assert (dpir in line) is line.startswith(("Sabrina CASTEL", "Frédéric AUTIN")), line
            if line.startswith("Priscille DOLEZ"):
                assert "Direction de l'Aménagement Durable — Siège de Région" in line
        assert sum(line.startswith("Frédéric AUTIN") for line in lines) == 1, name


def test_the_intercommunality_says_the_year_of_its_name(
    runs: dict[str, Run], knowledge: Knowledge
) -> None:
    """communes.csv gives each commune's intercommunality of 1 January 2026 (the DGCL list in
    @etalab/decoupage-administratif 6.0.0), beside a 2014 call's rules: in 2014 it could have
    had another name or perimeter (Roubaix's was not yet the « Métropole Européenne de
    Lille »). The card and the sheet said the 2026 name with no year. The data now says which
    list it is, and its mark is on the card, the sheet and its message."""
    raw = knowledge.raw["territories"]["epci_names"]
    header = (Path(DATA_DIR) / "communes.csv").read_text(encoding="utf-8").splitlines()[0]
    assert f"from {raw['package']} " in header  # the mark is the year of the CSV's list
    assert str(raw["year"]) in raw["mark"] and str(raw["year"]) in raw["mark_en"]
    document = knowledge.documents[raw["source"]["doc"]]
    assert (
        str(raw["year"]) in document["title"]
        and raw["package"].split("@")[-1] in document["title"]
    )
    run = runs["fiche-4"]
    name = "Métropole Européenne de Lille (nom au 1er janvier 2026)"
    assert f"Intercommunalité : {name}" in run.card
    assert run.odt.fields()["Intercommunalité (EPCI)"] == name
    assert name in run.message
    assert document["url"] in [link for b in run.odt.after_heading("Sources") for link in b.links]
    place_card = next(  # the commune found: where the intercommunality is first named
        TAG.sub("", r.text) for r in run.chat.all_replies if r.text.startswith("📍")
    )
    assert place_card.startswith("📍 Roubaix") and f"Intercommunalité : {name}." in place_card


def test_an_english_card_and_sheet_say_the_year_of_the_name_too(guide: Any) -> None:
    chat = Chat(guide, OPEN, lang="en")
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("neighbourhood")
    chat.tap("(1)")
    chat.text("10000")
    chat.text("3000")
    chat.text("3000")
    chat.tap("No")
    chat.tap("result")
    card = TAG.sub("", chat.said)
    assert (
        "Intercommunality: Communauté d'agglomération de Lens - Liévin (an agglomeration "
        "community; name as of 1 January 2026)"
    ) in card, card
    chat.tap("📄")
    while is_sheet_step(chat.state.step):
        chat.tap("⏭")
    odt = read_odt(sheet_file(guide.knowledge, snapshot(chat.state, OPEN))[0])
    assert odt.text.count("essential condition") == 1  # the English sheet says it once too
    assert odt.fields()["Intercommunality (EPCI)"].endswith("; name as of 1 January 2026)")


def test_the_amounts_on_the_card_are_the_sheet_s_in_every_kind(runs: dict[str, Run]) -> None:
    """Fiche 4 above its ceiling: the card's « investissement 200 000 € (max. 150 000 €) » and
    the sheet's part line agree."""
    run = runs["above-ceiling"]
    euros = {v: format_money(Decimal(v), "fr") for v in (200000, 150000, 20000)}
    assert f"investissement {euros[200000]} (max. {euros[150000]})" in run.card
    fields = run.odt.fields()
    assert fields[f"Part investissement (plafond {euros[150000]})"].startswith(euros[200000])
    assert fields[f"Part fonctionnement (plafond {euros[20000]})"] == "—"
    assert Decimal(run.chat.state.answers["request"]) == Decimal(200000)


# ------------------------------------------------------------------ questions, in the dialog
def _at_cofunding_step(guide: Any, fiche: int) -> Chat:
    chat = Chat(guide, OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Roubaix")
    chat.tap("quartier")
    chat.tap(f"({fiche})")
    if fiche == 4:
        chat.tap("Oui")
        chat.tap("Fonctionnement")
    chat.text("10000")
    chat.text("5000")
    assert chat.state.step == "cofunding"
    return chat


@pytest.mark.parametrize(
    "question",
    [
        "faut-il un co-financement pour la fiche 4 ?",
        "Y a-t-il un co-financement en fiche 4 ?",
        "combien doit mettre la commune ?",
    ],
)
def test_fiche_4_s_co_funding_question_is_not_answered_with_fiche_2_s_rule(
    guide: Any, question: str
) -> None:
    """At fiche 4's co-funding step, « faut-il un co-financement pour la fiche 4 ? » was
    answered by quoting fiche 2's « Financier » (« Co-financement des collectivités locales de
    30 % minimum »): fiche 4's « Financier » sets a floor and two ceilings, no co-funding. The
    curated answer (« La fiche 4 ne fixe pas de taux de cofinancement ») now answers it."""
    chat = _at_cofunding_step(guide, 4)
    chat.text(question)
    said = TAG.sub("", chat.said)
    assert "Fiche 2 : Développer" not in said, said
    assert "La fiche 4 ne fixe pas de taux de cofinancement" in said
    assert chat.state.step == "cofunding"  # the question asked, the step kept


@pytest.mark.parametrize("day", [OPEN, CLOSED], ids=["open", "closed"])
def test_the_summary_form_s_deadline_is_said_not_unknown(guide: Any, day: dt.date) -> None:
    """« Quelle est la date limite de la fiche synthétique ? » got « Je ne suis pas sûr : les
    documents de l'appel ne le disent pas » — both documents print it (« au plus tard le 1er
    décembre 2014 »). And « est-elle obligatoire ? » now hears the framework's « devra être
    déposée »."""
    chat = Chat(guide, day)
    chat.start()
    chat.text("Quelle est la date limite de la fiche synthétique ?")
    said = TAG.sub("", chat.said)
    assert "ne le disent pas" not in said and "1er décembre 2014" in said, said
    chat.text("La fiche synthétique est-elle obligatoire ?")
    assert "« devra être déposée » auprès de l'intercommunalité" in TAG.sub("", chat.said)


def test_young_people_are_named_by_the_documents(guide: Any) -> None:
    """« Est-ce que les jeunes sont concernés ? » got « les documents de l'appel ne le disent
    pas » while the framework names them (« et notamment des jeunes » ; fiche 1 : « les
    jeunes […] ne viennent pas ou peu »): the curated youth answer gets the question."""
    chat = Chat(guide, OPEN)
    chat.start()
    chat.text("Est-ce que les jeunes sont concernés ?")
    said = TAG.sub("", chat.said)
    assert "ne le disent pas" not in said and "cite les jeunes" in said, said


def test_fiche_4_has_one_english_name_in_every_passage(knowledge: Knowledge) -> None:
    """« Gestion urbaine de proximité » is « Local Urban Management » in fiches.toml, the FAQ
    and most passages; two passages still translated it « neighbourhood urban management »
    (the English reader met two names for one fiche)."""
    name = knowledge.fiches[4].short_title_in("en").lower()
    for passage in knowledge.raw["passages"]["passage"]:
        if "gestion urbaine" in passage["text"].lower():
            assert name in passage["text_en"].lower(), passage["id"]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Who sits on the juries?", "elected members of the intercommunality and of the Region"),
        ("Can I get money for a community garden?", "Creating participatory community gardens"),
    ],
)
def test_english_questions_the_documents_answer_are_not_said_unknown(
    guide: Any, question: str, said: str
) -> None:
    """Both got « I am not sure: the call's documents do not say » though the framework says
    who the territorial juries bring together and lists « la création de jardins
    communautaires participatifs » among fiche 4's themes; the French questions were heard."""
    chat = Chat(guide, OPEN, lang="en")
    chat.start()
    chat.text(question)
    text = TAG.sub("", chat.said)
    assert "do not say" not in text and said in text, text


def test_the_region_s_address_is_answered_with_the_documents_addresses(guide: Any) -> None:
    """A postal address was asked, the answer gave phones and e-mails only, though the
    framework prints the DPIR's and the Direction de l'Aménagement Durable's addresses
    (contacts.toml [offices]). Reported by facts3 (an xfail), answered by facts4: the contact
    answer gives them (the `{offices}` placeholder) beside the general contacts."""
    chat = Chat(guide, OPEN)
    chat.start()
    chat.text("Quelle est l'adresse de la Région ?")
    said = TAG.sub("", chat.said)
    assert "413 avenue du Président Hoover" in said
    assert "151 avenue du Président Hoover" in said
    assert "Coordonnées de 2014 : elles ont pu changer." in said
