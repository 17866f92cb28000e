"""Every answer names its passages, and holds nothing they do not say (issue 23).

Each FAQ entry cites passage ids (faq.toml `passages`). Rendered in French and in English,
while the call is open and once it is closed, every number, date, amount, name, e-mail and URL
of its answer must be found in those passages (knowledge/claims.py); a sentence that is our
reading carries a visible marker and is listed in the entry's `readings` / `readings_en`.
Entries about the guide itself (source: the notice) cite no passage and are not checked.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import pytest

from knowledge import load_knowledge
from knowledge.claims import Claim, Corpus, claims, is_marked, sentences, unsupported
from knowledge.contacts import domain_note, territory_label, validity_note
from knowledge.faq import Entry, Faq
from knowledge.loader import Knowledge
from knowledge.places import Gazetteer
from knowledge.rules import CHECK_IDS, Answers, Check, evaluate
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
    return cited_corpus(faq, entry.passages)


def cited_corpus(faq: Faq, ids: tuple[str, ...]) -> Corpus:
    """The cited passages (French, English, section) and the documents' titles."""
    cited = [faq.documents.by_id[i] for i in ids]
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
    names = faq.knowledge.raw["territories"]["epci_names"]  # the EPCI list's year, its source
    return text.replace(names["mark_en" if lang == "en" else "mark"], "")


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


def test_a_phone_is_one_number_in_either_form() -> None:
    """The "+33" form our contact cards add beside a number holds where the number does; a
    number the passages do not hold is caught in either form."""
    corpus = Corpus.of(["Contact : Amélie ANTOINE, 03 28 82 79 67."])
    assert not unsupported("Appelez le 03 28 82 79 67 (+33 3 28 82 79 67).", corpus)
    caught = unsupported("Appelez le +33 3 28 82 79 68.", corpus)
    assert [(c.kind, c.value) for _s, c in caught] == [("phone", "0328827968")]


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


# ---------------------------------------------------------------------------- rule messages
RULE_DAYS = (  # open; last day of the summary form; between the deadlines; last day; closed
    dt.date(2014, 11, 20),
    dt.date(2014, 12, 1),
    dt.date(2014, 12, 15),
    dt.date(2015, 1, 23),
    dt.date(2026, 1, 5),
)
_TWIN = {"request": "1.0137", "total": "1.0291", "cofunding": "0.9871"}


def rule_scenarios(knowledge: Knowledge) -> list[Answers]:
    """Answers that make every check of every fiche take each of its statuses."""
    out: list[Answers] = []
    for number, fiche in knowledge.fiches.items():
        floor = fiche.floor[0].value
        base = Answers(fiche=number)
        out.append(base)  # nothing answered: every check unknown
        out.append(replace(base, request=floor - 300, total=floor - 100, cofunding=Decimal(137)))
        out.append(
            replace(
                base, request=floor - 300, total=floor * 10, cofunding=floor, activity_funding=True
            )
        )
        out.append(
            replace(
                base, request=floor * 2, total=floor * 3, cofunding=floor, activity_funding=False
            )
        )
        out.append(replace(base, request=floor * 9, total=floor * 10, cofunding=Decimal(100)))
        out.append(
            replace(base, request=floor * 2, total=floor * 4, cofunding=floor, has_structure=False)
        )
        if fiche.ceilings:
            for priority in ("yes", "no", "unknown"):
                out.append(
                    replace(base, kind="investment", request=floor * 4, priority_area=priority)
                )  # type: ignore[arg-type]
            out.append(
                replace(
                    base,
                    kind="investment",
                    request=floor * 40,
                    total=floor * 100,
                    cofunding=floor * 40,
                )
            )
            out.append(
                replace(
                    base,
                    kind="operating",
                    request=floor * 5,
                    total=floor * 10,
                    cofunding=floor * 4,
                )
            )
            out.append(replace(base, kind="operating", request=floor + 700))
            out.append(replace(base, kind="both"))
            out.append(
                replace(
                    base,
                    kind="both",
                    request_investment=floor * 40,
                    request_operating=floor * 5,
                    total=floor * 200,
                    cofunding=floor * 70,
                )
            )
            out.append(
                replace(
                    base, kind="both", request_investment=floor * 3, request_operating=floor + 100
                )
            )
    return out


def twin(answers: Answers) -> Answers:
    """The same answers with every amount nudged: what changes is the person's, what stays is
    the call's."""
    nudged: dict[str, Any] = {}
    for name in ("request", "total", "cofunding", "request_investment", "request_operating"):
        value = getattr(answers, name)
        if value is not None:
            factor = Decimal(_TWIN.get(name, "1.0113"))
            nudged[name] = (value * factor).quantize(Decimal(1))
    return replace(answers, **nudged)


