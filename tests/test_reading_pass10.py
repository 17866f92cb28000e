"""Issue 22, tenth pass, through the real dialog: the share offer's buttons typed in words, a
question typed at a field of the fiche synthétique, English and formal messages at each step."""

from __future__ import annotations

from decimal import Decimal

from dialogs.flow import Guide
from dialogs.model import Event
from tests.dialog_driver import Chat, started


def at_request(guide: Guide, lang: str = "fr") -> Chat:
    audience = "tap:quartier" if lang == "fr" else "tap:neighbourhood"
    chat = started(Chat(guide, lang=lang), "tap:association", "Lens", audience, "tap:(1)", "10000")
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
    for turn in ("3000", "3000", "tap:Non", "tap:Voir le r", "tap:fiche synth"):
        chat.tap(turn[4:]) if turn.startswith("tap:") else chat.text(turn)
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


# ----------------------------------------------------------------------------- English
def test_english_at_the_consent_switches_and_answers_it(guide: Guide) -> None:
    chat = Chat(guide)
    chat.command("/start")
    chat.text("yes I agree")
    assert chat.state.consent and chat.state.lang == "en" and "Who are you" in chat.said
    chat = Chat(guide)
    chat.command("/start")
    chat.text("I don't agree")  # was searched in the FAQ
    assert not chat.state.consent and chat.state.step == "declined"
    assert chat.state.lang == "en" and "nothing is stored" in chat.said


