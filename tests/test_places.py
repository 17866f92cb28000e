"""Place lookup: every trap of DESIGN.md, typos, postcodes, EPCIs, and all of France: a commune
outside Nord / Pas-de-Calais is said to be outside, never taken for a look-alike of 59/62."""

from __future__ import annotations

import pytest

from knowledge import Knowledge
from knowledge.place_text import find_in_text
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
    counts: dict[str, set[str]] = {}
    for commune in gazetteer.communes:
        for pc in commune.postcodes:
            counts.setdefault(pc, set()).add(commune.insee)
    biggest = max(counts, key=lambda pc: len(counts[pc]))
    located = gazetteer.locate(biggest)  # 62130: 33 communes, all in the CC du Ternois
    assert located.status == "found" and located.reason == "same_epci"
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
        pytest.param("75999", "out_of_region", id="no-such-paris-postcode"),
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


# ------------------------------------------------------------------ all of France
@pytest.mark.parametrize(
    ("query", "insee", "department", "department_name"),
    [
        pytest.param("Beauvais", "60057", "60", "Oise", id="beauvais-not-beauvois"),
        pytest.param("Beauvais 60000", "60057", "60", "Oise", id="beauvais-postcode"),
        pytest.param("BEAUVAIS", "60057", "60", "Oise", id="upper"),
        pytest.param("Beauvais (60)", "60057", "60", "Oise", id="department-in-brackets"),
        pytest.param("j'habite à Beauvais", "60057", "60", "Oise", id="sentence"),
        pytest.param("Amiens", "80021", "80", "Somme", id="amiens-not-ames"),
        pytest.param("amiens 80000", "80021", "80", "Somme", id="amiens-postcode"),
        pytest.param("Paris", "75056", "75", "Paris", id="paris-not-prisches"),
        pytest.param("75001", "75056", "75", "Paris", id="paris-postcode"),
        pytest.param("75 011", "75056", "75", "Paris", id="paris-postcode-spaced"),
        pytest.param("Reims", "51454", "51", "Marne", id="reims-not-raismes"),
        pytest.param("Marseille", "13055", "13", "Bouches-du-Rhône", id="marseille"),
        pytest.param("Lyon 69003", "69123", "69", "Rhône", id="lyon-arrondissement-postcode"),
        pytest.param("Saint Quentin", "02691", "02", "Aisne", id="saint-quentin"),
        pytest.param("St-Quentin 02100", "02691", "02", "Aisne", id="st-quentin-postcode"),
        pytest.param("compiegne", "60159", "60", "Oise", id="no-accent"),
        pytest.param("Hirson", "02381", "02", "Aisne", id="next-to-avesnois"),
        pytest.param("Valence", "26362", "26", "Drôme", id="exact-elsewhere-not-valenciennes"),
        pytest.param("Bailleul 80", "80051", "80", "Somme", id="homonym-with-department"),
        pytest.param("Senlis 60300", "60612", "60", "Oise", id="homonym-with-postcode"),
        pytest.param("Merville 31330", "31341", "31", "Haute-Garonne", id="homonym-far-postcode"),
        pytest.param("Amien", "80021", "80", "Somme", id="typo-amiens"),
        pytest.param("Beauvai", "60057", "60", "Oise", id="typo-beauvais"),
        pytest.param("Marseile", "13055", "13", "Bouches-du-Rhône", id="typo-marseille"),
        pytest.param("Chantily", "60141", "60", "Oise", id="typo-chantilly"),
        pytest.param("Strasbourg", "67482", "67", "Bas-Rhin", id="far-away"),
    ],
)
def test_outside_names_the_commune_and_its_department(
    gazetteer: Gazetteer, query: str, insee: str, department: str, department_name: str
) -> None:
    located = gazetteer.locate(query)
    assert located.status == "outside", located
    assert not located.matches, "an outside commune is never matched to one of 59/62"
    first = located.elsewhere[0]
    assert (first.insee, first.department, first.department_name) == (
        insee,
        department,
        department_name,
    )
    assert located.commune is None and located.routing is None


