"""What a question asks must be in its answer for the thing it asks about (issue 22, faq6 pass):
a sum, a phone, an e-mail of a thing named, a way of sending; a fiche whose text lists no
ceiling; an abbreviation's French words; a letter's one question drowned in its context.
Through the real dialog (/start, consent, /question, then the text), beside a question of
the same shape the documents do answer."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.test_faq_abstain import NOT_SAID, said_not_given
from tests.test_faq_asks import asked


@pytest.mark.parametrize(
    ("text", "lang", "neighbour"),
    [
        (  # was the FPH's entry: associations and microprojects counted, no sum
            "Quel est le montant maximum d'un microprojet financé par le Fonds de "
            "Participation des Habitants ?",
            "fr",
            "115 associations",
        ),
        (  # was fiche 4's ceilings, which are not of a microproject
            "Madame, Monsieur, notre association gère un FPH à Lens. Pourriez-vous nous "
            "indiquer le plafond d'un microprojet soutenu par le FPH ? Cordialement.",
            "fr",
            "en investissement et",
        ),
        (  # was the routing for Valenciennes: the Region's phones as if they were its own
            "Quel est le numéro de téléphone de la Communauté d'Agglomération de "
            "Valenciennes Métropole ?",
            "fr",
            "Sous-territoire",
        ),
        ("What is the intercommunality's phone number?", "en", "General contacts"),
        (  # was the fiche synthétique's entry, which holds no e-mail
            "Quelle est l'adresse e-mail de l'intercommunalité pour déposer la fiche "
            "synthétique ?",
            "fr",
            "devra être déposée",
        ),
        (  # was the deadline, with half a sentence saying where is not said
            "Peut-on envoyer le dossier complet par e-mail ou faut-il l'envoyer par courrier ?",
            "fr",
            "se dépose au plus tard",
        ),
        ("Can the fiche synthétique be submitted online?", "en", "must be filed"),
    ],
)
def test_a_thing_asked_of_what_the_documents_do_not_give_is_not_answered(
    guide: Guide, text: str, lang: str, neighbour: str
) -> None:
    said_not_given(asked(guide, text, lang), neighbour)


@pytest.mark.parametrize(
    ("text", "lang", "facts"),
    [
        ("Quel est le numéro de téléphone de Priscille Dolez ?", "fr", ["03 28 82 79 63"]),
        ("Quel est le numéro de téléphone de la Région ?", "fr", ["03 28 82 79 52"]),
        ("l'e-mail de Frédéric Autin", "fr", ["frederic.autin@"]),
        ("Quel est le plafond en investissement de la fiche 4 ?", "fr", ["150 000 €"]),
        ("Quel est le montant minimum de la demande pour la fiche 1 ?", "fr", ["2 000 €"]),
        ("vous gardez mon numéro de téléphone ?", "fr", ["/mesdonnees"]),
    ],
)
def test_the_same_shapes_the_documents_answer_are_answered(
    guide: Guide, text: str, lang: str, facts: list[str]
) -> None:
    said = asked(guide, text, lang)
    assert NOT_SAID not in said, said
    assert all(f in said for f in facts), said


@pytest.mark.parametrize(
    ("text", "lang", "said_so"),
    [
        (
            "Quel est le plafond de la subvention pour la fiche 2 ?",
            "fr",
            "ne donne de plafond que pour la fiche 4",
        ),
        ("What is the ceiling for a fiche 3 project?", "en", "gives ceilings for fiche 4 only"),
    ],
)
def test_a_fiche_whose_text_lists_no_ceiling_is_said_so_not_said_to_have_none(
    guide: Guide, text: str, lang: str, said_so: str
) -> None:
    """« La fiche 2 ne fixe pas de plafond » was more than the documents say: its text lists
    a floor and a co-funding rate, and only fiche 4's lists ceilings."""
    said = asked(guide, text, lang)
    assert "ne le disent pas" in said or "do not say" in said, said
    assert said_so in said and ("150 000" in said or "150,000" in said), said
    assert "ne fixe pas de plafond" not in said and "sets no ceiling" not in said


@pytest.mark.parametrize(
    ("text", "lang", "words"),
    [
        ("What does GUP stand for?", "en", "Gestion Urbaine de Proximité"),
        ("What does FLIP mean?", "en", "Fonds Locaux d'Initiative Pays"),
    ],
)
def test_an_abbreviation_asked_gets_the_documents_french_words(
    guide: Guide, text: str, lang: str, words: str
) -> None:
    said = asked(guide, text, lang)
    assert words in said, said


def test_an_answer_that_spells_it_out_gets_no_second_spelling(guide: Guide) -> None:
    said = asked(guide, "Que veut dire FPH ?", "fr")
    assert said.count("Fonds de Participation des Habitants") == 1, said
