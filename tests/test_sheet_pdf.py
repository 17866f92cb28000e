"""The fiche synthétique as printed: LibreOffice converts the real document to PDF (as an
applicant opening and printing it would), and poppler reads the PDF back. French and English,
from a conversation through the real dialog with every question answered.

Checked on the PDF itself: the page count agrees with the footer on every page ("page i / n",
the call and the day the file was made), the budget table and each criterion's answer box sit
on one page, every value the person gave is in the printed text, and a single font family is
used. `make test` installs LibreOffice's writer and poppler-utils when missing (as root, with
apt-get); without them this module is skipped and says why."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal

import pytest

from dialogs.flow import Guide
from dialogs.odt import sheet_file
from dialogs.sheet import build, snapshot
from dialogs.sheet_dialog import is_sheet_step
from knowledge.money import format_money
from tests.dialog_driver import OPEN, Chat

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = [shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts")]
pytestmark = pytest.mark.skipif(
    SOFFICE is None or None in POPPLER,
    reason="LibreOffice writer (soffice) or poppler-utils (pdftotext, pdfinfo, pdffonts) not "
    "installed: `make test` installs them as root with apt-get; the PDF check is skipped",
)

ANSWERS = {
    "fr": {
        "description": "un jardin partagé au pied des immeubles, cultivé par les habitants",
        "title": "Jardin partagé « Les Mûriers » & compost",
        "structure": "Les Amis du Jardin",
        "partners": "Centre social Colucci, bailleur Pas-de-Calais Habitat, école Jules Ferry",
        "participation": "Les habitants décident en assemblée chaque mois des cultures. " * 14,
        "timing": "de mars à juin 2015",
        "legal_form": "Association loi 1901",
        "address": "12 rue des Lilas, 62800 Liévin",
        "contact_name": "Marie Dupont, présidente",
        "phone": "03 21 12 34 56",
        "email": "marie.dupont@exemple.fr",
        "registration": "732 829 320 00074",
    },
    "en": {
        "description": "a shared garden at the foot of the tower blocks, grown by the residents",
        "title": "Shared garden “The Mulberries” & compost",
        "structure": "Friends of the Garden",
        "partners": "Colucci social centre, Pas-de-Calais Habitat housing, Jules Ferry school",
        "participation": "Residents decide together every month what to grow and how. " * 14,
        "timing": "from March to June 2015",
        "legal_form": "Association loi 1901",
        "address": "12 rue des Lilas, 62800 Liévin",
        "contact_name": "Marie Dupont, chair",
        "phone": "03 21 12 34 56",
        "email": "marie.dupont@exemple.fr",
        "registration": "W623001234",
    },
}
AMOUNTS = ("50000", "20000", "10000", "8000")  # total, investment part, operating part, local
WORDS = {
    "fr": {
        "yes": "Oui",
        "no": "Non",
        "both": "Les deux",
        "result": "Voir le résultat",
        "budget": ("Le budget", "Critères de sélection"),
        "signature": ("Date et signature", "Contacts"),
        "total": "Coût total du projet",
    },
    "en": {
        "yes": "Yes",
        "no": "No",
        "both": "Both",
        "result": "See the result",
        "budget": ("Budget", "Selection criteria"),
        "signature": ("Date and signature", "Contacts"),
        "total": "Total project cost",
    },
}


@dataclass
class Printed:
    lang: str
    chat: Chat
    pages: int
    size: int
    text: str  # pdftotext's text, pages separated by \f
    fonts: str
    footer: str


def converse(guide: Guide, lang: str) -> Chat:
    """To the verdict and through every sheet question, answering each, by the real dialog."""
    words, answers = WORDS[lang], ANSWERS[lang]
    chat = Chat(guide, OPEN, lang=lang)
    chat.start()
    chat.tap("association")
    chat.text("Liévin")
    chat.tap("quartier" if lang == "fr" else "neighbourhood")
    chat.text(answers["description"])
    chat.tap("fiche 4")
    chat.tap(words["yes"])  # in a priority neighbourhood
    chat.tap(words["both"])
    for amount in AMOUNTS:
        chat.text(amount)
    chat.tap(words["no"])
    chat.tap(words["result"])
    chat.tap("📄")
    while is_sheet_step(chat.state.step):
        chat.text(answers[chat.state.step.removeprefix("sheet_")])
    return chat


def flat(text: str) -> str:
    """Whitespace (line ends, no-break spaces) as single spaces; page breaks kept."""
    return re.sub(r"[^\S\f]+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """Both documents converted by one LibreOffice run (its start-up is most of the time)."""
    assert SOFFICE is not None
    guide = Guide()
    folder = tmp_path_factory.mktemp("pdf")
    chats = {lang: converse(guide, lang) for lang in ("fr", "en")}
    paths = {}
    for lang, chat in chats.items():
        data, name = sheet_file(guide.knowledge, snapshot(chat.state, OPEN))
        paths[lang] = folder / name
        paths[lang].write_bytes(data)
    proc = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
         *(str(p) for p in paths.values())],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    result = {}
    for lang, path in paths.items():
        pdf = path.with_suffix(".pdf")
        assert proc.returncode == 0 and pdf.exists(), proc.stderr

        def run(*args: str) -> str:
            return subprocess.run(args, capture_output=True, text=True, check=True).stdout

        info = run("pdfinfo", str(pdf))
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
        footer = build(guide.knowledge, snapshot(chats[lang].state, OPEN)).footer
        result[lang] = Printed(
            lang,
            chats[lang],
            pages,
            pdf.stat().st_size,
            run("pdftotext", str(pdf), "-"),
            run("pdffonts", str(pdf)),
            flat(footer),
        )
    return result


def without_footers(p: Printed) -> str:
    """The flattened text with each page's footer taken out (it sits before the break)."""
    pattern = re.escape(p.footer) + r" — page \d+ / \d+"
    return re.sub(pattern, " ", flat(p.text))