def test_outside_homonyms_are_all_named_largest_first(gazetteer: Gazetteer) -> None:
    located = gazetteer.locate("Saint-Denis")
    assert located.status == "outside"
    departments = [e.department for e in located.elsewhere]
    assert {"93", "974"} <= set(departments)
    pops = [e.population for e in located.elsewhere]
    assert pops == sorted(pops, reverse=True)
    assert gazetteer.locate("Saint-Denis 93200").elsewhere[0].insee == "93066"


def test_exact_small_name_elsewhere_also_offers_the_larger_namesake(
    gazetteer: Gazetteer,
) -> None:
    located = gazetteer.locate("Charleville")  # Charleville (51) exists; so does C.-Mézières
    assert located.status == "outside"
    assert located.elsewhere[0].department == "51"
    assert "Charleville-Mézières" in [e.name for e in located.elsewhere]


@pytest.mark.parametrize(
    ("query", "insee", "other_department"),
    [
        pytest.param("Bailleul", "59043", "80", id="bailleul-59-not-61-80"),
        pytest.param("Senlis", "62790", "60", id="senlis-62-not-60"),
        pytest.param("Merville", "59400", "31", id="merville-59-not-31"),
        pytest.param("Saint-Omer", "62765", "14", id="saint-omer-62-not-14"),
        pytest.param("st omer", "62765", "14", id="st-omer-abbreviated"),
    ],
)
def test_homonym_prefers_the_region_and_names_the_other(
    gazetteer: Gazetteer, query: str, insee: str, other_department: str
) -> None:
    located = gazetteer.locate(query)
    assert located.status == "found" and located.commune is not None
    assert located.commune.insee == insee
    assert other_department in {e.department for e in located.elsewhere}


@pytest.mark.parametrize(
    ("query", "in_region", "outside"),
    [
        pytest.param("Lille 62000", {"Lille", "Arras"}, set(), id="region-name-other-postcode"),
        pytest.param("Arras 60000", {"Arras"}, {"Beauvais"}, id="region-name-outside-postcode"),
        pytest.param("Beauvais 62000", {"Arras"}, {"Beauvais"}, id="outside-name-region-postcode"),
        pytest.param(
            "Montreuil", {"Montreuil-sur-Mer"}, {"Montreuil"}, id="exact-far-prefix-here"
        ),
        pytest.param("Mons", {"Mons-en-Barœul"}, {"Mons"}, id="mons"),
        pytest.param(
            "Beauvais 62130", {"Beauvois"}, {"Beauvais"}, id="outside-name-look-alike-postcode"
        ),
        pytest.param("Liévin 62300", {"Liévin", "Lens"}, set(), id="region-name-neighbour-pc"),
    ],
)
def test_name_and_postcode_that_disagree_ask(
    gazetteer: Gazetteer, query: str, in_region: set[str], outside: set[str]
) -> None:
    located = gazetteer.locate(query)
    assert located.status == "ambiguous", located
    assert in_region <= {m.commune.name for m in located.matches}
    assert outside <= {e.name for e in located.elsewhere}


def test_outside_name_with_outside_postcode_of_another_commune(gazetteer: Gazetteer) -> None:
    located = gazetteer.locate("Paris 60000")
    assert located.status == "outside"
    assert {"Paris", "Beauvais"} <= {e.name for e in located.elsewhere}


def test_postcode_and_its_own_name_agree(gazetteer: Gazetteer) -> None:
    assert gazetteer.locate("Beauvais 60000").elsewhere[0].insee == "60057"
    located = gazetteer.locate("59000 Lille")
    assert located.status == "found" and located.commune and located.commune.name == "Lille"


