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

from dialogs.sheet import build
from dialogs.sheet_model import Block, Bullets, Fields, Heading, Para, Sheet, Space
from knowledge import Knowledge
from knowledge.text import clean_all

MIMETYPE = "application/vnd.oasis.opendocument.text"
EXTENSION = ".odt"
LANGUAGES = {"fr": ("fr", "FR"), "en": ("en", "GB")}

FONT = "Liberation Sans"  # one family for the whole document (metrics of Arial, free)
# style name -> (display name, parent, text properties, paragraph properties)
_PARAGRAPH_STYLES: dict[str, tuple[str, str, dict[str, str], dict[str, str]]] = {
    "Guide_Title": (
        "Titre de la fiche",
        "Heading",
        {"fo:font-size": "20pt", "fo:font-weight": "bold"},
        {"fo:margin-top": "0cm", "fo:margin-bottom": "0.2cm"},
    ),
    "Guide_Lead": ("Chapeau", "Standard", {}, {"fo:margin-bottom": "0.15cm"}),
    "Guide_Body": ("Texte du guide", "Standard", {}, {"fo:margin-bottom": "0.15cm"}),
    "Guide_Guide": (
        "Guide (texte de l'appel)",
        "Standard",
        {"fo:font-style": "italic", "fo:color": "#333333"},
        {"fo:margin-left": "0.4cm", "fo:margin-bottom": "0.1cm"},
    ),
    "Guide_Prompt": (
        "Question",
        "Standard",
        {"fo:font-weight": "bold"},
        {"fo:margin-top": "0.15cm", "fo:margin-bottom": "0.1cm"},
    ),
    "Guide_Small": (
        "Source",
        "Standard",
        {"fo:font-size": "9.5pt", "fo:color": "#222222"},
        {"fo:margin-bottom": "0.1cm"},
    ),
    "Guide_Warning": (
        "Avertissement",
        "Standard",
        {"fo:font-weight": "bold"},
        {"fo:margin-bottom": "0.15cm"},
    ),
    "Guide_Label": ("Intitulé", "Standard", {"fo:font-weight": "bold"}, {}),
    "Guide_Value": ("Valeur", "Standard", {}, {}),
    "Guide_Blank": ("À compléter", "Standard", {"fo:color": "#555555"}, {}),
    "Guide_Space": ("Zone à compléter", "Standard", {}, {"fo:margin-bottom": "0.1cm"}),
    "Guide_Footer": (
        "Pied de page du guide",
        "Standard",
        {"fo:font-size": "8.5pt", "fo:color": "#222222"},
        {"fo:text-align": "center"},
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
KEEP = "_Keep"  # a style's variant kept on the same page as what follows it
_HEADING_STYLES = {0: "Guide_Title", 1: "Heading_20_1", 2: "Heading_20_2"}
BLANK = "…………………………………………"
# A line to write on, in an answer box: a tab to the right edge with a dotted leader, so it
# fills the line whatever the font.
_LINE_STYLE = (
    '<style:style style:name="Guide_Line" style:display-name="Ligne à écrire" '
    'style:family="paragraph" style:parent-style-name="Standard">'
    '<style:paragraph-properties fo:line-height="0.62cm"><style:tab-stops>'
    '<style:tab-stop style:position="16.3cm" style:type="right" style:leader-style="dotted" '
    'style:leader-text="."/></style:tab-stops></style:paragraph-properties>'
    '<style:text-properties fo:color="#555555"/></style:style>'
)
LINE_HEIGHT = 0.62  # cm: one line of 10.5 pt text with its spacing


def _one_font(document: Document, lang: str) -> None:
    """The default paragraph style and the headings in one family and size scale, the
    spell-checking language the person's."""
    language, country = LANGUAGES.get(lang, LANGUAGES["fr"])
    text = document.styles.get_element(
        '//style:default-style[@style:family="paragraph"]/style:text-properties'
    )
    assert text is not None
    for name, value in {
        "style:font-name": FONT,
        "fo:font-size": "10.5pt",
        "fo:language": language,
        "fo:country": country,
    }.items():
        text.set_attribute(name, value)
    heading = document.get_style("paragraph", "Heading")
    assert isinstance(heading, Style)
    heading.set_properties({"style:font-name": FONT, "fo:font-family": f"'{FONT}'"}, area="text")
    for name, size in (("Heading_20_1", "14pt"), ("Heading_20_2", "12pt")):
        style = document.get_style("paragraph", name)
        assert isinstance(style, Style)
        style.set_properties(
            {
                "fo:font-size": size,
                "fo:font-style": "normal",
                "style:font-style-complex": "normal",
            },
            area="text",
        )
        style.set_properties({"fo:keep-with-next": "always"}, area="paragraph")


def _page(document: Document) -> None:
    """A footer on every page (filled per document by `_footer`), inside the bottom margin."""
    layout = document.styles.get_element('//style:page-layout[@style:name="Mpm1"]')
    assert layout is not None
    properties = layout.get_element("style:page-layout-properties")
    assert properties is not None
    properties.set_attribute("fo:margin-bottom", "1.2cm")
    footer_style = layout.get_element("style:footer-style")
    if footer_style is not None:
        layout.delete(footer_style)
    layout.append(
        Element.from_tag(
            '<style:footer-style><style:header-footer-properties fo:min-height="0.8cm" '
            'fo:margin-top="0.4cm"/></style:footer-style>'
        )
    )


def _styles(document: Document, lang: str) -> None:
    _one_font(document, lang)
    _page(document)
    for name, (display, parent, text, paragraph) in _PARAGRAPH_STYLES.items():
        for variant, keep in ((name, {}), (name + KEEP, {"fo:keep-with-next": "always"})):
            shown = display if not keep else display + " (avec la suite)"
            style = Style("paragraph", name=variant, display_name=shown, parent_style=parent)
            if text:
                style.set_properties(text, area="text")
            if paragraph or keep:
                style.set_properties({**paragraph, **keep}, area="paragraph")
            document.insert_style(style)
    line = Style.from_tag(_LINE_STYLE)
    assert isinstance(line, Style)
    document.insert_style(line)
    columns = (("Guide_ColLabel", "5.5cm"), ("Guide_ColValue", "11.5cm"), ("Guide_ColBox", "17cm"))
    for name, width in columns:
        column = Style("table-column", name=name)
        column.set_properties({"style:column-width": width}, area="table-column")
        document.insert_style(column, automatic=True)
    for name, glued in (("Guide_Table", False), ("Guide_TableKeep", True)):
        # a table never splits between two pages (each is far shorter than a page)
        table = Style("table", name=name, width="17cm", align="left")
        table.set_properties({"style:may-break-between-rows": "false"}, area="table")
        table.set_properties({"fo:margin-bottom": "0.2cm"}, area="table")
        if glued:
            table.set_properties({"fo:keep-with-next": "always"}, area="table")
        document.insert_style(table, automatic=True)
    cell = Style("table-cell", name="Guide_Cell", border="0.5pt solid #808080", padding="0.12cm")
    document.insert_style(cell, automatic=True)
    row = Style("table-row", name="Guide_Row")  # a row is never cut by a page break
    row.set_properties({"fo:keep-together": "always"}, area="table-row")
    document.insert_style(row, automatic=True)
    for lines in range(1, 13):  # answer boxes: a row of `lines` lines' height, never cut
        box = Style("table-row", name=f"Guide_Box{lines}")
        box.set_properties(
            {"fo:keep-together": "always", "style:min-row-height": f"{lines * LINE_HEIGHT:.2f}cm"},
            area="table-row",
        )
        document.insert_style(box, automatic=True)
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
    table = Table(f"Tableau{number}", style="Guide_TableKeep" if block.keep else "Guide_Table")
    for column_style in ("Guide_ColLabel", "Guide_ColValue"):
        table.append_column(Column(style=column_style))
    for label, value in block.rows:
        row = Row(style="Guide_Row")
        left, right = Cell(style="Guide_Cell"), Cell(style="Guide_Cell")
        left.append(Paragraph(label, style="Guide_Label"))
        for line in (value or BLANK).split("\n"):
            right.append(Paragraph(line, style="Guide_Value" if value else "Guide_Blank"))
        row.append_cell(left)
        row.append_cell(right)
        table.append_row(row)
    return table


def _space(block: Space, number: int) -> Table:
    """An answer box: one framed cell, as high as its lines, never cut by a page break; the
    person's words first, then lines to write on (none in a signature box)."""
    table = Table(f"Zone{number}", style="Guide_Table")
    table.append_column(Column(style="Guide_ColBox"))
    row = Row(style=f"Guide_Box{max(1, min(block.lines, 12))}")
    cell = Cell(style="Guide_Cell")
    for line in block.text.split("\n") if block.text else []:
        cell.append(Paragraph(line, style="Guide_Space"))
    if block.write:
        count = 2 if block.text else block.lines
        for _ in range(count):
            cell.append(Paragraph("\t", style="Guide_Line"))
    elif not block.text:
        cell.append(Paragraph("", style="Guide_Space"))
    row.append_cell(cell)
    table.append_row(row)
    return table


def _block(block: Block, number: int) -> list[Element]:
    if isinstance(block, Heading):
        if block.level == 0:
            return [Paragraph(block.text, style=_HEADING_STYLES[0])]
        return [Header(block.level, block.text, style=_HEADING_STYLES[block.level])]
    if isinstance(block, Para):
        style = _STYLE_OF.get(block.style, "Guide_Body") + (KEEP if block.keep else "")
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
    return [_space(block, number)]


def _footer(document: Document, text: str) -> None:
    """The footer of every page: the call, the day the file was made, the page number."""
    master = document.styles.get_element('//style:master-page[@style:name="Standard"]')
    assert master is not None
    footer = Element.from_tag("<style:footer/>")
    *lines, last = text.split("\n")
    for line in lines:
        footer.append(Paragraph(line, style="Guide_Footer"))
    paragraph = Paragraph(f"{last} — page ", style="Guide_Footer")
    paragraph.append(Element.from_tag("<text:page-number text:select-page='current'/>"))
    paragraph.append(" / ")
    paragraph.append(Element.from_tag("<text:page-count/>"))
    footer.append(paragraph)
    master.append(footer)


@functools.lru_cache(maxsize=16)
def _template(lang: str, footer: str) -> bytes:
    """An empty document with our styles and footer, made once per language and footer (the
    footer names the call and the day, so it changes once a day): building the styles is
    most of the writing time, loading the saved result a fraction of a millisecond."""
    document = Document("text")
    document.body.clear()
    thumbnail = "Thumbnails/thumbnail.png"  # the template's picture, not this document's
    if thumbnail in document.get_parts():
        document.del_part(thumbnail)
        document.manifest.del_full_path(thumbnail)
    _styles(document, lang)
    _footer(document, footer)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_odt(sheet: Sheet) -> bytes:
    """The sheet as the bytes of an .odt file."""
    document = Document(io.BytesIO(_template(sheet.lang, sheet.footer)))
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
