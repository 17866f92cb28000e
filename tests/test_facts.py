"""The reader who compares every sentence with the two documents (issue: facts).

Each test asks through the real code path (the quick-question matcher, the dialog, the rules)
and compares what the bot says with what the documents print: /work/shared/seeds, quoted in
knowledge/data/passages.toml. The dates are pinned on both sides of each deadline: the
« au plus tard » day itself is still in time.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from bot.service import Conversations, region_day
from dialogs.flow import Guide
from dialogs.sheet import guide_notes, snapshot
from knowledge import Knowledge
from knowledge.contacts import contacts_for
from knowledge.faq import Faq
from knowledge.rules import Answers, evaluate
from storage import Store
from tests.dialog_driver import CLOSED, Chat, full_run
from tests.test_sheet import document, prepared

BEFORE = dt.date(2014, 11, 27)  # both deadlines ahead
SHORT_FORM_DAY = dt.date(2014, 12, 1)  # the summary form's last day
BETWEEN = dt.date(2014, 12, 15)  # summary form passed, complete file still ahead
LAST_DAY = dt.date(2015, 1, 23)  # the complete file's last day
AFTER = dt.date(2015, 1, 24)
D = Decimal


def _passage(knowledge: Knowledge, pid: str) -> str:
    return next(p["text"] for p in knowledge.raw["passages"]["passage"] if p["id"] == pid)


# ------------------------------------------------------------------ is the call open?
@pytest.mark.parametrize("day", [BEFORE, SHORT_FORM_DAY], ids=["before", "short-form-day"])
def test_is_the_call_open_says_open_while_both_dates_are_ahead(faq: Faq, day: dt.date) -> None:
    answer = faq.ask("l'appel est-il encore ouvert ?", day, "fr").text
    assert "l'appel est ouvert" in answer and "clos" not in answer and "passée" not in answer


def test_between_the_deadlines_the_answer_says_which_date_has_passed(faq: Faq) -> None:
    """On 15 December 2014 the summary form's date has passed and the complete file's has not:
    "is it still open?" must say so, and not only list the two dates."""
    for question in ("l'appel est-il encore ouvert ?", "c'est quoi la fiche synthétique ?"):
        answer = faq.ask(question, BETWEEN, "fr").text
        assert "1er décembre 2014 est passée" in answer, answer
        assert "le texte ne dit pas" in answer.lower()  # a late summary form: not said refused
        assert "au plus tard le 23 janvier 2015" in answer and "clos" not in answer
    english = faq.ask("is the call still open?", BETWEEN, "en").text
    assert "1 December 2014 has passed" in english and "23 January 2015" in english


def test_the_last_day_is_still_in_time_and_the_next_day_is_closed(faq: Faq) -> None:
    on_the_day = faq.ask("l'appel est-il encore ouvert ?", LAST_DAY, "fr").text
    assert "clos" not in on_the_day and "au plus tard le 23 janvier 2015" in on_the_day
    after = faq.ask("l'appel est-il encore ouvert ?", AFTER, "fr").text
    assert "cet appel est clos" in after and "Région Hauts-de-France" in after
    assert "Contacts de l'appel en 2014" in after


# ------------------------------------------------------------------ e-mails as printed
def test_fiche_1_contact_e_mail_is_the_one_fiche_1_prints(
    guide: Guide, knowledge: Knowledge
) -> None:
    """Fiche 1 prints « amelie.antoine@nordpasdecalais.fr »: the verdict card of a fiche 1
    project in the metropolis gives that address, not the mistyped one of fiches 2 and 3."""
    assert "amelie.antoine@nordpasdecalais.fr" in _passage(knowledge, "cadre.fiche1.personnes")
    chat = Chat(guide, today=CLOSED)
    full_run(chat, 1, place="Wattrelos")
    card = next(r.text for r in chat.all_replies if "Résultat" in r.text)
    assert "amelie.antoine@nordpasdecalais.fr" in card
    assert "nordpasdecals.fr" not in card


def test_every_e_mail_shown_is_the_one_its_section_prints(faq: Faq, knowledge: Knowledge) -> None:
    """Fiches 1, 2 and 3 print the same people with two domains: each fiche's contacts carry
    the address that fiche prints; the general contacts, those of « Contacts »."""
    sections = {1: "cadre.fiche1.personnes", 2: "cadre.fiche2.personnes"}
    sections |= {3: "cadre.fiche3.personnes", 4: "cadre.fiche4.contact"}
    for number, pid in sections.items():
        printed = _passage(knowledge, pid)
        for territory in knowledge.territories:
            for person in contacts_for(knowledge, number, territory):
                assert person.email_as_written in printed, (number, territory, person.name)
    general = _passage(knowledge, "cadre.contacts")
    answer = faq.ask("qui contacter ?", CLOSED, "fr").text
    addresses = [w for w in answer.split() if "@" in w]
    assert addresses and all(a in general for a in addresses)
    lens = faq.ask("je suis à Lens, j'appelle qui ?", CLOSED, "fr").text
    assert "deborah.facon@nordpasdecalais.fr" in lens  # fiche 1's line
    assert "deborah.facon@nordpasdecals.fr" in lens  # fiches 2 and 3


# ------------------------------------------------------------------ the rules' own words
def test_the_intercommunality_prioritises_with_it_does_not_select(knowledge: Knowledge) -> None:
    """« Les projets seront priorisés avec l'intercommunalité »; the juries decide. What the
    check expects (shown by `python -m knowledge check`) says so, in both languages."""
    for lang, wrong, right in (
        ("fr", "retenu par", "priorisé avec l'intercommunalité"),
        ("en", "chosen by", "prioritised with the intercommunality"),
    ):
        verdict = evaluate(knowledge, Answers(fiche=1), BETWEEN, "artois", lang)
        check = verdict.check("intercommunality")
        assert check is not None and right in check.expected and wrong not in check.expected


def test_a_passed_deadline_is_not_said_passed_since_its_last_day(knowledge: Knowledge) -> None:
    """« au plus tard le 23 janvier 2015 »: on that day it was still in time, so the check never
    says « dépassée depuis le 23 janvier 2015 »."""
    on_the_day = evaluate(knowledge, Answers(fiche=1), LAST_DAY, "artois", "fr")
    assert [c.status for c in on_the_day.checks if c.id.endswith("_deadline")] == ["warn", "ok"]
    after = evaluate(knowledge, Answers(fiche=1), AFTER, "artois", "fr")
    check = after.check("full_file_deadline")
    assert check is not None and check.status == "fail" and after.closed
    assert "depuis" not in check.actual and "23 janvier 2015" in check.actual


def test_above_a_ceiling_the_region_is_not_said_to_fund_up_to_it(knowledge: Knowledge) -> None:
    """« plafond de financement à 20 000 euros en fonctionnement » caps the Region's funding;
    it promises no funding up to it."""
    answers = Answers(fiche=4, request=D(30000), total=D(60000), kind="operating")
    check = evaluate(knowledge, answers, BEFORE, "artois", "fr").check("ceiling")
    assert check is not None and check.status == "warn"
    assert "finance jusqu'au plafond" not in check.message
    assert "plafonne le financement de la Région" in check.message


# ------------------------------------------------------------------ a closed call, said so
def test_first_message_names_each_passed_date_and_whom_to_ask_today(guide: Guide) -> None:
    chat = Chat(guide, today=CLOSED)
    chat.command("/start")
    welcome = chat.said
    assert "clos" in welcome
    assert "fiche synthétique (un résumé du projet) le 1er décembre 2014" in welcome
    assert "dossier complet le 23 janvier 2015" in welcome
    assert "Région Hauts-de-France" in welcome and "nouvel appel" not in welcome


def test_the_sheet_of_a_closed_call_promises_no_new_call(guide: Guide) -> None:
    chat = Chat(guide, today=CLOSED)
    full_run(chat, 2)
    notes = guide_notes(guide.knowledge, snapshot(chat.state, CLOSED))
    closed = next(n for n in notes if "clos" in n)
    assert "nouvel appel" not in closed and "Région Hauts-de-France" in closed


def test_the_sheet_gives_each_office_on_its_own_person_s_line(guide: Guide) -> None:
    """The document names the DPIR as Frédéric AUTIN's office (« Contacts ») and none for
    Déborah FACON: a line of its own under both would give her that address too."""
    chat = prepared(guide, fiche=1, place="Calais")
    odt, _name = document(guide, chat)
    lines = odt.text.splitlines()
    facon = next(line for line in lines if line.startswith("Déborah FACON"))
    autin = next(line for line in lines if line.startswith("Frédéric AUTIN"))
    assert "Direction" not in facon and "HOOVER" not in facon.upper()
    assert "Direction de Partenariats Internationaux et Régionaux" in autin
    assert not any(line.startswith("Direction de Partenariats") for line in lines)
    assert sum(line.startswith("Frédéric AUTIN") for line in lines) == 1


# ------------------------------------------------------------------ what the FAQ states
def test_who_may_apply_is_not_a_list_the_documents_give(faq: Faq, knowledge: Knowledge) -> None:
    """Neither document says who may file a project: the answer says so, quotes what they do
    name, and marks the rest as our reading."""
    answer = faq.ask("Qui peut déposer un projet ?", BEFORE, "fr").text
    assert "ne dit pas qui peut déposer" in answer and "notre lecture" in answer
    assert "« portées par des opérateurs intercommunaux »" in answer
    english = faq.ask("who can apply?", BEFORE, "en").text
    assert "does not say who may apply" in english and "our reading" in english


def test_each_faq_source_names_the_section_its_quote_is_in(faq: Faq) -> None:
    """« ne viennent pas ou peu » is in fiche 1's « 1. Principes généraux », not its objectives."""
    youth = faq.by_id["youth"]
    assert "1. Principes généraux" in youth.source.section
    assert "2. Les objectifs" not in youth.source.section


