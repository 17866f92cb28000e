"""The same conversation in a terminal, for trying the bot without a Telegram token.

Buttons are shown as numbered choices: type the number to tap one. The buttons of one answer's
messages are numbered together (a question's suggestions, then its own buttons), once. Commands work as in Telegram
(/retour, /recommencer, /langue…). The conversation is stored in DATABASE_PATH like in Telegram.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import TextIO

from bot.service import Conversations, Incoming
from dialogs.model import Event
from knowledge.text import clean, html_words, whole_number
from storage import Outgoing

TERMINAL_CHAT = 1
TEXT_FILES = (".ics",)  # shown in the terminal; other files (the JSON of /mesdonnees) saved


def plain(text: str) -> str:
    """HTML message -> terminal text."""
    return html_words(text)


def save(reply: Outgoing, folder: Path) -> Path:
    """Write a file the bot sends (the fiche synthétique) where the person can open it, never
    over an earlier one: a second file of the same name gets "-2", "-3"… before its extension
    (opened with O_EXCL, so two runs at once cannot both take a name)."""
    assert reply.document is not None
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(reply.filename or "document").name
    stem, suffix = Path(name).stem, Path(name).suffix
    for number in range(1, 10_000):
        candidate = name if number == 1 else f"{stem}-{number}{suffix}"
        path = (folder / candidate).resolve()
        try:
            with path.open("xb") as handle:
                handle.write(reply.document)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"no free name for {name} in {folder}")


async def chat(
    service: Conversations,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    files_dir: Path | None = None,
) -> None:
    """Run the conversation on stdin/stdout until end of input or /quitter. Files other
    than text are written to `files_dir` (default: ./documents-<the call's files name>, e.g.
    ./documents-dsdt) and their path printed."""
    buttons: list[list[str]] = []
    knowledge = service.guide.knowledge
    folder = files_dir or Path.cwd() / f"documents-{knowledge.region.files}"

    def show(replies: list[Outgoing]) -> None:
        """Print the replies; the buttons of all of them are numbered once, in order (two
        messages' buttons never both start at 1), and a number taps among them."""
        nonlocal buttons
        shown: list[list[str]] = []
        for reply in replies:
            stdout.write("\n" + plain(reply.text) + "\n")
            if reply.document is not None and reply.filename.endswith(TEXT_FILES):
                stdout.write(reply.document.decode() + "\n")
            elif reply.document is not None:
                stdout.write(f"📄 Fichier enregistré : {save(reply, folder)}\n")
            for label, data in reply.buttons:
                shown.append([label, data])
                stdout.write(f"  [{len(shown)}] {label}\n")
        if shown:
            buttons = shown
        stdout.flush()

    async def send(event: Event) -> None:
        incoming = Incoming(TERMINAL_CHAT, TERMINAL_CHAT, time.time_ns(), "terminal", event)
        replies = (await service.turn(incoming)).replies
        show(replies)
        for reply in replies:
            await service.sent(reply)

    stdout.write(
        f"{knowledge.call['guide']['team']} — mode terminal (pas de TELEGRAM_BOT_TOKEN). Tapez "
        "le numéro d'un bouton, du texte, ou /aide. Ctrl-D pour quitter.\n"
    )
    await send(Event.command("/start"))
    loop = asyncio.get_running_loop()
    while True:
        stdout.write("> ")
        stdout.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            break
        text = clean(line).strip()  # the same intake cleaning as Telegram's inbox
        number = whole_number(text)
        if text in ("/quitter", "/quit", "/exit"):
            break
        if number is not None and 1 <= number <= len(buttons):
            await send(Event.choice(buttons[number - 1][1]))
        elif text.startswith("/"):
            await send(Event.command(text.split()[0]))
        else:
            await send(Event.text(text))
    stdout.write("\nAu revoir !\n")
