"""A letter longer than a short answer (« Madame, Monsieur, … pourriez-vous … ? ») is read for
its question — in question mode, and at any step whose answer is a few words — where it was
only told it is too long (faq3's note: 4 of passages_tune5's 9 wrongs were letters of 309 to
393 characters that never reached the FAQ). Through the real dialog."""

from __future__ import annotations

from dialogs.flow import Guide
from tests.dialog_driver import Chat, at_place, started
from tests.test_sheet_dialog import at_verdict

LETTER = (
    "Madame, Monsieur, nous sommes une association d'habitants qui accompagne depuis plusieurs "
    "années des familles du quartier dans leurs démarches quotidiennes et l'organisation de "
    "fêtes de quartier. Nous envisageons de déposer un dossier. Pourriez-vous nous indiquer "
    "quelle est la date limite de dépôt de la fiche synthétique ? Avec nos remerciements, "
    "veuillez agréer nos salutations distinguées."
)
TOO_LONG = "un peu long"


def test_the_letter_is_longer_than_a_short_answer() -> None:
    assert 300 < len(LETTER) <= 1500


def test_a_letter_in_question_mode_is_answered(guide: Guide) -> None:
    chat = started(Chat(guide))
    chat.command("/question")
    chat.text(LETTER)
    assert "1er décembre 2014" in chat.said and TOO_LONG not in chat.said
    assert chat.state.mode == "question"


def test_a_letter_at_the_commune_question_is_answered_and_the_question_asked_again(
    guide: Guide,
) -> None:
    chat = at_place(Chat(guide))
    chat.text(LETTER)
    assert "1er décembre 2014" in chat.said and TOO_LONG not in chat.said
    assert chat.state.step == "place" and "place" not in chat.state.answers
    assert "commune" in chat.replies[-1].text


def test_a_letter_before_consent_is_answered_and_consent_asked_again(guide: Guide) -> None:
    chat = Chat(guide)
    chat.command("/start")
    chat.text(LETTER)
    assert "1er décembre 2014" in chat.said and not chat.state.consent
    assert chat.replies[-1].choices[0].label.endswith("J'accepte")


def test_a_long_text_that_asks_nothing_is_still_too_long(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    told = LETTER.replace("Pourriez-vous nous indiquer quelle", "Nous avons noté quelle")
    chat.text(told.replace("?", "."))
    assert TOO_LONG in chat.said and chat.state.step == "place"


def test_a_letter_that_asks_without_its_mark_is_answered(guide: Guide) -> None:
    """« Pourriez-vous nous indiquer … . » asks though its mark is a full stop (reading14)."""
    chat = at_place(Chat(guide))
    chat.text(LETTER.replace("?", "."))
    assert "1er décembre 2014" in chat.said and TOO_LONG not in chat.said
    assert chat.state.step == "place" and "place" not in chat.state.answers


def test_a_long_description_with_a_question_mark_is_a_description(guide: Guide) -> None:
    """At the project's description (1,500 characters) a long text is the answer, as before."""
    chat = started(Chat(guide), "tap:association", "Liévin", "tap:jeunes")
    assert chat.state.step == "project"
    text = "Un jardin partagé au pied des immeubles, ouvert à tous ? Oui : " + "des bacs, " * 40
    chat.text(text)
    assert chat.state.answers.get("description", "").startswith("Un jardin partagé")


def test_beyond_a_descriptions_length_a_letter_is_too_long(guide: Guide) -> None:
    chat = started(Chat(guide))
    chat.command("/question")
    chat.text(LETTER * 4)  # ~1,600 characters
    assert TOO_LONG in chat.said


def test_a_long_question_at_a_short_field_of_the_sheet_is_answered_nothing_saved(
    guide: Guide,
) -> None:
    chat = at_verdict(guide)
    chat.tap("fiche synthétique")
    chat.text(LETTER)
    assert "1er décembre 2014" in chat.said
    assert "title" not in chat.state.answers.get("sheet", {})


def test_a_letter_in_question_mode_at_the_description_is_a_question_not_the_description(
    guide: Guide,
) -> None:
    """In question mode any text is a question, whatever the step's own answer may hold: a
    letter typed after /question at the project's description was saved as the description."""
    chat = started(Chat(guide), "tap:association", "Liévin", "tap:jeunes")
    assert chat.state.step == "project"
    chat.command("/question")
    chat.text(LETTER)
    assert "1er décembre 2014" in chat.said and "description" not in chat.state.answers
    assert chat.state.step == "project" and chat.state.mode == "question"
