"""Text under a directional override, read in the order it is displayed.

A right-to-left override (U+202E) makes every character after it shown in reverse: typed
« ‮00021 », the person (and anyone they copied it from) sees « 12000 ». Intake used to drop
the override and read the characters in the order they were typed, 21 €, a misreading the
person never wrote; the bot, the person and staff now all read « 12000 ». A left-to-right
override (U+202D) inside it turns a part back, as Telegram's display does; the pop
(U+202C), a pop of an isolate (U+2069) or the line's end closes them.

Only overrides are resolved: they fix every character's direction, so their display order is
certain. Embeddings and isolates (U+202A/B, U+2066–8) leave the order to each character's own
direction; their contents keep the order typed, and intake drops the controls (`text.clean`).
"""

from __future__ import annotations

import unicodedata

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ZWJ = "\u200d"
OVERRIDES = (LRO, RLO)
_OPENERS = {LRE: "embedding", RLE: "embedding", LRO: "L", RLO: "R"}
_ISOLATES = (LRI, RLI, FSI)
# Paired punctuation is drawn mirrored when shown right to left: « (12) » under an override
# reads « (21) », not « )21( ».
_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))


def as_displayed(text: str) -> str:
    """`text` with every override's span in its display order (the controls kept: intake
    removes them next). Text without an override is returned as it is."""
    if RLO not in text and LRO not in text:
        return text
    return "\n".join(_line(line) for line in text.split("\n"))


def _line(line: str) -> str:
    levels: list[int] = []
    # The open controls: (kind, level before it); kind "L"/"R" for overrides.
    stack: list[tuple[str, int]] = []
    level = 0
    for ch in line:
        if ch in _OPENERS or ch in _ISOLATES:
            levels.append(level)
            kind = "isolate" if ch in _ISOLATES else _OPENERS[ch]
            stack.append((kind, level))
            if kind == "R":
                level = level + 1 if level % 2 == 0 else level + 2  # the next odd level
            elif kind == "L":
                level = level + 2 if level % 2 == 0 else level + 1  # the next even level
            continue
        if ch == PDF and stack and stack[-1][0] != "isolate":
            level = stack.pop()[1]
        elif ch == PDI:
            while stack:
                kind, level = stack.pop()
                if kind == "isolate":
                    break
        levels.append(level)
    if not any(levels):
        return line
    # What is drawn as one sign moves as one: a letter and its accents (« é » typed as e +
    # U+0301), an emoji and its modifiers, a family joined by zero-width joiners.
    units: list[str] = []
    unit_levels: list[int] = []
    for ch, lvl in zip(line, levels, strict=True):
        if units and (_attached(ch) or units[-1].endswith(ZWJ)):
            units[-1] += ch
            continue
        units.append(_MIRRORED.get(ch, ch) if lvl % 2 else ch)
        unit_levels.append(lvl)
    for floor in range(max(unit_levels), 0, -1):  # the bidi algorithm's rule L2
        i = 0
        while i < len(units):
            if unit_levels[i] < floor:
                i += 1
                continue
            j = i
            while j < len(units) and unit_levels[j] >= floor:
                j += 1
            units[i:j] = units[i:j][::-1]
            unit_levels[i:j] = unit_levels[i:j][::-1]
            i = j
    return "".join(units)


def _attached(ch: str) -> bool:
    """A character drawn with the one before it: a combining mark, a joiner, a variation
    selector, a skin-tone modifier or a tag (subdivision flags)."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Mc", "Me")
        or ch == ZWJ
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )
