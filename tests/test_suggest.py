"""Fiche suggestion from a free description, with the words that made it."""

from __future__ import annotations

import pytest

from knowledge import Knowledge
from knowledge.suggest import suggest


@pytest.mark.parametrize(
    ("description", "fiche", "word"),
    [
        pytest.param(
            "Un jardin partagé au pied des immeubles", 4, "jardin partagé", id="community-garden"
        ),
        pytest.param(
            "un atelier de travaux urbains sur la future place",
            4,
            "atelier de travaux urbains",
            id="atu",
        ),
        pytest.param(
            "la mémoire d'un quartier en mutation", 4, "quartier en mutation", id="memory"
        ),
        pytest.param("des micro-projets d'habitants avec le FPH", 1, "fph", id="fph"),
        pytest.param(
            "aller vers les personnes isolées pour qu'elles participent",
            1,
            "personnes isolées",
            id="isolated-people",
        ),
        pytest.param("un festival de théâtre innovant l'été", 2, "innovant", id="innovation"),
        pytest.param(
            "co-construire le projet de territoire avec un conseil citoyen",
            3,
            "conseil citoyen",
            id="structuring",
        ),
        pytest.param(
            "accompagner les locataires pendant la rénovation énergétique",
            4,
            "rénovation énergétique",
            id="energy-renovation",
        ),
        pytest.param("des jardins partages", 4, "jardin partagé", id="plural-no-accents"),
    ],
)
def test_suggests_with_reasons(
    knowledge: Knowledge, description: str, fiche: int, word: str
) -> None:
    ranking = suggest(knowledge, description)
    assert ranking and ranking[0].fiche.number == fiche
    assert word in ranking[0].matched
    assert abs(sum(s.score for s in ranking) - 1) < 0.01


def test_nothing_recognised(knowledge: Knowledge) -> None:
    assert suggest(knowledge, "bonjour, je voudrais des renseignements") == []
    assert suggest(knowledge, "") == []
