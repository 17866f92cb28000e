"""The fiche synthétique document: built from answers given through the real dialog, written
as .odt, then read back with the standard library (zip + XML) and, where LibreOffice is
installed, converted to PDF to prove it opens."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from dialogs.flow import Guide
from dialogs.model import Event
from dialogs.odt import BLANK, MIMETYPE, sheet_file
from dialogs.sheet import SHEET_FIELDS, build, guide_notes, snapshot
from dialogs.sheet_dialog import is_sheet_step
from knowledge import Knowledge
from knowledge.contacts import contacts_for, shown_email
from knowledge.loader import DATA_DIR, unsourced_facts
from knowledge.model import as_of
from knowledge.money import format_money
from knowledge.rules import evaluate
from tests.dialog_driver import CLOSED, OPEN, Chat, full_run
from tests.odt_reader import Odt, read_odt

ROOT = Path(__file__).resolve().parent.parent
# What people type, with everything XML and typography can trip on.
NASTY = {
    "title": 'Jardin <des> & "Mûriers" — l\'œuvre « collective » à 5 €',
    "structure": "Asso « L'Œil & la Main » <b>gras</b>",
    "partners": "Centre social & bailleur — école « Jules Ferry » ; 1 000 € promis",
    "participation": "Les habitants votent\nchaque mois — 3 ateliers « cœur de quartier » & <goûter>",
    "timing": "de mars à juin 2015 (œ, —, €)",
}


def prepared(
    guide: Guide,
    fiche: int = 4,
    place: str = "Roubaix",
    answers: dict[str, str] | None = None,
    lang: str = "fr",
    today: dt.date = OPEN,
    total: str = "10000",
    request: str = "3000",
    cofunding: str = "3000",
) -> Chat:
    """A conversation to the verdict, then the sheet's questions answered (or skipped)."""
    chat = Chat(guide, today)
    full_run(chat, fiche, place=place, total=total, request=request, cofunding=cofunding)
    if lang == "en":
        chat.command("/langue")
        chat.send(Event.choice("lang|en"))
    chat.tap("📄")
    while is_sheet_step(chat.state.step):
        value = (answers or {}).get(chat.state.step.removeprefix("sheet_"))
        if value is None:
            chat.tap("⏭")
        else:
            chat.text(value)
    assert chat.replies[0].attachment == "sheet"
    return chat


def document(guide: Guide, chat: Chat, today: dt.date = OPEN) -> tuple[Odt, str]:
    data, name = sheet_file(guide.knowledge, snapshot(chat.state, today))
    return read_odt(data), name


def test_every_field_of_the_sheet_is_in_the_file(guide: Guide) -> None:
    k = guide.knowledge
    chat = prepared(guide, answers=NASTY)
    odt, name = document(guide, chat)
    assert name == "fiche-synthetique-dsdt-jardin-des-muriers-l-oeuvre-collective-a-2014-11-27.odt"
    assert odt.mimetype == MIMETYPE.encode() and odt.mimetype_stored
    assert odt.language == "fr-FR"
    fields = odt.fields()
    place = chat.state.answers["place"]
    assert fields["Titre du projet"] == NASTY["title"]
    assert fields["Structure porteuse"] == NASTY["structure"]
    assert fields["Calendrier prévu"] == NASTY["timing"]
    assert fields["Type de porteur"] == "Une association"
    assert fields["Public visé"] == "Les habitants d'un quartier"
    assert fields["Commune"] == "Roubaix (59)"
    assert place["epci_name"] == "Métropole Européenne de Lille"
    assert fields["Intercommunalité (EPCI)"] == (
        "Métropole Européenne de Lille (nom au 1er janvier 2026)"  # the data's year, said
    )
    assert fields["Territoire de la Région"] == k.territory_name(place["territory"])
    assert fields["Dans la géographie prioritaire du territoire"] == "Oui"
    fiche = k.fiches[4]
    assert fields["Fiche"] == f"4 — {fiche.title}"
    assert fiche.summary in odt.text
    # budget: the amounts as typed, their share, the rest, and fiche 4's parts by kind
    money = lambda v: format_money(Decimal(v), "fr")  # noqa: E731
    assert fields["Coût total du projet"] == money("10000")
    assert fields["Demande à la Région"] == f"{money('3000')} (30\u00a0% du coût total)"
    assert fields["Co-financement des collectivités locales"].startswith(money("3000"))
    assert fields["Autres financements"].startswith(money("4000"))
    for kind, entries in fiche.ceilings.items():
        entry = as_of(entries, OPEN)
        assert entry is not None
        part = "investissement" if kind == "investment" else "fonctionnement"
        label = f"Part {part} (plafond {money(str(entry.value))})"
        if kind == "operating":  # full_run answers "Fonctionnement"
            assert fields[label].startswith(money("3000"))
        else:  # known: an operating-only project has no investment part
            assert fields[label] == "—"
    assert fields["Déjà financée par la Région pour son programme d'activité"] == "Non"
    # the verdict's points to review: in the message carrying the file, not in the document
    verdict = evaluate(k, _rules(chat), OPEN, place["territory"], "fr")
    expected = [c.message for c in verdict.checks if c.status != "ok"]
    notes = guide_notes(k, snapshot(chat.state, OPEN))
    assert expected and [n.split(" — ", 1)[1] for n in notes if n.startswith("• ")] == expected
    assert any(n.startswith("• À revoir — ") for n in notes)  # the floor of fiche 4
    # the message carrying the file (its caption), or the next one when it would be too long
    sent = [r for r in chat.replies if r.attachment == "sheet"]
    assert len(sent) == 1 and "Points à revoir" in "\n".join(r.text for r in chat.replies)
    said = html.unescape("\n".join(r.text for r in chat.replies))
    assert all(message in said for message in expected)
    for message in expected:
        assert message not in odt.text
    assert "Points à revoir" not in odt.text


def _rules(chat: Chat):  # type: ignore[no-untyped-def]
    from dialogs.fields import rules_input

    return rules_input(chat.state.answers)


def test_selection_criteria_are_headings_with_the_calls_words_and_space(guide: Guide) -> None:
    data = guide.knowledge.raw["sheet"]
    chat = prepared(guide, answers=NASTY)
    odt, _name = document(guide, chat)
    headings = odt.headings(2)
    assert headings == [c["heading"] for c in data["criteria"]]
    for criterion in data["criteria"]:
        blocks = odt.after_heading(criterion["heading"])
        guides = [b.text for b in blocks if b.style.startswith("Guide_Guide")]
        assert guides == criterion["guide"]
        assert any(
            b.text == criterion["prompt"] for b in blocks if b.style.startswith("Guide_Prompt")
        )
        (box,) = odt.boxes(blocks)
        said = NASTY.get(criterion["prefill"], "")
        written = [line for line in box if line != "\t"]  # "\t": a dotted line to write on
        assert "\n".join(written) == said
        assert box.count("\t") >= (2 if said else 5), "room to write"
    assert guide.knowledge.call["selection"]["note"] in odt.text


def test_contacts_are_those_of_2014_and_sources_are_linked(guide: Guide) -> None:
    k = guide.knowledge
    chat = prepared(guide, fiche=1, place="Lens")
    odt, _name = document(guide, chat)
    contacts = odt.after_heading("Contacts")
    text = "\n".join(b.text or "\n".join(b.items) for b in contacts)
    assert k.raw["sheet"]["contacts_note"]["text"] in text and "2014" in text
    for person in contacts_for(k, 1, "artois"):
        assert f"{person.name} — {person.phone} — {shown_email(person)}" in text
    assert "Communauté d'agglomération de Lens - Liévin (nom au 1er janvier 2026)" in text
    links = [link for b in odt.after_heading("Sources") for link in b.links]
    assert links == [d["url"] for d in k.documents.values() if d.get("url")]
    assert k.documents["cadre"]["url"] in links


def test_what_people_type_is_escaped_in_the_xml(guide: Guide) -> None:
    chat = prepared(guide, answers=NASTY)
    odt, _name = document(guide, chat)
    raw = odt.content_xml.decode("utf-8")
    assert "&lt;des&gt; &amp;" in raw and "<des>" not in raw
    assert "&lt;b&gt;gras&lt;/b&gt;" in raw and "<b>" not in raw
    assert "&lt;goûter&gt;" in raw
    # typography survives as characters, not entities or mojibake
    for text in ("« collective »", "œuvre", "5 €", "—", "L'Œil"):
        assert text in raw
    assert odt.fields()["Titre du projet"] == NASTY["title"]
    participation = odt.after_heading(guide.knowledge.raw["sheet"]["criteria"][1]["heading"])
    (box,) = odt.boxes(participation)
    assert "\n".join(box[:-2]) == NASTY["participation"]