def test_ok_fine_is_a_yes(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    chat.command("/start")
    chat.text("ok fine")
    assert chat.state.consent


def test_english_answers_as_people_type_them(guide: Guide) -> None:
    chat = Chat(guide)
    chat.start()
    for text in ("I'm just a resident", "it's in Dunkirk", "young people and families"):
        chat.text(text)
    chat.tap("(1)")
    for text in ("the whole thing costs about 12k", "we'd ask you for 5,000"):
        chat.text(text)
    chat.text("nothing from the town yet")
    answers = chat.state.answers
    assert chat.state.lang == "en" and answers["role"] == "inhabitant"
    assert answers["place"]["name"] == "Dunkerque" and answers["audience"] == "youth"
    assert (answers["total"], answers["request"], answers["cofunding"]) == (
        "12000.00",
        "5000.00",
        "0.00",
    )


def test_never_pounds_or_dollars_as_euros(guide: Guide) -> None:
    chat = at_request(guide, lang="en")
    for text in ("£4,000", "about $6,000", "4000 pounds"):
        chat.text(text)
        assert "request" not in chat.state.answers, text
        assert "euros" in chat.said, text


def test_a_mixed_message_keeps_the_conversations_language(guide: Guide) -> None:
    chat = Chat(guide)
    chat.start()
    chat.tap("association")
    chat.text("on est à Lille, near the station")  # French words too: no switch
    assert chat.state.lang == "fr" and chat.state.answers["place"]["name"] == "Lille"
    chat.tap("Des jeunes")
    chat.text("yes")  # one English word: no switch either
    assert chat.state.lang == "fr"


# ----------------------------------------------------------------------------- letters
def test_a_yes_or_no_behind_a_letters_greeting(guide: Guide) -> None:
    chat = at_request(guide)
    chat.text("3000")
    chat.text("3000")
    chat.text(
        "Bonjour, non, ce projet ne fait pas partie de notre programme d'activité. Cordialement"
    )
    assert chat.state.answers["activity"] == "no"


def test_a_formal_question_is_answered_never_read_as_an_answer(guide: Guide) -> None:
    question = (
        "Pourriez-vous m'indiquer, s'il vous plaît, si une association de loi 1901 peut "
        "déposer un dossier au titre de la fiche 2 ?"
    )
    chat = Chat(guide)
    chat.start()
    chat.text(question)  # at « Qui êtes-vous ? »: was kept as an association
    assert "role" not in chat.state.answers and "qui peut déposer" in chat.said
    chat = at_request(guide)
    chat.command("/retour")
    chat.text(question)  # at the total: was a total of 1 901 €
    assert "total" not in chat.state.answers and "qui peut déposer" in chat.said
    chat.text("12 000 € ?")  # an amount with a question mark is still one
    assert chat.state.answers["total"] == "12000.00"


def test_a_formal_letter_gives_its_commune(guide: Guide) -> None:
    chat = Chat(guide)
    chat.start()
    chat.tap("association")
    chat.text(
        "Madame, Monsieur, notre association, située à Roubaix (59100), souhaite vous "
        "présenter un projet. Cordialement"
    )
    assert chat.state.answers["place"]["name"] == "Roubaix"


def test_decimal_amounts_as_stored() -> None:
    assert Decimal("5000.00") == Decimal("5000")


def test_the_words_asked_about_are_escaped(guide: Guide) -> None:
    chat = at_sheet(guide)
    chat.text("Jardin <b>des</b> voisins ?")
    assert "&lt;b&gt;des&lt;/b&gt;" in chat.said and "<b>des" not in chat.said
    chat.tap("Oui, c'est ma réponse")
    assert chat.state.answers["sheet"]["title"] == "Jardin <b>des</b> voisins ?"


def test_a_question_where_the_field_takes_no_such_words_is_answered_at_once(
    guide: Guide,
) -> None:
    chat = at_sheet(guide)
    for _ in range(10):  # to the SIRET's question, every field skipped
        if chat.state.step == "sheet_registration":
            break
        chat.tap("Passer")
    assert chat.state.step == "sheet_registration"
    chat.text("c'est obligatoire le siret ?")
    assert (
        "c'est votre réponse" not in chat.said
        and "registration" not in chat.state.answers["sheet"]
    )
    assert chat.state.step == "sheet_registration"


def test_english_roles_and_consent_words(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    chat.command("/start")
    chat.text("I accept the terms")
    assert chat.state.consent
    chat.text("I am a local councillor")
    assert chat.state.answers["role"] == "authority"
    chat = Chat(guide, lang="en")
    chat.start()
    chat.text("just me")
    assert chat.state.answers["role"] == "inhabitant"


def test_being_contacted_asked_in_a_letter_is_talk(guide: Guide) -> None:
    chat = at_request(guide)
    chat.command("/retour")
    chat.text(
        "Madame, Monsieur, je souhaiterais être recontacté par un agent de la Région. Cordialement"
    )  # was "je n'ai pas reconnu de montant"
    assert "Contacts généraux" in chat.said and "total" not in chat.state.answers
    assert chat.state.step == "total"


def test_a_fiche_named_in_a_sentence_at_the_suggestion_is_chosen(guide: Guide) -> None:
    for lang, words in (("fr", "non, plutôt la fiche 1"), ("en", "no, rather fiche 1")):
        audience = "tap:quartier" if lang == "fr" else "tap:neighbourhood"
        chat = started(Chat(guide, lang=lang), "tap:association", "Lens", audience)
        chat.text("un jardin partagé au pied des immeubles")
        assert chat.state.suggestion.get("fiche") == 4
        chat.text(words)  # the « non » emptied the suggestion, the fiche named was lost
        assert chat.state.answers["fiche"] == 1, words
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier")
    chat.text("un jardin partagé au pied des immeubles")
    chat.text("c'est quoi la fiche 2 ?")  # a question chooses nothing
    assert "fiche" not in chat.state.answers


def test_a_question_about_the_field_says_it_is_optional(guide: Guide) -> None:
    chat = at_sheet(guide)
    chat.text("qu'est-ce que je dois mettre ?")  # got the selection criteria
    assert "facultatives" in chat.said and "title" not in chat.state.answers["sheet"]
    assert chat.state.step == "sheet_title"


def test_a_fiche_chosen_by_its_rank(guide: Guide) -> None:
    for lang, words, number in (("en", "the fourth one", 4), ("fr", "la 2e svp", 2)):
        audience = "tap:quartier" if lang == "fr" else "tap:neighbourhood"
        chat = started(Chat(guide, lang=lang), "tap:association", "Lens", audience)
        chat.text("un jardin partagé au pied des immeubles")
        chat.text(words)  # « the fourth one » was kept as a new description
        assert chat.state.answers["fiche"] == number, words
    chat = started(Chat(guide), "tap:association", "Lens", "tap:quartier")
    chat.text("un jardin partagé au pied des immeubles")
    chat.text("c'est la première fois qu'on monte un projet")  # a description, not fiche 1
    assert "fiche" not in chat.state.answers


def test_a_letters_two_named_amounts_fill_both_not_summed(guide: Guide) -> None:
    chat = at_request(guide)
    chat.command("/retour")
    chat.text(
        "Madame, Monsieur, nous sollicitons une aide de 12 000 € pour un budget total de "
        "30 000 €. Cordialement"
    )
    # reading12: « nous sollicitons » names the request, so both are filled and said (they
    # were offered as buttons, the request unnamed)
    assert chat.state.answers["total"] == "30000.00" and "additionner" not in chat.said
    assert chat.state.answers["request"] == "12000.00" and "30" in chat.said