def twin_day(day: dt.date, knowledge: Knowledge) -> dt.date:
    deadlines = {s.deadline for s in knowledge.calendar.values() if s.deadline}
    return day if day in deadlines else day + dt.timedelta(days=1)


def days_left(knowledge: Knowledge, day: dt.date) -> set[tuple[str, str]]:
    """The days left until each deadline: derived from today, not the call's claim."""
    steps = knowledge.calendar.values()
    return {("number", str((s.deadline - day).days)) for s in steps if s.deadline}


def rule_texts(check: Check) -> list[str]:
    return [check.message, check.short, check.expected]


def rule_readings(knowledge: Knowledge, lang: str) -> tuple[str, ...]:
    raw = knowledge.raw["passages"].get("readings", {})
    return tuple(raw.get("rules_en" if lang == "en" else "rules", ()))


def rule_corpus(faq: Faq, check: Check) -> Corpus:
    return cited_corpus(faq, check.source.passages)


def audit_rules(faq: Faq) -> Audit:
    """Every check of every scenario, every day, French and English: its claims that do not
    move with the person's figures are in the check's passages, or in a sentence marked and
    listed as our reading (passages.toml [readings])."""
    knowledge = faq.knowledge
    result = Audit()
    seen_statuses: set[tuple[str, str]] = set()
    used: set[str] = set()
    for answers in rule_scenarios(knowledge):
        for day in RULE_DAYS:
            for lang in ("fr", "en"):
                verdict = evaluate(knowledge, answers, day, lang=lang)
                other = evaluate(knowledge, twin(answers), twin_day(day, knowledge), lang=lang)
                statuses = [(c.id, c.status) for c in verdict.checks]
                assert statuses == [(c.id, c.status) for c in other.checks], (answers, day)
                listed = rule_readings(knowledge, lang)
                for check, moved in zip(verdict.checks, other.checks, strict=True):
                    seen_statuses.add((check.id, check.status))
                    where = f"{check.id} {check.status} fiche {answers.fiche} ({lang}, {day})"
                    assert check.source.passages, f"{where}: cites no passage"
                    corpus = rule_corpus(faq, check)
                    stable = {(c.kind, c.value) for t in rule_texts(moved) for c in claims(t)}
                    stable -= days_left(knowledge, day)
                    for text in rule_texts(check):
                        for sentence in sentences(text):
                            marked = is_marked(sentence)
                            opening = next((r for r in listed if sentence.startswith(r)), None)
                            if marked:
                                result.readings += 1
                                if opening is None:
                                    result.problems.append(
                                        f"{where}: reading not listed: {sentence!r}"
                                    )
                                else:
                                    used.add(opening)
                            for claim in claims(sentence):
                                if (claim.kind, claim.value) not in stable:
                                    continue  # the person's own figure, or derived from it
                                result.statements += 1
                                if corpus.holds(claim) or abbreviated(faq, claim, corpus):
                                    continue
                                if marked and opening is not None:
                                    continue
                                result.problems.append(
                                    f"{where}: {claim.kind} {claim.shown!r} is in none of "
                                    f"{check.source.passages}: {sentence!r}"
                                )
    for lang in ("fr", "en"):
        for opening in rule_readings(knowledge, lang):
            if opening not in used:
                result.problems.append(f"listed reading never shown: {opening!r}")
    result.problems += [f"status never reached: {s}" for s in expected_statuses() - seen_statuses]
    result.problems += [f"status not allowed: {s}" for s in seen_statuses - expected_statuses()]
    return result


def expected_statuses() -> set[tuple[str, str]]:
    """Each check in each status it can take (the deadlines are never unknown; the
    intercommunality is always to check with it). Every status reached is also one allowed:
    see test_every_claim_of_every_rule_message_is_in_its_passages_or_marked."""
    out = {(c, s) for c in CHECK_IDS for s in ("ok", "fail", "unknown")}
    out -= {("short_form_deadline", "unknown"), ("full_file_deadline", "unknown")}
    out -= {("intercommunality", "ok"), ("intercommunality", "fail")}
    # warnings, never refusals: what the text does not say refuses the project
    for check in ("cofunding", "activity_funding", "ceiling", "short_form_deadline"):
        out = (out - {(check, "fail")}) | {(check, "warn")}
    return out


