"""A letter's asking sentence saying what it asks in its own words, chosen over the letter's
story; a rule's condition told as a fact about the asker; a rule of one funder not answered for
another (issue 22, faq7 pass: knowledge/faq_letters.py `spending`, `told`; faq.toml `told`, `of`,
`not_of`). Through the real dialog (/start, consent, /question, then the text)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.test_faq_abstain import NOT_SAID
from tests.test_faq_asks import asked


@pytest.mark.parametrize(
    ("text", "lang", "lead"),
    [
        (  # the story (a renovation with the landlord) left the ceiling at 31, under the cutoff
            "Madame, Monsieur, notre centre social de Maubeuge prépare avec le bailleur la "
            "rénovation du local collectif résidentiel et des abords de la résidence. Les "
            "habitants ont dessiné les plans avec nous. Quel est le montant maximum que la "
            "Région peut accorder pour les travaux ? Cordialement.",
            "fr",
            "Fiche 4 : plafond de 150 000 € en investissement.",
        ),
        (  # « travaux » in the asking sentence, BM25 leaning to « investissement ou … ? »
            "Madame, Monsieur, nous voulons rénover la salle de quartier de Wattrelos avec les "
            "jeunes du quartier. Y a-t-il un plafond pour les travaux ? Merci.",
            "fr",
            "Fiche 4 : plafond de 150 000 € en investissement.",
        ),
        (  # the energy renovation's story; the sentence asks running costs
            "Dear team, our association supports tenants during the energy renovation of "
            "their flats in Douai. We would need to pay a part-time facilitator. What is the "
            "ceiling for running costs? Kind regards.",
            "en",
            "Fiche 4: ceiling of €20,000 for operating costs.",
        ),
        (
            "Good afternoon, a group of residents in Arras wants to organise clean-up days and "
            "events with a mediator every week in the estate. The costs are mostly staff and "
            "activities. Up to how much can the Region pay for the operating costs? Many "
            "thanks.",
            "en",
            "Fiche 4: ceiling of €20,000 for operating costs.",
        ),
    ],
)
def test_a_ceiling_asked_for_a_kind_of_spending_is_answered_over_the_story(
    guide: Guide, text: str, lang: str, lead: str
) -> None:
    """The answer opens with the ceiling of the kind the sentence asks (then the entry's text,
    both ceilings of fiche 4, as for any ceiling asked)."""
    said = asked(guide, text, lang)
    assert NOT_SAID not in said and "do not say" not in said, said
    assert said.startswith(lead), said


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        (  # a named fiche without a ceiling: the documents' silence first
            "Madame, Monsieur, nous voulons rénover une salle de quartier à Béthune avec les "
            "habitants, sous la fiche 2. Quel est le montant maximum pour les travaux au titre "
            "de la fiche 2 ? Merci.",
            "Pour la fiche 2, les documents de l'appel ne le disent pas",
        ),
        (  # a thing's own ceiling (the FTU): not fiche 4's
            "Madame, Monsieur, notre association gère un Fonds de Travaux Urbains à Lens avec "
            "les habitants. Quel est le plafond des travaux financés par le FTU ? Merci.",
            "Je ne suis pas sûr",
        ),
    ],
)
def test_a_ceiling_the_documents_do_not_give_keeps_its_doubt(
    guide: Guide, text: str, lead: str
) -> None:
    said = asked(guide, text)
    assert said.startswith(lead), said
    assert "Fiche 4 : plafond" not in said, said


@pytest.mark.parametrize(
    ("text", "lang", "fact"),
    [
        (
            "Bonjour, notre centre social bénéficie d'une subvention régionale pour son "
            "programme d'activité annuel. Nous avons un projet de théâtre forum avec les "
            "habitants. Avons-nous le droit de demander en plus un financement DSDT ? Merci "
            "pour votre réponse.",
            "fr",
            "besoin non couvert",
        ),
        (  # asked alone, « is it possible to apply for DSDT as well? » is "what is DSDT?"
            "Dear Sir or Madam, the Regional Council already gives our association a grant for "
            "our yearly activity programme. We have a new idea for a neighbourhood festival "
            "with the inhabitants. Is it possible to apply for DSDT as well? Kind regards.",
            "en",
            "not covered",
        ),
        (  # faq6 left it « not sure »: it is the rule itself
            "Dear team, our association already receives regional funding for its yearly "
            "programme of activities. We now have a new idea with the inhabitants. Are we "
            "still allowed to apply for DSDT money? Many thanks.",
            "en",
            "not covered",
        ),
    ],
)
def test_a_rule_told_as_a_fact_of_the_asker_is_answered(
    guide: Guide, text: str, lang: str, fact: str
) -> None:
    said = asked(guide, text, lang)
    assert fact in said, said
    assert "23 January 2015" not in said, said  # not "is the call open?"


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, notre association est déjà financée par le Département pour ses activités. "
        "Pouvons-nous cumuler cette aide avec le DSDT ? Merci.",
        "Bonjour, notre association reçoit une subvention du Département pour son programme "
        "d'activité. Nous avons un nouveau projet avec les habitants. Pouvons-nous demander un "
        "financement DSDT ? Merci.",
    ],
)
def test_the_regions_rule_is_not_said_of_another_funder(guide: Guide, text: str) -> None:
    """The non-cumul rule is of the Regional Council's funding: the documents say nothing of
    the Département's."""
    said = asked(guide, text)
    assert "besoin non couvert" not in said, said
    assert NOT_SAID in said, said


