"""Issue 22, reading20: what reading18 and reading19 left. A question about the data policy
answered (not the data shown), a percentage question at the description, an amount beside an
earlier answer's same value, a correction that repairs itself, a priority area named at a fiche
that does not ask it. Through the real dialog (`tests.dialog_driver`)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.dialog_driver import Chat, started

TO_AUDIENCE = ("tap:association", "Douai")
TO_AUDIENCE_EN = ("tap:association", "Lens")


@pytest.fixture
def chat(guide: Guide) -> Chat:
    return Chat(guide)


def _effects(chat: Chat) -> list[str]:
    return [r.effect for r in chat.replies if r.effect]


# ---------------------------------------------------------------------- 1. the data policy
@pytest.mark.parametrize(
    "asked",
    [
        "combien de temps gardez-vous mes données ?",
        "qui a accès à mes données ?",
        "est-ce que mes infos sont partagées avec d'autres organismes ?",
        "jusqu'à quand vous conservez mes réponses ?",
    ],
)
def test_a_question_about_the_data_policy_gets_the_notice(chat: Chat, asked: str) -> None:
    started(chat, *TO_AUDIENCE)
    chat.text(asked)
    assert "show_data" not in _effects(chat)
    assert "gardés pour l'équipe régionale" in chat.said
    assert "Source" in chat.said  # the notice, cited
    assert chat.state.step == "audience"  # the question asked again, nothing lost
    assert chat.state.answers["place"]["insee"] == "59178"


@pytest.mark.parametrize(
    "asked",
    [
        "how long do you keep my data?",
        "who can see my answers?",
        "why do you store my information?",
    ],
)
def test_a_question_about_the_data_policy_in_english(guide: Guide, asked: str) -> None:
    chat = Chat(guide, lang="en")
    started(chat, *TO_AUDIENCE_EN)
    chat.text(asked)
    assert "show_data" not in _effects(chat)
    assert "kept for the regional team" in chat.said
    assert chat.state.step == "audience"


@pytest.mark.parametrize(
    "asked",
    [
        "montrez-moi les données que vous avez sur moi",
        "je veux voir mes données svp",
        "qu'avez-vous sur moi ?",
    ],
)
def test_a_request_for_ones_own_data_keeps_the_intent(chat: Chat, asked: str) -> None:
    started(chat, *TO_AUDIENCE)
    chat.text(asked)
    assert _effects(chat) == ["show_data"]


def test_a_request_for_ones_own_data_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, *TO_AUDIENCE_EN)
    chat.text("please show me the data you have on me")
    assert _effects(chat) == ["show_data"]


# ---------------------------------------------------------------------- 2. a percentage asked
TO_DESCRIPTION = ("tap:association", "Douai", "tap:quartier")


@pytest.mark.parametrize(
    ("asked", "result"),
    [
        ("30 % de 12000 ça fait combien ?", "3 600 €"),
        ("trente pour cent de 12000 ça fait combien ?", "3 600 €"),
        ("combien font 25 pour cent de 8000 € ?", "2 000 €"),
    ],
)
def test_a_percentage_of_an_amount_is_worked_out(chat: Chat, asked: str, result: str) -> None:
    started(chat, *TO_DESCRIPTION)
    chat.text(asked)
    said = chat.said.replace("\u202f", " ").replace("\xa0", " ")
    assert f"cela fait {result}" in said
    assert "Je n'ai pas compris" not in said
    assert "description" not in chat.state.answers
    assert chat.state.step == "project"  # asked again


def test_a_percentage_of_an_amount_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood")
    chat.text("what's 30% of 15,000?")
    assert "€4,500" in chat.said
    assert "description" not in chat.state.answers


def test_a_percentage_at_an_amount_step_is_never_the_answer(chat: Chat) -> None:
    started(chat, *TO_DESCRIPTION, "tap:(1)")
    chat.text("30 % de 12000 ça fait combien ?")
    assert "total" not in chat.state.answers
    assert "3 600" in chat.said.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize(
    "said",
    [
        "un atelier cuisine où 30 % des places vont aux familles du quartier",
        "un repair café, 20 % de notre public est en insertion",
    ],
)
def test_a_description_holding_a_percentage_is_a_description(chat: Chat, said: str) -> None:
    started(chat, *TO_DESCRIPTION)
    chat.text(said)
    assert chat.state.answers.get("description") == said


def test_the_minimum_percentage_is_the_cofunding_rate(chat: Chat) -> None:
    started(chat, *TO_DESCRIPTION)
    chat.text("c'est combien le minimum en pourcentage ?")
    assert "Co-financement des collectivités locales" in chat.said
    assert "plancher" not in chat.said
    assert "description" not in chat.state.answers


# ---------------------------------------------------------------------- 3. a part of the total
TO_COFUNDING = (*TO_DESCRIPTION, "tap:(1)", "10000", "3000")


@pytest.mark.parametrize(
    ("said", "cofunding"),
    [
        ("3000 sur les 10000 du total", "3000.00"),
        ("la commune met 2500 sur les 10000 du projet", "2500.00"),
    ],
)
def test_a_part_of_the_total_given_is_the_cofunding(chat: Chat, said: str, cofunding: str) -> None:
    started(chat, *TO_COFUNDING)
    chat.text(said)
    assert chat.state.answers.get("cofunding") == cofunding
    assert chat.state.answers["total"] == "10000.00"  # never « corrected » to the part
    assert "corrigé" not in chat.said


def test_a_part_of_the_total_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood", "tap:(1)", "10000", "3000")
    chat.text("the town puts in 3,000 out of the 10,000")
    assert chat.state.answers.get("cofunding") == "3000.00"
    assert chat.state.answers["total"] == "10000.00"


def test_a_whole_that_is_a_postcode_is_no_place_question(chat: Chat) -> None:
    started(chat, *TO_DESCRIPTION, "tap:(2)", "16000", "4000")
    chat.text("la ville met 5000 sur les 16000 du projet")  # 16000: Angoulême's postcode
    assert chat.state.answers.get("cofunding") == "5000.00"
    assert "Angoulême" not in chat.said


@pytest.mark.parametrize(
    "said",
    [
        "3000 sur les 12000 du total",  # not the total given: which one?
        "entre 3000 et 4000 sur les 10000",  # a range
        "12000 sur les 10000",  # above the whole
    ],
)
def test_a_part_of_another_whole_is_asked(chat: Chat, said: str) -> None:
    started(chat, *TO_COFUNDING)
    chat.text(said)
    assert "cofunding" not in chat.state.answers
    assert chat.state.answers["total"] == "10000.00"


# ---------------------------------------------------------------------- 3. a value repaired
@pytest.mark.parametrize(
    ("said", "total"),
    [
        ("non le total c'est 11000… enfin 11500", "11500.00"),
        ("le coût total c'est 12000, enfin plutôt 12500", "12500.00"),
    ],
)
def test_a_correction_that_repairs_its_value_takes_the_last(
    chat: Chat, said: str, total: str
) -> None:
    started(chat, *TO_COFUNDING)
    chat.text(said)
    assert chat.state.answers["total"] == total
    assert chat.state.answers["request"] == "3000.00"


def test_an_answer_repaired_at_its_own_question(chat: Chat) -> None:
    started(chat, *TO_DESCRIPTION, "tap:(1)")
    chat.text("11000… enfin 11500")
    assert chat.state.answers["total"] == "11500.00"


@pytest.mark.parametrize(
    "said",
    [
        "non le total c'est 11000 ou 11500 je sais plus",  # a doubt, not a repair
        "le total c'est 11000 enfin 11500 si on compte le matériel en plus",  # two readings
    ],
)
def test_two_values_without_a_repair_are_asked(chat: Chat, said: str) -> None:
    started(chat, *TO_COFUNDING)
    chat.text(said)
    assert chat.state.answers["total"] == "10000.00"


# ---------------------------------------------------------------------- 4. a priority area
def test_a_priority_area_alone_at_fiche_1_does_not_apply(chat: Chat) -> None:
    started(chat, *TO_DESCRIPTION, "tap:(1)")
    chat.text("on est en quartier prioritaire")
    assert "ne s'applique pas à la fiche 1 : seule la fiche 4" in chat.said
    assert "Je n'ai pas reconnu de montant" not in chat.said
    assert "priority_area" not in chat.state.answers
    assert chat.state.step == "total"


@pytest.mark.parametrize(
    ("fiche", "before", "said", "key", "value"),
    [
        ("2", (), "oui c'est en QPV, le coût total c'est 14000", "total", "14000.00"),
        (
            "3",
            ("20000",),
            "le projet est dans un quartier politique de la ville, on demande 6000",
            "request",
            "6000.00",
        ),
    ],
)
def test_a_priority_area_beside_an_answer_keeps_the_answer(
    chat: Chat, fiche: str, before: tuple[str, ...], said: str, key: str, value: str
) -> None:
    started(chat, *TO_DESCRIPTION, f"tap:({fiche})", *before)
    chat.text(said)
    assert chat.state.answers[key] == value
    assert f"ne s'applique pas à la fiche {fiche}" in chat.said


def test_a_priority_area_in_english(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, "tap:association", "Lens", "tap:neighbourhood", "tap:(1)")
    chat.text("we're in a priority neighbourhood")
    assert "does not apply to fiche 1: only fiche 4" in chat.said
    assert "total" not in chat.state.answers


def test_a_question_about_the_priority_area_is_the_faqs(chat: Chat) -> None:
    started(chat, *TO_DESCRIPTION, "tap:(1)")
    chat.text("mon quartier est-il prioritaire ?")
    assert "ne s'applique pas" not in chat.said
    assert "géographie prioritaire" in chat.said


def test_at_fiche_4_the_priority_area_is_its_answer(chat: Chat) -> None:
    started(chat, *TO_DESCRIPTION, "tap:(4)")
    chat.text("oui on est en quartier prioritaire")
    assert chat.state.answers["priority_area"] == "yes"
    assert "ne s'applique pas" not in chat.said


@pytest.mark.parametrize(
    "asked",
    [
        "qui a accès aux informations sur les subventions ?",
        "est-ce que vous partagez le numéro de la région ?",
    ],
)
def test_a_question_about_the_calls_information_is_no_privacy_question(
    chat: Chat, asked: str
) -> None:
    started(chat, *TO_AUDIENCE)
    chat.text(asked)
    assert "gardés pour l'équipe régionale" not in chat.said
    assert "show_data" not in _effects(chat)


def test_the_calls_information_in_english_is_no_privacy_question(guide: Guide) -> None:
    chat = Chat(guide, lang="en")
    started(chat, *TO_AUDIENCE_EN)
    chat.text("can you share information about fiche 2?")
    assert "kept for the regional team" not in chat.said


def test_a_priority_area_beside_a_yes_no_answer_keeps_the_answer(chat: Chat) -> None:
    started(chat, *TO_COFUNDING, "3000")
    assert chat.state.step == "activity"
    chat.text("non, et on n'est pas en QPV")
    assert chat.state.answers["activity"] == "no"  # the « non » not lost
    assert "ne s'applique pas à la fiche 1" in chat.said
