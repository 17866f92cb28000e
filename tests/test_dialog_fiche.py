"""The project step in the dialog: a clear description is suggested with its words; weak or
tied evidence shows the four fiches explained, one button each and "Je ne sais pas"."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from knowledge.model import as_of
from knowledge.money import format_money
from tests.dialog_driver import OPEN, Chat


def at_project(guide: Guide, lang: str = "fr", place: str = "Roubaix") -> Chat:
    chat = Chat(guide, today=OPEN, lang=lang)
    chat.start()
    chat.tap("association")
    chat.text(place)
    chat.tap("quartier" if lang == "fr" else "neighbourhood")
    assert chat.state.step == "project"
    return chat


def fiche_buttons(chat: Chat) -> list[str]:
    return [data.split("|", 1)[1] for _label, data in chat.buttons()]


@pytest.mark.parametrize(
    ("description", "fiche", "word"),
    [
        ("on monte un jardin partagé en bas des immeubles", 4, "jardin partagé"),
        ("des micro-projets portés par les habitants avec le FPH", 1, "FPH"),
        ("un festival de street art, une première chez nous", 2, "street art"),
        ("mettre en place un conseil citoyen avec l'agglo", 3, "conseil citoyen"),
    ],
)
def test_clear_description_is_suggested_with_its_words(
    guide: Guide, description: str, fiche: int, word: str
) -> None:
    chat = at_project(guide)
    chat.text(description)
    assert chat.state.step == "fiche_confirm"
    assert f"fiche {fiche}" in chat.said and f"« {word} »" in chat.said
    assert fiche_buttons(chat)[0] == f"fiche:{fiche}"
    assert fiche_buttons(chat)[-1] == "fiche:dunno"
    chat.tap(f"Oui, fiche {fiche}")
    assert chat.state.answers["fiche"] == fiche
    assert "fiche_unsure" not in chat.state.answers


def test_english_example_is_matched_in_english(guide: Guide) -> None:
    chat = at_project(guide, lang="en")
    chat.text("a shared garden at the foot of the buildings")
    assert chat.state.step == "fiche_confirm"
    assert chat.state.suggestion["fiche"] == 4
    assert "shared garden" in chat.said


@pytest.mark.parametrize(
    "description",
    [
        "un projet pour les habitants du quartier",  # generic words only
        "bonjour je voudrais une subvention",
    ],
)
def test_not_sure_shows_the_four_fiches_explained(guide: Guide, description: str) -> None:
    chat = at_project(guide)
    chat.text(description)
    assert chat.state.step == "fiche_confirm"
    assert "fiche" not in chat.state.suggestion
    said = chat.said
    assert "pas sûr" in said
    for number, fiche in guide.knowledge.fiches.items():
        # one line each: number, short title and the first sentence of the plain summary
        first_sentence = fiche.summary.split(". ")[0]
        line = next(x for x in said.splitlines() if x.startswith(f"<b>{number}."))
        assert fiche.short_title in line and first_sentence[:40] in line
    assert fiche_buttons(chat) == ["fiche:1", "fiche:2", "fiche:3", "fiche:4", "fiche:dunno"]


def test_tied_description_names_the_candidates(guide: Guide) -> None:
    """Two fiches, close: no tie broken by number; both named, one separating question
    (their themes) and a way to see them all (issue 22)."""
    chat = at_project(guide)
    chat.text("un festival et un potager")
    assert chat.state.suggestion["candidates"] == [2, 4]
    assert "fiche 2" in chat.said and "fiche 4" in chat.said
    assert fiche_buttons(chat) == ["fiche:2", "fiche:4", "fiche:all"]


def test_choosing_a_fiche_from_the_four(guide: Guide) -> None:
    chat = at_project(guide)
    chat.text("un projet pour les habitants du quartier")
    chat.tap("Fiche 3")
    assert chat.state.answers["fiche"] == 3
    assert chat.state.step == "total"


@pytest.mark.parametrize("how", ["button", "typed"])
def test_je_ne_sais_pas_gives_help_then_a_fiche_to_confirm(guide: Guide, how: str) -> None:
    chat = at_project(guide, place="Lens")
    chat.text("un projet pour les habitants du quartier")
    if how == "button":
        chat.tap("Je ne sais pas")
    else:
        chat.text("je sais pas")
    said = chat.said
    # who helps choose, for this territory (Artois: fiches 1-3 and fiche 4 contacts)
    assert "Déborah FACON" in said and "Priscille DOLEZ" in said
    # what changes from one fiche to another, from the data (floors as of the day)
    for fiche in guide.knowledge.fiches.values():
        floor = as_of(fiche.floor, OPEN)
        assert floor is not None and format_money(floor.value, "fr") in said
    assert chat.state.step == "fiche_confirm"
    assert fiche_buttons(chat) == ["fiche:1", "fiche:2", "fiche:3", "fiche:4"]
    chat.tap("Fiche 1")
    assert chat.state.answers["fiche"] == 1 and chat.state.answers["fiche_unsure"] is True
    # the rest of the dialog goes on, and the fiche shows as to be confirmed
    chat.text("10000")
    chat.text("3000")
    chat.text("3000")
    chat.tap("Non")
    assert chat.state.step == "summary"
    assert "(à confirmer)" in chat.said
    chat.tap("Voir le résultat")
    assert chat.state.lead is not None and chat.state.lead["fiche_to_confirm"] is True


@pytest.mark.parametrize("how", ["button", "typed"])
def test_dont_know_after_a_suggestion_shows_the_four(guide: Guide, how: str) -> None:
    chat = at_project(guide)
    chat.text("un jardin partagé")
    assert chat.state.suggestion["fiche"] == 4
    if how == "button":
        chat.tap("Je ne sais pas")
    else:
        chat.text("je ne sais pas")
    assert "fiche" not in chat.state.suggestion
    assert fiche_buttons(chat) == ["fiche:1", "fiche:2", "fiche:3", "fiche:4", "fiche:dunno"]
    assert "fiche_unsure" not in chat.state.answers  # not yet: the four are explained first


def test_yes_without_a_suggestion_records_nothing(guide: Guide) -> None:
    chat = at_project(guide)
    chat.text("un projet pour les habitants du quartier")
    chat.text("oui")
    assert "fiche" not in chat.state.answers
    assert chat.state.step == "fiche_confirm"


def test_a_clear_suggestion_after_dont_know_clears_the_flag(guide: Guide) -> None:
    chat = at_project(guide)
    chat.text("aider les gens")
    chat.tap("Je ne sais pas")
    chat.tap("Fiche 2")
    assert chat.state.answers["fiche_unsure"] is True
    chat.command("/retour")
    chat.text("un jardin partagé au pied des immeubles")
    chat.tap("Oui, fiche 4")
    assert chat.state.answers["fiche"] == 4 and "fiche_unsure" not in chat.state.answers


@pytest.mark.parametrize("how", ["button", "typed"])
def test_je_ne_sais_pas_at_the_project_step_explains_the_four_first(
    guide: Guide, how: str
) -> None:
    chat = at_project(guide)
    if how == "button":
        chat.tap("Je ne sais pas")
    else:
        chat.text("je ne sais pas")
    assert chat.state.step == "fiche_confirm"
    assert "description" not in chat.state.answers
    assert fiche_buttons(chat) == ["fiche:1", "fiche:2", "fiche:3", "fiche:4", "fiche:dunno"]
    chat.tap("Je ne sais pas")
    assert "Priscille DOLEZ" in chat.said
    assert fiche_buttons(chat) == ["fiche:1", "fiche:2", "fiche:3", "fiche:4"]


def test_english_dont_know_uses_english_typography(guide: Guide) -> None:
    chat = at_project(guide, lang="en")
    chat.tap("I don't know")
    chat.tap("I don't know")
    assert "€2,000; fiches 3, 4: €5,000" in chat.said
