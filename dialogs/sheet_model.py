"""The fiche synthétique's document model: what `dialogs.sheet` builds and `dialogs.odt` writes.

Plain frozen values (headings, paragraphs, label/value rows, bullets, spaces to write), no
file format and no call data, so the builder and the writer share one vocabulary and the
tests can read a sheet as text (`Sheet.text`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph. `style`: body, lead (the notice under the title), guide (the call's words),
    prompt (our question), small (sources), warning. `url`: the text is a link. `keep`: on
    the same page as what follows (a criterion's words stay with its answer box)."""

    text: str
    style: str = "body"
    url: str = ""
    keep: bool = False


@dataclass(frozen=True, slots=True)
class Fields:
    """Label / value rows; an empty value is a blank for the person to fill in. `keep`: on
    the same page as what follows."""

    rows: tuple[tuple[str, str], ...]
    keep: bool = False


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Space:
    """A framed space to write in, starting with what the person already said (if anything).
    `lines`: its height in lines; `write`: dotted lines to write on (not in a signature box)."""

    text: str = ""
    lines: int = 5
    write: bool = True


Block = Heading | Para | Fields | Bullets | Space


@dataclass(frozen=True, slots=True)
class Sheet:
    lang: str
    title: str
    stem: str  # file name without extension: safe characters only (see `file_stem`)
    blocks: tuple[Block, ...]
    footer: str = ""  # on every page, before the page number: the call and the day it was made

    def text(self) -> str:
        """Every string of the document, in order (tests, search, plain-text fallback)."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Heading | Para):
                parts.append(block.text)
            elif isinstance(block, Fields):
                parts.extend(f"{label} : {value}" for label, value in block.rows)
            elif isinstance(block, Bullets):
                parts.extend(block.items)
            else:
                parts.append(block.text)
        return "\n".join(parts)
