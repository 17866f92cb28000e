"""Fiche suggestion from a free description: the fiche the call's text supports, with the words
that made it, or "not sure" when the evidence is weak or tied. These cases are not the tuning
set (tests/understanding/descriptions_tune.toml); they are written in other people's words."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import Knowledge
from knowledge.suggest import STRONG, suggest, understand

CLEAR = [
    # fiche 4: the GUP actions in everyday words, typos and SMS
    ("Un jardin partagé au pied des immeubles", 4, "jardin partagé"),
    ("des jardins partages", 4, "jardins partages"),
    ("on jardine ensemble en bas de chez nous", 4, "jardine"),
    ("jardinage collectif derrière la résidence", 4, "jardinage"),
    ("un atelier de travaux urbains sur la future place", 4, "atelier de travaux urbains"),
    ("la mémoire d'un quartier en mutation", 4, "quartier en mutation"),
    ("la tour va être démolie, on veut garder la mémoire", 4, "mémoire"),
    ("accompagner les locataires pendant la rénovation énergétique", 4, "rénovation énergétique"),
    ("rénover les logements et accompagner les locataires", 4, "rénover"),
    ("nettoyer les rues de la cité avec les jeunes", 4, "nettoyer"),
    ("des poubelles partout, on veut une opération propreté avec le bailleur", 4, "propreté"),
    (
        "un fond de travaux urbain pour les petits travaux des habitants",
        4,
        "fond de travaux urbain",
    ),
    ("GUP quartier Pont de Bois", 4, "GUP"),
    ("jardin partajé o pied dé imeubles", 4, "jardin partajé"),
    ("renovation energetik des logement", 4, "renovation energetik"),
    # fiche 1: mobilising, micro-projects, FPH / FLIP, people far from institutions
    ("des micro-projets d'habitants avec le FPH", 1, "FPH"),
    ("aller vers les personnes isolées pour qu'elles participent", 1, "personnes isolées"),
    ("mobilisons les habitants isolés du village", 1, "isolés"),
    ("les habitants débattent et prennent des décisions collectives", 1, "décisions collectives"),
    ("les citoyens s'expriment sur la vie de leur rue", 1, "citoyens"),
    ("le flip pour les petites initiatives en milieu rural", 1, "flip"),
    (
        "les ados qui vont jamais au centre social, on veut qu'ils donnent leur avis",
        1,
        "vont jamais",
    ),
    # fiche 2: experiments, innovation, NQE, art and conviviality
    ("un festival de théâtre innovant l'été", 2, "innovant"),
    ("on expérimente un truc jamais vu ici", 2, "expérimente"),
    ("innover dans la façon d'accueillir les nouveaux arrivants", 2, "innover"),
    ("des artistes et des spectacles dans la rue", 2, "artistes"),
    ("innovations sociales dans les quartiers", 2, "innovations sociales"),
    ("nos quartiers d'été à la cité", 2, "quartiers d'été"),
    ("un projet original de musique avec les jeunes", 2, "original"),
    # fiche 3: structuring with the intercommunality
    ("co-construire le projet de territoire avec un conseil citoyen", 3, "conseil citoyen"),
    ("une démarche structurante avec l'interco", 3, "structurante"),
    ("fédérant les associations de plusieurs communes", 3, "plusieurs communes"),
    ("négociation entre les habitants et les pouvoirs publics", 3, "pouvoirs publics"),
    ("évaluer les politiques publiques avec les habitants", 3, "évaluer les politiques publiques"),
]

CLEAR_EN = [
    ("a shared garden at the foot of the buildings", 4, "shared garden"),
    ("gardening with the neighbours at the foot of our building", 4, "foot of our building"),
    ("the flats are being renovated, we support the tenants", 4, "renovated"),
    ("cleaning the streets of the estate", 4, "cleaning"),
    ("collecting memories before the demolition", 4, "memories"),
    ("micro projects by residents with the FPH", 1, "FPH"),
    ("reaching lonely older people", 1, "lonely"),
    ("experimenting with new ways of welcoming newcomers", 2, "experimenting"),
    ("an innovative music festival", 2, "innovative"),
    ("co-building the territory project with the intercommunality", 3, "territory project"),
]

VAGUE = [
    "",
    "bonjour, je voudrais des renseignements",
    "un projet pour les habitants du quartier",
    "projet quartier habitants",
    "on a un projet avec des jeunes",
    "c'est pour notre association",
    "aider les gens",
    "je sais pas",
    "hello, we need money",
    "a project for residents of the neighbourhood",
    "???",
]


@pytest.mark.parametrize(("description", "fiche", "word"), CLEAR + CLEAR_EN)
def test_clear_descriptions_get_their_fiche_and_the_words_why(
    knowledge: Knowledge, description: str, fiche: int, word: str
) -> None:
    understood = understand(knowledge, description)
    assert understood.sure and understood.fiche == fiche, understood.ranking
    assert word in understood.ranking[0].matched
    assert abs(sum(s.score for s in understood.ranking) - 1) < 0.01


@pytest.mark.parametrize("description", VAGUE)
def test_vague_descriptions_are_not_sure(knowledge: Knowledge, description: str) -> None:
    understood = understand(knowledge, description)
    assert not understood.sure and understood.fiche is None
    assert understood.candidates == ()


def test_nothing_recognised(knowledge: Knowledge) -> None:
    assert suggest(knowledge, "bonjour, je voudrais des renseignements") == []
    assert suggest(knowledge, "") == []


def _words_of_weight(knowledge: Knowledge, fiche: int, weight: int) -> list[str]:
    return [
        w
        for g in knowledge.fiches[fiche].keywords
        if g.weight == weight
        for w in g.words
        if " " not in w and "'" not in w and "-" not in w
    ]


def test_context_words_never_decide_alone(knowledge: Knowledge) -> None:
    """Any three words of weight 1 ("habitants", "quartier", "jeunes"...), from any fiches,
    give no suggestion: they are context, not evidence."""
    context = sorted({w for n in knowledge.fiches for w in _words_of_weight(knowledge, n, 1)})
    assert "habitants" in context and "quartier" in context
    for combo in itertools.combinations(context[:18], 3):
        understood = understand(knowledge, " ".join(combo))
        assert not understood.sure, combo


@pytest.mark.parametrize(
    ("text", "fiches"),
    [
        ("un festival et un potager", (2, 4)),
        ("un potager et un festival", (2, 4)),
        ("du théâtre et des logements", (2, 4)),
        ("un conseil citoyen et le FPH", (1, 3)),
        ("innovation et jardin", (2, 4)),
        ("micro-projets et expérimentation", (1, 2)),
        ("a garden and a festival", (2, 4)),
    ],
)
def test_a_tie_is_never_broken_by_fiche_number(
    knowledge: Knowledge, text: str, fiches: tuple[int, ...]
) -> None:
    understood = understand(knowledge, text)
    assert not understood.sure and understood.fiche is None
    assert understood.candidates == fiches


def test_equal_points_are_never_sure(knowledge: Knowledge) -> None:
    """One single-word keyword of the same weight from each of two fiches: whenever the two
    best fiches score the same, the answer is "not sure" (no order of fiches decides)."""
    ties = 0
    for a, b in itertools.combinations(sorted(knowledge.fiches), 2):
        for weight in (STRONG, 3):
            pairs = zip(
                _words_of_weight(knowledge, a, weight)[:6],
                _words_of_weight(knowledge, b, weight)[:6],
                strict=False,
            )
            for word_a, word_b in pairs:
                for text in (f"{word_a} et {word_b}", f"{word_b} et {word_a}"):
                    understood = understand(knowledge, text)
                    ranking = understood.ranking
                    if len(ranking) > 1 and ranking[0].points == ranking[1].points:
                        ties += 1
                        assert not understood.sure, text
                        assert {ranking[0].fiche.number, ranking[1].fiche.number} <= set(
                            understood.candidates
                        )
    assert ties >= 20  # the property was really exercised


def test_word_order_does_not_change_the_decision(knowledge: Knowledge) -> None:
    text = (
        "des habitants isolés, un jardin partagé au pied des immeubles et la mémoire du quartier"
    )
    words = text.split()
    forward = understand(knowledge, text)
    backward = understand(knowledge, " ".join(reversed(words)))
    assert forward.sure and forward.fiche == 4
    assert forward.fiche == backward.fiche or not backward.sure


def test_a_long_description_is_read_whole(knowledge: Knowledge) -> None:
    text = (
        "Notre association de locataires existe depuis dix ans dans la résidence. "
        "Depuis la fin du chantier, les espaces verts sont abandonnés et les enfants n'ont "
        "plus d'endroit où jouer. Nous voudrions créer avec les habitants un jardin partagé "
        "au pied des immeubles, avec des bacs, un composteur et des bancs, en lien avec le "
        "bailleur et la mairie, et faire vivre ce lieu toute l'année. "
    ) * 5
    understood = understand(knowledge, text)
    assert understood.sure and understood.fiche == 4


def test_french_insulation_is_not_english_isolation(knowledge: Knowledge) -> None:
    """The word "isolation" is insulation in French (fiche 4) and loneliness in English (fiche 1)."""
    assert understand(knowledge, "travaux d'isolation des logements").fiche == 4
    assert understand(knowledge, "people living in isolation, lonely").fiche == 1


def test_every_keyword_group_has_a_source(knowledge: Knowledge) -> None:
    for fiche in knowledge.fiches.values():
        assert fiche.keywords
        for group in fiche.keywords:
            assert group.source.cite() and group.words and group.weight in (1, 2, 3)


def test_phrases_do_not_cross_punctuation(knowledge: Knowledge) -> None:
    """The words "plein air, jeux" are not "aire de jeux": a phrase stays in one clause."""
    ranking = suggest(knowledge, "cinéma en plein air, jeux")
    assert all("air, jeux" not in s.matched for s in ranking)
    ranking = suggest(knowledge, "refaire l'aire de jeux")
    assert ranking and ranking[0].fiche.number == 4 and "aire de jeux" in ranking[0].matched


def test_concerts_are_not_concertation(knowledge: Knowledge) -> None:
    """French stems join "concerts" and "concertation": fiche 3 names only its phrases."""
    understood = understand(knowledge, "des concerts et du cinéma l'été dans la cité")
    assert 3 not in [s.fiche.number for s in understood.ranking]
    assert understand(knowledge, "une table de concertation avec l'agglo").fiche == 3


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "jardin",
                    "festival",
                    "FPH",
                    "conseil citoyen",
                    "habitants",
                    "quartier",
                    "garden",
                    "logements",
                    "innovant",
                    "agglo",
                    "isolés",
                    ",",
                    ".",
                    "d'",
                    "—",
                ]
            ),
            st.text(max_size=12),
        ),
        max_size=40,
    )
)
def test_any_text_gets_a_consistent_answer(knowledge: Knowledge, parts: list[str]) -> None:
    understood = understand(knowledge, " ".join(parts))
    ranking = understood.ranking
    if ranking:
        assert abs(sum(s.score for s in ranking) - 1) < 0.01
        assert [s.points for s in ranking] == sorted((s.points for s in ranking), reverse=True)
    if understood.sure:
        runner_up = ranking[1].points if len(ranking) > 1 else 0.0
        assert ranking[0].evidence >= STRONG and ranking[0].points > runner_up
        assert understood.candidates == (understood.fiche,)