def test_the_selection_criteria_are_the_framework_s_own_words(
    faq: Faq, knowledge: Knowledge
) -> None:
    """ "Cette liste suit le cadre d'intervention": each criterion as the framework writes it,
    brackets included, not a shortened paraphrase."""
    printed = " ".join(_passage(knowledge, "cadre.criteres").lower().split())
    answer = faq.ask("Quels sont les critères de sélection ?", BEFORE, "fr").text
    criteria = [line[2:] for line in answer.splitlines() if line.startswith("• ")]
    assert len(criteria) == 5
    for criterion in criteria:
        assert " ".join(criterion.lower().split()) in printed, criterion


def test_evaluation_is_what_the_fiches_look_at_not_a_demand(faq: Faq) -> None:
    """Fiches 2 and 3 weigh the project's « capacité à l'évaluer » / « à s'évaluer » (their
    « Techniques »); none « demande un projet évalué »."""
    answer = faq.ask("Faut-il évaluer le projet ?", BEFORE, "fr").text
    assert "projet évalué" not in answer and "ne dit pas qu'elles sont obligatoires" in answer
    assert "« à l'évaluer et le faire évoluer »" in answer
    assert "« à s'évaluer, se diffuser et s'autonomiser »" in answer


def test_energy_renovation_is_an_eligible_theme_not_funded_works(faq: Faq) -> None:
    """Fiche 4 lists « L'accompagnement social lié à la réhabilitation énergétique des
    logements » among the themes actions must come under: it does not say it funds it."""
    answer = faq.ask("La rénovation énergétique des logements est-elle financée ?", BEFORE).text
    assert "thématiques éligibles à la fiche 4" in answer
    assert "La fiche 4 finance" not in answer


