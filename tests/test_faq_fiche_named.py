"""A question naming a fiche is answered from that fiche's text, or not at all (issue 22, faq5
pass): another fiche's rule is never given as the named one's (knowledge/faq.py `_elsewhere`),
a question about a kind of spending needs an answer that speaks of one (faq.toml
`[[asked.need]]` "spending"), and a question the documents do not answer shows the named
fiche's own passage first. Through the real dialog (/start, consent, /question, then the
text), beside near-neighbours that stay answered."""

from __future__ import annotations

import pytest

from dialogs.flow import Guide
from tests.test_faq_asks import NOT_SURE, asked


@pytest.mark.parametrize(
    ("text", "lang", "neighbour", "own"),
    [
        (  # was fiche 1's summary, which says nothing of investment
            "Peut-on financer de l'investissement en fiche 1 ?",
            "fr",
            "Pour aider des habitants",
            "Fiche 1 : Mobiliser tous les publics",
        ),
        (  # was fiche 4's ceilings by kind of spending, read as fiche 3's
            "Pour la fiche 3, les dépenses de fonctionnement sont-elles éligibles ?",
            "fr",
            "La distinction compte pour la fiche 4",
            "Fiche 3 : Accompagner et structurer",
        ),
        (
            "Is investment funded under fiche 2?",
            "en",
            "To try out a new idea",
            "Fiche 2 : Développer les expérimentations",
        ),
    ],
)
def test_another_fiche_s_rule_is_not_given_as_the_named_one_s(
    guide: Guide, text: str, lang: str, neighbour: str, own: str
) -> None:
    said = asked(guide, text, lang)
    assert any(n in said for n in NOT_SURE) and neighbour not in said, said
    closest = said.partition("•")[2]
    assert closest.strip().split("»")[0].find(own) >= 0, said  # its own passage first


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "La fiche 4 finance-t-elle l'investissement et le fonctionnement ?",
            ("150 000", "20 000"),
        ),
        ("Quel est le plafond en fonctionnement pour la fiche 4 ?", ("20 000",)),
        ("Quel est le plancher de la fiche 1 ?", ("2 000",)),
        ("Qui contacter pour la fiche 4 ?", ("Priscille DOLEZ",)),
        (
            "Quels grands équipements régionaux peuvent servir de leviers de mobilisation ?",
            ("Louvre-Lens",),
        ),
    ],
)
def test_the_named_fiche_s_own_rule_is_still_answered(
    guide: Guide, text: str, facts: tuple[str, ...]
) -> None:
    said = asked(guide, text)
    assert not any(n in said for n in NOT_SURE) and all(f in said for f in facts), said
