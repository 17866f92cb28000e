"""Telling a person in Telegram that staff erased them, at their request made by another
channel (a phone call, a letter to the Region): `python -m bot.desk erase N` and the console
queue the message in the store (`Privacy.erase_person(…, tell=True)`) and the bot sends it,
whichever process erased, so delivery stays the bot's (retries, the flood limiter, a person
who blocked it).

Why tell them: a public service answers a request about personal data by saying what it did
(GDPR art. 12(3)); the person may not know their call was acted on, and the chat they see
still holds our questions, which the bot no longer knows. It is also the one warning a person
gets if someone else asked in their name. The message says what went, counted, and nothing
of what they said; it is in their conversation's language.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from telegram.error import Forbidden

from bot.failures import transient
from bot.privacy import erasure_receipt
from bot.sending import send_text
from knowledge.i18n import gettext_for

if TYPE_CHECKING:
    from storage import Store
    from storage.privacy import Erasure

log = logging.getLogger(__name__)


def staff_erasure_text(lang: str, erasure: Erasure, has_staff: bool) -> str:
    """What the person reads: who erased and why, then the receipt of their own /effacer."""
    _ = gettext_for(lang).gettext
    return (
        _(
            "À votre demande, transmise à la Région (par téléphone, courrier ou courriel), "
            "l'équipe régionale a effacé ce que ce bot gardait de vous."
        )
        + "\n"
        + erasure_receipt(_, erasure, lang, has_staff)
    )


async def tell_erased(
    store: Store, run: Callable[..., Awaitable[Any]], bot: Any, has_staff: bool
) -> None:
    """Send every queued staff erasure's message, oldest first, and forget each once sent
    (or once it never can be: the person blocked the bot, Telegram refuses the chat). A
    transient failure keeps the rest for the next round (the next erasure, contact
    request, start, or the periodic `bot.jobs.erasures_job`, which is the retry: one try
    each round, never a wait here). Logs name ids only."""
    for notice, chat, lang, erasure in await run(store.person_notices):
        text = staff_erasure_text(lang, erasure, has_staff)
        try:
            await send_text(bot, chat, text)
        except Forbidden:
            log.info("erasure notice %s not sent: the person blocked the bot", notice)
        except Exception as exc:
            if transient(exc):
                log.warning("erasure notice %s kept for later (%s)", notice, type(exc).__name__)
                return
            log.warning("erasure notice %s dropped (%s)", notice, type(exc).__name__)
        await run(store.person_told, notice)
