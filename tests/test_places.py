"""Place lookup: every trap of DESIGN.md, typos, postcodes, EPCIs, out-of-region."""

from __future__ import annotations

import pytest

from knowledge.places import Gazetteer


@pytest.mark.parametrize(
    ("query", "name"),
    [
        pytest.param("Lille", "Lille", id="exact"),
        pytest.param("LIEVIN", "Liévin", id="no-accents-upper"),
        pytest.param("lievn", "Liévin", id="typo"),
        pytest.param("hazebrouk", "Hazebrouck", id="typo-2"),
        pytest.param("Armentiere", "Armentières", id="missing-letters"),
        pytest.param("st omer", "Saint-Omer", id="st-abbreviation"),
        pytest.param("Ste Catherine", "Sainte-Catherine", id="ste-abbreviation"),
        pytest.param("Marcq en Baroeul", "Marcq-en-Barœul", id="oe-ligature"),
        pytest.param("marcq en bareuil", "Marcq-en-Barœul", id="oe-ligature-typo"),
        pytest.param("Noeux les mines", "Nœux-les-Mines", id="oe-ligature-62"),
        pytest.param("villeneuve dasq", "Villeneuve-d'Ascq", id="apostrophe-typo"),
        pytest.param("boulogne s/ mer", "Boulogne-sur-Mer", id="s-slash"),
        pytest.param("59000", "Lille", id="postcode"),
        pytest.param("62300 Lens", "Lens", id="postcode-and-name"),
        pytest.param("59 000 Lille", "Lille", id="postcode-with-space"),
        pytest.param("Lomme", "Lille", id="former-lomme"),
        pytest.param("Hellemmes-Lille", "Lille", id="former-hellemmes"),
        pytest.param("Saint-Pol-sur-Mer", "Dunkerque", id="former-saint-pol"),
        pytest.param("Hesdin", "Hesdin-la-Forêt", id="former-hesdin"),
        pytest.param("Saint-Aubin 62", "Saint-Aubin", id="homonym-with-department"),
        pytest.param("Villeneuve", "Villeneuve-d'Ascq", id="word-prefix-single"),
    ],
)
def test_found(gazetteer: Gazetteer, query: str, name: str) -> None:
    located = gazetteer.locate(query)
    assert located.status == "found", located
    assert len(located.matches) == 1
    assert located.matches[0].commune.name == name


@pytest.mark.parametrize(
    ("query", "must_include"),
    [
        pytest.param(
            "Saint-Aubin", {("Saint-Aubin", "59"), ("Saint-Aubin", "62")}, id="homonym-59-62"
        ),
        pytest.param(
            "Boulogne",
            {("Boulogne-sur-Mer", "62"), ("Boulogne-sur-Helpe", "59")},
            id="word-prefix-many",
        ),
        pytest.param(
            "Saint-Amand",
            {("Saint-Amand", "62"), ("Saint-Amand-les-Eaux", "59")},
            id="exact-but-larger-namesake",
        ),
        pytest.param("Coudekerque", {("Coudekerque-Branche", "59")}, id="prefix-and-former"),
    ],
)
def test_ambiguous_lists_candidates(
    gazetteer: Gazetteer, query: str, must_include: set[tuple[str, str]]
) -> None:
    located = gazetteer.locate(query)
    assert located.status == "ambiguous"
    got = {(m.commune.name, m.commune.department) for m in located.matches}
    assert must_include <= got


def test_shared_postcode_spanning_territories_asks(gazetteer: Gazetteer) -> None:
    counts = {}
    for commune in gazetteer.communes:
        for pc in commune.postcodes:
            counts.setdefault(pc, set()).add(commune.insee)
    biggest = max(counts, key=lambda pc: len(counts[pc]))
    located = gazetteer.locate(biggest)
    assert located.status == "ambiguous"
    assert len(located.matches) == len(counts[biggest]) == 33
    spanning = [
        pc
        for pc, codes in counts.items()
        if len({gazetteer.by_insee(c).territory for c in codes}) > 1
    ]  # type: ignore[union-attr]
    assert spanning, "the data has postcodes spanning two sub-territories"
    located = gazetteer.locate(spanning[0])
    assert located.status == "ambiguous"
    assert len({m.commune.territory for m in located.matches}) > 1


def test_postcode_plus_name_narrows_shared_postcode(gazetteer: Gazetteer) -> None:
    located = gazetteer.locate("62130 Saint-Pol-sur-Ternoise")
    assert located.status == "found"
    assert located.matches[0].commune.name == "Saint-Pol-sur-Ternoise"


@pytest.mark.parametrize(
    ("query", "epci_fragment", "size"),
    [
        pytest.param(
            "Métropole Européenne de Lille", "Métropole Européenne de Lille", 95, id="mel-full"
        ),
        pytest.param("MEL", "Métropole Européenne de Lille", 95, id="mel-acronym"),
        pytest.param("CA de Lens - Liévin", "Lens - Liévin", 36, id="ca-lens-lievin"),
        pytest.param("Pévèle Carembault", "Pévèle-Carembault", 38, id="split-epci"),
    ],
)
def test_epci_name_lists_its_communes(
    gazetteer: Gazetteer, query: str, epci_fragment: str, size: int
) -> None:
    located = gazetteer.locate(query)
    assert located.status == "ambiguous" and located.reason == "epci"
    assert epci_fragment in located.epci_name
    assert len(located.matches) == size
    pops = [m.commune.population for m in located.matches]
    assert pops == sorted(pops, reverse=True)


def test_split_epci_communes_follow_their_arrondissement(gazetteer: Gazetteer) -> None:
    located = gazetteer.locate("Flandre Lys")
    assert {m.commune.territory for m in located.matches} == {"littoral", "artois"}


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        pytest.param("75001", "out_of_region", id="paris-postcode"),
        pytest.param("59999", "unknown_postcode", id="unknown-59-postcode"),
        pytest.param("   ", "empty", id="blank"),
        pytest.param("🙂🙂", "empty", id="emoji-only"),
    ],
)
def test_not_found_with_reason(gazetteer: Gazetteer, query: str, reason: str) -> None:
    located = gazetteer.locate(query)
    assert located.status == "not_found" and located.reason == reason


def test_not_found_offers_suggestions(gazetteer: Gazetteer) -> None:
    located = gazetteer.locate("Valencienes-sur-Escaut")
    assert located.status in ("found", "not_found", "ambiguous")
    nonsense = gazetteer.locate("qwxzt")
    assert nonsense.status == "not_found" and not nonsense.matches
    far = gazetteer.locate("Bruxelles")  # never taken for a commune; near names are offered
    assert far.status != "found"


def test_huge_input_does_not_explode(gazetteer: Gazetteer) -> None:
    located = gazetteer.locate("Lille " * 2000)
    assert located.status in ("found", "ambiguous", "not_found")