# ------------------------------------------------------------------ the dialog's own claims
def test_unsure_of_the_fiche_the_contacts_help_and_each_is_named_once(guide: Guide) -> None:
    """The documents do not say how the fiche is chosen: the reply says who can help, not
    « le choix de la fiche se fait avec… »; a person listed for several fiches appears once."""
    chat = Chat(guide, today=BEFORE)
    chat.start()
    chat.tap("association")
    chat.text("Calais")
    chat.tap("quartier")
    chat.tap("Je ne sais pas")  # the description: the four fiches, one line each
    chat.tap("Je ne sais pas")  # still unsure
    said = chat.said
    assert "le choix de la fiche se fait" not in said
    assert "peuvent vous aider à choisir la fiche" in said
    assert said.count("Déborah FACON") == 1 and said.count("Frédéric AUTIN") == 1
    assert "Coordonnées de 2014" in said  # as on every contact card


def test_a_request_to_specify_is_not_promised_a_ceiling_fiche_1_lacks(guide: Guide) -> None:
    chat = Chat(guide, today=BEFORE)
    chat.start()
    chat.tap("association")
    chat.text("Calais")
    chat.tap("quartier")
    chat.tap("(1)")
    chat.text("10000")
    chat.tap("Je ne sais pas")
    assert "« à préciser »" in chat.said
    assert "le plancher et le plafond de votre fiche" not in chat.said


def test_a_total_under_the_floor_is_arithmetic_not_a_verdict_on_the_fiche(
    knowledge: Knowledge,
) -> None:
    """« demande plancher à 5 000 Euros »: with a total cost of 4 000 € the request cannot
    reach it — that is all the text allows us to say (a smaller request: our reading)."""
    answers = Answers(fiche=3, request=D(2000), total=D(4000), cofunding=D(1200))
    check = evaluate(knowledge, answers, BEFORE, "artois", "fr").check("floor")
    assert check is not None and check.status == "fail"
    assert "ne convient pas" not in check.message
    assert "la demande ne peut pas l'atteindre" in check.message
    assert "Les fiches 1 et 2 ont un minimum plus bas." in check.message


