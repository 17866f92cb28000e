"""Issue 22, reading15: the classes the sixth held-out set showed (described by the lead, the
set never opened). Each through the real dialog (`tests.dialog_driver`), each a case of
tests/understanding/conversations_tune15.toml first."""

from __future__ import annotations

import pytest

from dialogs import interpret
from dialogs.flow import Guide
from knowledge import lexicon as lx
from knowledge.negated import zeroed
from tests.dialog_driver import Chat, started

AT_PARTS = ("tap:association", "Lens", "tap:quartier", "tap:(4)", "tap:oui", "tap:deux", "50000")


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


# ------------------------------------------------------------ 1. a zero beside a part's name
@pytest.mark.parametrize(
    "said",
    [
        "rien en investissement finalement",
        "en fait pas d'invest, que du fonctionnement",
        "0 en invest en fait",
        "l'investissement ce sera zéro",
    ],
)
def test_a_zero_beside_the_investment_part_makes_the_request_all_operating(
    chat: Chat, said: str
) -> None:
    started(chat, *AT_PARTS)
    assert "pour l'investissement" in chat.said
    chat.text(said)
    assert chat.state.answers["kind"] == "operating"  # never flipped to the part negated
    assert "request_investment" not in chat.state.answers
    assert "Fonctionnement" in chat.said and "au lieu de Les deux" in chat.said
    assert "Combien demandez-vous à la Région ?" in chat.said


def test_a_zero_at_the_operating_part_keeps_the_investment(chat: Chat) -> None:
    started(chat, *AT_PARTS, "20000")
    chat.text("finalement aucun fonctionnement")
    assert chat.state.answers["kind"] == "investment"
    assert "request_operating" not in chat.state.answers


def test_a_zero_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood", "tap:(4)", "tap:yes")
    chat.tap("Both")
    chat.text("50000")
    chat.text("no investment after all")
    assert chat.state.answers["kind"] == "operating"


