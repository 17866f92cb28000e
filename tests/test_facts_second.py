"""The second reader who compares every sentence with the two documents (issue: facts2).

Like tests/test_facts.py, each test goes through the real code path (the dialog, the FAQ, the
rules, the fiche synthétique's document) and compares what the bot says with what the
documents print (/work/shared/seeds, quoted in knowledge/data/passages.toml). Each failed
before its fix.
"""

from __future__ import annotations

from dialogs.flow import Guide
from knowledge import Knowledge
from knowledge.faq import Faq
from knowledge.rules import Answers, evaluate
from tests.dialog_driver import CLOSED, Chat
from tests.test_facts import AFTER, BEFORE, BETWEEN, D, _passage
from tests.test_sheet import document, prepared


def test_a_closed_call_s_detail_sends_no_one_to_file_a_late_summary_form(
    knowledge: Knowledge,
) -> None:
    """Between the two dates, « le texte ne dit pas si elle est refusée après : voyez avec
    l'intercommunalité » is true and useful; once the complete file's date has passed too
    (the call is closed), it invited a 2026 reader to take a 2014 form to the
    intercommunality."""
    between = evaluate(knowledge, Answers(fiche=1), BETWEEN, "artois", "fr")
    check = between.check("short_form_deadline")
    assert check is not None and "voyez avec l'intercommunalité" in check.message
    for lang, hint in (
        ("fr", "voyez avec l'intercommunalité"),
        ("en", "ask your intercommunality"),
    ):
        closed = evaluate(knowledge, Answers(fiche=1), AFTER, "artois", lang)
        check = closed.check("short_form_deadline")
        assert closed.closed and check is not None, lang
        assert "1" in check.message and hint not in check.message, check.message


def test_a_closed_call_s_sheet_is_not_to_be_filed(guide: Guide) -> None:
    """The sheet of a closed call came with « puis déposez-la auprès de votre
    intercommunalité » and « Points à revoir avant de l'envoyer », under « cet appel à
    projets (2014) est clos »: one message, two opposite instructions."""
    closed = prepared(guide, fiche=1, place="Dunkerque", today=CLOSED)
    said = closed.replies[0].text
    assert "clos" in said and "Région Hauts-de-France" in said
    assert "déposez-la" not in said and "avant de l'envoyer" not in said
    assert "voyez avec l'intercommunalité" not in said
    still_open = prepared(guide, fiche=1, place="Dunkerque")
    assert "déposez-la auprès de votre intercommunalité" in still_open.replies[0].text


def test_unsure_of_the_fiche_the_2014_people_are_not_today_s_regional_team(
    guide: Guide,
) -> None:
    """The people listed are the fiches' « Personnes ressources » of 2014, not « l'équipe
    régionale » (the staff who read the leads today)."""
    chat = Chat(guide, today=CLOSED)
    chat.start()
    chat.tap("association")
    chat.text("Calais")
    chat.tap("quartier")
    chat.tap("Je ne sais pas")
    chat.tap("Je ne sais pas")
    said = chat.said
    assert "Déborah FACON" in said and "Coordonnées de 2014" in said
    assert "l'équipe régionale" not in said
    assert "personnes ressources que les fiches indiquent" in said


def test_fiche_2_does_not_demand_an_evaluated_project(faq: Faq, guide: Guide) -> None:
    """Fiche 2's objectives ask for work on « la capacité à évaluer son action, la faire
    évoluer et la diffuser »; its summary said « Le projet doit être … évalué », which the
    evaluation answer itself denies (« le document ne dit pas qu'elles sont obligatoires »)."""
    answer = faq.ask("C'est quoi la fiche 2 ?", BEFORE, "fr").text
    assert "évalué" not in answer and "capacité à s'évaluer" in answer
    assert "evaluated" not in faq.ask("What is fiche 2?", BEFORE, "en").text
    chat = prepared(guide, fiche=2, place="Calais")
    odt, _name = document(guide, chat)
    assert "évalué," not in odt.text and "capacité à s'évaluer" in odt.text


def test_fiche_4_themes_keep_the_redefinition_of_spaces(faq: Faq, knowledge: Knowledge) -> None:
    """« la clarification des domanialités ou la redéfinition de la vocation des espaces »:
    « la vocation des espaces » alone dropped what the action does to it."""
    printed = " ".join(_passage(knowledge, "cadre.fiche4.thematiques").split())
    answer = faq.ask("Quelles actions sont éligibles en GUP ?", BEFORE, "fr").text
    line = next(x for x in answer.splitlines() if "domanialités" in x)
    assert "la redéfinition de la vocation des espaces" in line
    assert line.removeprefix("• Les démarches participatives pour ") in printed
    english = faq.ask("Which actions are eligible under GUP?", BEFORE, "en").text
    assert "redefining the purpose of spaces" in english


