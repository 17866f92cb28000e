"""Letters asking whom to turn to, for a place and/or a fiche, and what the documents say of the
first contact and the Region's address (issue 22, faq5 pass). Through the real dialog (/start,
consent, /question, then the text), as a person types them.

The contacts come from the dialog's own routing (knowledge/contacts.py `contacts_for`, the
intercommunality's name with its year as the dialog shows it, `dated_epci`); the FAQ holds no
copy of the routing."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.test_faq_asks import NOT_SURE, asked


@pytest.mark.parametrize(
    ("text", "lang", "said", "not_said"),
    [
        (  # the example of the issue: "not sure" before (the letter's context weighs little)
            "Madame, Monsieur, notre association est installée à Calais et porte un projet "
            "d'ateliers pour les familles du Beau-Marais. Pourriez-vous nous indiquer à qui "
            "nous adresser ?",
            "fr",
            (
                "Déborah FACON",
                "Frédéric AUTIN",
                "Priscille DOLEZ",
                "Grand Calais Terres et Mers (nom au 1er janvier 2026)",
            ),
            (),
        ),
        (  # a fiche named: that fiche's contacts only
            "Bonjour, nous sommes un centre social de Roubaix et nous préparons un projet au "
            "titre de la fiche 2. Pourriez-vous me communiquer les coordonnées de la personne "
            "ressource ? Cordialement",
            "fr",
            ("Fiche 2 :", "Amélie ANTOINE", "Métropole Européenne de Lille"),
            ("DOLEZ", "FACON"),
        ),
        (
            "Bonjour Madame, Monsieur, je suis coordinatrice d'un centre social à Denain. Vers "
            "qui devons-nous nous tourner pour être accompagnés dans notre candidature ? Merci "
            "de votre retour.",
            "fr",
            ("Frédéric AUTIN", "Porte du Hainaut"),
            (),
        ),
        (  # no place named: the general contacts, and the request for the commune
            "Bonjour, notre collectif n'a pas encore de local. Pourriez-vous nous indiquer à "
            "qui nous adresser pour l'appel DSDT ? Bien à vous.",
            "fr",
            ("Sabrina CASTEL", "Frédéric AUTIN", "dites-moi votre commune"),
            (),
        ),
        (
            "Dear Sir or Madam, our charity is based in Lens and runs workshops for parents. "
            "Could you tell us whom we should contact about the DSDT call? Kind regards",
            "en",
            ("Déborah FACON", "Lens - Liévin (an agglomeration community; name as of 1 January"),
            (),
        ),
    ],
)
def test_a_letter_asking_whom_to_turn_to_gets_the_routed_contacts(
    guide: Guide, text: str, lang: str, said: tuple[str, ...], not_said: tuple[str, ...]
) -> None:
    reply = asked(guide, text, lang)
    assert not any(n in reply for n in NOT_SURE), reply
    assert all(s in reply for s in said), reply
    assert not any(n in reply for n in not_said), reply


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # « à qui » asks for a person, but what the person asks about leads: the fiche
        # synthétique is filed with the intercommunality, not sent to a regional contact
        ("à qui envoyer la fiche synthétique ?", "1er décembre 2014"),
        (
            "Madame, Monsieur, à qui devons-nous transmettre notre fiche synthétique pour un "
            "projet à Lens ?",
            "1er décembre 2014",
        ),
        ("Qui examine les projets ?", "jurys territoriaux"),  # « qui » alone asks no person
    ],
)
def test_a_question_about_something_else_keeps_its_answer(
    guide: Guide, text: str, said: str
) -> None:
    reply = asked(guide, text)
    assert said in reply and "Frédéric AUTIN" not in reply, reply


@pytest.mark.parametrize(
    ("text", "lang", "said"),
    [
        (
            "Faut-il obligatoirement avoir contacté l'intercommunalité avant de déposer ?",
            "fr",
            ("est indispensable", "techniciens des villes et de l'intercommunalité"),
        ),
        (  # the fiche synthétique's answer says it too
            "Madame, Monsieur, est-il obligatoire de rencontrer les services de "
            "l'intercommunalité avant de déposer notre fiche synthétique ? Cordialement.",
            "fr",
            ("« indispensable »", "techniciens des villes et de l'intercommunalité"),
        ),
        (
            "Is it compulsory to contact the intercommunality before applying?",
            "en",
            ("is essential", "technical staff of the towns and of the intercommunality"),
        ),
    ],
)
def test_the_first_contact_is_said_in_the_documents_own_word(
    guide: Guide, text: str, lang: str, said: tuple[str, ...]
) -> None:
    """The answer said « prenez contact » in our words; the framework's is « indispensable »."""
    reply = asked(guide, text, lang)
    assert all(s in reply for s in said), reply


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Quelle est l'adresse de la Région ?", "fr"),
        (
            "Madame, Monsieur, à quelle adresse postale pouvons-nous écrire au Conseil régional "
            "au sujet de l'appel DSDT ?",
            "fr",
        ),
        ("What is the Region's postal address?", "en"),
    ],
)
def test_the_region_s_postal_addresses_are_the_documents(
    guide: Guide, text: str, lang: str
) -> None:
    reply = asked(guide, text, lang)
    assert "413 avenue du Président Hoover, 59555 Lille Cedex" in reply, reply
    assert "151 avenue du Président Hoover, 59555 Lille Cedex" in reply, reply
