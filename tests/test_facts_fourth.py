"""The fourth reader: every sentence the bot states, against the seeds and the verdict (facts4).

Like tests/test_facts*.py, each test goes through the real code path: the dialog
(tests/dialog_driver.py) to its cards and its fiche synthétique, written as .odt and read back
(tests/odt_reader.py), or a question asked in the chat. The seeds are /work/shared/seeds,
quoted in knowledge/data/passages.toml; docs/facts-audit.md lists every sentence read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from dialogs.odt import sheet_file
from dialogs.sheet import snapshot
from dialogs.sheet_dialog import is_sheet_step
from knowledge import Knowledge
from knowledge.claims import is_marked, sentences
from knowledge.text import fold
from tests.dialog_driver import OPEN, Chat, full_run, main_paths
from tests.odt_reader import Odt, read_odt

TAG = re.compile(r"<[^>]+>")
WORDS = {
    "fr": {"role": "association", "who": "quartier", "dunno": "Je ne sais pas", "no": "Non"},
    "en": {"role": "association", "who": "neighbourhood", "dunno": "know", "no": "No"},
}
MARK = {"fr": "(à confirmer)", "en": "(to be confirmed)"}


def _to_the_sheet(guide: Any, lang: str, unsure: bool) -> tuple[str, str, str]:
    """Lens, fiche 1 chosen or taken as the closest guess after « je ne sais pas »: the summary
    card, the verdict card and the sheet's « Fiche » line, as the person reads them."""
    words = WORDS[lang]
    chat = Chat(guide, OPEN, lang=lang)
    chat.start()
    chat.tap(words["role"])
    chat.text("Lens")
    chat.tap(words["who"])
    if unsure:
        chat.text("un projet pour les habitants du quartier")
        chat.tap(words["dunno"])
        chat.tap("Fiche 1")
    else:
        chat.tap("(1)")
    for amount in ("10000", "3000", "3000"):
        chat.text(amount)
    chat.tap(words["no"])
    summary = TAG.sub("", chat.said)
    chat.tap("✅")
    card = TAG.sub("", chat.said)
    return summary, card, _sheet(guide, chat).fields()["Fiche"]


def _sheet(guide: Any, chat: Chat) -> Odt:
    """From the verdict, the fiche synthétique with its questions skipped, read back."""
    chat.tap("📄")
    while is_sheet_step(chat.state.step):
        chat.tap("⏭")
    return read_odt(sheet_file(guide.knowledge, snapshot(chat.state, chat.today))[0])


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("unsure", [True, False], ids=["guessed", "chosen"])
def test_a_fiche_to_confirm_is_said_on_the_card_and_the_sheet_as_on_the_summary(
    guide: Any, lang: str, unsure: bool
) -> None:
    """« Je ne sais pas » then the closest fiche: the summary card said « Fiche : 1 — …
    (à confirmer) » and the lead kept `fiche_to_confirm`, but the verdict card said
    « Résultat : fiche 1 — Mobiliser tous les publics » and the fiche synthétique « 1 — … » as
    if the person had chosen it. A chosen fiche carries no mark anywhere."""
    summary, card, sheet_fiche = _to_the_sheet(guide, lang, unsure)
    headline = card.splitlines()[0]
    fiche_line = next(line for line in summary.splitlines() if line.startswith("• Fiche"))
    for shown in (fiche_line, headline, sheet_fiche):
        assert shown.endswith(MARK[lang]) is unsure, shown


