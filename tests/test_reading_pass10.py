"""Issue 22, tenth pass, through the real dialog: the share offer's buttons typed in words, a
question typed at a field of the fiche synthétique, English and formal messages at each step."""

from __future__ import annotations

from decimal import Decimal

from dialogs.flow import Guide
from dialogs.model import Event
from tests.dialog_driver import Chat


def at_request(guide: Guide, lang: str = "fr") -> Chat:
    chat = Chat(guide, lang=lang)
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier" if lang == "fr" else "neighbourhood")
    chat.tap("(1)")
    chat.text("10000")
    assert chat.state.step == "request"
    return chat


def offered(guide: Guide, share: str = "50 %", lang: str = "fr") -> Chat:
    chat = at_request(guide, lang)
    chat.text(share)
    assert "5 000" in chat.said.replace("\u202f", " ") or "5,000" in chat.said
    return chat


# ----------------------------------------------------------------------------- the share offer
def test_non_un_autre_montant_typed_asks_the_request_again(guide: Guide) -> None:
    chat = offered(guide)
    chat.text("Non, un autre montant")
    assert "request" not in chat.state.answers and chat.state.step == "request"
    assert "Combien demandez-vous" in chat.said and "Il me faut un montant" not in chat.said


def test_other_words_for_another_amount(guide: Guide) -> None:
    for words in ("non", "un autre montant svp", "non merci, autre chose"):
        chat = offered(guide)
        chat.text(words)
        assert "request" not in chat.state.answers, words
        assert chat.state.answers["total"] == "10000.00", words
        assert "pas reconnu" not in chat.said and "Il me faut" not in chat.said, words


def test_oui_typed_takes_the_amount_offered(guide: Guide) -> None:
    chat = offered(guide, "la moitié")
    chat.text("oui")
    assert chat.state.answers["request"] == "5000.00"
    assert chat.state.step == "cofunding"


def test_the_yes_label_typed_takes_it_too(guide: Guide) -> None:
    chat = offered(guide)
    chat.text("Oui, 5 000 €")
    assert chat.state.answers["request"] == "5000.00"


def test_a_no_with_an_amount_is_the_request_not_a_correction_of_the_total(guide: Guide) -> None:
    chat = offered(guide)
    chat.text("non, plutôt 4000")
    assert chat.state.answers["total"] == "10000.00"  # corrected to 4 000 before
    assert chat.state.answers["request"] == "4000.00"


def test_english_yes_and_another_amount(guide: Guide) -> None:
    chat = offered(guide, "half of it", lang="en")
    chat.text("yes please")
    assert chat.state.answers["request"] == "5000.00"
    chat = offered(guide, "half of it", lang="en")
    chat.text("no, another amount")
    assert "request" not in chat.state.answers and "I need an amount" not in chat.said


def test_the_offer_lasts_one_message(guide: Guide) -> None:
    chat = offered(guide)
    chat.text("blabla")  # not an answer to the offer: read as usual, the offer forgotten
    chat.text("oui")
    assert "request" not in chat.state.answers


# ----------------------------------------------------------------------------- the fiche synthétique
def at_sheet(guide: Guide) -> Chat:
    chat = at_request(guide)
    chat.text("3000")
    chat.text("3000")
    chat.tap("Non")
    chat.tap("Voir le r")
    chat.tap("fiche synth")
    assert chat.state.step == "sheet_title"
    return chat


def test_a_question_the_faq_answers_is_answered_and_the_field_asked_again(guide: Guide) -> None:
    chat = at_sheet(guide)
    chat.text("Bonjour, c'est quand la date limite ?")
    assert "1er décembre" in chat.said
    assert "title" not in chat.state.answers["sheet"] and chat.state.step == "sheet_title"
    chat.text("Jardin des voisins")
    assert chat.state.answers["sheet"]["title"] == "Jardin des voisins"


def test_a_title_shaped_like_a_question_is_asked_about(guide: Guide) -> None:
    chat = at_sheet(guide)
    chat.text("Et si on jardinait ensemble ?")
    assert "title" not in chat.state.answers["sheet"]
    assert "c'est votre réponse" in chat.said
    chat.tap("Oui, c'est ma réponse")
    assert chat.state.answers["sheet"]["title"] == "Et si on jardinait ensemble ?"
    assert chat.state.step == "sheet_structure"


def test_oui_typed_keeps_it_non_answers_it(guide: Guide) -> None:
    chat = at_sheet(guide)
    chat.text("Et si on jardinait ensemble ?")
    chat.text("oui")
    assert chat.state.answers["sheet"]["title"] == "Et si on jardinait ensemble ?"
    chat.text("faut-il obligatoirement des partenaires ?")  # at the structure: not sure
    assert "structure" not in chat.state.answers["sheet"]
    chat.text("non")  # a question: said so (the contacts), the field asked again
    assert "structure" not in chat.state.answers["sheet"]
    assert chat.state.step == "sheet_structure" and "contacts" in chat.said


def test_long_answers_with_a_question_mark_are_answers(guide: Guide) -> None:
    chat = at_sheet(guide)
    chat.text("Jardin")
    chat.text("Les Amis du jardin")
    chat.text("la mairie")
    text = (
        "Pourquoi un jardin ? Parce que les habitants l'ont demandé lors des réunions de "
        "quartier, ils choisissent les plantations et tiennent les permanences du samedi."
    )
    chat.text(text)
    assert chat.state.answers["sheet"]["participation"] == text


def test_a_stale_keep_button_does_nothing(guide: Guide) -> None:
    chat = at_sheet(guide)
    chat.text("Et si on jardinait ensemble ?")
    keep = [c.data for r in chat.replies for c in r.choices if "ma réponse" in c.label]
    chat.text("Jardin des voisins")
    chat.send(Event.choice(keep[0]))
    assert chat.state.answers["sheet"]["title"] == "Jardin des voisins"


def test_amounts_are_decimals_as_stored() -> None:
    assert Decimal("5000.00") == Decimal("5000")