def on_one_page(text: str, start: str, end: str) -> str:
    """The text from `start` to `end` (the next heading, with its number dropped), checked to
    hold no page break; returns it."""
    i = text.index(start)
    j = text.index(end, i + len(start))
    segment = re.sub(r"[\s\f]*\d+(\.\d+)*\.?\s*$", "", text[i:j]).strip()
    assert "\f" not in segment, f"{start!r} is cut by a page break:\n{segment}"
    return segment


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_count_is_the_footers(printed: dict[str, Printed], lang: str) -> None:
    p = printed[lang]
    assert 3 <= p.pages <= 7, p.pages  # measured: 5 pages in both languages
    pages = flat(p.text).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) == p.pages
    for number, page in enumerate(pages, start=1):
        assert f"{p.footer} — page {number} / {p.pages}" in page, (number, page[-300:])
    assert p.size < 200_000


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_budget_table_and_each_answer_box_sit_on_one_page(
    printed: dict[str, Printed], lang: str
) -> None:
    p = printed[lang]
    text = without_footers(p)
    start, end = WORDS[lang]["budget"]
    budget = on_one_page(text, start, end)
    money = [format_money(Decimal(a), lang) for a in AMOUNTS]
    assert all(flat(m) in budget for m in money), budget
    k = p.chat.guide.knowledge
    key = "heading_en" if lang == "en" else "heading"
    headings = [flat(c[key]) for c in k.raw["sheet"]["criteria"]]
    ends = [*headings[1:], WORDS[lang]["signature"][0]]
    for heading, following in zip(headings, ends, strict=True):
        on_one_page(text, heading, following)  # its words, its question, its box
    on_one_page(text, *WORDS[lang]["signature"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_value_the_person_gave_is_printed(printed: dict[str, Printed], lang: str) -> None:
    p = printed[lang]
    text = flat(p.text).replace("\f", " ")
    for field, value in ANSWERS[lang].items():
        assert flat(value).strip() in text, field
    for amount in AMOUNTS:
        assert flat(format_money(Decimal(amount), lang)) in text
    assert "Liévin (62)" in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_one_font_family_and_no_guide_notes(printed: dict[str, Printed], lang: str) -> None:
    p = printed[lang]
    families = {
        re.sub(r"^[A-Z]{6}\+", "", line.split()[0]).split("-")[0]
        for line in p.fonts.splitlines()[2:]
        if line.strip()
    }
    families.discard("OpenSymbol")  # the list bullets' glyphs
    assert families == {"LiberationSans"}, p.fonts
    for note in ("Points à revoir", "Points to review", "est clos", "is closed"):
        assert note not in p.text


def test_the_page_check_sees_a_page_break(printed: dict[str, Printed]) -> None:
    """The check above is not vacuous: a span that crosses pages is caught."""
    text = without_footers(printed["fr"])
    assert "\f" in text
    with pytest.raises(AssertionError, match="cut by a page break"):
        on_one_page(text, "Le porteur du projet", "Contacts")
