"""The faq9 pass (issue 22): what the faq8 and outside6 passes left. Each through the real dialog
(benchmarks/passages.py's Asker: /start, consent, /question, then the text), beside a neighbour
that must keep its answer or its doubt. What each rule is for: docs/passages.md ("Faq9 pass")."""

from __future__ import annotations

import pytest

from benchmarks import passages as bench


@pytest.fixture(scope="module")
def asker() -> bench.Asker:
    return bench.Asker()


def _says(reply: str, *facts: str) -> bool:
    """An answer (not a doubt) holding every fact, compared as the benchmark compares them."""
    return not bench.says_not_sure(reply) and all(
        bench.normal(f) in bench.normal(reply) for f in facts
    )


# ------------------------------------------------------------------ a year asked
def test_a_year_asked_is_not_answered_by_the_contact_cards_note(asker: bench.Asker) -> None:
    """« what year was the contact for fiche 4 appointed? » got fiche 4's contact card: the
    year asked was found in the card's own note, « Details from 2014: they may have changed »,
    which says when the document was written, not what is asked."""
    for text, lang in (
        ("what year was the contact for fiche 4 appointed?", "en"),
        ("en quelle année la personne ressource de la fiche 4 a-t-elle pris son poste ?", "fr"),
        # the general contacts' card: its postal codes and street numbers are no year
        ("depuis quelle année Sabrina Castel s'occupe de l'appel ?", "fr"),
    ):
        assert bench.says_not_sure(asker.reply(text, lang)), text
    # the card itself, asked, is still the card with its note; a year the documents write
    reply = asker.reply("qui contacter pour la fiche 4 ?", "fr")
    assert _says(reply, "DOLEZ", "Coordonnées de 2014")
    reply = asker.reply("en quelle année a été fondée l'opération Nos Quartiers d'Été ?", "fr")
    assert _says(reply, "1990")


# ------------------------------------------------------------------ an expense not listed
def test_an_expense_asked_as_eligible_is_not_given_the_kinds_of_spending(
    asker: bench.Asker,
) -> None:
    """« dépenses de transport éligibles ? » got « investissement ou fonctionnement ? » (its
    « dépenses »), as if the documents said transport was eligible under fiche 4's ceilings:
    they list no eligible expense."""
    for text in (
        "dépenses de transport éligibles ?",
        "les dépenses de transport sont éligibles ?",
    ):
        reply = asker.reply(text, "fr")
        assert bench.says_not_sure(reply) and "150 000" not in reply, text
    # a kind the documents name keeps the ceilings
    reply = asker.reply(
        "les dépenses de fonctionnement sont-elles éligibles pour la fiche 4 ?", "fr"
    )
    assert _says(reply, "20 000")
    assert _says(asker.reply("des travaux c'est de l'investissement ?", "fr"), "150 000")


# ------------------------------------------------------------------ who may apply
def test_who_is_eligible_gets_who_may_apply(asker: bench.Asker) -> None:
    """« qui est éligible ? » was not sure, a centre social's letter was quoted fiche 1's
    objectives: the documents give no list of who may apply,
    and say so with what they do say (who_can_apply)."""
    for text, lang, said in (
        ("qui est éligible ?", "fr", "ne dit pas qui peut déposer"),
        ("is a local authority eligible?", "en", "does not say who may apply"),
    ):
        reply = asker.reply(text, lang)
        assert _says(reply, said, "notre lecture" if lang == "fr" else "our reading"), text
        assert "30 %" not in reply, text
    reply = asker.reply(
        "Madame, Monsieur, notre centre social est-il éligible à cet appel à projets ? "
        "Cordialement.",
        "fr",
    )
    assert _says(reply, "ne dit pas qui peut déposer"), reply
    # the co-funding asked as such keeps its answer
    assert _says(asker.reply("la mairie doit-elle cofinancer le projet ?", "fr"), "30 %")


def test_staff_costs_asked_as_eligible_are_not_the_guides_data(asker: bench.Asker) -> None:
    """« les frais de personnel sont-ils éligibles ? » got what the guide does with personal
    data (« personnel », « données personnelles »)."""
    reply = asker.reply("les frais de personnel sont-ils éligibles ?", "fr")
    assert bench.says_not_sure(reply)
    assert not bench.says_not_sure(asker.reply("que faites-vous de mes données ?", "fr"))


# ------------------------------------------------------------------ how much money
def test_how_much_money_from_the_region_is_the_amounts_not_the_contacts(
    asker: bench.Asker,
) -> None:
    """« on peut avoir combien d'argent de la Région ? » got the general contacts: « avoir » and
    « la Région » fitted the words of « talk to someone » (lexicon.toml intent_rules). An amount
    asked is the ceilings, with the floors and the co-funding (our reading of its base)."""
    reply = asker.reply("on peut avoir combien d'argent de la Région ?", "fr")
    assert _says(reply, "150 000", "20 000", "2 000", "5 000", "30 %", "notre lecture")
    assert "CASTEL" not in reply
    # talking to someone at the Region is still that; a fiche named keeps its own ceilings only
    assert "CASTEL" in asker.reply("je voudrais parler à quelqu'un de la Région", "fr")
    reply = asker.reply("combien d'argent pour la fiche 4 au maximum ?", "fr")
    assert _says(reply, "150 000") and "30 %" not in reply


# ------------------------------------------------------------------ an online platform
def test_an_online_platform_to_share_a_project_is_la_ruche(asker: bench.Asker) -> None:
    """ "is there an online platform where we can share our project?" ranked la ruche à projets
    first and was not sure: « online » asks how (the `channel` need), and « un site de la
    Région » was no mark of it. The address as the documents write it, with its doubt."""
    reply = asker.reply("is there an online platform where we can share our project?", "en")
    assert _says(reply, "larucheaprojets.nordpasdecals.fr", "probably misspelt")
    reply = asker.reply("y a un site pour montrer notre projet ?", "fr")
    assert _says(reply, "larucheaprojets.nordpasdecals.fr", "mal orthographiée")
    # filing online is still something the documents do not say
    for text in ("peut-on déposer le dossier sur une plateforme en ligne ?",):
        assert bench.says_not_sure(asker.reply(text, "fr")), text
    assert bench.says_not_sure(asker.reply("is there an online form to apply?", "en"))


# ------------------------------------------------------------------ which fiche, after "would like"
def test_which_fiche_after_a_description_saying_would_like(asker: bench.Asker) -> None:
    """ "…we would like to accompany the tenants socially. Which fiche?" was read as two
    questions (« would like » is a request formula), so the letter had no telling sentence and
    the description was never read: the sentences not asking which fiche are its description."""
    reply = asker.reply(
        "We are a social landlord renovating 200 flats and we would like to accompany the "
        "tenants socially. Which fiche?",
        "en",
    )
    assert _says(reply, "our reading: fiche 4", "Local Urban Management")
    # a description the reader is not sure of keeps the doubt
    reply = asker.reply(
        "We would like to organise a street festival with the inhabitants. Which fiche?", "en"
    )
    assert bench.says_not_sure(reply)
