"""Read an .odt back with the standard library only (zipfile + ElementTree), independently of
the library that wrote it: what a word processor would find in the file."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def text_of(node: ET.Element) -> str:
    """An element's text as displayed: <text:s c="3"/> is three spaces, line breaks are \\n."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == _q("text:s"):
            parts.append(" " * int(child.get(_q("text:c"), "1")))
        elif child.tag == _q("text:tab"):
            parts.append("\t")
        elif child.tag == _q("text:line-break"):
            parts.append("\n")
        else:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class Block:
    kind: str  # heading, paragraph, table, list
    style: str
    text: str
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


@dataclass
class Odt:
    names: list[str]
    mimetype: bytes
    mimetype_stored: bool
    content_xml: bytes
    blocks: list[Block]
    language: str

    @property
    def text(self) -> str:
        lines: list[str] = []
        for block in self.blocks:
            if block.kind == "table":
                lines += [" | ".join(row) for row in block.rows]
            elif block.kind == "list":
                lines += block.items
            else:
                lines.append(block.text)
        return "\n".join(lines)

    def headings(self, level: int | None = None) -> list[str]:
        return [
            b.text
            for b in self.blocks
            if b.kind == "heading" and (level is None or b.level == level)
        ]

    def fields(self) -> dict[str, str]:
        """Every label -> value row of the document's tables."""
        return {
            row[0]: row[1]
            for b in self.blocks
            if b.kind == "table"
            for row in b.rows
            if len(row) == 2
        }

    def boxes(self, blocks: list[Block] | None = None) -> list[list[str]]:
        """The answer boxes (one-cell tables): each as its paragraphs' texts."""
        return [
            b.rows[0][0].split("\n")
            for b in (self.blocks if blocks is None else blocks)
            if b.kind == "table" and len(b.rows) == 1 and len(b.rows[0]) == 1
        ]

    def styled(self, style: str) -> list[str]:
        return [b.text for b in self.blocks if b.style == style]

    def after_heading(self, heading: str) -> list[Block]:
        """The blocks between a heading and the next heading."""
        start = next(
            i for i, b in enumerate(self.blocks) if b.kind == "heading" and b.text == heading
        )
        following = []
        for block in self.blocks[start + 1 :]:
            if block.kind == "heading":
                break
            following.append(block)
        return following


def read_odt(data: bytes) -> Odt:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None, "corrupt zip member"
    names = archive.namelist()
    first = archive.infolist()[0]
    manifest = ET.fromstring(archive.read("META-INF/manifest.xml"))
    listed = {e.get(_q("manifest:full-path")) for e in manifest}
    missing = {p for p in listed if p and p != "/" and not p.endswith("/") and p not in names}
    assert not missing, f"manifest lists files the package lacks: {missing}"
    content = archive.read("content.xml")
    root = ET.fromstring(content)
    body = root.find("office:body/office:text", NS)
    assert body is not None
    blocks = []
    for node in body:
        style = node.get(_q("text:style-name")) or node.get(_q("table:style-name")) or ""
        links = [a.get(_q("xlink:href")) or "" for a in node.iter(_q("text:a"))]
        if node.tag == _q("text:h"):
            level = int(node.get(_q("text:outline-level"), "1"))
            blocks.append(Block("heading", style, text_of(node), level, links=links))
        elif node.tag == _q("text:p"):
            blocks.append(Block("paragraph", style, text_of(node), links=links))
        elif node.tag == _q("table:table"):
            rows = [
                [
                    "\n".join(text_of(p) for p in cell.iter(_q("text:p")))
                    for cell in row.iter(_q("table:table-cell"))
                ]
                for row in node.iter(_q("table:table-row"))
            ]
            blocks.append(Block("table", style, "", rows=rows))
        elif node.tag == _q("text:list"):
            items = [text_of(p) for p in node.iter(_q("text:p"))]
            blocks.append(Block("list", style, "", items=items))
    meta = ET.fromstring(archive.read("meta.xml"))
    language = meta.findtext(".//dc:language", default="", namespaces=NS)
    return Odt(
        names=names,
        mimetype=archive.read("mimetype"),
        mimetype_stored=first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED,
        content_xml=content,
        blocks=blocks,
        language=language,
    )
