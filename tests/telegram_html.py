"""Telegram's HTML parse mode as the Bot API stand-in checks it: which tags and entities
Telegram accepts, and why it would refuse a text (400 "can't parse entities"). Its own module
so that the stand-in (`tests.fake_telegram`) keeps to serving the Bot API's calls."""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

# Telegram's HTML parse mode: these tags only, each closed in order; named entities only
# &lt; &gt; &amp; &quot; (numeric ones are all accepted). Anything else is refused with 400
# "can't parse entities", and the message is not sent.
HTML_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "blockquote",
    ]
)


class _TelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problem: str | None = None

    def _fail(self, problem: str) -> None:
        self.problem = self.problem or problem

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HTML_TAGS:
            self._fail(f'unsupported start tag "{tag}"')
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self._fail(f'unexpected end tag "{tag}"')
        else:
            self.open.pop()

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self._fail(f'unsupported entity "&{name};"')


# A "<" that opens no tag: Telegram refuses "< 3" or "<3" even where HTMLParser reads text.
_STRAY_LT = re.compile(r"<(?![/a-z])")


@functools.lru_cache(maxsize=4096)
def html_problem(text: str) -> str | None:
    """Why Telegram would refuse this text in HTML parse mode, or None. Memoised: a
    benchmark sends the same messages thousands of times, and the stand-in's own work is
    counted in the bot's process (in process) or on its machine."""
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.problem is None and parser.open:
        parser.problem = f'can\'t find end tag corresponding to start tag "{parser.open[-1]}"'
    if parser.problem is None and _STRAY_LT.search(text):
        parser.problem = "unsupported start tag"
    return parser.problem
