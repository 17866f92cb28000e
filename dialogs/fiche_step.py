"""The project and its fiche: a description suggests a fiche (or the themes choose one). The
questions the fiche's data calls for (priority area, kind) are plain questions of the table."""

from __future__ import annotations

from dialogs import interpret, render
from dialogs.table import FICHE_DEPENDENT
from dialogs.turn import Turn
from knowledge.contacts import contact_card, contacts_for
from knowledge.i18n import N_
from knowledge.lexicon import fiche_named
from knowledge.model import Person, as_of
from knowledge.money import format_money
from knowledge.non_answers import placeholder
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


# ------------------------------------------------------------------ project and fiche
def text_project(turn: Turn, text: str) -> None:
    """A description (or a fiche named) at the project question."""
    number = interpret.fiche_number(text, turn.k.fiches)
    if number is not None:
        choice_fiche(turn, str(number))
        return
    if interpret.yes_no_unknown(text) == "unknown":
        choice_fiche(turn, "dunno")
        return
    if stray_fiche(turn, text):
        return
    describe(turn, text)


def stray_fiche(turn: Turn, text: str) -> bool:
    """A lone digit, "ok" or "oui" is not a project description: explain and re-ask. Nor is
    an amount, a complaint or a question that names nothing of any fiche ("the whole thing
    would cost around 15k"): the description given before is kept."""
    if not interpret.is_stray(text) and not placeholder(text):  # "NaN", "1e9": no project
        aside = turn.read(text).aside
        if aside not in ("amount", "complaint", "question") or understand(turn.k, text).ranking:
            return False
        if aside == "amount":
            turn.say(
                turn._(
                    "Je noterai les montants un peu plus loin (le coût total, puis ce que "
                    "vous demandez à la Région). Pour l'instant, décrivez votre projet en une "
                    "ou deux phrases, ou touchez un bouton."
                )
            )
            turn.ask()
            return True
    numbers = sorted(turn.k.fiches)
    turn.say(
        turn._(
            "Je n'ai pas compris. Décrivez votre projet en une ou deux phrases, ou "
            "touchez un bouton (il y a {n} fiches, numérotées de {first} à {last})."
        ).format(n=len(numbers), first=numbers[0], last=numbers[-1])
    )
    turn.ask()
    return True


def describe(turn: Turn, text: str) -> None:
    """Suggest a fiche from the description, or ask to choose one."""
    turn.state.answers["description"] = text
    understood = understand(turn.k, text)
    if understood.sure:
        best = understood.ranking[0]
        turn.state.suggestion = {"fiche": best.fiche.number, "matched": list(best.matched)}
    else:  # weak or tied evidence: never pick by fiche number, show the four
        turn.state.suggestion = {"candidates": list(understood.candidates)}
    turn.state.answer_count += 1
    turn.go("fiche_confirm")


def fiche_count(turn: Turn) -> str:
    """How many fiches the call has, in words ("quatre" / "four") up to nine."""
    count = len(turn.k.fiches)
    return turn._(COUNT_WORDS[count]) if count in COUNT_WORDS else str(count)


def ask_fiche_confirm(turn: Turn) -> None:
    """The fiche suggested, why, and buttons to confirm or choose another."""
    _ = turn._
    suggestion = turn.state.suggestion
    b = turn.button
    if suggestion.get("fiche"):
        fiche = turn.k.fiches[suggestion["fiche"]]
        words = ", ".join(f"« {esc(w)} »" for w in suggestion["matched"][:4])
        text = _(
            "D'après vos mots ({words}), votre projet ressemble à la <b>fiche {n} — "
            "{title}</b>.\n{summary}\n\nC'est bien ça ?"
        ).format(
            words=words,
            n=fiche.number,
            title=esc(fiche.short_title_in(turn.state.lang)),
            summary=esc(fiche.summary_in(turn.state.lang)),
        )
        buttons = [b(_("✅ Oui, fiche {n}").format(n=fiche.number), f"fiche:{fiche.number}")]
        buttons += [
            b(_("Plutôt la fiche {n}").format(n=n), f"fiche:{n}")
            for n in turn.k.fiches
            if n != fiche.number
        ]
        buttons.append(b(_("🤷 Je ne sais pas"), "fiche:dunno"))
        turn.say(text, tuple(buttons))
        return
    candidates = suggestion.get("candidates") or []
    if len(candidates) == 2 and not suggestion.get("dunno"):
        ask_between(turn, candidates[0], candidates[1])
        return
    if suggestion.get("dunno"):
        head = _("Quelle fiche vous semble la plus proche ? Vous pourrez en changer à la fin.")
    elif len(candidates) > 1:
        head = _(
            "Je ne suis pas sûr : vos mots évoquent plusieurs fiches ({numbers}). "
            "Voici les {count}, en une ligne :"
        ).format(numbers=", ".join(str(n) for n in candidates), count=fiche_count(turn))
    else:
        head = _(
            "Je ne suis pas sûr de la fiche qui convient. Voici les {count}, en une ligne :"
        ).format(count=fiche_count(turn))
    lines = [head]
    lines += [render.fiche_line(f, turn.state.lang) for f in turn.k.fiches.values()]
    buttons = [b(_("Fiche {n}").format(n=n), f"fiche:{n}") for n in turn.k.fiches]
    if not suggestion.get("dunno"):
        buttons.append(b(_("🤷 Je ne sais pas"), "fiche:dunno"))
    turn.say("\n".join(lines), tuple(buttons), columns=2)


