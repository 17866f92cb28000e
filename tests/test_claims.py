"""Every answer names its passages, and holds nothing they do not say (issue 23).

Each FAQ entry cites passage ids (faq.toml `passages`). Rendered in French and in English,
while the call is open and once it is closed, every number, date, amount, name, e-mail and URL
of its answer must be found in those passages (knowledge/claims.py); a sentence that is our
reading carries a visible marker and is listed in the entry's `readings` / `readings_en`.
Entries about the guide itself (source: the notice) cite no passage and are not checked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from knowledge import load_knowledge
from knowledge.claims import Claim, Corpus, claims, is_marked, sentences, unsupported
from knowledge.contacts import domain_note, validity_note
from knowledge.faq import Entry, Faq
from knowledge.places import Gazetteer
from knowledge.text import fold

DAYS = (dt.date(2014, 11, 20), dt.date(2026, 1, 5))  # open, closed


@pytest.fixture(scope="module")
def faq() -> Faq:
    knowledge = load_knowledge()
    return Faq(knowledge, Gazetteer.from_knowledge(knowledge))


@dataclass
class Audit:
    statements: int = 0  # claims checked
    readings: int = 0  # sentences marked as our reading
    problems: list[str] = field(default_factory=list)


def corpus_of(faq: Faq, entry: Entry) -> Corpus:
    cited = [faq.documents.by_id[i] for i in entry.passages]
    titles = [
        str(d.get(k, ""))
        for d in faq.knowledge.documents.values()
        for k in ("title", "short", "short_en")
    ]
    return Corpus.of(
        [p.text for p in cited]
        + [p.text_en for p in cited]
        + [p.source.section for p in cited]
        + titles
    )


def abbreviated(faq: Faq, claim: Claim, corpus: Corpus) -> bool:
    """FPH, QPV: our abbreviations, accepted when the passages spell the name out."""
    expansions = faq.knowledge.raw["faq"].get("abbreviations", {})
    expansion = expansions.get(claim.shown)
    return claim.kind == "name" and bool(expansion) and fold(expansion) in corpus.folded


def rendered(faq: Faq, entry: Entry, lang: str, day: dt.date) -> str:
    question = (entry.questions_en if lang == "en" else entry.questions)[0]
    text = faq.render(entry, lang, day, question)
    for note in (validity_note(faq.knowledge, lang), domain_note(faq.knowledge, lang)):
        text = text.replace(note, "")  # contacts.toml's own notes, with their own source
    return text


def audit(faq: Faq) -> Audit:
    result = Audit()
    for entry in faq.entries:
        if entry.source.doc == "notice":
            continue
        corpus = corpus_of(faq, entry)
        for lang in ("fr", "en"):
            listed = entry.readings_en if lang == "en" else entry.readings
            for day in DAYS:
                text = rendered(faq, entry, lang, day)
                where = f"{entry.id} ({lang}, {day})"
                result.statements += sum(len(claims(s)) for s in sentences(text))
                marked = [s for s in sentences(text) if is_marked(s)]
                if day == DAYS[0]:
                    result.readings += len(marked)
                for sentence in marked:
                    if not any(sentence.startswith(r) for r in listed):
                        result.problems.append(f"{where}: reading not listed: {sentence!r}")
                for opening in listed:
                    if not any(s.startswith(opening) and is_marked(s) for s in sentences(text)):
                        result.problems.append(
                            f"{where}: listed reading absent or unmarked {opening!r}"
                        )
                for sentence, claim in unsupported(text, corpus):
                    if abbreviated(faq, claim, corpus):
                        continue
                    if is_marked(sentence) and any(sentence.startswith(r) for r in listed):
                        continue
                    result.problems.append(
                        f"{where}: {claim.kind} {claim.shown!r} is in none of {entry.passages}"
                    )
    return result


def test_every_entry_about_the_call_cites_existing_passages(faq: Faq) -> None:
    for entry in faq.entries:
        if entry.source.doc == "notice":
            assert not entry.passages, entry.id
            continue
        assert entry.passages, f"{entry.id} cites no passage"
        assert all(i in faq.documents.by_id for i in entry.passages), entry.id


def test_every_claim_of_every_answer_is_in_its_passages_or_marked_as_our_reading(faq: Faq) -> None:
    result = audit(faq)
    assert result.statements > 300  # the whole FAQ, both languages, open and closed
    assert not result.problems, "\n".join(result.problems)


def test_the_checker_catches_a_claim_the_passages_do_not_hold(faq: Faq) -> None:
    """The checker is not blind: an amount, a name, an e-mail and a date that no cited passage
    holds are each reported; the same text with the passage's own figures is not."""
    corpus = corpus_of(faq, faq.by_id["floor"])
    assert not unsupported("Fiches 1 et 2 : 2 000 € ; fiches 3 et 4 : 5 000 €.", corpus)
    wrong = "Plancher : 2 500 €. Écrivez à jean.dupont@nordpasdecalais.fr ou à M. DURAND avant le 3 mars."
    kinds = sorted({c.kind for _s, c in unsupported(wrong, corpus)})
    assert kinds == ["email", "month", "name", "number"]


def test_a_quoted_passage_holds_only_its_own_claims(faq: Faq) -> None:
    """A question beyond the FAQ is answered by quoting a passage: its claims are the passage's."""
    answer = faq.ask(
        "De quand date le rapport régional sur la démocratie participative que cite la fiche 1 ?",
        DAYS[0],
    )
    assert (
        answer.status == "quoted" and answer.found is not None and answer.found.passage is not None
    )
    passage = answer.found.passage
    corpus = Corpus.of([passage.text, passage.source.section, passage.source.short_in("fr")])
    assert "octobre 2011" in answer.text
    assert not unsupported(answer.text, corpus)
