"""The faq8 pass (issue 22): questions from letters, English, and what the documents do not say.
Each through the real dialog (benchmarks/passages.py's Asker: /start, consent, /question, then
the text), beside a neighbour that must keep its answer or its doubt. What each rule is for:
docs/passages.md ("Faq8 pass")."""

from __future__ import annotations

import tomllib

import pytest

from benchmarks import passages as bench
from knowledge.loader import DATA_DIR


@pytest.fixture(scope="module")
def asker() -> bench.Asker:
    return bench.Asker()


def _plain(reply: str) -> str:
    return bench.normal(reply)


def _says(reply: str, *facts: str) -> bool:
    """An answer (not a doubt) holding every fact, compared as the benchmark compares them."""
    return not bench.says_not_sure(reply) and all(_plain(f) in _plain(reply) for f in facts)


# ------------------------------------------------------------------ an area named after its town
def test_an_area_named_after_its_town_gets_its_sub_territorys_contacts(
    asker: bench.Asker,
) -> None:
    """« une association du Boulonnais… la personne ressource pour notre territoire » got the
    general contacts: the Boulonnais is read as the Littoral, shown as our reading."""
    reply = asker.reply(
        "Bonjour, nous sommes un centre social du Boulonnais. Qui est la personne ressource "
        "pour notre territoire et à quel numéro peut-on la joindre ? Cordialement.",
        "fr",
    )
    assert _says(reply, "Boulonnais — Littoral", "FACON", "03 28 82 79 32", "notre lecture")
    reply = asker.reply(
        "Madame, Monsieur, notre maison de quartier se trouve dans le Valenciennois. À qui "
        "devons-nous nous adresser à la Région pour notre territoire ?",
        "fr",
    )
    assert _says(reply, "AUTIN", "03 28 82 79 31") and "FACON" not in reply


def test_each_area_names_an_arrondissement_of_its_own_sub_territory() -> None:
    """`areas` (territories.toml) maps a name to the arrondissement whose town gives it: that
    arrondissement must be one of the sub-territory's own."""
    raw = tomllib.loads((DATA_DIR / "territories.toml").read_text("utf-8"))["territories"]
    seen = 0
    for territory in raw.values():
        for area, town in territory.get("areas", {}).items():
            assert town in territory["arrondissements"].values(), area
            seen += 1
    assert seen >= 10


def test_the_persons_phone_asked_beside_the_person_is_the_contacts_question(
    asker: bench.Asker,
) -> None:
    """« …la personne ressource pour notre territoire, ainsi que son numéro de téléphone ? » is
    cut at « ainsi que »; « son numéro de téléphone ? » alone asked for nobody, so the letter
    was not sure."""
    reply = asker.reply(
        "Bonjour, je travaille dans un centre social du Douaisis sur un projet de démocratie "
        "participative. Pourriez-vous m'indiquer la personne ressource pour notre territoire, "
        "ainsi que son numéro de téléphone ? Bien à vous.",
        "fr",
    )
    assert _says(reply, "AUTIN", "03 28 82 79 31")
    # a phone asked of no one in particular is still not a person's
    reply = asker.reply("Quel est le numéro de téléphone du maire de notre commune ?", "fr")
    assert bench.says_not_sure(reply)


# ------------------------------------------------------------------ the territory of a person
@pytest.mark.parametrize(
    ("question", "lang", "facts"),
    [
        (
            "Pour quel territoire Déborah FACON est-elle la personne ressource ?",
            "fr",
            ("Artois et Bassin Minier du Pas de Calais", "Littoral"),
        ),
        ("Frédéric AUTIN est personne ressource pour quel territoire ?", "fr", ("Hainaut",)),
        ("Which territory is Amelie Antoine the resource person for?", "en", ("lilloise",)),
        ("Quel est le numéro de Priscille Dolez ?", "fr", ("fiche 4 pour toute la région",)),
    ],
)
def test_a_named_person_comes_with_the_territories_they_cover(
    asker: bench.Asker, question: str, lang: str, facts: tuple[str, ...]
) -> None:
    reply = asker.reply(question, lang)
    assert _says(reply, *facts), reply