def test_every_claim_of_every_rule_message_is_in_its_passages_or_marked(faq: Faq) -> None:
    result = audit_rules(faq)
    assert result.statements > 1000
    assert not result.problems, "\n".join(result.problems[:40])


def test_the_rule_checker_is_not_blind(faq: Faq) -> None:
    """A floor message with a floor the cited passage does not hold is caught."""
    verdict = evaluate(faq.knowledge, Answers(fiche=1, request=Decimal(1500)), RULE_DAYS[0])
    check = verdict.check("floor")
    assert check is not None and check.source.passages == ("cadre.fiche1.financier",)
    corpus = rule_corpus(faq, check)
    flagged = {c.value for _s, c in unsupported(check.message, corpus)}
    assert flagged == {
        "1500",
        "500",
    }  # the person's request and the gap: the audit's twin skips them
    wrong = {
        c.value for _s, c in unsupported(check.message.replace("2\u202f000", "2\u202f500"), corpus)
    }
    assert "2500" in wrong


# ---------------------------------------------------------------------------- the sheet
def _word_run(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text).replace("’", "'"))) + " "


def sheet_items(faq: Faq) -> list[tuple[str, dict[str, Any]]]:
    raw = faq.knowledge.raw["sheet"]
    return [(c["id"], c) for c in raw["criteria"]] + [("contacts_note", raw["contacts_note"])]


def test_every_sheet_sentence_cites_passages_and_quotes_them_word_for_word(faq: Faq) -> None:
    """The fiche synthétique's headings, quotes, prompts and notes (sheet.toml): each item
    cites passages; each French quote is the passages' own words (« … », cut at […]); every
    claim of every sentence, French and English, is in the cited passages."""
    checked = 0
    problems = []
    for item_id, item in sheet_items(faq):
        ids = item.get("passages", [])
        assert ids and all(i in faq.documents.by_id for i in ids), item_id
        cited = [faq.documents.by_id[i] for i in ids]
        words = [_word_run(p.text) for p in cited]
        for quote in item.get("guide", []):
            for piece in re.split(r"\[…\]|\[\.\.\.\]", quote.strip("« »")):
                if _word_run(piece).strip() and not any(_word_run(piece) in w for w in words):
                    problems.append(f"{item_id}: not word for word in {ids}: {piece!r}")
        corpus = Corpus.of(
            [p.text for p in cited]
            + [p.text_en for p in cited]
            + [
                str(d.get(k, ""))
                for d in faq.knowledge.documents.values()
                for k in ("title", "short")
            ]
        )
        for key in (
            "heading",
            "heading_en",
            "guide",
            "guide_en",
            "prompt",
            "prompt_en",
            "text",
            "text_en",
        ):
            value = item.get(key, [])
            for text in [value] if isinstance(value, str) else value:
                for sentence, claim in unsupported(text, corpus):
                    problems.append(f"{item_id}.{key}: {claim.kind} {claim.shown!r}: {sentence!r}")
                checked += sum(len(claims(s)) for s in sentences(text))
    assert not problems, "\n".join(problems)
    assert checked > 0


def test_the_sheet_quote_check_catches_a_reworded_quote(faq: Faq) -> None:
    passage = _word_run(faq.documents.by_id["annonce.mobilisation"].text)
    assert _word_run("La mobilisation des habitants est une condition primordiale") in passage
    assert _word_run("La mobilisation des habitants est une condition obligatoire") not in passage


def test_the_sub_territory_is_shown_as_our_reading(faq: Faq) -> None:
    """The documents name the four sub-territories, not their communes: where the guide
    shows a commune's sub-territory, it says it is our reading."""
    answer = faq.ask("Je suis à Lens, j'appelle qui ?", DAYS[0])
    assert "Artois et Bassin Minier du Pas de Calais" in answer.text
    assert "Sous-territoire : notre lecture, d'après l'arrondissement" in answer.text
    for lang in ("fr", "en"):
        label = territory_label(faq.knowledge, "artois", lang)
        assert label.startswith("Artois et Bassin Minier") and is_marked(label)


def test_fiche_1_audience_is_said_in_the_texts_words(faq: Faq) -> None:
    summary = faq.knowledge.fiches[1].summary_in("fr")
    title = faq.documents.by_id["cadre.fiche1.principes"].source.section
    principles = faq.documents.by_id["cadre.fiche1.principes"].text
    absent = faq.documents.by_id["cadre.fiche1.non_participation"].text
    for quote in re.findall(r"« ([^»]+) »", summary):
        assert any(_word_run(quote) in _word_run(t) for t in (title, principles, absent)), quote
    assert "isolées" not in summary
