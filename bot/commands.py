"""The public commands: the menus Telegram shows (in French and in English) and those the
dialog reads itself. One list, read by the wiring (`bot.telegram_app`) and by the handlers,
which tell a mistyped command from a known one (staff get their own help for the former)."""

from __future__ import annotations

COMMANDS = {
    "fr": [
        ("start", "Commencer"),
        ("aide", "Aide"),
        ("retour", "Revenir en arrière"),
        ("recommencer", "Tout reprendre"),
        ("langue", "Français / English"),
        ("question", "Poser une question"),
        ("fiche", "Ma fiche synthétique"),
        ("rappels", "Mes rappels"),
        ("mesdonnees", "Mes données"),
        ("effacer", "Effacer mes données"),
    ],
    "en": [
        ("start", "Start"),
        ("help", "Help"),
        ("back", "Go back"),
        ("restart", "Start over"),
        ("language", "Français / English"),
        ("ask", "Ask a question"),
        ("sheet", "My summary sheet"),
        ("reminders", "My reminders"),
        ("mydata", "My data"),
        ("forget", "Erase my data"),
    ],
}
DIALOG_COMMANDS = (
    "start",
    "aide",
    "help",
    "retour",
    "back",
    "recommencer",
    "restart",
    "langue",
    "language",
    "question",
    "ask",
    "fiche",
    "sheet",
)


def command_name(text: str) -> str:
    """The command a message starts with, as the handlers compare it: « /LEAD@dsdt_bot 3 »
    is « lead »."""
    return text.split()[0].lstrip("/").split("@")[0].lower() if text.strip() else ""


# Every public command, the menus' in both languages: the dialog's and the person's rights
# (/mesdonnees, /effacer, /rappels, read by bot.rights).
PUBLIC_COMMANDS = frozenset(
    {name for commands in COMMANDS.values() for name, _label in commands} | set(DIALOG_COMMANDS)
)