def test_much_larger_commune_starting_with_the_name_wins_but_names_the_others(
    gazetteer: Gazetteer,
) -> None:
    located = gazetteer.locate("Villeneuve")  # villages of that exact name exist elsewhere
    assert located.status == "found" and located.commune is not None
    assert located.commune.name == "Villeneuve-d'Ascq"
    assert located.elsewhere and all(e.name == "Villeneuve" for e in located.elsewhere)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        pytest.param("à Roubaix", "Roubaix", id="a-commune"),
        pytest.param("j'habite à Lille", "Lille", id="j-habite"),
        pytest.param("ville de Lens", "Lens", id="ville-de"),
        pytest.param("Lens centre", "Lens", id="centre"),
        pytest.param("commune de Marck", "Marck", id="commune-de"),
        pytest.param("c'est à Calais", "Calais", id="c-est-a"),
        pytest.param("in Dunkirk", "Dunkerque", id="english-in"),
        pytest.param("Dunkirk", "Dunkerque", id="english-name"),
        pytest.param("Rijsel", "Lille", id="dutch-name"),
        pytest.param("Le Portel", "Le Portel", id="article-kept"),
        pytest.param("Lile", "Lille", id="typo-here-beats-lisle-elsewhere"),
        pytest.param("Valencienne", "Valenciennes", id="typo-valenciennes"),
        pytest.param("Tourcoin", "Tourcoing", id="typo-tourcoing"),
        pytest.param("Aras", "Arras", id="typo-arras"),
        pytest.param("Callais", "Calais", id="typo-calais"),
        pytest.param("Betune", "Béthune", id="typo-bethune"),
        pytest.param("Henin Beaumont", "Hénin-Beaumont", id="no-hyphen"),
        pytest.param("bruay la buissiere", "Bruay-la-Buissière", id="no-accent-no-hyphen"),
        pytest.param("Le Touquet", "Le Touquet-Paris-Plage", id="first-words"),
        pytest.param("Roubaix 59100", "Roubaix", id="name-and-postcode"),
        pytest.param("mobeuge", "Maubeuge", id="written-by-ear"),
        pytest.param("Dunkerk", "Dunkerque", id="written-by-ear-2"),
        pytest.param("Lille Sud", "Lille", id="quarter"),
        pytest.param("Roubaix nord", "Roubaix", id="quarter-2"),
        pytest.param("Sains du Nord", "Sains-du-Nord", id="name-ending-in-a-quarter"),
        pytest.param("Saint-Amand 59", "Saint-Amand-les-Eaux", id="department-picks-prefix"),
    ],
)
def test_found_in_region_among_all_of_france(gazetteer: Gazetteer, query: str, name: str) -> None:
    located = gazetteer.locate(query)
    assert located.status == "found", located
    assert located.commune is not None and located.commune.name == name


def test_a_sound_alike_still_needs_a_close_spelling(gazetteer: Gazetteer) -> None:
    located = gazetteer.locate("Eims")  # sounds like Hem, but is no spelling of it
    assert located.status != "found"


def test_a_name_ending_like_a_filler_is_kept_whole(gazetteer: Gazetteer) -> None:
    # "... ville" is stripped from "Lens ville", never from a commune whose name ends so.
    located = gazetteer.locate("Vitry-la-Ville")
    assert located.status == "outside" and located.elsewhere[0].name == "Vitry-la-Ville"


def test_every_shared_postcode_asks_only_when_the_routing_differs(gazetteer: Gazetteer) -> None:
    communes: dict[str, list[str]] = {}
    for commune in gazetteer.communes:
        if commune.is_current:
            for pc in commune.postcodes:
                communes.setdefault(pc, []).append(commune.insee)
    shared = {pc: codes for pc, codes in communes.items() if len(codes) > 1}
    assert len(shared) > 200
    same, differ = 0, 0
    for pc, codes in shared.items():
        routes = set()
        for insee in codes:
            c = gazetteer.by_insee(insee)
            assert c is not None
            routes.add((c.epci_code, c.territory))
        located = gazetteer.locate(pc)
        assert {m.commune.insee for m in located.matches} == set(codes), pc
        if len(routes) == 1:
            same += 1
            assert located.status == "found" and located.reason == "same_epci", pc
            assert located.commune is None and located.routing is not None
            assert (located.routing.epci_code, located.routing.territory) in routes
        else:
            differ += 1
            assert located.status == "ambiguous", pc
    assert same > 100 and differ > 30


