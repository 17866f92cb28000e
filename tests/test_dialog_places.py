"""The conversation's place step over all of France: a commune outside Nord / Pas-de-Calais is
named with its department, the call's general contact is given and another commune invited; a
postcode of one intercommunality routes without asking which commune."""

from __future__ import annotations

import pytest

from dialogs import render
from dialogs.flow import Guide
from knowledge.contacts import contacts_for, outside_contacts, shown_email
from tests.dialog_driver import Chat, at_place, full_run


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        pytest.param("Beauvais", "Beauvais (Oise, 60)", id="beauvais"),
        pytest.param("Beauvais 60000", "Beauvais (Oise, 60)", id="beauvais-postcode"),
        pytest.param("Amiens", "Amiens (Somme, 80)", id="amiens"),
        pytest.param("Reims", "Reims (Marne, 51)", id="reims"),
    ],
)
def test_outside_commune_is_named_with_its_department_and_the_contact(
    guide: Guide, typed: str, shown: str
) -> None:
    chat = at_place(Chat(guide))
    chat.text(typed)
    said = chat.said
    assert shown in said
    assert "ne couvre que les communes du Nord (59) et du Pas-de-Calais (62)" in said
    people = outside_contacts(guide.knowledge)
    assert people, "contacts.toml gives a contact for outside cases"
    for person in people:
        assert person.name in said and person.phone in said and shown_email(person) in said
    assert "place" not in chat.state.answers, "nothing recorded for an outside commune"
    # No dead end: the next text is read as a commune again.
    assert chat.state.step == "place"
    chat.text("Lens")
    assert chat.state.answers["place"]["name"] == "Lens"
    assert chat.state.step == "audience"


def test_outside_message_in_english(guide: Guide) -> None:
    chat = at_place(Chat(guide, lang="en"))
    chat.text("Beauvais")
    assert "Beauvais (Oise, 60)" in chat.said
    assert "neither in Nord nor in Pas-de-Calais" in chat.said
    assert "only covers the communes of Nord (59) and Pas-de-Calais (62)" in chat.said


def test_typo_of_an_outside_commune_also_offers_look_alikes_here(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Beauvai")
    assert "Beauvais (Oise, 60)" in chat.said and "le plus proche" in chat.said
    assert chat.state.step == "place_choice"
    labels = [label for label, _ in chat.buttons()]
    assert "Beauvois (62)" in labels and any("Autre commune" in label for label in labels)
    chat.tap("Autre commune")
    assert chat.state.step == "place"


def test_typed_text_is_escaped_in_the_outside_message(guide: Guide) -> None:
    located = guide.places.locate("Beauvai")
    assert located.status == "outside" and located.elsewhere[0].score < 100
    words = render.region_words(guide.knowledge, "fr")
    text = render.outside(str, "Beauvai<script>", located.elsewhere, [], words)
    assert "<script>" not in text and "Beauvai&lt;script&gt;" in text


def test_homonym_here_is_recorded_and_the_other_named(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Senlis")
    assert chat.state.answers["place"]["insee"] == "62790"
    assert "Senlis (Oise, 60)" in chat.said and chat.state.step == "audience"


def test_name_and_postcode_that_disagree_ask(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Arras 60000")
    assert chat.state.step == "place_choice"
    assert "Beauvais (Oise, 60)" in chat.said
    chat.tap("Arras (62)")
    assert chat.state.answers["place"]["name"] == "Arras"


def test_english_name_is_not_called_a_former_commune(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("Dunkirk")
    assert chat.state.answers["place"]["name"] == "Dunkerque"
    assert "aujourd'hui" not in chat.said


def test_postcode_of_one_epci_asks_which_commune_with_one_tap(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("62130")  # 33 communes, all in the CC du Ternois (Artois sub-territory)
    assert chat.state.step == "place_choice", "staff need the commune, not the postcode"
    assert "Communauté de communes du Ternois" in chat.said and "33 communes" in chat.said
    assert "plus grandes" in chat.said
    buttons = [label for label, _data in chat.buttons()]
    assert len(buttons) == 9 and buttons[0].startswith("Saint-Pol-sur-Ternoise"), buttons
    chat.tap("Saint-Pol-sur-Ternoise")
    place = chat.state.answers["place"]
    assert chat.state.step == "audience" and place["name"] == "Saint-Pol-sur-Ternoise"
    assert place["insee"] and place["epci_code"] == "200069672" and place["territory"] == "artois"


def test_a_smaller_commune_of_a_shared_postcode_is_typed(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("62130")
    chat.text("Gauchin-Verloingt")
    place = chat.state.answers["place"]
    assert chat.state.step == "audience" and place["name"] == "Gauchin-Verloingt"


@pytest.mark.parametrize("fiche", [1, 4])
def test_postcode_of_one_epci_reaches_the_verdict_with_its_contacts(
    guide: Guide, fiche: int
) -> None:
    chat = Chat(guide)
    full_run(chat, fiche, place="59111")  # Bouchain, Hordain… : CA de la Porte du Hainaut
    assert chat.state.step == "verdict"
    lead = chat.state.lead
    assert lead is not None
    assert lead["epci"] == "CA de la Porte du Hainaut" and lead["territory"] == "hainaut"
    assert lead["commune"] == "Bouchain" and lead["insee"], "the commune tapped, not the postcode"
    expected = [p.name for p in contacts_for(guide.knowledge, fiche, "hainaut")]
    assert lead["contacts"] == expected
    said = "\n".join(r.text for r in chat.all_replies)
    assert "Communauté d'agglomération de la Porte du Hainaut" in said


def test_postcode_spanning_several_epcis_still_asks(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("62170")
    assert chat.state.step == "place_choice"
    assert len(chat.buttons()) > 2


def test_department_of_the_region_asks_for_the_commune(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("le Nord")
    assert "le nom de la commune" in chat.said and chat.state.step == "place"
    chat.text("Roubaix")
    assert chat.state.answers["place"]["name"] == "Roubaix"


def test_department_outside_is_said_with_the_contact(guide: Guide) -> None:
    chat = at_place(Chat(guide))
    chat.text("la Somme")
    assert "Somme (80) n'est ni le Nord ni le Pas-de-Calais" in chat.said
    assert all(p.phone in chat.said for p in outside_contacts(guide.knowledge))
    assert chat.state.step == "place" and "place" not in chat.state.answers
