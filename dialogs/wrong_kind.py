"""A message of another kind than the question asks, answered as what it is (issue 22).

A silent misreading is worse than "not sure": an outside tester saw "environ 15000 euros" read
as Aurillac (postcode 15000), "merci" as three communes, "non" at the total answered with a
passage of the call. The principles, each before the step reads the message:
- a message with nothing visible is said to be empty (`empty`), the question again;
- code, markup, a terminal escape or a placeholder is no answer at a question (`code`): said
  so, the question again, nothing read from it (no amount, no commune, no FAQ answer); where any
  text is an answer (a description, the fiche synthétique's fields) it is kept as typed;
- an amount where a commune is asked, or alone where the project is described, is an amount
  (`misread`): said so, the question asked again, nothing stored ("62 100", a postcode written
  as an amount is, stays a place when the gazetteer finds it);
- thanks, praise, a bare yes or no where the question is neither (the commune, an amount):
  a short kind reply and the question again ("non" at the co-funding stays 0 €); an
  acknowledgement ("compris", "noted") is told what the question needs (never a village).
A commune beside its postcode at an amount step is refused by the amount's validator
(`dialogs.amount_problems.place_beside_postcode`), so corrections never take it either.
"""

from __future__ import annotations

from dialogs import early, place_step
from dialogs.questions import asked_at_place
from dialogs.table import AMOUNT_STEPS, DONT_KNOW_STEPS
from dialogs.turn import Turn, free_text
from knowledge.i18n import N_, gettext_for
from knowledge.money import money_shape
from knowledge.non_answers import code_like, courtesy, invisible, other_script
from knowledge.text import normalize

# A yes or a no is short ("non", "ah ben oui", "no clue yet" is a don't know): a longer
# message is not read for one here, which keeps this check cheap on ordinary answers.
MAX_YES_NO_WORDS = 4
# An amount alone is written in a few words ("environ 15 000 euros", "à peu près 8k"); a longer
# message holding one is a description ("un jardin partagé de 15 000 €").
MAX_AMOUNT_WORDS = 5
PLACE_STEPS = frozenset({"place", "place_choice"})
# Questions whose answer is neither yes nor no, nor any text: a commune, an amount.
OPEN_STEPS = PLACE_STEPS | frozenset(AMOUNT_STEPS)


def unreadable(turn: Turn, text: str) -> bool:
    """A message with nothing to read (`empty`) or only code (`code`): said, the question
    again, nothing stored as an answer."""
    return empty(turn, text) or code(turn, text) or script(turn, text)


def empty(turn: Turn, text: str) -> bool:
    """Nothing visible (zero-width characters, direction marks, variation selectors, blank
    glyphs; or nothing left once the intake dropped them): it was answered « I only read text
    and buttons (not photos…) » or « I did not understand ». At any step: an empty description
    or field of the fiche synthétique is no answer either."""
    if not invisible(text):
        return False
    turn.say(
        turn._(
            "Votre message est vide : je n'y vois que des caractères invisibles. "
            "Écrivez votre réponse, s'il vous plaît."
        )
    )
    turn.ask()
    return True


LANGUAGES_READ = N_(
    "Je ne lis que le français et l'anglais : écrivez votre réponse dans l'une de ces "
    "langues, s'il vous plaît."
)


def script(turn: Turn, text: str) -> bool:
    """A message in a script the bot cannot read (« Привет », « 里尔 », « مرحبا »): it was « Je
    n'ai pas compris 🙂 », the consent question or the FAQ's « not sure », in French only, as
    if the person had mistyped. Said in French and in English (a person who reads neither may
    read one of them), the question again, nothing read. Where any text is an answer (a
    description, a contact, the fiche synthétique's fields), one with digits is left to the
    step (« Иван 06 12 34 56 78 » is a phone); without, no word of it could be read there
    either (it was « Je n'ai pas compris 🙂 »)."""
    if not other_script(text) or (free_text(turn.state.step) and any(ch.isdigit() for ch in text)):
        return False
    said = turn._(LANGUAGES_READ)
    english = gettext_for("en").gettext(LANGUAGES_READ)
    turn.say(said if said == english else f"{said}\n{english}")
    turn.ask()
    return True


def code(turn: Turn, text: str) -> bool:
    """Code or markup typed ("a␛[31mred", "<script>alert(1)</script>", "%s {0}"): said, and
    the current question asked again. Not where any text is an answer (a description, a field
    of the fiche synthétique, a phone number): there « Jardin <des> Mûriers » is kept as typed
    (escaped wherever it is shown) and no amount is read from code anyway."""
    if free_text(turn.state.step) or not code_like(text):
        return False
    turn.say(
        turn._(
            "Votre message contient du code ou de la mise en forme (une balise, un code de "
            "couleur, des accolades) : je ne le lis pas comme une réponse. Écrivez votre "
            "réponse en texte simple, s'il vous plaît."
        )
    )
    turn.ask()
    return True