def test_a_zero_never_picks_the_part_it_zeroes_at_the_kind_question(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier", "tap:(4)", "tap:oui")
    chat.text("rien en investissement")
    assert "kind" not in chat.state.answers  # asked back, not Investissement
    chat.text("aucun investissement, que du fonctionnement")
    assert chat.state.answers["kind"] == "operating"


def test_an_amount_or_a_dont_know_beside_a_part_is_no_zero() -> None:
    table = {k: lx.lexicon().choices["kind"][k] for k in ("investment", "operating")}
    assert zeroed("pas de 5000 en invest", table) == frozenset()
    assert zeroed("aucune idée pour l'invest", table) == frozenset()
    assert zeroed("je sais pas pour le fonctionnement", table) == frozenset()
    assert zeroed("rien en invest et 5000 en fonctionnement", table) == {"investment"}
    assert interpret.kind("de l'invest et du fonctionnement") == "both"


# ------------------------------------------------------------ 2. a don't-know inside a sentence
TO_TOTAL = ("tap:association", "Lens", "tap:quartier", "tap:(1)")


@pytest.mark.parametrize(
    ("before", "said", "key"),
    [
        ((), "aucune idée pour l'instant on n'a pas encore fait le budget", "total"),
        ((), "jsp encore le budget on a pa fini de le faire", "total"),
        (("10000",), "j'en sais rien pour le moment faut voir avec la trésorière", "request"),
        (
            ("10000", "3000"),
            "je sais pas encore ce que la mairie va mettre, on la voit en janvier",
            "cofunding",
        ),
    ],
)
def test_a_dont_know_in_a_sentence_is_the_steps_dont_know(
    chat: Chat, before: tuple[str, ...], said: str, key: str
) -> None:
    started(chat, *TO_TOTAL, *before)
    chat.text(said)
    assert key not in chat.state.answers or chat.state.answers[key] is None
    assert "à préciser" in chat.said  # as the « Je ne sais pas » button says


def test_a_dont_know_with_an_amount_is_the_amount(chat: Chat) -> None:
    started(chat, *TO_TOTAL)
    chat.text("je sais pas trop, on a dit 12000 environ")
    assert "est-ce que je retiens 12 000" in chat.said.replace("\u202f", " ").replace("\xa0", " ")


def test_a_dont_know_of_the_commune_in_a_sentence(chat: Chat) -> None:
    started(chat, "tap:association")
    chat.text("on sait pas encore dans quelle ville, on hésite")
    assert "siège de votre structure" in chat.said  # the button's own answer, no FAQ's
    assert "place" not in chat.state.answers and chat.state.step == "place"
    chat.text("on hésite encore entre Lens et Liévin")  # communes named: not a don't-know
    assert "siège de votre structure" not in chat.said


def test_a_question_about_a_word_is_no_dont_know(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000")
    chat.text("je ne sais pas ce que veut dire cofinancement")
    assert "à préciser" not in chat.said and "cofunding" not in chat.state.answers


# ------------------------------------------------------------ 3. a statement is no question
def test_a_role_corrected_at_the_commune_is_no_question(chat: Chat) -> None:
    started(chat, "tap:association")
    chat.text("ah nn jsui pa une asso jsui 1 habitante du quartier")
    assert chat.state.answers["role"] == "inhabitant"
    assert "Ateliers" not in chat.said and "place" not in chat.state.answers
    assert "Dans quelle commune" in chat.said


def test_a_role_corrected_at_the_audience_is_not_kept_as_the_audience(chat: Chat) -> None:
    started(chat, "tap:association", "Lens")
    chat.text("non en fait je ne suis pas une association je suis un habitant")
    assert chat.state.answers["role"] == "inhabitant"
    assert "audience" not in chat.state.answers and "audience_text" not in chat.state.answers


def test_a_negated_role_alone_picks_no_role(chat: Chat) -> None:
    chat.start()
    chat.text("on n'est pas une asso")
    assert "role" not in chat.state.answers


# ------------------------------------------------------------ 7. home and project
@pytest.mark.parametrize(
    ("said", "insee"),
    [
        ("j'habite à Tournai mais le projet se fait à Roubaix", "59512"),
        ("moi j'habite Lille mais notre projet c'est à Lens", "62498"),
        ("le projet se passe à Douai, moi je vis à Gand", "59178"),
    ],
)
def test_the_projects_commune_is_taken_not_where_one_lives(
    chat: Chat, said: str, insee: str
) -> None:
    started(chat, "tap:association")
    chat.text(said)
    assert chat.state.answers["place"]["insee"] == insee
    assert "où se passe le projet" in chat.said
    assert "Belgique" not in chat.said and "étranger" not in chat.said


def test_one_town_only_is_read_as_before(chat: Chat) -> None:
    started(chat, "tap:association")
    chat.text("on habite à Tournai")
    assert "place" not in chat.state.answers and "Belgique" in chat.said


# ------------------------------------------------------------ 4. corrections with more values
def test_the_last_value_said_after_changing_ones_mind_is_meant(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "8000")
    chat.text("c'est pas 8000 c'est 18000 ah non pardon c'est 15000 au total")
    assert chat.state.answers["total"] == "15000.00" and "request" not in chat.state.answers
    assert "au lieu de 8" in chat.said


def test_the_last_value_said_at_the_question_itself(chat: Chat) -> None:
    started(chat, *TO_TOTAL)
    chat.text("12000 euh non 14000")
    assert chat.state.answers["total"] == "14000.00"


def test_two_amounts_without_a_correction_word_are_still_asked(chat: Chat) -> None:
    started(chat, *TO_TOTAL)
    chat.text("12000 14000")
    assert "total" not in chat.state.answers


@pytest.mark.parametrize(
    "said",
    [
        "on demande pas 5000 on demande 4000 et la commune met 4500",
        "sorry we ask 4000 not 5000, and the town gives 4500",
    ],
)
def test_a_correction_and_the_next_answer_in_one_message(chat: Chat, said: str) -> None:
    started(chat, *TO_TOTAL, "20000", "5000")
    chat.text(said)
    answers = chat.state.answers
    assert (answers["total"], answers["request"], answers["cofunding"]) == (
        "20000.00",
        "4000.00",
        "4500.00",
    )


TO_SHEET = (*TO_TOTAL, "10000", "3000", "3000", "tap:Non", "tap:Voir le r", "tap:fiche synth")
SHEET_ANSWERS = (
    "Jardin des voisins",
    "Les Amis du Jardin",
    "le centre social",
    "ils plantent et arrosent",
    "de mars à juin",
    "association loi 1901",
    "12 rue de la Paix 62300 Lens",
    "Marie Dupont, présidente",
    "03 21 12 34 56",
)


def test_a_title_corrected_at_the_next_sheet_question(chat: Chat) -> None:
    started(chat, *TO_SHEET, "Jardin des voisins")
    chat.text("pardon je me suis trompé de titre, le titre c'est Les Jardins du Quai")
    sheet = chat.state.answers["sheet"]
    assert sheet["title"] == "Les Jardins du Quai" and "structure" not in sheet
    assert "au lieu de Jardin des voisins" in chat.said


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("pardon c'est marie.dupont@gmail.com, pas .con", "marie.dupont@gmail.com"),
        ("oups le mail c'est amis.jardin@orange.fr avec un point", "amis.jardin@orange.fr"),
    ],
)
def test_an_email_corrected_at_the_next_question(chat: Chat, typed: str, meant: str) -> None:
    started(chat, *TO_SHEET, *SHEET_ANSWERS, "marie.dupont@gmail.con")
    chat.text(typed)
    sheet = chat.state.answers["sheet"]
    assert sheet["email"] == meant and "registration" not in sheet


# ------------------------------------------------------------ 5. two answers in one message
def test_the_total_and_the_request_said_together_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood", "tap:(1)")
    chat.text("the total cost is 9,000 euros and we would ask the Region for 2,700")
    assert (chat.state.answers["total"], chat.state.answers["request"]) == ("9000.00", "2700.00")


