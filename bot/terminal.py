"""The same conversation in a terminal, for trying the bot without a Telegram token.

Buttons are shown as numbered choices: type the number to tap one. Commands work as in Telegram
(/retour, /recommencer, /langue…). The conversation is stored in DATABASE_PATH like in Telegram.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
import time
from typing import TextIO

from bot.service import Conversations, Incoming
from dialogs.model import Event
from storage import Outgoing

_TAGS = re.compile(r"</?(b|i|u|s|code|pre|a)( [^>]*)?>")
TERMINAL_CHAT = 1


def plain(text: str) -> str:
    """HTML message -> terminal text."""
    return html.unescape(_TAGS.sub("", text))


async def chat(
    service: Conversations, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    """Run the conversation on stdin/stdout until end of input or /quitter."""
    buttons: list[list[str]] = []

    def show(replies: list[Outgoing]) -> None:
        nonlocal buttons
        for reply in replies:
            stdout.write("\n" + plain(reply.text) + "\n")
            if reply.document is not None:
                stdout.write(reply.document.decode() + "\n")
            if reply.buttons:
                buttons = reply.buttons
                for number, (label, _data) in enumerate(reply.buttons, start=1):
                    stdout.write(f"  [{number}] {label}\n")
        stdout.flush()

    async def send(event: Event) -> None:
        incoming = Incoming(TERMINAL_CHAT, TERMINAL_CHAT, time.time_ns(), "terminal", event)
        replies = await service.turn(incoming)
        show(replies)
        for reply in replies:
            await service.sent(reply)

    stdout.write(
        "DSDT — mode terminal (pas de TELEGRAM_BOT_TOKEN). Tapez le numéro d'un "
        "bouton, du texte, ou /aide. Ctrl-D pour quitter.\n"
    )
    await send(Event.command("/start"))
    loop = asyncio.get_running_loop()
    while True:
        stdout.write("> ")
        stdout.flush()
        line = await loop.run_in_executor(None, stdin.readline)
        if not line:
            break
        text = line.strip()
        if text in ("/quitter", "/quit", "/exit"):
            break
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            await send(Event.choice(buttons[int(text) - 1][1]))
        elif text.startswith("/"):
            await send(Event.command(text.split()[0]))
        else:
            await send(Event.text(text))
    stdout.write("\nAu revoir !\n")
