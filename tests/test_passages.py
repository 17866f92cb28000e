"""The documents as passages, and questions answered from them (issue 23).

The passages (knowledge/data/passages.toml) are the documents' own French text with our
English translation; a question the FAQ does not hold is answered by quoting one through the
real dialog, or with a plain "the documents do not say". The question sets in the format of
benchmarks/passages.py (tests/understanding/passages_*.toml) are well formed, and the held-out
set, when present, is a regression floor (its figures are printed by
`python -m benchmarks.passages`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import passages as bench
from dialogs.flow import Guide
from knowledge import load_knowledge
from knowledge.passages import Bm25, tokens
from knowledge.text import fold

SEEDS = Path("/work/shared/seeds")
KINDS = set(bench.KINDS)


@pytest.fixture(scope="module")
def asker() -> bench.Asker:
    return bench.Asker()


@pytest.fixture(scope="module")
def guide(asker: bench.Asker) -> Guide:
    return asker.guide


# ---------------------------------------------------------------------------- the data
def test_every_passage_has_a_unique_id_a_known_document_and_both_languages() -> None:
    raw = load_knowledge().raw["passages"]["passage"]
    ids = [p["id"] for p in raw]
    assert len(ids) == len(set(ids)) and len(ids) > 70
    documents = load_knowledge().documents
    for p in raw:
        assert p["source"]["doc"] in documents and documents[p["source"]["doc"]]["url"]
        assert p["text"].strip() and p["text_en"].strip(), p["id"]


def _plain(text: str) -> str:
    text = text.replace("**", "").replace("^{er}", "er").replace("\\(", "(").replace("\\)", ")")
    text = re.sub(r"\]\(#\)|\[\d+\]|[\[\]]|^\s*(?:-\s*)?✓\s*|^\s*[-*]\s*", " ", text, flags=re.M)
    return re.sub(r"\s+([,.;:»)])", r"\1", " ".join(text.split()))


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not on this machine")
def test_the_french_is_the_documents_own_text() -> None:
    """Every line of every passage is in one of the two source documents, word for word
    (extraction marks aside: bold, link brackets, list bullets)."""
    seeds = " ".join(_plain(p.read_text("utf-8")) for p in SEEDS.glob("*.txt"))
    missing = []
    for p in load_knowledge().raw["passages"]["passage"]:
        for line in p["text"].splitlines():
            plain = _plain(line)
            if plain and plain not in seeds:
                missing.append(f"{p['id']}: {plain[:80]}")
    assert not missing, "\n".join(missing)


# ---------------------------------------------------------------------------- the search
def test_bm25_does_not_penalise_a_long_formal_question() -> None:
    """Politeness words are not terms: the formal letter and the SMS find the same passage."""
    index = Bm25(
        [("a", "demande plancher à 2 000 €"), ("b", "les jurys territoriaux réuniront des élus")],
        "fr",
    )
    short = index.search("plancher ?")
    formal = index.search(
        "Madame, Monsieur, pourriez-vous me préciser le plancher ? Je vous remercie par avance."
    )
    assert short[0].key == formal[0].key == "a"
    assert formal[0].coverage == short[0].coverage == 1.0
    assert tokens("2 000 € ou 2,000", "en") == ["2000", "2000"]


# ---------------------------------------------------------------------------- the dialog
def test_a_fact_no_faq_entry_holds_is_quoted_with_its_source(asker: bench.Asker) -> None:
    reply = asker.reply("Quel rapport sur le pouvoir d'agir la fiche 2 cite-t-elle ?", "fr")
    assert "Bacqué" in reply and "Mechmache" in reply and "juillet 2013" in reply
    assert "Fiche 2" in reply and "dit :" in reply
    assert 'href="https://www.irev.fr/sites/default/files/dsdt_cadre' in reply
    assert not bench.says_not_sure(reply)


def test_an_english_question_gets_the_passage_in_our_marked_translation(
    asker: bench.Asker,
) -> None:
    reply = asker.reply(
        "How many microprojects did the participation funds carry out in 2012?", "en"
    )
    assert "3,800" in reply and "(our translation)" in reply
    assert "réalisation" not in reply  # the translation, not the French


def test_what_the_documents_do_not_say_is_said_plainly_with_two_passages_and_the_contact(
    asker: bench.Asker,
) -> None:
    reply = asker.reply("horaires d'ouverture de la mairie de Lens", "fr")
    assert bench.says_not_sure(reply)
    assert "FACON" not in reply  # not Lens's contacts as if they answered
    assert "CASTEL" in reply
    reply = asker.reply("Combien de projets ont été retenus en 2015 ?", "fr")
    assert "ne le disent pas" in reply and "passages les plus proches" in reply
    assert reply.count("• Cadre") + reply.count("• Annonce") == 2


def test_a_question_holding_a_commune_keeps_the_contacts_it_composes(asker: bench.Asker) -> None:
    reply = asker.reply("Je suis à Lens, j'appelle qui ?", "fr")
    assert "FACON" in reply and "Lens" in reply and not bench.says_not_sure(reply)
    reply = asker.reply("on demande 1 500 €, c'est assez pour la fiche 1 ?", "fr")
    assert "1 500" in reply.replace("\u202f", " ").replace("\u00a0", " ")


# ---------------------------------------------------------------------------- the sets
def test_the_scorer_scores_as_the_format_says() -> None:
    answered = {"expect": "answered", "facts": ["2 000", "Dolez"]}
    assert bench.score(answered, "Plancher : 2\u202f000 € — Priscille DOLEZ")[0] == bench.RIGHT
    assert bench.score(answered, "Plancher : 2\u202f000 €")[0] == bench.WRONG
    assert bench.score(answered, "Je ne suis pas sûr : …")[0] == bench.UNSURE
    unanswered = {"expect": "unanswered"}
    assert bench.score(unanswered, "The call's documents do not say.")[0] == bench.RIGHT
    assert bench.score(unanswered, "Le plancher est de 2 000 €.")[0] == bench.WRONG
    assert bench.normal("Déborah  FACON 2 000 €") == bench.normal("deborah facon 2000")


@pytest.mark.parametrize("path", bench.default_sets(), ids=lambda p: p.name)
def test_every_passages_set_is_well_formed(path: Path) -> None:
    cases = bench.load(path)
    assert cases, path.name
    for case in cases:
        assert set(case) <= {"text", "lang", "kind", "expect", "facts", "note"}, case
        assert case["text"].strip() and case.get("lang", "fr") in ("fr", "en")
        assert case.get("kind") in KINDS and case["expect"] in ("answered", "unanswered")
        if case["expect"] == "answered":
            assert case.get("facts") and all(isinstance(f, str) for f in case["facts"]), case
    assert len({(c["text"], c.get("lang")) for c in cases}) == len(cases)


def test_the_tuning_set_stays_where_tuning_left_it(asker: bench.Asker) -> None:
    """Measured after tuning: 62 right, 7 not sure, 1 confidently wrong of 70 (before: 34, 31, 5);
    66, 4, 0 after the third round (tests/test_passages_unsure.py)."""
    tally = bench.score_cases(asker, bench.load(bench.SETS_DIR / "passages_tune.toml"))
    assert tally.counts[bench.RIGHT] >= 64, tally.misses
    assert tally.counts[bench.WRONG] == 0, tally.misses


HELDOUT = bench.SETS_DIR / "passages_heldout.toml"


@pytest.mark.skipif(not HELDOUT.exists(), reason="no held-out set yet (the lead adds it)")
def test_the_held_out_set_is_a_regression_floor(asker: bench.Asker) -> None:
    """Never tuned on. A floor, not a target: at most one case in ten confidently wrong, and
    at least half right. Raise it to the measured figures once they are known."""
    cases = bench.load(HELDOUT)
    tally = bench.score_cases(asker, cases)
    assert tally.counts[bench.WRONG] <= len(cases) // 10, tally.misses
    assert tally.counts[bench.RIGHT] >= len(cases) // 2, tally.misses


def test_fold_is_shared() -> None:
    assert fold("Élus") == "elus"


def test_the_second_tuning_set_stays_where_tuning_left_it(asker: bench.Asker) -> None:
    """Long formal letters, English of every style, questions the documents do not answer
    (59 cases, written before the matcher's second round): 46 right, 12 not sure,
    1 confidently wrong after it (before: 32, 26, 1); 47, 11, 1 after the third round."""
    tally = bench.score_cases(asker, bench.load(bench.SETS_DIR / "passages_tune2.toml"))
    assert tally.counts[bench.RIGHT] >= 46, tally.misses
    assert tally.counts[bench.WRONG] <= 1, tally.misses
