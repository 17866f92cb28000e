"""knowledge.asked.Need: a question asking a sum, a duration, a time or a kind of spending is answered
only by a text holding one (faq.toml `[[asked.need]]`, issue 22, faq5 pass). The ceilings
hold numbers, not a project's duration; the juries' entry says who sits on them, not when they
decide. Through the real dialog (/start, consent, /question, then the text), each rule beside
the near-neighbour it must keep answering."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.test_faq_abstain import NOT_SAID, said_not_given
from tests.test_faq_asks import asked


@pytest.mark.parametrize(
    ("text", "lang", "neighbour"),
    [  # was the amount ceilings (« maximale » is « plafond »)
        ("Quelle est la durée maximale d'un projet ?", "fr", "que pour la fiche 4"),
        ("Combien de temps dure un projet au maximum ?", "fr", "que pour la fiche 4"),
        ("What is the maximum length of a project?", "en", "for fiche 4 only"),
        (  # was the juries' entry
            "Quand serons-nous informés du résultat du jury territorial ?",
            "fr",
            "Les projets sont examinés",
        ),
        # a date, but of something else: each was the filing dates
        ("C'est quand les résultats ?", "fr", "1er décembre 2014"),
        ("Quel est le calendrier des paiements ?", "fr", "1er décembre 2014"),
        ("When will the regional jury meet?", "en", "1 December 2014"),
    ],
)
def test_a_measure_no_text_gives_is_not_answered(
    guide: Guide, text: str, lang: str, neighbour: str
) -> None:
    said_not_given(asked(guide, text, lang), neighbour)


@pytest.mark.parametrize(
    ("text", "lang", "fact"),
    [
        ("Quand faut-il contacter l'intercommunalité ?", "fr", "préalable"),  # « avant »
        ("Jusqu'à quand peut-on déposer le dossier complet ?", "fr", "23 janvier 2015"),
        ("il reste combien de temps pour déposer ?", "fr", "23 janvier 2015"),  # a date
        ("How long do we have left to send the summary form?", "en", "1 December 2014"),
        (  # « quand même » asks whether, not when: the non-cumul rule
            "Nous recevons déjà une subvention de la Région pour notre programme d'activité, "
            "pouvons-nous quand même déposer un projet DSDT ?",
            "fr",
            "réel besoin non couvert",
        ),
        ("Quel est le plafond en investissement de la fiche 4 ?", "fr", "150 000"),
        ("c'est quand la date limite ?", "fr", "23 janvier 2015"),  # the calendar's own words
        ("quel est le calendrier de l'appel ?", "fr", "1er décembre 2014"),
        ("When is the summary form due?", "en", "1 December"),
        (  # « when » before a gerund is no question of time
            "Dear Madam, Sir, could you kindly tell me who sits on the territorial juries and "
            "what they check when examining projects? Thank you for your help.",
            "en",
            "elected members",
        ),
    ],
)
def test_a_measure_the_text_gives_is_still_answered(
    guide: Guide, text: str, lang: str, fact: str
) -> None:
    said = asked(guide, text, lang)
    assert NOT_SAID not in said and "do not say" not in said and fact in said, said


@pytest.mark.parametrize(
    ("text", "lang"),
    [  # « 1901 » was an amount and a year named, under the FAQ's own list of law words
        ("Une association loi du 1er juillet 1901 peut-elle déposer ?", "fr"),
        ("Une association loi de 1901 peut-elle déposer un projet ?", "fr"),
        ("Can an association under the law of 1901 apply?", "en"),
    ],
)
def test_a_law_named_by_its_date_is_no_year_and_no_amount(
    guide: Guide, text: str, lang: str
) -> None:
    """One list of law words (money_words.toml `law_before`), the amount reader's: the FAQ
    read « loi 1901 » but not « loi du 1er juillet 1901 », « loi de 1901 », "law of 1901"."""
    said = asked(guide, text, lang)
    assert "pas sûr" not in said and "not sure" not in said, said
    assert "ne dit pas qui peut déposer" in said or "does not say who may apply" in said, said