def test_a_postcode_and_the_audience(chat: Chat) -> None:
    started(chat, "tap:association")
    chat.text("59200 et c'est pour tous les publics")
    assert chat.state.answers["place"]["insee"] == "59599"
    assert chat.state.answers["audience"] == "all"


def test_the_co_funding_and_the_next_yes_no(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000")
    chat.text("3000, et non on n'est pas financés par la Région pour notre activité")
    assert chat.state.answers["cofunding"] == "3000.00"
    assert chat.state.answers["activity"] == "no"
    assert "Programme d'activité » : Non" in chat.said


def test_a_yes_no_opened_by_spoken_words(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000", "3000")
    chat.text(
        "Alors non, la Région ne nous finance pas du tout pour notre fonctionnement "
        "habituel, on a juste une petite subvention de la ville pour le local"
    )
    assert chat.state.answers["activity"] == "no"


def test_no_money_said_at_the_co_funding_is_zero(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood", "tap:(1)", "10000", "3000")
    chat.text("no money from the town so far")
    assert chat.state.answers["cofunding"] == "0.00"


def test_a_value_taken_back_names_its_answer_beside_the_next_one(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "20000", "5000")
    chat.text("pas 5000 mais 6000, et la mairie donne 3000")
    assert (chat.state.answers["request"], chat.state.answers["cofunding"]) == (
        "6000.00",
        "3000.00",
    )


def test_erasing_what_one_wrote_is_no_negation(chat: Chat) -> None:
    started(chat, "tap:association")
    chat.text("supprimez tout ce que j'ai écrit")
    assert [r.effect for r in chat.replies] == ["erase"]


def test_not_a_cent_beside_a_part(chat: Chat) -> None:
    started(chat, *AT_PARTS)
    chat.text("pas un centime en investissement en fait")
    assert chat.state.answers["kind"] == "operating"


def test_who_one_is_said_at_the_audience_is_never_kept_as_the_audience(chat: Chat) -> None:
    started(chat, "tap:association", "Lens")
    chat.text("ah non on est pas une asso, on est un centre social municipal")
    assert "audience" not in chat.state.answers and "audience_text" not in chat.state.answers


def test_an_amount_first_then_the_next_answer_is_no_question(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000")
    chat.text("0 et non on n'est pas financés par la région")
    assert chat.state.answers["cofunding"] == "0.00" and chat.state.answers["activity"] == "no"
    assert "cadre d'intervention" not in chat.said


def test_a_co_funding_not_said_yet_is_no_zero(chat: Chat) -> None:
    started(chat, *TO_TOTAL, "10000", "3000")
    chat.text("la ville n'a pas encore dit combien")
    assert chat.state.answers.get("cofunding") is None and "à préciser" in chat.said


@pytest.mark.parametrize(
    ("before", "said", "unrelated"),
    [
        # « le budget on l'a pas encore, on attend les devis » is now the step's don't-know
        # (tests/test_reading16.py)
        (
            ("10000", "3000", "3500"),
            "on a une subvention de la région pour nos ateliers mais pas pour ce projet",
            "cadre d'intervention de la Région",
        ),
    ],
)
def test_a_statement_never_gets_the_faqs_answer(
    chat: Chat, before: tuple[str, ...], said: str, unrelated: str
) -> None:
    started(chat, *TO_TOTAL, *before)
    step = chat.state.step
    chat.text(said)
    assert unrelated not in chat.said and chat.state.step == step  # asked again


def test_a_short_keyword_question_is_still_answered(chat: Chat) -> None:
    started(chat, *TO_TOTAL)
    chat.text("date limite fiche synthétique")
    assert "1er décembre 2014" in chat.said


def test_data_asked_at_the_description_is_shown(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier")
    chat.text("vous gardez quoi comme infos sur moi ?")
    assert [r.effect for r in chat.replies] == ["show_data"]


def test_an_erasure_typed_at_the_sheet_is_asked_not_stored(chat: Chat) -> None:
    started(chat, *TO_SHEET)
    chat.text("effacez toutes mes données")
    assert "title" not in chat.state.answers.get("sheet", {})
    chat.tap("Oui")
    assert [r.effect for r in chat.replies] == ["erase"]


def test_a_role_only_negated_later_asks_which_answer(chat: Chat) -> None:
    started(chat, "tap:association", "Lens")
    chat.text("on n'est pas une asso")
    assert [label for label, _data in chat.buttons()] == ["✏️ Vous êtes"]
    assert "audience" not in chat.state.answers


def test_a_negated_priority_area_is_no_role_nor_audience(chat: Chat) -> None:
    started(chat, "tap:association", "Lens", "tap:quartier", "tap:(4)", "tap:oui")
    chat.text("ah non en fait on n'est pas en quartier prioritaire")
    assert chat.state.answers["priority_area"] == "no"


def test_not_knowing_how_much_is_a_dont_know(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood", "tap:(1)", "12000")
    chat.text("we haven't decided how much to ask yet")
    assert chat.state.answers.get("request") is None and "to be specified" in chat.said
    assert "ceilings" not in chat.said
