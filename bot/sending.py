"""The conversation's two Bot API calls per update, without python-telegram-bot's object round
trip: a reply (`sendMessage`) and a button's acknowledgement (`answerCallbackQuery`).

Why (issue 28, profiled in process): `Bot.send_message` builds an `InlineKeyboardMarkup` of
`InlineKeyboardButton` objects, serialises them back to dicts (`to_dict`), and parses Telegram's
answer into a `Message` (`Message.de_json`) that the conversation never reads: about half of
what a turn costs in PTB. Here the keyboard is the JSON Telegram takes, built once per shape,
and the answer is left as Telegram's JSON. The request still goes through the bot's own
`_post`, so everything that matters stays PTB's: its HTTP pool and timeouts, the flood limiter
(`AIORateLimiter`, which reads `chat_id`), the parse mode of the application's `Defaults`, and
the same exceptions (`RetryAfter`, `Forbidden`, `BadRequest`, `TimedOut`…) for the retries.
`_post` is PTB's one internal entry point for every method; `requirements.lock` pins the
version, and every end-to-end test goes through this module.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

Buttons = tuple[tuple[str, str], ...]


def keyboard(buttons: list[list[str]] | Buttons, columns: int) -> dict[str, Any] | None:
    """The inline keyboard as Telegram's JSON (rows of `columns` buttons), or None."""
    if not buttons:
        return None
    return _keyboard(tuple((label, data) for label, data in buttons), max(1, columns))


@lru_cache(maxsize=1024)
def _keyboard(buttons: Buttons, columns: int) -> dict[str, Any]:
    # A conversation shows the same few keyboards again and again: built once per shape. The
    # dict is only read (serialised to JSON) by the request, never changed.
    keys = [{"text": label, "callback_data": data} for label, data in buttons]
    return {"inline_keyboard": [keys[i : i + columns] for i in range(0, len(keys), columns)]}


async def send_text(
    bot: Any, chat_id: int, text: str, buttons: list[list[str]] | Buttons = (), columns: int = 1
) -> None:
    """`sendMessage` with the application's parse mode and an optional inline keyboard."""
    data: dict[str, Any] = {"chat_id": chat_id, "text": text}
    defaults = bot.defaults
    if defaults is not None and defaults.parse_mode is not None:
        data["parse_mode"] = defaults.parse_mode
    markup = keyboard(buttons, columns)
    if markup is not None:
        data["reply_markup"] = markup
    await bot._post("sendMessage", data)


async def acknowledge(bot: Any, settings: Any, callback_query_id: str) -> None:
    """`answerCallbackQuery` with nothing to show: the client stops its spinner. In webhook
    mode the webhook's 200 carried it already (`bot.webhook.receipt`): nothing to send."""
    if settings.webhook_url:
        return
    await bot._post("answerCallbackQuery", {"callback_query_id": callback_query_id})
