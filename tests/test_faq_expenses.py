"""An expense asked about is not who may apply (outside6 pass, passages_tune12): « est-ce que
les salaires sont éligibles ? » was answered « Le cadre d'intervention ne dit pas qui peut
déposer un projet… » on the word « éligible ». The documents list no eligible expense, so the
plain « they do not say » is the answer; « mon association est-elle éligible ? » keeps who may
apply. Through the real dialog (/start, consent, /question, then the text)."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.test_faq_asks import asked

WHO_FR = "ne dit pas qui peut déposer un projet"
WHO_EN = "does not say who may apply"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("est-ce que les salaires sont éligibles ?", "fr"),
        ("le matériel est éligible ?", "fr"),
        ("slt les repas c eligible ?", "fr"),
        ("Are salaries eligible?", "en"),
    ],
)
def test_an_expense_asked_about_is_not_who_may_apply(guide: Guide, text: str, lang: str) -> None:
    said = asked(guide, text, lang)
    assert WHO_FR not in said and WHO_EN not in said, said
    assert "ne le disent pas" in said or "do not say" in said, said


@pytest.mark.parametrize(
    ("text", "lang", "who"),
    [
        ("mon association est-elle éligible ?", "fr", WHO_FR),
        ("un particulier est éligible ?", "fr", WHO_FR),
        ("is a charity eligible?", "en", WHO_EN),
    ],
)
def test_who_may_apply_is_still_answered(guide: Guide, text: str, lang: str, who: str) -> None:
    assert who in asked(guide, text, lang)
