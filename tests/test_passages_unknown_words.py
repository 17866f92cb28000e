"""knowledge.passages.Bm25: a word no document holds weighs as the rarest word only when it
names a thing (a determiner before it: « le salaire », « du bénévolat », "the opening hours");
a verb, an adverb or a letter's phrase weighs half as much (passages.toml [index]
`determiners`, issue 22, faq5 pass). Through the real dialog (/start, consent, /question,
then the text): questions whose unknown words were only their wording are answered, questions
about a thing the documents never name still are not."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.test_faq_asks import NOT_SURE, asked


@pytest.mark.parametrize(
    ("text", "fact"),
    [  # each was "not sure": « sorry », « bother », « wrote », « rarely » weighed as « salaire »
        (
            "Hello, sorry to bother you, how much do local authorities have to contribute? Thank you so much",
            "30%",
        ),
        (
            "Who wrote the 2013 report on empowerment in working-class neighbourhoods cited in "
            "the framework?",
            "Bacqué",
        ),
        (
            "Which age group of working people does fiche 1 say rarely takes part in "
            "participatory democracy?",
            "25 and 50",
        ),
    ],
)
def test_unknown_words_of_the_wording_do_not_hide_the_answer(
    guide: Guide, text: str, fact: str
) -> None:
    said = asked(guide, text, "en")
    assert not any(n in said for n in NOT_SURE) and fact in said, said


@pytest.mark.parametrize(
    ("text", "lang"),
    [  # a thing the documents never name: its weight is what makes the bot abstain
        ("Le bénévolat valorisé peut-il compter dans le cofinancement ?", "fr"),
        ("What are the opening hours of the Lens town hall?", "en"),
        ("Quel est le salaire d'un agent de proximité ?", "fr"),
    ],
)
def test_a_thing_no_document_names_still_is_not_answered(
    guide: Guide, text: str, lang: str
) -> None:
    said = asked(guide, text, lang)
    assert any(n in said for n in NOT_SURE), said
