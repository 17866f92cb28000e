"""Fiche 4's two parts typed before their own questions (issue 22, pass 5): at the kind
question ("les deux : 20 000 d'invest et 8 000 de fonctionnement") or at the total's ("coût
total 50 000, on demande 20 000 d'invest et 10 000 de fonct"), both parts are filled and said
back, not lost; the parts' own questions are then skipped. Anything else is read as before
(`dialogs.amount_validators`)."""

from __future__ import annotations

from dialogs import amount_validators as amounts
from dialogs import validators as v
from dialogs.validators import PARTS, Accepted, Context, Result
from knowledge import parts as fiche4_parts

# answer key of each part (the reading names them "investment", "operating")
KEY_OF_PART = {part: key for key, part in PARTS.items()}


def kind(text: str, ctx: Context) -> Result:
    """The kind of spending; with both parts' amounts in the words, "both" and the parts."""
    result = v.kind(text, ctx)
    reading = ctx.reading
    if reading is None or reading.text != text:
        return result
    if isinstance(result, Accepted) and result.value != "both":
        return result
    parts = reading.parts
    whole = ctx.known("total")
    if parts is None or (whole is not None and sum(parts.values()) > whole):
        return result  # the parts are asked (and checked against the total) at their turn
    also = {KEY_OF_PART[part]: str(amount) for part, amount in parts.items()}
    return Accepted("both", note=amounts.parts_note(parts, ctx), also=also)


def total(text: str, ctx: Context) -> Result:
    """The total cost; with the request's two parts beside it, when the words name the
    request ("on demande …") and the kind is both, the parts too."""
    reading = ctx.reading
    if (
        ctx.answers.get("kind") == "both"
        and reading is not None
        and reading.text == text
        and "request" in reading.names
    ):
        found = fiche4_parts.total_beside(text, ctx.lang)
        if found is not None:
            whole, parts = found
            accepted = amounts.total(str(whole), ctx)
            if isinstance(accepted, Accepted):
                also = {KEY_OF_PART[part]: str(amount) for part, amount in parts.items()}
                note = accepted.note + " " + amounts.parts_note(parts, ctx)
                return Accepted(accepted.value, note=note, also=also)
    return amounts.total(text, ctx)