def ask_between(turn: Turn, first: int, second: int) -> None:
    """The words fit two fiches: name both and ask the one question that separates them —
    each fiche's theme (the call's data: reaching people who never take part, trying
    something new, a large project with the intercommunality…) — instead of guessing."""
    _ = turn._
    a, b = turn.k.fiches[first], turn.k.fiches[second]
    lang = turn.state.lang
    turn.say(
        _(
            "Vos mots vont avec deux fiches : la <b>fiche {a} — {title_a}</b> et la "
            "<b>fiche {b} — {title_b}</b>. Votre projet, c'est plutôt :"
        ).format(
            a=a.number,
            title_a=esc(a.short_title_in(lang)),
            b=b.number,
            title_b=esc(b.short_title_in(lang)),
        ),
        (
            turn.button(f"{a.theme_in(lang)} ({a.number})", f"fiche:{a.number}"),
            turn.button(f"{b.theme_in(lang)} ({b.number})", f"fiche:{b.number}"),
            turn.button(_("Autre chose, voir toutes les fiches"), "fiche:all"),
        ),
    )


def fiche_unknown(turn: Turn) -> None:
    """The person cannot choose: the rules differ by fiche, so say who helps choose (the
    contacts for their territory) and what changes, then let them pick the closest one;
    the lead says the fiche is to be confirmed."""
    _ = turn._
    turn.state.answers["fiche_unsure"] = True
    turn.state.suggestion = {"dunno": True}
    territory = (turn.state.answers.get("place") or {}).get("territory")
    people: list[Person] = []
    for number in turn.k.fiches:  # one line a person (fiche 1 and 2-3 print two e-mails)
        people += [
            p
            for p in contacts_for(turn.k, number, territory)
            if p.id not in {q.id for q in people}
        ]
    floors: dict[str, list[str]] = {}
    for number, fiche in turn.k.fiches.items():
        floor = as_of(fiche.floor, turn.today)
        if floor is not None:
            amount = format_money(floor.value, turn.state.lang)
            floors.setdefault(amount, []).append(str(number))
    rules = _(" ; ").join(
        _("fiches {numbers} : {amount}").format(numbers=", ".join(ns), amount=amount)
        for amount, ns in floors.items()
    )
    turn.say(
        _(
            "Pas de souci : les techniciens de votre intercommunalité et les personnes "
            "ressources que les fiches indiquent peuvent vous aider à choisir la fiche :\n"
            "{people}\n\n"
            "Les règles changent d'une fiche à l'autre (demande minimum : {rules}). Pour "
            "que je vérifie le reste, choisissez la fiche qui vous semble la plus proche : "
            "elle portera la mention « à confirmer » sur le résultat, la fiche synthétique "
            "et votre demande."
        ).format(people=esc(contact_card(turn.k, people, turn.state.lang)), rules=esc(rules))
    )
    turn.state.seq += 1
    turn.ask()


def text_fiche_confirm(turn: Turn, text: str) -> None:
    """Text while a fiche is suggested: yes, another description, or a fiche named."""
    number = interpret.fiche_number(text, turn.k.fiches) or fiche_named(text, turn.k.fiches)
    answer = interpret.yes_no_unknown(text) if number is None else None
    if answer is not None and not turn.state.suggestion.get("fiche"):
        # the fiches are shown: "je ne sais pas" is the button; yes / no choose nothing
        if answer == "unknown":
            fiche_unknown(turn)
        else:
            turn.ask()
        return
    if answer == "yes":
        number = turn.state.suggestion["fiche"]
    elif answer in ("no", "unknown"):
        turn.state.suggestion = {"candidates": []}
        turn.ask()
        return
    if number is None:
        if stray_fiche(turn, text):
            return
        describe(turn, text)
        return
    choice_fiche(turn, str(number))


def choice_fiche(turn: Turn, value: str) -> None:
    """A fiche's button, "je ne sais pas", or a confirmation."""
    if value == "dunno" and (turn.state.step == "project" or turn.state.suggestion.get("fiche")):
        turn.state.suggestion = {"candidates": []}  # first, the fiches explained
        turn.go("fiche_confirm")
        return
    if value == "dunno":
        fiche_unknown(turn)
        return
    if value == "all":  # from the question between two fiches: all of them, explained
        turn.state.suggestion = {"candidates": []}
        turn.go("fiche_confirm")
        return
    if not value.isdigit() or int(value) not in turn.k.fiches:
        turn.ask()
        return
    number = int(value)
    if turn.state.answers.get("fiche") != number:
        for key in FICHE_DEPENDENT:  # asked again if the person comes back to a fiche
            turn.state.answers.pop(key, None)
            if key in turn.state.history:
                turn.state.history.remove(key)
    if turn.state.step == "project":
        turn.state.answers.pop("description", None)
        turn.state.suggestion = {}
    if not turn.state.suggestion.get("dunno"):
        turn.state.answers.pop("fiche_unsure", None)
    turn.record("fiche", number)
    turn.next_question()
