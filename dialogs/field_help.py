"""A question about what to put, typed where a free answer is asked before the fiche
synthétique (issue 22, reading13): « je mets quoi ici » at the project's description was kept
as the description, at « Qui êtes-vous ? » as the role « Autre ». The reply says what the
question expects, and asks it again; nothing is recorded. The fiche synthétique's fields have
their own (`dialogs.sheet_questions`).

At « Qui êtes-vous ? » and « Pour qui ? », a statement about the field counts too (« c'est le
nom de l'asso qu'il faut mettre ? »: `Reading.about_field`); at a description only a question
of the lexicon's `field_help` does, since a project may be described with « il faut mettre … ».
"""

from __future__ import annotations

from dialogs.turn import Turn
from knowledge.i18n import N_

# What each question expects, said to a question about it.
EXPECTS = {
    "project": N_(
        "Ici : en une ou deux phrases, ce que fera le projet, avec qui et pour qui (par exemple "
        "« un jardin partagé au pied des immeubles »), ou touchez le thème qui s'en approche."
    ),
    "role": N_(
        "Ici : qui porte le projet. Touchez le bouton qui vous décrit (une association, un·e "
        "habitant·e, une collectivité…), ou « Autre » et quelques mots."
    ),
    "audience": N_(
        "Ici : pour qui est le projet. Touchez le bouton du public visé, ou décrivez-le en "
        "quelques mots."
    ),
}
# Where a statement about the field is read as one (not at a description).
STATEMENTS_AT = frozenset({"role", "audience"})


def asked(turn: Turn, text: str) -> bool:
    """Say what the question on screen expects, and ask it again; False: not such a question."""
    step = turn.state.step
    if step not in EXPECTS or turn.state.mode == "question":
        return False
    reading = turn.read(text)
    if not (reading.about_field if step in STATEMENTS_AT else reading.asks_field):
        return False
    turn.say(turn._(EXPECTS[step]))
    turn.ask()
    return True