def test_skipped_answers_leave_blanks_to_fill_in(guide: Guide) -> None:
    chat = prepared(guide)  # every optional question skipped
    odt, _name = document(guide, chat)
    fields = odt.fields()
    for label in ("Titre du projet", "Structure porteuse", "Calendrier prévu"):
        assert fields[label] == BLANK
    for label in ("Forme juridique", "Adresse", "Personne à contacter", "Téléphone", "E-mail"):
        assert fields[label] == BLANK
    assert fields["N° SIRET ou RNA"] == BLANK
    for criterion in guide.knowledge.raw["sheet"]["criteria"]:
        (box,) = odt.boxes(odt.after_heading(criterion["heading"]))
        assert set(box) == {"\t"}  # only lines to write on


def test_english_conversation_gets_an_english_sheet(guide: Guide) -> None:
    k = guide.knowledge
    chat = prepared(guide, fiche=2, place="Arras", answers={"title": NASTY["title"]}, lang="en")
    odt, name = document(guide, chat)
    assert name == "dsdt-summary-sheet-jardin-des-muriers-l-oeuvre-collective-a-2014-11-27.odt"
    assert odt.language == "en-GB"
    fields = odt.fields()
    assert fields["Project title"] == NASTY["title"]
    assert fields["Town"] == "Arras (62)"
    assert fields["Total project cost"] == format_money(Decimal("10000"), "en") == "€10,000"
    assert fields["Fiche"] == f"2 — {k.fiches[2].title_en}"
    assert odt.headings(2) == [c["heading_en"] for c in k.raw["sheet"]["criteria"]]
    assert k.raw["sheet"]["contacts_note"]["text_en"] in odt.text
    assert "Selection criteria" in odt.headings(1)
    assert "Titre du projet" not in odt.text and "Critères de sélection —" not in odt.text
    assert "Part investissement" not in odt.text  # fiche 2 has no ceilings by kind


def test_a_closed_call_is_said_in_the_message_and_on_the_sheet(guide: Guide) -> None:
    """Once the call is closed, the sheet opens with that, not with the filing instruction
    (outside5: it said « Déposer … au plus tard le 1er décembre 2014 » in 2026); an open
    call's sheet keeps the instruction."""
    chat = prepared(guide, fiche=1, place="Lens", today=CLOSED)
    odt, _name = document(guide, chat, CLOSED)
    assert "Cet appel à projets (2014) est clos" in odt.text
    assert "Déposer la fiche synthétique auprès" not in odt.text
    opened, _name = document(guide, prepared(guide, fiche=1, place="Lens"))
    assert "clos" not in opened.text and "Déposer la fiche synthétique auprès" in opened.text
    sent = next(r for r in chat.replies if r.attachment == "sheet")
    said = "\n".join(r.text for r in chat.replies)
    assert "est clos" in sent.text and "passée" in said


def test_a_late_sheet_says_its_date_has_passed_as_the_verdict_does(guide: Guide) -> None:
    """Between the sheet's date (1 December 2014) and the complete file's (23 January 2015) the
    call is open but the sheet is late: the verdict says so (« La date limite pour déposer la
    fiche synthétique est passée … voyez avec l'intercommunalité »), and the document opened
    with « Déposer … au plus tard le 1er décembre 2014 » as if it were still in time (outside5).
    The document says what the verdict says."""
    late = dt.date(2014, 12, 10)
    chat = prepared(guide, fiche=1, place="Lens", today=late)
    odt, _name = document(guide, chat, late)
    assert "La date limite pour déposer la fiche synthétique est passée" in odt.text, odt.text
    assert "voyez avec l'intercommunalité" in odt.text
    assert "Déposer la fiche synthétique auprès" not in odt.text
    assert "clos" not in odt.text  # the call itself is still open