def test_every_message_naming_the_intercommunality_says_the_year_of_its_name(
    guide: Any, knowledge: Knowledge
) -> None:
    """communes.csv gives 2026's intercommunalities beside a 2014 call (territories.toml
    [epci_names]): the verdict card, the place card and the sheet said « (nom au 1er janvier
    2026) », but the summary card (« Commune : Lens (62) — Communauté d'agglomération de Lens -
    Liévin »), the FAQ's contact answer and the « je ne sais pas » to the priority-area question
    named it bare (the co-funding « je ne sais pas » even by its short name « CA de Lens -
    Liévin »). Every message of a whole conversation, the FAQ's answer included, now names
    it through one helper (knowledge.contacts.dated_epci)."""
    chat = Chat(guide, OPEN)
    chat.start()
    chat.tap("association")
    chat.text("62300")  # two communes, one intercommunality: the postcode's question names it
    chat.tap("Lens")
    chat.tap("quartier")
    chat.tap("(4)")
    chat.tap("Je ne sais pas")  # the priority area: « ask your intercommunality, … »
    chat.tap("Fonctionnement")
    for amount in ("10000", "6000", "je ne sais pas"):  # « ask your intercommunality, … »
        chat.text(amount)
    if chat.state.step == "activity":
        chat.tap("Non")
    chat.tap("✅")
    chat.text("Je suis à Lens, qui dois-je appeler ?")
    named = Chat(guide, OPEN)  # the intercommunality itself typed: which of its communes?
    named.start()
    named.tap("association")
    named.text("agglo de Lens Liévin")
    name = "Communauté d'agglomération de Lens - Liévin"
    mark = knowledge.raw["territories"]["epci_names"]["mark"]
    texts = [TAG.sub("", reply.text) for reply in chat.all_replies + named.replies]
    naming = [text for text in texts if name in text]
    # the postcode's question, the place card, two asides, the summary, the verdict, the FAQ,
    # the intercommunality's own question
    assert len(naming) >= 8, naming
    assert not any("CA de Lens" in text for text in texts), texts
    for text in naming:
        for found in re.finditer(re.escape(name), text):
            assert text[found.end() :].startswith(f" ({mark})"), text


def test_the_region_s_address_in_english_names_both_offices(guide: Any) -> None:
    """The English twin of tests/test_facts_third.py's address test: the offices' French names
    as the document writes them, our English beside them, and the same two addresses."""
    chat = Chat(guide, OPEN, lang="en")
    chat.start()
    chat.text("What is the Region's postal address?")
    said = TAG.sub("", chat.said)
    for shown in (
        "Direction de Partenariats Internationaux et Régionaux (Directorate for",
        "Bâtiment VEROSE - 413 avenue du Président Hoover, 59555 Lille Cedex",
        "Siège de Région - 151 avenue du Président Hoover, 59555 Lille Cedex",
        "Details from 2014: they may have changed.",
    ):
        assert shown in said, said


def _documents_text(knowledge: Knowledge) -> str:
    """The seeds as passages.toml quotes them: every passage's text and its section title."""
    return fold(
        " ".join(
            p["text"] + " " + p["source"]["section"] for p in knowledge.raw["passages"]["passage"]
        )
    )


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_fiche_s_summary_quotes_the_documents_word_for_word(
    knowledge: Knowledge, number: int
) -> None:
    """What a summary puts between « » is the documents' text (the reader checks a
    quotation first), in French; the English summaries translate them."""
    documents = _documents_text(knowledge)
    for quoted in re.findall(r"«\s*([^»]+?)\s*»", knowledge.fiches[number].summary):
        assert fold(quoted) in documents, (number, quoted)


def test_what_the_policy_is_is_said_as_our_reading_or_in_the_documents_words(
    guide: Any,
) -> None:
    """Fiche 4's summary, shown when a project looks like fiche 4, said « La politique de la
    ville, c'est l'action publique pour les quartiers en difficulté. »: a definition the
    documents do not give, stated as theirs. The summary now quotes the fiche's own finality;
    the definition stays where the jargon is met (tests/test_plain_language.py), in a sentence
    marked as our reading, on every main path and the description's, in both languages."""
    chat = Chat(guide, OPEN)
    chat.start()
    chat.tap("association")
    chat.text("Roubaix")
    chat.tap("quartier")
    chat.text("un jardin partagé au pied des immeubles")
    said = TAG.sub("", chat.said)
    assert "Gestion Urbaine de Proximité" in said and "services urbains de proximité" in said
    assert "c'est l'action publique" not in said
    texts = [r.text for _name, path in main_paths(guide) for r in path.all_replies]
    defining = [
        s
        for s in sentences(TAG.sub("", "\n".join(texts)))
        if "c'est l'action publique" in s or "policy is public action" in s
    ]
    assert defining and all(is_marked(s) for s in defining), defining


