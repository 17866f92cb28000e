"""What a person is told after erasing their data: exactly what went, and what staff may
still hold (their own downloads, notifications Telegram would not let the bot delete)."""

from __future__ import annotations

from collections.abc import Callable

from storage.store import Erasure


def erasure_receipt(_: Callable[[str], str], erasure: Erasure) -> str:
    rows = erasure.rows
    parts = [
        _("{n} message(s) de notre conversation").format(n=rows.get("messages", 0)),
        _("{n} demande(s)").format(n=rows.get("leads", 0)),
        _("{n} rappel(s)").format(n=rows.get("reminders", 0)),
    ]
    if rows.get("conversations"):
        parts.append(_("l'état de la conversation"))
    if rows.get("users"):
        parts.append(_("votre prénom, votre langue et votre accord"))
    lines = [
        _("C'est fait, tout est effacé : {items}.").format(items=", ".join(parts)),
        _(
            "Les index de recherche sont nettoyés dans les minutes qui suivent ; le journal garde seulement qu'un effacement a eu lieu, sans rien sur vous."
        ),
    ]
    if erasure.leads:
        numbers = ", ".join(f"n° {n}" for n in erasure.leads)
        lines.append(
            _(
                "L'équipe régionale est prévenue de l'effacement de la demande {numbers} : "
                "le bot supprime ses messages de notification quand Telegram le permet "
                "(moins de 48 heures), et l'équipe doit supprimer les exports ou copies "
                "qu'elle en aurait faits."
            ).format(numbers=numbers)
        )
    lines.append(_("Tapez /start pour recommencer."))
    return "\n".join(lines)
