"""The conversation without Telegram: each path to each fiche, edits, back, restart, bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from dialogs.flow import Guide
from dialogs.model import Event, State
from dialogs.render import MAX_MESSAGE, visible_length
from tests.dialog_driver import CLOSED, OPEN, Chat, full_run


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


def _all_texts(chat: Chat) -> Iterator[str]:
    for reply in chat.all_replies:
        yield reply.text


@pytest.mark.parametrize("fiche", [1, 2, 3, 4])
def test_each_fiche_reaches_a_verdict_within_the_answer_budget(guide: Guide, fiche: int) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, fiche, total="20000", request="6000", cofunding="6000")
    assert chat.state.step == "verdict"
    assert chat.state.answer_count <= (14 if fiche == 4 else 12)
    lead = chat.state.lead
    assert lead is not None and lead["fiche"] == fiche and lead["eligible"] is True
    assert lead["epci"] == "CA de Lens - Liévin"
    said = "\n".join(_all_texts(chat))
    assert f"fiche {fiche}" in said
    contact = "Priscille DOLEZ" if fiche == 4 else "Déborah FACON"
    assert contact in said and "Communauté d'agglomération de Lens - Liévin" in said
    for reply in chat.all_replies:
        assert visible_length(reply.text) < MAX_MESSAGE
        assert len(reply.text) <= 4096
        for choice in reply.choices:
            assert len(choice.data.encode()) <= 64


def test_description_suggests_fiche_with_its_words(chat: Chat) -> None:
    chat.start()
    chat.tap("habitant")
    chat.text("Roubaix")
    chat.tap("jeunes")
    chat.text("Un jardin partagé au pied des immeubles")
    assert chat.state.step == "fiche_confirm"
    assert "jardin partagé" in chat.said and "fiche 4" in chat.said
    chat.tap("Plutôt la fiche 1")
    assert chat.state.answers["fiche"] == 1
    assert chat.state.step == "total"  # no fiche-4 questions for fiche 1


def test_unrecognised_description_offers_all_fiches(chat: Chat) -> None:
    chat.start()
    chat.tap("habitant")
    chat.text("Lille")
    chat.tap("Tous")
    chat.text("bonjour je voudrais savoir")
    assert chat.state.step == "fiche_confirm"
    assert [label for label, _ in chat.buttons() if "Fiche" in label] == [
        f"Fiche {n}" for n in (1, 2, 3, 4)
    ]
    assert len(chat.buttons()) == 5  # the four fiches and "Je ne sais pas"
    chat.text("3")
    assert chat.state.answers["fiche"] == 3


def test_verdict_in_2026_says_the_call_is_closed_and_still_routes(guide: Guide) -> None:
    chat = Chat(guide, today=CLOSED)
    full_run(chat, 1, place="Dunkerque")
    said = "\n".join(_all_texts(chat))
    assert "clos" in said
    assert "Déborah FACON" in said and "Frédéric AUTIN" in said  # Littoral has two contacts
    assert "Communauté urbaine de Dunkerque" in said
    assert chat.state.lead is not None and chat.state.lead["closed"] is True


def test_failed_checks_explain_gap_and_fix(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 1, total="10000", request="1500", cofunding="1400")
    assert "❌" in chat.said and "il manque 500" in chat.said
    chat.tap("Voir le détail")
    assert "Il manque 500" in chat.said
    assert "Ajoutez 1\u202f600" in chat.said


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        pytest.param("beaucoup", "pas reconnu de montant", id="nonsense"),
        pytest.param("-200", "négatif", id="negative"),
        pytest.param("0", "supérieur à 0", id="zero-total"),
        pytest.param("1000 et 2000", "un seul montant", id="two-amounts"),
        pytest.param("30 %", "pas un pourcentage", id="percent"),
    ],
)
def test_bad_amounts_get_a_reason_and_the_question_again(
    chat: Chat, typed: str, problem: str
) -> None:
    chat.start()
    chat.tap("association")
    chat.text("Arras")
    chat.tap("quartier")
    chat.tap("(1)")
    assert chat.state.step == "total"
    chat.text(typed)
    assert problem in chat.said
    assert chat.state.step == "total"
    assert "coût total" in chat.replies[-1].text


def test_amount_consistency(chat: Chat) -> None:
    chat.start()
    chat.tap("association")
    chat.text("Arras")
    chat.tap("quartier")
    chat.tap("(1)")
    chat.text("deux mille euros")
    assert chat.state.answers["total"] == "2000.00"
    chat.text("2.500")
    assert "ne peut pas dépasser" in chat.said and chat.state.step == "request"
    chat.text("2k")
    chat.text("500")
    assert "ne peut pas dépasser" in chat.said and chat.state.step == "cofunding"
    chat.tap("Rien")
    assert chat.state.answers["cofunding"] == "0.00" and chat.state.step == "activity"


def test_edit_one_answer_returns_to_the_summary(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 2)
    chat.tap("Changer une réponse")
    assert chat.state.step == "summary"
    chat.tap("✏️ Commune")
    assert chat.state.step == "place"
    chat.text("Calais")
    assert chat.state.step == "summary"
    assert chat.state.answers["place"]["name"] == "Calais"
    assert chat.state.answers["total"] == "10000.00"  # the rest is kept


def test_changing_to_fiche_4_asks_only_the_fiche_4_questions(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 1)
    chat.tap("Changer une réponse")
    chat.tap("✏️ Fiche")
    chat.tap("(4)")
    assert chat.state.step == "priority_area"
    chat.tap("Je ne sais pas")
    chat.tap("Investissement")
    assert chat.state.step == "summary"


def test_back_undoes_the_last_answer(chat: Chat) -> None:
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    assert chat.state.step == "audience"
    chat.command("/retour")
    assert chat.state.step == "place" and "place" not in chat.state.answers
    chat.command("/back")
    assert chat.state.step == "role" and "role" not in chat.state.answers
    chat.command("/back")
    assert "pas de réponse à annuler" in chat.said


def test_restart_keeps_consent_and_language(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 3)
    conversation = chat.state.conversation
    chat.command("/recommencer")
    assert chat.state.step == "role" and chat.state.consent and not chat.state.answers
    assert chat.state.conversation == conversation + 1


def test_ambiguous_place_offers_candidates_and_correction(chat: Chat) -> None:
    chat.start()
    chat.tap("association")
    chat.text("Saint-Aubin")
    assert chat.state.step == "place_choice"
    labels = [label for label, _ in chat.buttons()]
    assert "Saint-Aubin (59)" in labels and "Saint-Aubin (62)" in labels
    chat.tap("Saint-Aubin (62)")
    assert chat.state.answers["place"]["territory"] == "littoral"
    assert "Communauté d'agglomération des Deux Baies en Montreuillois" in chat.said
    chat.tap("Changer de commune")
    assert chat.state.step == "place"


def test_former_commune_is_named_with_its_current_one(chat: Chat) -> None:
    chat.start()
    chat.tap("association")
    chat.text("Lomme")
    assert "Lomme (aujourd'hui Lille)" in chat.said and "Métropole lilloise" in chat.said


def test_unknown_place_and_out_of_region(chat: Chat) -> None:
    chat.start()
    chat.tap("association")
    chat.text("75001")
    assert "Paris (Paris, 75)" in chat.said and chat.state.step == "place"
    chat.text("qwxzt")
    assert "Je ne trouve pas" in chat.said and chat.state.step == "place"


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(Event.other("photo"), id="photo"),
        pytest.param(Event.other("sticker"), id="sticker"),
        pytest.param(Event.text("x" * 4000), id="4000-chars"),
        pytest.param(Event.text("🙂🎉🙃"), id="emoji-only"),
        pytest.param(Event.choice("3|role:association"), id="button-of-another-step"),
        pytest.param(Event.choice("garbage"), id="garbage-button"),
        pytest.param(Event.command("/nimportequoi"), id="unknown-command"),
    ],
)
def test_unexpected_input_gets_a_reply_and_the_question_again(chat: Chat, event: Event) -> None:
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    before = chat.state.step
    assert before == "project"
    chat.send(event)
    assert chat.state.step == before
    assert "Décrivez votre projet" in chat.replies[-1].text


def test_stale_button_after_restart_of_dialog(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 1)
    old = chat.buttons()
    chat.command("/recommencer")
    chat.send(Event.choice(old[0][1]))
    assert "plus actif" in chat.said and chat.state.step == "role"


def test_user_text_is_escaped_when_echoed(chat: Chat) -> None:
    chat.start()
    chat.tap("association")
    chat.text("Atlantis <3 & co >_<")
    assert "Atlantis &lt;3 &amp; co &gt;_&lt;" in chat.said
    assert "<3" not in chat.said


def test_markup_typed_is_refused_and_never_echoed(chat: Chat) -> None:
    """A tag typed is code, not a commune: said so, never echoed (not even escaped)."""
    chat.start()
    chat.tap("association")
    chat.text("<b>Atlantis</b> & co")
    assert "du code ou de la mise en forme" in chat.said
    assert "Atlantis" not in chat.said and chat.state.step == "place"


def test_nothing_but_consent_before_it(chat: Chat) -> None:
    chat.command("/start")
    chat.text("Lens")
    assert chat.state.step == "consent" and not chat.state.answers
    chat.tap("Non merci")
    assert chat.state.step == "declined" and not chat.state.consent
    chat.command("/start")
    chat.text("oui")
    assert chat.state.consent and chat.state.step == "role"


def test_free_text_answers_to_button_questions(chat: Chat) -> None:
    chat.start()
    chat.text("on est une asso de quartier")
    assert chat.state.answers["role"] == "association"
    chat.text("59000")
    chat.text("les jeunes du quartier prioritaire")
    chat.text("fiche 4")
    chat.text("je sais pas")
    assert chat.state.answers["priority_area"] == "unknown"
    chat.text("des travaux")
    assert chat.state.answers["kind"] == "investment"


def test_contact_request_is_stored_with_the_lead(guide: Guide) -> None:
    chat = Chat(guide, today=CLOSED)
    full_run(chat, 2)
    chat.tap("recontacté")
    chat.text("pas de téléphone")
    assert chat.state.step == "contact"
    chat.text("Appelez-moi au 06 12 34 56 78")
    assert chat.state.lead is not None
    assert chat.state.lead["wants_contact"] and chat.state.lead["contact"] == "06 12 34 56 78"
    assert chat.state.step == "verdict"


def test_english_conversation(guide: Guide) -> None:
    chat = Chat(guide, today=CLOSED, lang="en")
    chat.command("/start")
    assert "I agree" in " ".join(label for label, _ in chat.buttons())
    chat.tap("agree")
    assert "Who are you?" in chat.said


def test_language_switch_any_time(chat: Chat) -> None:
    chat.start()
    chat.command("/langue")
    chat.tap("English")
    assert chat.state.lang == "en" and "Who are you?" in chat.said


def test_state_round_trips_through_json(guide: Guide) -> None:
    chat = Chat(guide, today=OPEN)
    full_run(chat, 4)
    restored = State.from_json(chat.state.to_json())
    assert restored == chat.state
    json.loads(chat.state.to_json())


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        pytest.param("0033 6 12 34 56 78", "0033 6 12 34 56 78", id="0033"),
        pytest.param("+33 (0)6 12 34 56 78", "+33 (0)6 12 34 56 78", id="plus-33-0"),
    ],
)
def test_an_international_phone_is_a_contact(guide: Guide, typed: str, kept: str) -> None:
    """The console links "0033…" numbers; the bot used to refuse the same number typed."""
    chat = Chat(guide, today=CLOSED)
    full_run(chat, 2)
    chat.tap("recontacté")
    chat.text(typed)
    assert chat.state.lead is not None and chat.state.lead["contact"] == kept
    assert chat.state.step == "verdict"


def test_an_email_and_a_phone_are_both_kept(guide: Guide) -> None:
    """The contact step used to keep the e-mail and drop the phone given beside it."""
    chat = Chat(guide, today=CLOSED)
    full_run(chat, 2)
    chat.tap("recontacté")
    chat.text("zoe@exemple.fr ou le 06.12.34.56.78 le soir")
    assert chat.state.lead is not None
    assert chat.state.lead["contact"] == "zoe@exemple.fr, 06 12 34 56 78"
    assert "zoe@exemple.fr, 06 12 34 56 78" in chat.said


@pytest.mark.parametrize(
    "address",
    ["jean.o'brien@exemple.fr", "zoe&co@asso-exemple.fr", "contact+dsdt@exemple.fr"],
)
def test_an_email_with_an_apostrophe_or_ampersand_is_kept_whole(
    guide: Guide, address: str
) -> None:
    """Legal in an address's local part, « ' » and « & » cut it: o'brien@… was stored as
    brien@…, an address staff would write to in vain, with no word to the person."""
    chat = Chat(guide, today=CLOSED)
    full_run(chat, 2)
    chat.tap("recontacté")
    chat.text(f"mon mail : {address}")
    assert chat.state.lead is not None and chat.state.lead["contact"] == address