def test_the_complete_file_s_contents_are_not_in_the_documents(faq: Faq) -> None:
    """« Quels documents faut-il joindre au dossier complet ? » was answered with its date
    and the grid alone, as if that were all; the documents list no contents."""
    for question, lang, said in (
        (
            "Quels documents faut-il joindre au dossier complet ?",
            "fr",
            "ne précise pas les pièces du dossier complet",
        ),
        (
            "what goes in the complete application?",
            "en",
            "does not list what the complete application contains",
        ),
    ):
        answer = faq.ask(question, BEFORE, lang).text
        assert "23" in answer and said in answer, answer


def test_an_english_question_gets_an_english_answer(guide: Guide) -> None:
    """« is there a ceiling for fiche 2? » in an English chat matched a French phrasing best
    and was answered in French (« La fiche 2 ne fixe pas de plafond. »). Since the faq6 pass the
    answer says what the documents allow: they state no ceiling for fiche 2, and give ceilings
    for fiche 4 only."""
    chat = Chat(guide, today=BEFORE, lang="en")
    chat.start()
    chat.command("/question")
    chat.text("is there a ceiling for fiche 2?")
    said = chat.said
    assert "For fiche 2, the call's documents do not say" in said, said
    assert "for fiche 4 only" in said
    assert "plafond" not in said


def test_one_fiche_without_a_ceiling_is_said_in_the_singular(faq: Faq) -> None:
    """« 150 000 € atteint le plancher (fiche 3), qui ne fixent pas de plafond »: one fiche,
    one verb; several fiches keep the plural."""
    one = faq.ask("le plafond de la fiche 3 c'est 150 000 € ?", BEFORE, "fr").text
    assert "(fiche 3), pour laquelle les documents n'indiquent pas de plafond." in one
    assert "lesquelles" not in one
    several = faq.ask("on peut demander 8000 € au maximum ?", BEFORE, "fr").text
    assert (
        "(fiches 1, 2 et 3), pour lesquelles les documents n'indiquent pas de plafond." in several
    )
    english = faq.ask("is 8000 euros below the ceiling for fiche 2?", BEFORE, "en").text
    assert "(fiche 2), for which the documents give no ceiling." in english


def test_no_bare_yes_before_what_the_documents_say(faq: Faq) -> None:
    """« Y a-t-il une limite d'âge pour les jeunes ? » got « Oui. La fiche 1 vise… »: the
    youth answer opened with a yes that, matched to another question, confirmed what no
    document says; so did the 2013 pilot's « Oui : » to « Quelles intercommunalités… ? »."""
    for question, lang in (
        ("Y a-t-il une limite d'âge pour les jeunes ?", "fr"),
        ("Un projet pour les jeunes, c'est possible ?", "fr"),
        ("Quelles intercommunalités ont expérimenté le DSDT en 2013 ?", "fr"),
        ("Is a project for young people possible?", "en"),
        ("Has DSDT been tried before?", "en"),
    ):
        answer = faq.ask(question, BEFORE, lang)
        assert answer.status == "answered", question
        assert not answer.text.startswith(("Oui", "Yes")), answer.text
    youth = faq.ask("Un projet pour les jeunes, c'est possible ?", BEFORE, "fr").text
    assert "cite les jeunes" in youth


def test_the_summary_form_has_no_template_in_the_documents(faq: Faq) -> None:
    """Neither document gives a model of the fiche synthétique (sheet.toml: « The call gives
    no template »); « Y a-t-il un modèle de fiche synthétique ? » was answered with its date
    and purpose only."""
    french = faq.ask("Y a-t-il un modèle de fiche synthétique ?", BEFORE, "fr").text
    assert "n'en donne pas de modèle" in french and "1er décembre 2014" in french
    english = faq.ask("Is there a template for the summary form?", BEFORE, "en").text
    assert "gives no template" in english


def test_a_given_co_funding_is_not_asked_for_again(guide: Guide) -> None:
    """Total « je ne sais pas », local co-funding 1 000 €: the card said « Co-financement
    local : à indiquer » and the detail « Indiquez le coût total et l'apport des collectivités
    locales », as if the 1 000 € had not been given. Only the total is missing."""
    chat = Chat(guide, today=BEFORE)
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    chat.tap("(2)")
    chat.tap("Je ne sais pas")  # the total cost
    chat.text("3000")
    chat.text("1000")
    if chat.state.step == "activity":
        chat.tap("Non")
    chat.tap("Voir le résultat")
    card = chat.said.replace("\u202f", " ").replace("\xa0", " ")
    assert "Co-financement local : 1 000 €, part à calculer (au moins 30 %)" in card
    assert "Co-financement local : à indiquer" not in card
    chat.tap("Voir le détail")
    assert "Indiquez le coût total : sans lui" in chat.said
    assert "l'apport des collectivités locales" not in chat.said
    nothing = evaluate(guide.knowledge, Answers(fiche=2, request=D(3000)), BEFORE, "artois", "fr")
    check = nothing.check("cofunding")
    assert check is not None and "Indiquez le coût total et l'apport" in check.message