@pytest.mark.parametrize(("cofunding", "icon"), [("3000", "✅"), ("1000", "⚠️")])
def test_the_co_funding_line_marks_its_base_as_our_reading_met_or_short(
    guide: Any, cofunding: str, icon: str
) -> None:
    """« 30 % minimum » of what, the fiches do not say: the total cost is our reading. The
    card's ✅ line said « (au moins 30 %, à confirmer) », but a shortfall said « 10 %, il
    manque 2 000 € (au moins 30 %) », a gap worked out on that reading, stated as sure."""
    chat = Chat(guide, OPEN)
    full_run(chat, fiche=2, place="Dunkerque", cofunding=cofunding)
    line = next(
        line for line in TAG.sub("", chat.said).splitlines() if "Co-financement local" in line
    )
    assert line.startswith(icon) and line.endswith("à confirmer)"), line


def test_the_sheet_names_the_priority_area_as_the_fiche_does(guide: Any) -> None:
    """The fiche synthétique, which goes to the intercommunality, wrote « Dans un quartier
    prioritaire (QPV) : Oui », our reading of « la géographie prioritaire du territoire »
    stated as the question asked; the card says « Quartier : dans la géographie
    prioritaire ». The sheet now uses the fiche's own words."""
    chat = Chat(guide, OPEN)
    full_run(chat, fiche=4, place="Roubaix", request="6000")
    fields = _sheet(guide, chat).fields()
    assert fields["Dans la géographie prioritaire du territoire"] == "Oui"
    assert not any("QPV" in label for label in fields), fields


def _seeds() -> str | None:
    """The source documents, flattened (markdown links, bold, bullets, spacing), or None
    when they are not beside the repository (as tests/test_sheet.py reads them)."""
    root = Path(__file__).resolve().parent.parent
    for base in (root.parent, root.parent.parent):
        seeds = base / "shared" / "seeds"
        if seeds.is_dir():
            return _flat("\n".join(p.read_text("utf-8") for p in sorted(seeds.glob("*.txt"))))
    return None


def _flat(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)  # [words](#)
    text = re.sub(r"\s\[\d+\]", "", text)  # its link's number, [3]
    text = text.replace("\\(", "(").replace("\\)", ")").replace("**", "").replace("’", "'")
    text = re.sub(r"\^\{(\w+)\}", r"\1", text)  # 1^{er}
    text = re.sub(r"(?:^|\s)[-–•✓→](?=\s)", " ", text)  # list marks
    return re.sub(r"\s+", " ", text).strip().lower()


def test_every_passage_is_the_documents_text_word_for_word(knowledge: Knowledge) -> None:
    """The passages are what the bot quotes and what every claim is checked against: each
    line of each passage (between its « […] ») is in the seeds as written."""
    seeds = _seeds()
    if seeds is None:
        pytest.skip("the source documents (../shared/seeds) are not beside the repository")
    for passage in knowledge.raw["passages"]["passage"]:
        for fragment in passage["text"].split("[…]"):
            for line in fragment.splitlines():
                flat = _flat(line).strip(" .;:,")
                assert not flat or flat in seeds, (passage["id"], line)


# What a FAQ answer puts between « » that is not the documents' text, each with its reason.
NOT_QUOTES = {
    "du coût total du projet": "our reading, said so in the same sentence",
    "je suis à Lens, j'appelle qui ?": "a question to type, not a quotation",
    "Passer": "the fiche synthétique's button, not a quotation (why_asked)",
    "Structure porteuse": "the fiche synthétique's label, not a quotation (why_asked)",
    "Qui êtes-vous ?": "the guide's own question, not a quotation (why_asked)",
}


def test_every_quotation_in_a_faq_answer_is_the_documents_text(knowledge: Knowledge) -> None:
    """A reader checks a quotation first: what a French FAQ answer puts between « » (its
    placeholders filled) is in the seeds word for word, « […] » cutting it."""
    seeds = _seeds()
    if seeds is None:
        pytest.skip("the source documents (../shared/seeds) are not beside the repository")
    values = {"cofunding_1": "30 %"}
    checked = 0
    for entry in knowledge.raw["faq"]["faq"]:
        # its lines for what the question names too (faq10: `[[faq.named]]`)
        texts = [entry["answer"], *(n["text"] for n in entry.get("named", ()))]
        for quoted in (q for t in texts for q in re.findall(r"«\s*([^»]+?)\s*»", t)):
            if quoted in NOT_QUOTES:
                continue
            for fragment in quoted.format_map(values).split("[…]"):
                flat = _flat(fragment).strip(" .;:,…")
                assert not flat or flat in seeds, (entry["id"], fragment)
                checked += 1
    assert checked > 20  # 22 on 7 December 2026