def test_the_description_is_on_the_sheet(guide: Guide) -> None:
    chat = Chat(guide, OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Lens")
    chat.tap("quartier")
    chat.text("un jardin partagé au pied des immeubles")
    chat.tap("Oui, fiche")
    chat.tap("Oui")
    chat.tap("Investissement")
    for amount in ("40 000", "20k", "0"):
        chat.text(amount)
    chat.tap("Non")
    chat.tap("Voir le résultat")
    odt = read_odt(sheet_file(guide.knowledge, snapshot(chat.state, OPEN))[0])
    assert odt.fields()["Description"] == "un jardin partagé au pied des immeubles"
    assert not any(b.text.startswith("Pourquoi cette fiche") for b in odt.blocks)


def test_the_snapshot_is_plain_json_without_the_persons_contact(guide: Guide) -> None:
    chat = prepared(guide, answers={"title": "Potager"})
    chat.tap("recontacté")
    chat.text("06 12 34 56 78")
    snap = snapshot(chat.state, OPEN)
    text = json.dumps(snap, ensure_ascii=False)
    assert "06 12 34 56 78" not in text and "Potager" in text
    assert build(guide.knowledge, json.loads(text)) == build(guide.knowledge, snap)


def test_sheet_data_is_sourced_and_matches_the_calls_criteria(knowledge: Knowledge) -> None:
    data = tomllib.loads((DATA_DIR / "sheet.toml").read_text("utf-8"))
    assert unsourced_facts(data, knowledge.documents) == []
    criteria = data["criteria"]
    assert len(criteria) == len(knowledge.call["selection"]["criteria"])
    for entry, criterion in zip(criteria, knowledge.call["selection"]["criteria"], strict=True):
        # the call's own criterion opens the heading the sheet prints
        assert criterion.lower().startswith(entry["heading"].lower()[:20])
        assert len(entry["guide"]) == len(entry["guide_en"])
        assert entry["prefill"] in ("", *SHEET_FIELDS)


def _seed_text() -> str | None:
    for base in (ROOT.parent, ROOT.parent.parent):
        seeds = base / "shared" / "seeds"
        if seeds.is_dir():
            return "\n".join(p.read_text("utf-8") for p in sorted(seeds.glob("*.txt")))
    return None


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip().lower()


def test_the_guides_quote_the_call_word_for_word(knowledge: Knowledge) -> None:
    seeds = _seed_text()
    if seeds is None:
        pytest.skip("the source documents (../shared/seeds) are not beside the repository")
    source = _flat(seeds)
    for entry in knowledge.raw["sheet"]["criteria"]:
        for quote in entry["guide"]:
            inner = quote.strip().removeprefix("«").removesuffix("»").strip()
            for fragment in inner.split("[…]"):
                fragment = _flat(fragment).strip(" .;")
                if fragment:
                    assert fragment in source, fragment


def test_libreoffice_opens_the_file_and_converts_it_to_pdf(guide: Guide, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH: the PDF conversion check is skipped")
    chat = prepared(guide, answers=NASTY)
    data, name = sheet_file(guide.knowledge, snapshot(chat.state, OPEN))
    path = tmp_path / name
    path.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    pdf = tmp_path / (path.stem + ".pdf")
    assert proc.returncode == 0 and pdf.exists(), proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    pdftotext = shutil.which("pdftotext")
    if pdftotext:  # the text LibreOffice laid out is the person's, escaped nowhere
        text = subprocess.run(
            [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Fiche synthétique" in text and "Jardin <des> &" in re.sub(r"\s+", " ", text)


def test_dots_only_where_the_person_must_write(guide: Guide) -> None:
    """Every question answered (fiche 4, both kinds): every line of the tables has its value;
    the only dotted blanks are the place, date and signatory, filled by hand."""
    from tests.test_sheet_pdf import converse

    chat = converse(guide, "fr")
    odt = read_odt(sheet_file(guide.knowledge, snapshot(chat.state, OPEN))[0])
    blanks = [label for label, value in odt.fields().items() if value == BLANK]
    assert blanks == ["Fait à", "Date", "Nom et qualité du signataire"]
    assert "…" not in "".join(v for k, v in odt.fields().items() if k not in blanks)
