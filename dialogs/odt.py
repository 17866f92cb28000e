"""Write a `dialogs.sheet.Sheet` as an OpenDocument text file (.odt), with odfdo.

Why ODT: it is the open standard (ISO/IEC 26300) that the French public administration's
interoperability framework (RGI) recommends for editable office documents; LibreOffice, Word,
Google Docs and OnlyOffice all open and edit it, and LibreOffice converts it to PDF headless,
which the tests use to prove the file opens. odfdo writes the XML through lxml, so whatever the
person typed (<, &, quotes, « », €, œ, —) is escaped by the XML serialiser, never by hand.

Named paragraph styles (Guide, Question, Zone à compléter…) are real styles of the document,
so the person editing it sees and reuses them.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from odfdo import (
    Cell,
    Column,
    Document,
    Element,
    Header,
    Link,
    List,
    ListItem,
    Paragraph,
    Row,
    Style,
    Table,
)

from dialogs.sheet import Block, Bullets, Fields, Heading, Para, Sheet, Space, build
from knowledge import Knowledge
from knowledge.text import clean_all

MIMETYPE = "application/vnd.oasis.opendocument.text"
EXTENSION = ".odt"
LANGUAGES = {"fr": ("fr", "FR"), "en": ("en", "GB")}

# style name -> (display name, parent, text properties, paragraph properties)
_PARAGRAPH_STYLES: dict[str, tuple[str, str, dict[str, str], dict[str, str]]] = {
    "Guide_Lead": (
        "Chapeau",
        "Standard",
        {"fo:font-size": "10pt"},
        {"fo:margin-bottom": "0.15cm"},
    ),
    "Guide_Body": ("Texte du guide", "Standard", {}, {"fo:margin-bottom": "0.15cm"}),
    "Guide_Guide": (
        "Guide (texte de l'appel)",
        "Standard",
        {"fo:font-style": "italic", "fo:color": "#444444"},
        {"fo:margin-left": "0.4cm", "fo:margin-bottom": "0.1cm"},
    ),
    "Guide_Prompt": (
        "Question",
        "Standard",
        {"fo:font-weight": "bold"},
        {"fo:margin-top": "0.15cm", "fo:margin-bottom": "0.1cm"},
    ),
    "Guide_Small": ("Source", "Standard", {"fo:font-size": "8pt", "fo:color": "#555555"}, {}),
    "Guide_Warning": (
        "Avertissement",
        "Standard",
        {"fo:font-weight": "bold", "fo:color": "#9c2a00"},
        {"fo:margin-bottom": "0.15cm"},
    ),
    "Guide_Label": ("Intitulé", "Standard", {"fo:font-weight": "bold"}, {}),
    "Guide_Value": ("Valeur", "Standard", {}, {}),
    "Guide_Blank": ("À compléter", "Standard", {"fo:color": "#888888"}, {}),
    "Guide_Space": (
        "Zone à compléter",
        "Standard",
        {},
        {
            "fo:border": "0.5pt solid #808080",
            "fo:padding": "0.15cm",
            "fo:margin-bottom": "0.3cm",
        },
    ),
}
_STYLE_OF = {
    "body": "Guide_Body",
    "lead": "Guide_Lead",
    "guide": "Guide_Guide",
    "prompt": "Guide_Prompt",
    "small": "Guide_Small",
    "warning": "Guide_Warning",
}
_HEADING_STYLES = {0: "Title", 1: "Heading_20_1", 2: "Heading_20_2"}
BLANK = "…………………………………………"


def _styles(document: Document, lang: str) -> None:
    language, country = LANGUAGES.get(lang, LANGUAGES["fr"])
    default = document.get_style("paragraph", "Standard")
    if isinstance(default, Style):  # spell-checking in the person's language
        default.set_properties({"fo:language": language, "fo:country": country}, area="text")
    for name, (display, parent, text, paragraph) in _PARAGRAPH_STYLES.items():
        style = Style("paragraph", name=name, display_name=display, parent_style=parent)
        if text:
            style.set_properties(text, area="text")
        if paragraph:
            style.set_properties(paragraph, area="paragraph")
        document.insert_style(style)
    columns = (("Guide_ColLabel", "5.5cm"), ("Guide_ColValue", "11.5cm"))
    for name, width in columns:
        column = Style("table-column", name=name)
        column.set_properties({"style:column-width": width}, area="table-column")
        document.insert_style(column, automatic=True)
    table = Style("table", name="Guide_Table", width="17cm", align="left")
    document.insert_style(table, automatic=True)
    cell = Style("table-cell", name="Guide_Cell", border="0.5pt solid #b0b0b0", padding="0.1cm")
    document.insert_style(cell, automatic=True)
    row = Style("table-row", name="Guide_Row")  # a row is never cut by a page break
    row.set_properties({"fo:keep-together": "always"}, area="table-row")
    document.insert_style(row, automatic=True)
    # Headings are numbered by the document's outline ("1.", "1.1."), so a heading the person
    # adds is numbered too; the template glues the number to the title: put a space after it.
    for level in document.styles.get_elements(
        "//text:outline-level-style/style:list-level-properties"
    ):
        level.set_attribute("text:list-level-position-and-space-mode", "label-alignment")
        level.append(
            Element.from_tag('<style:list-level-label-alignment text:label-followed-by="space"/>')
        )


def _fields(block: Fields, number: int) -> Table:
    table = Table(f"Tableau{number}", style="Guide_Table")
    for column_style in ("Guide_ColLabel", "Guide_ColValue"):
        table.append_column(Column(style=column_style))
    for label, value in block.rows:
        row = Row(style="Guide_Row")
        left, right = Cell(style="Guide_Cell"), Cell(style="Guide_Cell")
        left.append(Paragraph(label, style="Guide_Label"))
        if value:
            right.append(Paragraph(value, style="Guide_Value"))
        else:
            right.append(Paragraph(BLANK, style="Guide_Blank"))
        row.append_cell(left)
        row.append_cell(right)
        table.append_row(row)
    return table


def _block(block: Block, number: int) -> list[Element]:
    if isinstance(block, Heading):
        if block.level == 0:
            return [Paragraph(block.text, style=_HEADING_STYLES[0])]
        return [Header(block.level, block.text, style=_HEADING_STYLES[block.level])]
    if isinstance(block, Para):
        style = _STYLE_OF.get(block.style, "Guide_Body")
        if not block.url:
            return [Paragraph(block.text, style=style)]
        paragraph = Paragraph(style=style)
        paragraph.append(Link(block.url, text=block.text))
        return [paragraph]
    if isinstance(block, Fields):
        return [_fields(block, number)]
    if isinstance(block, Bullets):
        items = List()
        for text in block.items:
            items.append_item(ListItem(Paragraph(text, style="Guide_Body")))
        return [items]
    assert isinstance(block, Space)
    lines = [Paragraph(block.text, style="Guide_Space")] if block.text else []
    lines += [Paragraph("", style="Guide_Space") for _ in range(block.lines - len(lines))]
    return list(lines)


@functools.cache
def _template(lang: str) -> bytes:
    """An empty document with our styles, made once per language: building the styles is a
    third of the writing time, loading the saved result a fraction of a millisecond."""
    document = Document("text")
    document.body.clear()
    thumbnail = "Thumbnails/thumbnail.png"  # the template's picture, not this document's
    if thumbnail in document.get_parts():
        document.del_part(thumbnail)
        document.manifest.del_full_path(thumbnail)
    _styles(document, lang)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_odt(sheet: Sheet) -> bytes:
    """The sheet as the bytes of an .odt file."""
    document = Document(io.BytesIO(_template(sheet.lang)))
    language, country = LANGUAGES.get(sheet.lang, LANGUAGES["fr"])
    document.meta.set_title(sheet.title)
    document.meta.set_language(f"{language}-{country}")
    document.meta.set_generator("Guide")
    for number, block in enumerate(sheet.blocks, start=1):
        for element in _block(block, number):
            document.body.append(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def filename(sheet: Sheet) -> str:
    return sheet.stem + EXTENSION


def sheet_file(knowledge: Knowledge, snap: dict[str, Any]) -> tuple[bytes, str]:
    """The fiche synthétique of a snapshot (a lead's `sheet` column, parsed, or a chat's
    state through `dialogs.sheet.snapshot`) as .odt bytes and a file name. The one entry
    point for the bot, the staff commands, the storage CLI and the console."""
    # Text is cleaned at intake; a snapshot stored before that (U+0008 in an answer) still
    # gives its document: XML refuses such characters.
    document = build(knowledge, clean_all(snap))
    return write_odt(document), filename(document)
