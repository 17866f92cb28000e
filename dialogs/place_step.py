"""The place question: a commune, postcode or EPCI read by the gazetteer; homonyms, shared
postcodes and places outside the region handled."""

from __future__ import annotations

from dialogs import render
from dialogs.turn import MAX_CANDIDATES, TurnBase
from knowledge.contacts import outside_contacts, territory_label
from knowledge.places import Elsewhere, Located

esc = render.esc


class PlaceSteps(TurnBase):
    """The place question."""

    # ------------------------------------------------------------------ place
    def text_place(self, text: str) -> None:
        self.locate(text)

    def text_place_choice(self, text: str) -> None:
        self.locate(text)

    def locate(self, text: str) -> None:
        _ = self._
        located: Located = self.guide.places.locate(text)
        if located.status == "found":
            if located.commune is None:  # a postcode of several communes, one EPCI: no need
                self.set_shared_postcode(located)
                return
            match = located.matches[0]
            former = match.matched if match.via == "former" else ""
            self.set_place(match.commune.insee, former, located.elsewhere)
            return
        if located.status == "outside":
            department = (
                f"{located.department_name} ({located.department})" if located.department else ""
            )
            people = outside_contacts(self.k)
            self.say(render.outside(_, text, located.elsewhere, people, department))
            if located.suggestions:
                self.state.candidates = [m.commune.insee for m in located.suggestions]
                self.go("place_choice")
            else:  # the card ends by inviting another commune: wait for it without re-asking
                self.state.step = "place"
                self.state.seq += 1
            return
        if located.status == "ambiguous":
            self.state.candidates = [m.commune.insee for m in located.matches[:MAX_CANDIDATES]]
            if located.reason == "epci":
                self.say(
                    _(
                        "{epci} est une intercommunalité. Dans laquelle de ses communes ? "
                        "Si elle n'est pas dans la liste, écrivez son nom."
                    ).format(epci=esc(located.epci_name))
                )
            elif len(located.matches) > MAX_CANDIDATES:
                self.say(
                    _(
                        "{n} communes correspondent à « {text} ». Voici les plus grandes ; "
                        "sinon, écrivez le nom de la commune."
                    ).format(n=len(located.matches), text=esc(text))
                )
            else:
                self.say(
                    _("Plusieurs communes correspondent à « {text} ».").format(text=esc(text))
                )
            if located.elsewhere:
                self.say(render.elsewhere_note(_, located.elsewhere))
            self.go("place_choice")
            return
        if located.reason == "department":
            self.say(
                _(
                    "Il me faut le nom de la commune, pas seulement celui du département ou "
                    "de la région."
                )
            )
        elif located.reason == "out_of_region":
            self.say(
                _(
                    "Ce code postal n'est pas dans le Nord ou le Pas-de-Calais. Cet appel à "
                    "projets concerne uniquement les communes du Nord-Pas de Calais."
                )
            )
        elif located.suggestions:
            self.state.candidates = [m.commune.insee for m in located.suggestions]
            self.say(
                _(
                    "Je ne trouve pas « {text} » dans le Nord ou le Pas-de-Calais. "
                    "Vouliez-vous dire :"
                ).format(text=esc(text))
            )
            self.go("place_choice")
            return
        else:
            self.say(
                _(
                    "Je ne trouve pas « {text} » dans le Nord ou le Pas-de-Calais. Vérifiez "
                    "l'orthographe, ou écrivez le code postal."
                ).format(text=esc(text))
            )
        self.go("place")

    def choice_place(self, value: str) -> None:
        if value == "retry":
            self.state.answers.pop("place", None)
            self.go("place")
            return
        if value not in self.state.candidates or self.guide.places.by_insee(value) is None:
            self.ask()
            return
        self.set_place(value, "")

    def set_place(self, insee: str, former: str, elsewhere: tuple[Elsewhere, ...] = ()) -> None:
        commune = self.guide.places.by_insee(insee)
        assert commune is not None
        self.state.candidates = []
        self.record(
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
        self.say(
            render.place_card(
                self._,
                self.state.answers["place"],
                territory_label(self.k, commune.territory, self.state.lang),
            )
        )
        if elsewhere:
            self.say(render.elsewhere_note(self._, elsewhere))
        self.next_question()

    def set_shared_postcode(self, located: Located) -> None:
        """A postcode whose communes share one EPCI and sub-territory: the routing is the
        same whichever commune it is, so record the postcode and go on."""
        commune = located.routing
        assert commune is not None
        self.state.candidates = []
        self.record(
            "place",
            {
                "insee": "",
                "name": located.postcode,
                "postcode": located.postcode,
                "communes": len(located.matches),
                "former": "",
                "department": commune.department,
                "epci_code": commune.epci_code,
                "epci_name": commune.epci_name,
                "territory": commune.territory,
            },
        )
        self.say(
            render.postcode_card(
                self._,
                self.state.answers["place"],
                territory_label(self.k, commune.territory, self.state.lang),
            )
        )
        self.next_question()
