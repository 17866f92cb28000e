"""The place question: a commune, postcode or EPCI read by the gazetteer; homonyms, shared
postcodes and places outside the region handled."""

from __future__ import annotations

import re
from functools import partial

from dialogs import interpret, render
from dialogs.turn import MAX_CANDIDATES, Turn
from knowledge.abroad import Abroad, named_abroad, named_abroad_in
from knowledge.contacts import (
    contact_card,
    dated_epci,
    outside_contacts,
    territory_label,
    validity_note,
)
from knowledge.france import Elsewhere
from knowledge.located import Located
from knowledge.money import money_shape
from knowledge.place_text import (
    is_commune_name,
    named_after_preposition,
    named_in_sentence,
    near_named,
    says_near,
)
from knowledge.project_place import project_part
from knowledge.text import normalize

esc = render.esc


def words(turn: Turn) -> dict[str, str]:
    """How the messages name the call's region and its parts, in the turn's language."""
    return render.region_words(turn.k, turn.state.lang)


# ------------------------------------------------------------------ place
def text_place(turn: Turn, text: str) -> None:
    """A commune, postcode or EPCI typed at the place question."""
    stray = interpret.is_stray(text) and not any(c.isdigit() for c in text)
    if stray and turn.read(text).place.status != "found":
        # "oui", "ok", "bonjour": no commune (not looked-alike names of villages); a postcode
        # has no letters, and is read
        turn.say(
            turn._("Il me faut le nom de la commune où se passe le projet, ou son code postal.")
        )
        turn.ask()
        return
    locate(turn, text)


def near_offered(turn: Turn, insee: str) -> None:
    """A place said near a commune or in its area: that commune offered with a button, the exact
    one asked — the call reads a commune (its intercommunality, its contact), never an area."""
    turn.say(
        turn._(
            "{name} et ses environs : dans quelle commune exactement ? L'appel se lit "
            "commune par commune (chacune a son intercommunalité et son interlocuteur) : "
            "touchez {name} si c'est elle, sinon écrivez le nom de la vôtre."
        ).format(
            name=esc(commune.name if (commune := turn.guide.places.by_insee(insee)) else insee)
        )
    )
    turn.state.candidates = [insee]
    turn.go("place_choice")


def offer_named(turn: Turn, text: str) -> bool:
    """A commune named inside a question typed at the commune question ("Je suis à
    Boulogne-sur-Mer, j'appelle qui ?"): once the question is answered, that commune offered
    with a button (a bare name shared by several: each of them), never taken — the words ask,
    they do not answer. False when the question names none."""
    places = turn.guide.places
    name = named_in_sentence(places, text) or named_after_preposition(text)
    if not name:
        return False
    located = places.locate(name)
    if located.status == "found" and located.commune is not None:
        candidates = [located.commune.insee]
    elif located.status == "ambiguous":
        candidates = [m.commune.insee for m in located.matches[:MAX_CANDIDATES]]
    else:
        return False
    turn.say(turn._("Si votre projet se passe là, touchez sa commune (ou écrivez-en une autre) :"))
    turn.state.candidates = candidates
    turn.go("place_choice")
    return True


def postcodes_named(located: Located) -> str:
    """ "59000 : Lille ; 59300 : Valenciennes, Famars…": each postcode typed and its communes."""
    named: dict[str, list[str]] = {}
    for match in located.matches:
        named.setdefault(match.matched, []).append(match.commune.name)
    return " ; ".join(f"{code} : {esc(', '.join(names))}" for code, names in named.items())


def text_place_choice(turn: Turn, text: str) -> None:
    """Another commune typed while candidates are offered."""
    locate(turn, text)