# ------------------------------------------------------------------ whose day it is
def test_the_bot_s_day_is_the_region_s_day(tmp_path: Path, guide: Guide) -> None:
    """« au plus tard le 23 janvier 2015 » is a day in Lille: at 23:30 UTC that evening it is
    already 24 January there, and at 23:30 UTC on the 22nd it is already the last day."""
    zone = guide.knowledge.region.time_zone
    assert region_day(zone, dt.datetime(2015, 1, 23, 23, 30, tzinfo=dt.UTC)) == AFTER
    assert region_day(zone, dt.datetime(2015, 1, 22, 23, 30, tzinfo=dt.UTC)) == LAST_DAY
    service = Conversations(Store(tmp_path / "t.sqlite3"), guide)  # the clock production uses
    try:
        assert service.clock() == region_day(zone, dt.datetime.now(dt.UTC))
    finally:
        service.close()


def test_the_detail_says_the_card_s_e_mail_domain_looks_mistyped(guide: Guide) -> None:
    """Fiche 4's only contact is printed « priscille.dolez@nordpasdecals.fr »: the verdict's
    detail says that domain looks mistyped; fiche 1's card (« nordpasdecalais.fr ») needs not."""
    for fiche, noted in ((4, True), (1, False)):
        chat = Chat(guide, today=BEFORE)
        full_run(chat, fiche, place="Lens")
        chat.tap("Voir le détail")
        assert ("semble mal tapé" in chat.said) is noted, fiche


def test_no_cause_or_promise_the_documents_do_not_state(faq: Faq) -> None:
    """The documents say the summary form goes to the intercommunality and its elected members
    sit on the juries, not that this is *because* DSDT is contractual; nor that the
    intercommunality « vous aideront » choose a fiche."""
    epci = faq.ask("pourquoi passer par l'EPCI", BEFORE, "fr").text
    assert "C'est pourquoi" not in epci and "auprès de l'intercommunalité" in epci
    several = faq.ask("Peut-on déposer sur plusieurs fiches ?", BEFORE, "fr").text
    assert "vous aideront" not in several and "peuvent vous aider" in several


def test_outside_the_region_the_2014_contacts_are_named_as_such(guide: Guide) -> None:
    """Sabrina CASTEL and Frédéric AUTIN are the call's general contacts in the 2014 document,
    not « l'équipe régionale » of today; every list of them says their details date from 2014."""
    for place in ("Amiens", "Bruxelles"):
        chat = Chat(guide, today=CLOSED)
        chat.start()
        chat.tap("association")
        chat.text(place)
        said = chat.said
        assert "Sabrina CASTEL" in said, place
        assert "les contacts généraux de l'appel" in said and "l'équipe régionale :" not in said
        assert "Coordonnées de 2014" in said, place


def test_the_2014_contacts_are_not_promised_to_answer_today(guide: Guide) -> None:
    """« Sinon, l'équipe régionale vous répondra » promised, in 2026, an answer from the 2014
    document's contacts; they are the call's general contacts, with their 2014 note."""
    chat = Chat(guide, today=CLOSED)
    chat.start()
    chat.tap("association")
    chat.tap("Je ne sais pas")  # the commune
    assert "Sabrina CASTEL" in chat.said and "Coordonnées de 2014" in chat.said
    assert "l'équipe régionale peut vous orienter" not in chat.said
    chat.text("quelle est la couleur préférée du jury ?")  # nothing in the documents says
    said = "\n".join(r.text for r in chat.replies)
    assert "Je ne suis pas sûr" in said and "vous répondra" not in said
    assert "demandez aux contacts généraux de l'appel" in said and "Coordonnées de 2014" in said


def test_asking_to_talk_to_someone_names_the_2014_general_contacts(guide: Guide) -> None:
    """« Je veux parler à quelqu'un » (the talk intent, at any step) gave « L'équipe régionale
    peut vous répondre : » followed by the 2014 document's general contacts: they are named
    as such, with their 2014 note, and the question comes again."""
    chat = Chat(guide, today=CLOSED)
    chat.start()
    chat.text("je veux parler à quelqu'un")
    said = chat.said
    assert "Contacts généraux de l'appel :" in said and "Sabrina CASTEL" in said
    assert "équipe régionale peut vous répondre" not in said
    assert "Coordonnées de 2014" in said
    assert "Qui êtes-vous ?" in said
