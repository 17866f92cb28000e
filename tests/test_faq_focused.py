"""A letter's one question, drowned in the sentences around it, answered apart from them when
three readings agree; a letter asking for a person whose project's description names the fiche;
a near-tie of the matcher broken by BM25 (issue 22, faq6 pass: knowledge/faq_letters.py). Through
the real dialog (/start, consent, /question, then the text)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.test_faq_abstain import NOT_SAID
from tests.test_faq_asks import asked


@pytest.mark.parametrize(
    ("text", "lang", "facts"),
    [
        (  # the context (« depuis 2011 », a story) left the floor at 42, under the cutoff
            "Bonjour, notre centre social porte depuis 2011 des ateliers de quartier qui ont "
            "pris de l'ampleur ; avec la communauté d'agglomération nous voulons maintenant en "
            "faire un projet structurant à l'échelle de plusieurs communes. Pourriez-vous nous "
            "préciser le montant minimum qu'il faut demander à la Région pour ce type de "
            "projet ? Bien cordialement.",
            "fr",
            ["5 000 €"],
        ),
        (
            "Madame, Monsieur, je suis la présidente d'une petite association de locataires. "
            "Nous voulons aller chercher les habitants qui ne viennent jamais aux réunions. "
            "Notre mairie est-elle obligée de participer au financement, et à quelle "
            "hauteur ? Je vous remercie de votre attention.",
            "fr",
            ["30 %"],
        ),
    ],
)
def test_a_letters_one_question_is_answered_apart_from_its_context(
    guide: Guide, text: str, lang: str, facts: list[str]
) -> None:
    said = asked(guide, text, lang)
    assert NOT_SAID not in said, said
    assert all(f in said for f in facts), said
    assert "2 011" not in said, said  # a year of the context is no amount asked


def test_a_letter_whose_context_leans_elsewhere_keeps_its_doubt(guide: Guide) -> None:
    """Asked alone, « are we still allowed to apply for DSDT money? » is "is the call open?";
    the letter's context (regional funding already received) is the non-cumul rule, which BM25
    finds for the whole letter: no answer to the question alone."""
    said = asked(
        guide,
        "Dear team, our association already receives regional funding for its yearly "
        "programme of activities. We now have a new idea with the inhabitants. Are we still "
        "allowed to apply for DSDT money? Many thanks.",
        "en",
    )
    assert "23 January 2015" not in said, said


def test_a_letter_asking_a_person_gets_the_contact_of_the_fiche_its_project_describes(
    guide: Guide,
) -> None:
    """« …un atelier de travaux urbains… Pouvez-vous m'indiquer la personne de la Région qui
    suit ce type de projet ? » named no fiche: the description is fiche 4's (the dialog's own
    reading), whose contact is Priscille Dolez; and « quels types de projets » tied with the
    contacts for the question alone."""
    said = asked(
        guide,
        "Madame, Monsieur, nous sommes une association d'habitants de Denain. Nous voulons "
        "lancer un atelier de travaux urbains pour que les habitants donnent leur avis sur le "
        "futur square. Pouvez-vous m'indiquer la personne de la Région qui suit ce type de "
        "projet ? Bien à vous.",
    )
    assert "DOLEZ" in said and NOT_SAID not in said, said


def test_a_near_tie_of_the_matcher_is_broken_by_bm25(guide: Guide) -> None:
    """Fiche 3's entry and the co-funding's scored 46.1 each; BM25 finds the co-funding's
    whole: the rate is answered."""
    said = asked(guide, "Quel est le taux de cofinancement des collectivités pour la fiche 3 ?")
    assert "30 %" in said and NOT_SAID not in said, said