def locate(turn: Turn, text: str) -> None:
    """Look the text up: record it, offer candidates, or explain outside / not found. Where the
    words say where the person lives apart from where the project is, the project's words only
    (`knowledge.project_place`), and said so."""
    _ = turn._
    if (part := project_part(text)) is not None:
        text = part
        turn.note(_("Je retiens la commune où se passe le projet."))
    if (area := near_named(turn.guide.places, text)) is not None:
        # "vers Lens", "Lille area", "dans la métropole lilloise": its surroundings
        commune = turn.guide.places.locate(area).commune
        if commune is not None:
            near_offered(turn, commune.insee)
            return
    located: Located = turn.read(text).place
    if located.status == "not_found" and (code := lone_postcode(text, turn.state.lang)):
        # « 62300 et c'est pour tous les publics »: the postcode, the rest another answer
        located = turn.guide.places.locate(code)
    near = close(located)
    # the towns abroad are read (once per process) only when the region has no close commune
    town = None if located.status == "found" and near >= CLOSE_SCORE else named_abroad(text)
    if town is None and len(text.split()) > 2:
        # a town abroad inside a sentence ("on est basés à Gand, pas loin de Lille")
        inside = named_abroad_in(text, partial(is_commune_name, turn.guide.places))
        if inside is not None and located.status == "found" and located.commune is not None:
            beside(turn, inside, located.commune.insee)  # Lille named too: which is it?
            return
        town = inside
    if town is not None and near < CLOSE_SCORE:
        # a town abroad by its name beats look-alikes ("London": Don, Locon; "Berlin":
        # Berling, elsewhere in France); a close spelling of a commune of the region does not
        abroad(turn, town)
        return
    if located.status == "found":
        if located.commune is None:  # a postcode of several communes, one EPCI: no need
            set_shared_postcode(turn, located)
            return
        names = (located.commune.name, located.matches[0].matched)  # "near Dunkirk" too
        if any(says_near(text, name) for name in names):  # "près de Lille": which one?
            near_offered(turn, located.commune.insee)
            return
        match = located.matches[0]
        former = match.matched if match.via == "former" else ""
        set_place(turn, match.commune.insee, former, located.elsewhere)
        return
    if located.status == "outside":
        department = (
            f"{located.department_name} ({located.department})" if located.department else ""
        )
        people = outside_contacts(turn.k)
        note = validity_note(turn.k, turn.state.lang)  # the people of the 2014 document
        turn.say(render.outside(_, text, located.elsewhere, people, words(turn), department, note))
        if located.suggestions:
            turn.state.candidates = [m.commune.insee for m in located.suggestions]
            turn.go("place_choice")
        else:  # the card ends by inviting another commune: wait for it without re-asking
            turn.state.step = "place"
            turn.state.seq += 1
        return
    if located.status == "ambiguous":
        turn.state.candidates = [m.commune.insee for m in located.matches[:MAX_CANDIDATES]]
        if located.reason == "epci":
            turn.say(
                _(
                    "{epci} est une intercommunalité. Dans laquelle de ses communes ? "
                    "Si elle n'est pas dans la liste, écrivez son nom."
                ).format(epci=esc(dated_epci(turn.k, located.epci_name, turn.state.lang)))
            )
        elif located.reason == "postcodes":  # "59000 59300": which one?
            turn.say(
                _(
                    "Vous avez écrit plusieurs codes postaux ({codes}) : dans quelle commune "
                    "se passe le projet ?"
                ).format(codes=postcodes_named(located))
            )
        elif len(located.matches) > MAX_CANDIDATES:
            turn.say(
                _(
                    "{n} communes correspondent à « {text} ». Voici les plus grandes ; "
                    "sinon, écrivez le nom de la commune."
                ).format(n=len(located.matches), text=esc(text))
            )
        else:
            turn.say(_("Plusieurs communes correspondent à « {text} ».").format(text=esc(text)))
        if located.elsewhere:
            turn.say(render.elsewhere_note(_, located.elsewhere, words(turn)))
        if town is not None and (town.border or normalize(town.name) == normalize(text)):
            # "Mons": Mons-en-Barœul or Mons in Belgium; not a far city by one of its
            # alternate names ("St Pol": Saint-Pol-sur-Mer, not Saint Paul, Minnesota)
            turn.say(abroad_text(turn, town))
        turn.go("place_choice")
        return
    if located.reason == "department":
        turn.say(
            _(
                "Il me faut le nom de la commune, pas seulement celui du département ou "
                "de la région."
            )
        )
    elif located.reason == "out_of_region":
        turn.say(
            _(
                "Ce code postal n'est pas {in}. Cet appel à projets concerne uniquement les "
                "communes {of_region}."
            ).format(**words(turn))
        )
    elif located.suggestions:
        if town is not None:  # a town abroad, or a commune of the region misspelt: both said
            turn.say(abroad_text(turn, town))
        turn.state.candidates = [m.commune.insee for m in located.suggestions]
        if located.elsewhere:  # « Doué »: Doue (77) exists, said beside « Douai ? »
            turn.say(render.elsewhere_note(_, located.elsewhere, words(turn)))
        turn.say(
            _("Je ne trouve pas « {text} » {in}. Vouliez-vous dire :").format(
                text=esc(text), **words(turn)
            )
        )
        turn.go("place_choice")
        return
    else:
        turn.say(
            _(
                "Je ne trouve pas « {text} » {in}. Vérifiez l'orthographe, ou écrivez le "
                "code postal."
            ).format(text=esc(text), **words(turn))
        )
    turn.go("place")


# The score (0-100) from which a commune of the region is a close spelling of what was typed:
# misspellings people make score 86 and more ("Arras" for "Arass", "Douai" for "Douay"), the
# look-alikes of a foreign town 82 and less ("Bérelles" for "Bruxelles", "Don" for "London").
CLOSE_SCORE = 85


_POSTCODE = re.compile(r"(?<![\d,.])\d{2} ?\d{3}(?![\d,.])")