def test_same_epci_postcode_found_in_a_sentence(gazetteer: Gazetteer) -> None:
    place = find_in_text(gazetteer, "je suis au 62130, qui appeler ?")
    assert place is not None
    assert place["insee"] == "" and place["name"] == "62130"
    assert place["epci_name"] == "CC du Ternois" and place["territory"] == "artois"


@pytest.mark.parametrize(
    ("text", "insee"),
    [
        pytest.param("je suis à Beauvais, qui appeler ?", "60057", id="capitalised"),
        pytest.param("notre asso est a amiens", "80021", id="after-a-preposition"),
        pytest.param("on est au 75001", "75056", id="postcode"),
    ],
)
def test_a_commune_outside_found_in_a_sentence(
    gazetteer: Gazetteer, text: str, insee: str
) -> None:
    place = find_in_text(gazetteer, text)
    assert place is not None and place["insee"] == insee
    assert place["territory"] == "" and place["department"] not in ("59", "62")


@pytest.mark.parametrize(
    "text",
    [
        "qui contacter pour le plafond ?",
        "Us et coutumes, c'est quelle fiche ?",  # Us is a commune of the Val-d'Oise
        "Mon association peut-elle déposer ?",
        "Pour qui est le FPH ?",
        "quel est le plafond pour la fiche 2",
    ],
)
def test_everyday_words_are_not_communes_elsewhere(gazetteer: Gazetteer, text: str) -> None:
    assert find_in_text(gazetteer, text) is None


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("Bruxelles", id="belgian-city"),
        pytest.param("London", id="english-city"),
        pytest.param("Tournai", id="belgian-border-town"),
        pytest.param("Gand", id="ghent"),
    ],
)
def test_foreign_cities_are_never_found_in_the_region(gazetteer: Gazetteer, query: str) -> None:
    assert gazetteer.locate(query).status != "found"


def test_outside_property_gives_the_commune_meant(gazetteer: Gazetteer) -> None:
    located = gazetteer.locate("Beauvais")
    assert located.outside is not None and located.outside.insee == "60057"
    assert gazetteer.locate("Lille").outside is None


@pytest.mark.parametrize(
    ("query", "department"),
    [
        pytest.param("Clermont Ferrand", "63", id="full-name"),
        pytest.param("Chalons", "51", id="town-by-its-first-word"),
    ],
)
def test_outside_town_by_its_first_words(
    gazetteer: Gazetteer, query: str, department: str
) -> None:
    located = gazetteer.locate(query)
    assert located.status == "outside" and located.elsewhere[0].department == department


def test_without_the_france_files_the_region_still_works(knowledge: Knowledge) -> None:
    region_only = Gazetteer(knowledge.communes, knowledge.epci_aliases)
    assert region_only.locate("Lille").status == "found"
    beauvais = region_only.locate("Beauvais")
    assert beauvais.status != "outside" and not beauvais.elsewhere


@pytest.mark.parametrize(
    ("text", "insee"),
    [
        ("a lens dans le 62", "62498"),
        ("heu c'est Rely", "62701"),
        ("quartier de l'Alma à Roubaix", "59512"),
        ("on est sur Douai nous", "59178"),
    ],
)
def test_words_around_a_name_issue_22(gazetteer: Gazetteer, text: str, insee: str) -> None:
    located = gazetteer.locate(text)
    assert located.status == "found" and located.commune is not None
    assert located.commune.insee == insee
