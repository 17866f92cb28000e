"""Issue 22, thirteenth pass (reading13): each through the real dialog (`tests.dialog_driver`),
each a case of tests/understanding/conversations_tune13.toml first. The principles are in
docs/understanding.md ("Thirteenth pass")."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from dialogs.model import Event
from knowledge.reading import Context, Reading
from tests.dialog_driver import Chat, started
from tests.test_reading_context import TO_SHEET

TO_TOTAL = ("tap:association", "Lens", "tap:quartier", "tap:(1)")


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


# ------------------------------------------------------------ a restart in words asks first
@pytest.mark.parametrize(
    "typed", ["recommencer", "on reprend tout depuis le début", "on recommence tt", "start over"]
)
def test_a_restart_in_words_with_answers_asks_first(chat: Chat, typed: str) -> None:
    started(chat, *TO_TOTAL, "20000").text(typed)
    assert chat.state.answers["total"] == "20000.00" and chat.state.answers["fiche"] == 1
    assert "effacées" in chat.said
    labels = [label for label, _data in chat.buttons()]
    assert labels == ["Oui, tout recommencer", "Non, continuer"]


def test_the_restart_confirmed_erases_and_asks_the_first_question(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "20000").text("recommencer")
    chat.tap("Oui, tout recommencer")
    assert chat.state.answers == {} and chat.state.step == "role"
    assert "On recommence" in chat.said


@pytest.mark.parametrize("typed", ["oui", "yes", "oui tout recommencer"])
def test_the_restart_confirmed_in_words(chat: Chat, typed: str) -> None:
    started(chat, *TO_TOTAL, "20000").text("recommencer")
    chat.text(typed)
    assert chat.state.answers == {} and chat.state.step == "role"


@pytest.mark.parametrize("typed", ["tap:continuer", "non", "non on continue", "carry on"])
def test_carrying_on_keeps_every_answer_and_asks_the_question_again(
    chat: Chat, typed: str
) -> None:
    started(chat, *TO_TOTAL, "20000").text("recommencer")
    if typed.startswith("tap:"):
        chat.tap(typed[4:])
    else:
        chat.text(typed)
    assert chat.state.answers["total"] == "20000.00" and chat.state.step == "request"
    assert "on continue" in chat.said and "Combien demandez-vous" in chat.said
    assert chat.state.pending == {}


def test_the_offer_lapses_when_something_else_is_typed(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "20000").text("recommencer")
    chat.text("5000")  # the request: read as the step's answer, nothing erased
    assert chat.state.answers["request"] == "5000.00" and chat.state.answers["total"]
    chat.text("oui")  # the offer is gone: « oui » is no restart now
    assert chat.state.answers["total"] == "20000.00"


def test_with_no_answer_yet_a_restart_in_words_acts_at_once(chat: Chat) -> None:
    started(chat).text("recommencer")
    assert "On recommence" in chat.said and chat.state.step == "role"
    assert not any("recommencer" in label for label, _data in chat.buttons())


def test_the_command_restarts_at_once(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "20000").command("/recommencer")
    assert chat.state.answers == {} and "On recommence" in chat.said


def test_an_english_restart_asks_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:Everyone", "tap:(1)").text("start over")
    assert "erased" in chat.said and chat.state.answers["fiche"] == 1
    chat.tap("carry on")
    assert chat.state.answers["fiche"] == 1 and "total cost" in chat.said


def test_restart_words_inside_a_project_sentence_restart_nothing(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier")
    chat.text("nous voulons recommencer l'atelier de l'an dernier")
    assert chat.state.answers["audience"] == "neighbourhood" and "On recommence" not in chat.said


# ------------------------------------------------------------ a restart put off is a pause
@pytest.mark.parametrize(
    ("text", "free_text"),
    [
        ("laissez tomber je vais recommencer plus tard", ""),
        ("laissez tomber je vais recommencer plus tard", "description"),
        ("laissez tomber je vais recommencer plus tard", "form"),
        ("forget it, I'll start again later", ""),
        ("laisse tomber jrecommencerai demain", ""),
        ("on reprendra tout depuis le début demain", ""),
        ("on recommence tout demain", ""),
    ],
)
def test_a_restart_put_off_is_leaving(text: str, free_text: str) -> None:
    assert Reading(text, Context("request", free_text=free_text)).intent == "leave"


@pytest.mark.parametrize("text", ["on recommence tout", "on verra ça plus tard", "plus tard"])
def test_without_a_later_word_or_a_verb_nothing_is_put_off(text: str) -> None:
    assert Reading(text, Context("request")).intent != "leave"


def test_a_pause_at_an_amount_keeps_the_answers(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000").text("laissez tomber je vais recommencer plus tard")
    assert chat.state.answers["total"] == "10000.00" and "gardées" in chat.said
    assert "On recommence" not in chat.said and "Combien demandez-vous" not in chat.said


def test_a_pause_at_the_description_is_no_description(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier")
    chat.text("laissez tomber je vais recommencer plus tard")
    assert "description" not in chat.state.answers and "gardées" in chat.said


def test_a_pause_at_the_sheet_is_asked_not_saved(chat: Chat) -> None:
    started(chat, *TO_SHEET, "Jardin des voisins")
    chat.text("laissez tomber je vais recommencer plus tard")
    assert "structure" not in chat.state.answers["sheet"] and "gardées" in chat.said
    chat.tap("Oui")
    assert "structure" not in chat.state.answers["sheet"]


def test_an_english_restart_put_off_keeps_everything(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:Everyone", "tap:(1)")
    chat.text("forget it, I'll start again later")
    assert chat.state.answers["fiche"] == 1 and "kept" in chat.said


# ------------------------------------------------------------ a question about a free field
@pytest.mark.parametrize(
    "typed",
    [
        "c'est le nom de notre association qu'il faut mettre",
        "il faut mettre le nom du président ?",
        "je mets quoi ici",
        "what should I write here",
    ],
)
def test_a_question_about_the_structure_field_says_what_it_expects(chat: Chat, typed: str) -> None:
    started(chat, *TO_SHEET, "Jardin des voisins").text(typed)
    assert "structure" not in chat.state.answers["sheet"]
    assert "le nom de la structure qui porte le projet — votre association" in chat.said
    assert chat.state.step == "sheet_structure"


def test_the_words_can_still_be_kept_as_the_answer(chat: Chat) -> None:
    started(chat, *TO_SHEET, "Jardin des voisins")
    chat.text("c'est le nom de notre association qu'il faut mettre")
    chat.send(
        next(Event.choice(c.data) for r in chat.replies for c in r.choices if "Garder" in c.label)
    )
    assert chat.state.answers["sheet"]["structure"].startswith("c'est le nom")


@pytest.mark.parametrize(
    ("typed", "field", "expects"),
    [
        ("on met koi pr les partenaires", "partners", "les structures avec qui"),
        ("c'est le titre du projet qu'on doit mettre là", "title", "le titre du projet"),
        ("faut mettre les dates exactes ou juste les mois", "timing", "même à peu près"),
    ],
)
def test_a_statement_about_other_fields_is_no_answer(
    chat: Chat, typed: str, field: str, expects: str
) -> None:
    before = {
        "partners": ("Jardin", "Les Amis"),
        "title": (),
        "timing": ("Jardin", "Les Amis", "le centre social", "ils plantent et arrosent"),
    }
    started(chat, *TO_SHEET, *before[field]).text(typed)
    assert field not in chat.state.answers["sheet"] and expects in chat.said


@pytest.mark.parametrize(
    "typed", ["il faut mettre en place un jardin avec les voisins", "Les Amis du Jardin de Lens"]
)
def test_an_answer_with_the_same_verbs_is_kept(chat: Chat, typed: str) -> None:
    started(chat, *TO_SHEET, "Jardin des voisins").text(typed)
    assert chat.state.answers["sheet"]["structure"] == typed


@pytest.mark.parametrize(
    ("turns", "expects"),
    [
        ((), "qui porte le projet"),
        (("tap:association", "Lens"), "pour qui est le projet"),
        (("tap:association", "Lens", "tap:quartier"), "ce que fera le projet"),
    ],
)
def test_before_the_sheet_a_question_about_the_field_is_kept_nowhere(
    chat: Chat, turns: tuple[str, ...], expects: str
) -> None:
    started(chat, *turns).text("je mets quoi ici")
    answers = chat.state.answers
    assert "role_text" not in answers and "description" not in answers
    assert answers.get("audience") in (None, "neighbourhood") and expects in chat.said.lower()


# ------------------------------------------------------------ a question naming the rule's rate
@pytest.mark.parametrize(
    "typed",
    [
        "c'est obligatoire les 30 % ?",
        "30 % minimum c'est ça ?",
        "la mairie doit mettre 30 pour cent minimum c'est bien ça",
    ],
)
def test_a_question_naming_the_rate_at_the_co_funding_is_answered(chat: Chat, typed: str) -> None:
    started(chat, *TO_TOTAL, "10000", "3000").text(typed)
    assert "cofunding" not in chat.state.answers and chat.state.step == "cofunding"
    assert "Co-financement des collectivités locales de 30\xa0% minimum" in chat.said
    assert "plancher" not in chat.said and "pas un pourcentage" not in chat.said
    assert "Combien apportent" in chat.said


def test_an_english_rate_question_at_the_request_is_answered_in_english(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000").text("does it have to be 20% ?")
    assert "request" not in chat.state.answers and chat.state.lang == "en"
    assert "Co-funding by local authorities of 30% minimum" in chat.said
    assert "How much are you asking" in chat.said


def test_a_percentage_said_as_an_answer_is_read_as_before(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000").text("30 %")  # a share of the total, offered
    assert "cela fait 3\u202f000\xa0€" in chat.said and "request" not in chat.state.answers
    assert "minimum" not in chat.said


def test_the_rate_topic_is_added_only_where_an_amount_is_asked() -> None:
    asked: list[str] = []
    for context in (Context("role"), Context("cofunding", amount=True)):
        assert Reading("30 % c'est obligatoire ?", context, ask=asked.append).faq is None
    assert asked == ["30 % c'est obligatoire ?", "30 % c'est obligatoire ? (cofinancement)"]


# ------------------------------------------------------------ two answers at the first questions
@pytest.mark.parametrize(
    ("typed", "role", "place", "audience"),
    [
        ("association à Dunkerque on travaille avec les habitants du quartier", "association",
         "Dunkerque", "neighbourhood"),
        ("mairie de Douai, projet pour tous les habitants", "authority", "Douai", "all"),
        ("jsuis une asso de lille pr les ados", "association", "Lille", "youth"),
        ("on est une asso de Lens pour les jeunes", "association", "Lens", "youth"),
        ("la mairie d'Arras, pour tout le monde", "authority", "Arras", "all"),
        ("nous sommes une association de Maubeuge et notre projet concerne les jeunes",
         "association", "Maubeuge", "youth"),
        ("bailleur social à Valenciennes, projet pour les locataires", "authority",
         "Valenciennes", "neighbourhood"),
    ],
)  # fmt: skip
def test_role_commune_and_audience_in_one_message(
    chat: Chat, typed: str, role: str, place: str, audience: str
) -> None:
    started(chat).text(typed)
    answers = chat.state.answers
    assert (answers["role"], answers["place"]["name"], answers["audience"]) == (
        role,
        place,
        audience,
    )
    assert chat.state.step == "project"


def test_the_whole_town_s_inhabitants_with_a_neighbourhood_still_ask() -> None:
    from dialogs import interpret

    assert interpret.audience("tous les habitants") == "all"
    assert interpret.audience("tous les habitants du quartier") is None  # torn: asked


def test_a_role_said_after_for_is_still_read() -> None:
    from dialogs import interpret

    assert interpret.role("je travaille pour la mairie") == "authority"
    assert interpret.role("une asso, on travaille avec des habitants") == "association"


# ------------------------------------------------------------ English with French names
def test_an_english_first_line_naming_a_maison_de_quartier_is_english(guide: Guide) -> None:
    chat = Chat(guide)
    chat.command("/start")
    chat.text("Hi there, I'm from the Maison de quartier in Lens")
    assert chat.state.lang == "en" and "agree" in chat.said


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("we run the maison des jeunes and the centre social", "en"),
        ("nous sommes le centre social de Lens", "fr"),
        ("on est une maison de quartier à Liévin", "fr"),
        ("Good morning! Our association, Le Relais des Habitants, is based in Tourcoing", "en"),
        ("Bonjour, nous sommes Le Relais des Habitants de Lens", "fr"),
    ],
)
def test_french_names_say_no_language_but_french_sentences_do(text: str, lang: str) -> None:
    assert Reading(text, Context("role")).language == lang


def test_a_project_said_for_later_at_the_description_is_asked_not_lost(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier")
    chat.text("on reprendra les ateliers de l'an dernier la semaine prochaine")
    assert "description" not in chat.state.answers and "arrêter" in chat.said
    chat.tap("Non, c'est ma réponse")
    assert chat.state.answers["description"].startswith("on reprendra les ateliers")


# ------------------------------------------------------------ corrections at a later step
TO_SUMMARY = (*TO_TOTAL, "20000", "5000", "2000", "tap:Non")


@pytest.mark.parametrize(
    ("typed", "key", "value"),
    [
        ("j'ai dit 5000 mais c'est 6000", "request", "6000.00"),
        ("i said 5000 but it's 6000", "request", "6000.00"),
        ("la commune donnera plutôt 2500", "cofunding", "2500.00"),
    ],
)
def test_a_value_taken_back_or_a_label_s_synonym_at_the_summary(
    chat: Chat, typed: str, key: str, value: str
) -> None:
    started(chat, *TO_SUMMARY).text(typed)
    assert chat.state.answers[key] == value and (
        "au lieu de" in chat.said or "instead" in chat.said
    )


def test_an_answer_said_again_with_its_value_is_no_correction(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "20000")
    chat.text("le budget ca va etre 20000 mais on demande que 4000 a la region")
    answers = chat.state.answers
    assert answers["total"] == "20000.00" and answers["request"] == "4000.00"
    assert "c'était déjà noté" in chat.said and "au lieu de 20" not in chat.said


def test_an_elided_de_before_a_commune_and_a_name_with_its_own(guide: Guide) -> None:
    from knowledge.place_text import named_in_sentence

    assert named_in_sentence(guide.places, "la mairie d'Arras") == "arras"
    assert named_in_sentence(guide.places, "on est à Villeneuve-d'Ascq") == "villeneuve d ascq"


# ------------------------------------------------------------ a whole and its detail
@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("environ 8 000 € (dont 2 000 € de matériel et 6 000 € d'animation)", "8000.00"),
        ("3000 dont 2000 de la mairie et 1000 de l'agglo", "3000.00"),
        # « dont » lists SOME parts (reading23): one part, or parts short of the whole
        ("8000 dont 2000 de matériel", "8000.00"),
        ("20000 dont 5000 et 5000", "20000.00"),
        ("30 000€ dont 10 000 de la ville", "30000.00"),
        ("3000 dont 2000 et 1500", None),  # parts over the whole: asked
    ],
)
def test_a_whole_and_its_detail_is_the_whole(text: str, amount: str | None) -> None:
    from knowledge.money import parse_amount

    parsed = parse_amount(text)
    assert (str(parsed.amount) if parsed.amount is not None else None) == amount


def test_a_whole_and_its_detail_at_the_total(chat: Chat) -> None:
    started(chat, *TO_TOTAL).text(
        "le coût total est estimé à environ 8 000 € (dont 2 000 € de matériel et 6 000 € "
        "d'animation)"
    )
    assert chat.state.answers["total"] == "8000.00" and chat.state.step == "request"