def lone_postcode(text: str, lang: str) -> str:
    """The one postcode-shaped number of a sentence with no other number, not written as
    money ("62300 et c'est pour tous les publics"), or ""."""
    codes = _POSTCODE.findall(text)
    if len(codes) != 1 or len(re.findall(r"\d+", text)) > len(codes[0].split()):
        return ""
    return "" if money_shape(text, lang) == "sure" else codes[0].replace(" ", "")


def names_abroad(turn: Turn, text: str) -> bool:
    """Whether the text names a town abroad, whole or inside a sentence (an answer to the
    place question even in another language: "we're in brussels" in a French chat)."""
    places = turn.guide.places
    return (
        named_abroad(text) or named_abroad_in(text, partial(is_commune_name, places))
    ) is not None


def close(located: Located) -> float:
    """How close the region's best commune is to what was typed (0: none)."""
    return max((m.score for m in (*located.matches, *located.suggestions)), default=0.0)


def abroad_text(turn: Turn, town: Abroad) -> str:
    """A town across the border: outside France, and whom to ask."""
    people = esc(contact_card(turn.k, outside_contacts(turn.k), turn.state.lang))
    return (
        turn._(
            "{town} ({country}) n'est pas en France : cet appel à projets concerne uniquement "
            "les communes {of_region}. Si votre projet a lieu dans une commune {of_region}, "
            "écrivez son nom. Pour toute question, les contacts généraux de l'appel :"
        ).format(
            town=esc(town.name), country=esc(town.country_name(turn.state.lang)), **words(turn)
        )
        + "\n"
        + people
    )


def abroad(turn: Turn, town: Abroad) -> None:
    """Say so, with the call's general contact, and wait for a commune of the region."""
    turn.say(abroad_text(turn, town))
    turn.state.candidates = []
    turn.state.step = "place"
    turn.state.seq += 1


def beside(turn: Turn, town: Abroad, insee: str) -> None:
    """A sentence naming a town abroad and a commune of the region ("on est basés à Gand,
    pas loin de Lille"): the town is said to be abroad and the commune offered with a button,
    never taken silently (the project may be across the border)."""
    turn.say(abroad_text(turn, town))
    turn.state.candidates = [insee]
    turn.go("place_choice")


def choice_place(turn: Turn, value: str) -> None:
    """A candidate commune's button, or another commune."""
    if value == "retry":
        turn.state.answers.pop("place", None)
        turn.go("place")
        return
    if value not in turn.state.candidates or turn.guide.places.by_insee(value) is None:
        turn.ask()
        return
    set_place(turn, value, "")


def set_place(turn: Turn, insee: str, former: str, elsewhere: tuple[Elsewhere, ...] = ()) -> None:
    """Record a commune with its EPCI and sub-territory, and go on."""
    commune = turn.guide.places.by_insee(insee)
    assert commune is not None
    turn.state.candidates = []
    turn.record(
        "place",
        {
            "insee": commune.insee,
            "name": commune.name,
            "former": former,
            "department": commune.department,
            "epci_code": commune.epci_code,
            "epci_name": commune.epci_name,
            "territory": commune.territory,
        },
    )
    later = [note for note in turn.notes if note in turn.after_card]
    turn.notes = [note for note in turn.notes if note not in turn.after_card]
    turn.say(
        render.place_card(
            turn._,
            turn.state.answers["place"],
            territory_label(turn.k, commune.territory, turn.state.lang),
            dated_epci(turn.k, commune.epci_name, turn.state.lang),
        )
    )
    if elsewhere:
        turn.say(render.elsewhere_note(turn._, elsewhere, words(turn)))
    turn.notes += later  # "J'ai gardé 15 000 € de côté…": after the card, with the question
    turn.next_question()


def set_shared_postcode(turn: Turn, located: Located) -> None:
    """A postcode whose communes share one EPCI and sub-territory: the routing would be the
    same whichever commune it is, but staff need to know which one, so the commune is asked
    with one tap (the largest ones as buttons; any other by its name)."""
    commune = located.routing
    assert commune is not None
    turn.state.candidates = [m.commune.insee for m in located.matches[:MAX_CANDIDATES]]
    turn.say(
        render.postcode_question(
            turn._,
            located.postcode,
            len(located.matches),
            dated_epci(turn.k, commune.epci_name, turn.state.lang),
            territory_label(turn.k, commune.territory, turn.state.lang),
            len(turn.state.candidates),
        )
    )
    turn.go("place_choice")


def shared_location(turn: Turn) -> None:
    """A position shared from Telegram's attachment menu. Asked for the commune it is a
    natural answer, but the call's data has no coordinates to find the nearest commune
    with, and a guess would be taken silently: said, and how to answer instead."""
    turn.say(
        turn._(
            "Je ne sais pas lire une position partagée : écrivez le nom de la commune ou "
            "son code postal."
        )
        if turn.state.step in ("place", "place_choice")
        else turn._("Je ne lis pas les positions partagées 🙂")
    )
    turn.ask()