def misread(turn: Turn, text: str) -> bool:
    """At a commune or amount question, a message of another kind: answered as such and the
    question asked again (True), or left to the step (False)."""
    step = turn.state.step
    if step == "project":
        return _amount_as_description(turn, text)
    if step not in OPEN_STEPS:
        return False
    if step in PLACE_STEPS and asked_at_place(step, turn.read(text)):
        return False  # "Le plan 100 000 logements c'est quoi ?": a question, the FAQ's
    if step in PLACE_STEPS and _amount_at_place(turn, text):
        return True
    return _courtesy_or_yes_no(turn, text)


def _amount_as_description(turn: Turn, text: str) -> bool:
    """ "environ 15000 euros" where the project is described: an amount alone (said as one, in
    a few words) is no description; "un jardin partagé de 15 000 €" still is."""
    if len(text.split()) > MAX_AMOUNT_WORDS or money_shape(text, turn.state.lang) != "sure":
        return False
    return _an_amount(turn, text)


def _amount_at_place(turn: Turn, text: str) -> bool:
    """ "environ 15000 euros", "20 000 dont 5 000 de la ville" where a commune is asked."""
    shape = money_shape(text, turn.state.lang)
    # "Liévin, budget 12000": an amount named (its number has digits: most communes have none)
    named = shape == "sure" or (
        any(c.isdigit() for c in text) and early.AMOUNTS.intersection(turn.read(text).names)
    )
    if named and early.amount_beside_place(turn, text):
        return True  # "à Lens pour 15 000 €": the commune, the amount kept for its question
    if shape is None:
        return False
    located = turn.read(text).place
    if located.status == "found" and _named_so(turn, text, whole=False):
        return False  # "Lens, 15000 €": the commune named is the answer
    written_as_postcode = located.status == "found" or (
        located.status == "ambiguous" and bool(located.postcode)
    )
    if shape == "number" and written_as_postcode:  # "62 100": how some write Calais's postcode
        return False
    return _an_amount(turn, text)


def _an_amount(turn: Turn, text: str) -> bool:
    """Say the message is an amount, asked later (kept aside at the description: offered
    then); ask the current question again."""
    _ = turn._
    said = _(
        "« {text} » ressemble à un montant : je vous demanderai les montants un peu plus loin."
    ).format(text=place_step.esc(text))
    if early.keep_amount(turn, text, say=False) and (kept := early.proposed(turn)):
        said += " " + _("Je vous proposerai alors celui-ci ({amount}).").format(
            amount=turn.money(kept)
        )
    turn.say(said)
    turn.ask()
    return True


def _courtesy_or_yes_no(turn: Turn, text: str) -> bool:
    """ "merci", "super", "oui", "non" where a commune or an amount is asked."""
    _ = turn._
    step = turn.state.step
    reading = turn.read(text)
    if step in AMOUNT_STEPS and reading.amount(step == "cofunding").amount is not None:
        return False  # an amount (read by the step anyway); "non" at the co-funding is 0 €
    kind = courtesy(text, reading.key)
    said = None
    if kind is None and len(reading.key.split()) <= MAX_YES_NO_WORDS:
        said = reading.yes_no if reading.yes_no in ("yes", "no") else None
    if (kind is None and said is None) or reading.dont_know or reading.skip:
        return False  # "no clue yet" is a "je ne sais pas": the step's own
    if step in PLACE_STEPS and (
        _named_so(turn, text, whole=False) or reading.place.status == "found"
    ):
        return False  # "oui Lens": a commune named by its very name is the place step's
    replies = {
        "thanks": _("Avec plaisir 🙂"),
        "praise": _("Merci 🙂"),
    }
    if kind in replies:  # thanks, praise; an acknowledgement ("compris") needs no reply of its own
        turn.say(replies[kind])
    elif step == "place_choice" and kind is None:
        candidates = turn.state.candidates
        if said == "yes" and len(candidates) == 1:  # "Vouliez-vous dire : Berck ?" "oui"
            place_step.set_place(turn, candidates[0], "")
            return True
        if said == "yes":
            turn.say(_("Touchez la bonne commune dans la liste, ou écrivez son nom."))
        else:
            turn.state.candidates = []
            turn.say(_("D'accord : écrivez le nom de la commune, ou son code postal."))
            turn.go("place")
            return True
    elif step in PLACE_STEPS:
        turn.say(_("Il me faut le nom de la commune, ou son code postal."))
    else:
        need = _("Il me faut un montant en euros, par exemple « 12 000 € ».")
        if step in DONT_KNOW_STEPS:
            need += " " + _("Si vous ne le connaissez pas encore, touchez « 🤷 Je ne sais pas ».")
        turn.say(need)
    turn.ask()
    return True


def _named_so(turn: Turn, text: str, whole: bool = True) -> bool:
    """Whether a commune (of the region or elsewhere) bears the message's very name (`whole`)
    or is named by its very name inside it ("Lens, 15000 €")."""
    located = turn.read(text).place
    key = f" {normalize(text)} "
    names = [m.commune.name for m in (*located.matches, *located.suggestions)]
    names += [e.name for e in located.elsewhere]
    if whole:
        return any(f" {normalize(name)} " == key for name in names)
    return any(f" {normalize(name)} " in key for name in names)
