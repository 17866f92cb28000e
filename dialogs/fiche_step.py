"""The project and its fiche: a description suggests a fiche (or the themes choose one). The
questions the fiche's data calls for (priority area, kind) are plain questions of the table."""

from __future__ import annotations

from dialogs import interpret, render
from dialogs.table import FICHE_DEPENDENT
from dialogs.turn import TurnBase
from knowledge.contacts import contact_lines, contacts_for
from knowledge.i18n import N_
from knowledge.model import as_of
from knowledge.money import format_money
from knowledge.suggest import understand

esc = render.esc

# Small counts in words, as the messages say them ("Voici les quatre").
COUNT_WORDS = {
    2: N_("deux"),
    3: N_("trois"),
    4: N_("quatre"),
    5: N_("cinq"),
    6: N_("six"),
    7: N_("sept"),
    8: N_("huit"),
    9: N_("neuf"),
}


class FicheSteps(TurnBase):
    """The project and its fiche."""

    # ------------------------------------------------------------------ project and fiche
    def text_project(self, text: str) -> None:
        number = interpret.fiche_number(text, self.k.fiches)
        if number is not None:
            self.choice_fiche(str(number))
            return
        if interpret.yes_no_unknown(text) == "unknown":
            self.choice_fiche("dunno")
            return
        if self.stray_fiche(text):
            return
        self.describe(text)

    def stray_fiche(self, text: str) -> bool:
        """A lone digit, "ok" or "oui" is not a project description: explain and re-ask."""
        if not interpret.is_stray(text):
            return False
        numbers = sorted(self.k.fiches)
        self.say(
            self._(
                "Je n'ai pas compris. Décrivez votre projet en une ou deux phrases, ou "
                "touchez un bouton (il y a {n} fiches, numérotées de {first} à {last})."
            ).format(n=len(numbers), first=numbers[0], last=numbers[-1])
        )
        self.ask()
        return True

    def describe(self, text: str) -> None:
        self.state.answers["description"] = text
        understood = understand(self.k, text)
        if understood.sure:
            best = understood.ranking[0]
            self.state.suggestion = {"fiche": best.fiche.number, "matched": list(best.matched)}
        else:  # weak or tied evidence: never pick by fiche number, show the four
            self.state.suggestion = {"candidates": list(understood.candidates)}
        self.state.answer_count += 1
        self.go("fiche_confirm")

    def fiche_count(self) -> str:
        """How many fiches the call has, in words ("quatre" / "four") up to nine."""
        count = len(self.k.fiches)
        return self._(COUNT_WORDS[count]) if count in COUNT_WORDS else str(count)

    def ask_fiche_confirm(self) -> None:
        _ = self._
        suggestion = self.state.suggestion
        b = self.button
        if suggestion.get("fiche"):
            fiche = self.k.fiches[suggestion["fiche"]]
            words = ", ".join(f"« {esc(w)} »" for w in suggestion["matched"][:4])
            text = _(
                "D'après vos mots ({words}), votre projet ressemble à la <b>fiche {n} — "
                "{title}</b>.\n{summary}\n\nC'est bien ça ?"
            ).format(
                words=words,
                n=fiche.number,
                title=esc(fiche.short_title_in(self.state.lang)),
                summary=esc(fiche.summary_in(self.state.lang)),
            )
            buttons = [b(_("✅ Oui, fiche {n}").format(n=fiche.number), f"fiche:{fiche.number}")]
            buttons += [
                b(_("Plutôt la fiche {n}").format(n=n), f"fiche:{n}")
                for n in self.k.fiches
                if n != fiche.number
            ]
            buttons.append(b(_("🤷 Je ne sais pas"), "fiche:dunno"))
            self.say(text, tuple(buttons))
            return
        candidates = suggestion.get("candidates") or []
        if suggestion.get("dunno"):
            head = _("Quelle fiche vous semble la plus proche ? Vous pourrez en changer à la fin.")
        elif len(candidates) > 1:
            head = _(
                "Je ne suis pas sûr : vos mots évoquent plusieurs fiches ({numbers}). "
                "Voici les {count}, en une ligne :"
            ).format(numbers=", ".join(str(n) for n in candidates), count=self.fiche_count())
        else:
            head = _(
                "Je ne suis pas sûr de la fiche qui convient. Voici les {count}, en une ligne :"
            ).format(count=self.fiche_count())
        lines = [head]
        lines += [render.fiche_line(f, self.state.lang) for f in self.k.fiches.values()]
        buttons = [b(_("Fiche {n}").format(n=n), f"fiche:{n}") for n in self.k.fiches]
        if not suggestion.get("dunno"):
            buttons.append(b(_("🤷 Je ne sais pas"), "fiche:dunno"))
        self.say("\n".join(lines), tuple(buttons), columns=2)

    def fiche_unknown(self) -> None:
        """The person cannot choose: the rules differ by fiche, so say who helps choose (the
        contacts for their territory) and what changes, then let them pick the closest one;
        the lead says the fiche is to be confirmed."""
        _ = self._
        self.state.answers["fiche_unsure"] = True
        self.state.suggestion = {"dunno": True}
        territory = (self.state.answers.get("place") or {}).get("territory")
        people = []
        for number in self.k.fiches:
            people += [p for p in contacts_for(self.k, number, territory) if p not in people]
        floors: dict[str, list[str]] = {}
        for number, fiche in self.k.fiches.items():
            floor = as_of(fiche.floor, self.today)
            if floor is not None:
                amount = format_money(floor.value, self.state.lang)
                floors.setdefault(amount, []).append(str(number))
        rules = _(" ; ").join(
            _("fiches {numbers} : {amount}").format(numbers=", ".join(ns), amount=amount)
            for amount, ns in floors.items()
        )
        self.say(
            _(
                "Pas de souci : le choix de la fiche se fait avec les techniciens de votre "
                "intercommunalité et l'équipe régionale, qui vous aideront :\n{people}\n\n"
                "Les règles changent d'une fiche à l'autre (demande minimum : {rules}). Pour "
                "que je vérifie le reste, choisissez la fiche qui vous semble la plus proche : "
                "votre demande portera la mention « fiche à confirmer »."
            ).format(people=esc(contact_lines(people)), rules=esc(rules))
        )
        self.state.seq += 1
        self.ask()

    def text_fiche_confirm(self, text: str) -> None:
        number = interpret.fiche_number(text, self.k.fiches)
        answer = interpret.yes_no_unknown(text) if number is None else None
        if answer is not None and not self.state.suggestion.get("fiche"):
            # the fiches are shown: "je ne sais pas" is the button; yes / no choose nothing
            if answer == "unknown":
                self.fiche_unknown()
            else:
                self.ask()
            return
        if answer == "yes":
            number = self.state.suggestion["fiche"]
        elif answer in ("no", "unknown"):
            self.state.suggestion = {"candidates": []}
            self.ask()
            return
        if number is None:
            if self.stray_fiche(text):
                return
            self.describe(text)
            return
        self.choice_fiche(str(number))

    def choice_fiche(self, value: str) -> None:
        if value == "dunno" and (
            self.state.step == "project" or self.state.suggestion.get("fiche")
        ):
            self.state.suggestion = {"candidates": []}  # first, the fiches explained
            self.go("fiche_confirm")
            return
        if value == "dunno":
            self.fiche_unknown()
            return
        if not value.isdigit() or int(value) not in self.k.fiches:
            self.ask()
            return
        number = int(value)
        if self.state.answers.get("fiche") != number:
            for key in FICHE_DEPENDENT:  # asked again if the person comes back to a fiche
                self.state.answers.pop(key, None)
                if key in self.state.history:
                    self.state.history.remove(key)
        if self.state.step == "project":
            self.state.answers.pop("description", None)
            self.state.suggestion = {}
        if not self.state.suggestion.get("dunno"):
            self.state.answers.pop("fiche_unsure", None)
        self.record("fiche", number)
        self.next_question()