def test_the_regions_rule_is_still_answered_when_asked_of_the_region(guide: Guide) -> None:
    said = asked(guide, "On est déjà financé par la Région, on peut demander ?")
    assert "besoin non couvert" in said, said


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Madame, je prépare une demande pour notre association de quartier à Douai. "
            "Faut-il déposer quelque chose avant le dossier complet ? Merci de votre aide.",
            "fr",
        ),
        ("What must we file before the complete application?", "en"),
    ],
)
def test_what_comes_before_the_full_file_is_not_the_full_files_date(
    guide: Guide, text: str, lang: str
) -> None:
    """The full file's entry (or its passage) says when it is due, nothing of what comes
    before it: asked what comes before, the bot does not answer with that date. Since the faq8
    pass the calendar answers (knowledge/faq_letters.py `ordered`): the fiche synthétique,
    then the full file; before, the bot said it was not sure."""
    said = asked(guide, text, lang)
    assert not said.startswith(("Le dossier complet", "The complete application")), said
    lower = said.lower()
    assert "fiche synthétique" in lower and lower.index("fiche synthétique") < lower.index("23 ")


@pytest.mark.parametrize(
    "text",
    [
        "Hello, we are a small association in Arras and this is our first application to the "
        "Region. Do we have to send a short form first, before the full application? Thank you.",
        "Dear team, our residents' group in Dunkirk wants to apply. Which document do we send "
        "first, to whom, and by when? Regards.",
    ],
)
def test_the_document_sent_first_is_the_short_form(guide: Guide, text: str) -> None:
    said = asked(guide, text, "en")
    assert "fiche synthétique" in said, said
    assert "1 December 2014" in said, said
    assert "intercommunality" in said, said


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Quels sont les indicateurs de la grille d'analyse ?", "fr"),
        ("What are the criteria of the assessment grid, one by one, with their weights?", "en"),
    ],
)
def test_what_the_grid_holds_is_not_said(guide: Guide, text: str, lang: str) -> None:
    """The documents say a grid « sera à votre disposition », not what it holds."""
    said = asked(guide, text, lang)
    assert said.startswith(("Je ne suis pas sûr", "I am not sure")), said


def test_who_draws_up_the_grid_is_still_answered(guide: Guide) -> None:
    said = asked(guide, "Qui établit la grille d'analyse ?")
    assert "Région et l'intercommunalité" in said, said
    assert not said.startswith("Je ne suis pas sûr"), said


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("What share of the building works can the Region pay, as a percentage?", "en"),
        (
            "Bonjour, nous voulons rénover la salle de quartier avec les jeunes de Lens. Quelle "
            "part des travaux la Région peut-elle payer, en pourcentage ? Merci.",
            "fr",
        ),
    ],
)
def test_the_local_authorities_rate_is_not_said_of_the_region(
    guide: Guide, text: str, lang: str
) -> None:
    """The 30 % is the local authorities' co-funding; the documents give no share of the
    Region."""
    said = asked(guide, text, lang)
    assert said.startswith(("Je ne suis pas sûr", "I am not sure")), said


@pytest.mark.parametrize(
    "text",
    [
        "La commune doit-elle participer au financement du projet ?",
        "La Région exige-t-elle un cofinancement de la commune ?",
    ],
)
def test_the_co_funding_is_still_answered_when_asked_of_it(guide: Guide, text: str) -> None:
    said = asked(guide, text)
    assert "30 %" in said, said
