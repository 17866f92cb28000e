"""Free-text question -> the best answer of knowledge/data/faq.toml with its source, or "not
sure" with the two closest questions, never a confident wrong answer.

Matching: every phrasing (French and English) is normalised once (accents, case, ligatures,
stop words); a question is scored against all of them with rapidfuzz, best phrasing per entry.
An answer is given only above `CUTOFF` *and* clearly ahead of the next entry (`MARGIN`);
otherwise the two closest entries are offered. The answer is in the language of the phrasing
that matched, so an English question gets an English answer.

Answers hold placeholders ({floor_1}, {full_file_deadline}…) filled from the other data files,
so an amount or a date is written once, in fiches.toml or call.toml, and the FAQ follows it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from rapidfuzz import fuzz, process

from knowledge.contacts import contact_lines, contacts_for, epci_full_name, validity_note
from knowledge.i18n import gettext_for
from knowledge.model import Source, as_of
from knowledge.money import format_money, format_rate
from knowledge.text import fold, normalize

if TYPE_CHECKING:
    from knowledge.loader import Knowledge
    from knowledge.places import Gazetteer

CUTOFF = 55.0  # below this, the bot says it is not sure (tuned on tests/faq_heldout.toml "tune")
MARGIN = 8.0  # and when two entries are this close, it asks which one was meant
ALTERNATIVES = 2
ALTERNATIVE_FLOOR = 40.0  # a closest question below this is not worth offering
PLACE_BONUS = 12.0  # a commune named in the question points to "who do I call there?"

STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "c",
        "ce",
        "cela",
        "ces",
        "cet",
        "cette",
        "d",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "est",
        "et",
        "etc",
        "il",
        "ils",
        "j",
        "je",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "m",
        "ma",
        "me",
        "mes",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "quoi",
        "s",
        "sa",
        "se",
        "ses",
        "si",
        "son",
        "sont",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "svp",
        "stp",
        "merci",
        "bonjour",
        "hello",
        "ca",
        "ça",
        "cest",
        "c'est",
        "ai",
        "as",
        "avez",
        "suis",
        "sommes",
        "etes",
        "été",
        "etre",
        "être",
        "faut",
        "peut",
        "peux",
        "the",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "at",
        "for",
        "is",
        "are",
        "am",
        "be",
        "do",
        "does",
        "did",
        "i",
        "my",
        "me",
        "we",
        "our",
        "you",
        "your",
        "it",
        "its",
        "an",
        "please",
        "hi",
        "thanks",
        "can",
        "could",
        "would",
        "should",
        "will",
        "there",
        "what's",
        "whats",
    ]
)
_WORD = re.compile(r"[a-z0-9]+")
_QUESTION_START = re.compile(
    r"^\s*(c'?est quoi|qu'?est[- ]ce|est[- ]ce|quel(le)?s?|combien|comment|qui|quand|ou|"
    r"pourquoi|jusqu'?a quand|a qui|a partir|peut[- ]on|puis[- ]je|dois[- ]je|faut[- ]il|"
    r"y a[- ]t[- ]il|il y a|ai[- ]je|what|how|who|when|where|why|which|can|do|does|is|are|"
    r"should|must)\b"
)


def normalize_question(text: str, synonyms: dict[str, str] | None = None) -> str:
    """Folded words without stop words, plurals and everyday synonyms reduced:
    'C'est combien, le mini ?' -> 'combien minimum'."""
    words = _WORD.findall(fold(text).replace("'", " ").replace("’", " "))
    kept = [w for w in words if w not in STOP_WORDS] or words
    synonyms = synonyms or {}
    out = []
    for word in kept:
        if word not in synonyms and len(word) > 3 and word[-1] in "sx" and word[-2] != "s":
            word = word[:-1]
        out.append(synonyms.get(word, word))
    return " ".join(out)


def looks_like_question(text: str) -> bool:
    """A question mark, or a French or English interrogative opening."""
    stripped = text.strip()
    return stripped.endswith("?") or bool(_QUESTION_START.match(fold(stripped)))


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    questions: tuple[str, ...]
    questions_en: tuple[str, ...]
    answer: str
    answer_en: str
    source: Source
    action: str = ""

    def title(self, lang: str) -> str:
        """The entry's first phrasing: the label of its button."""
        return (self.questions_en if lang == "en" else self.questions)[0]


@dataclass(frozen=True, slots=True)
class Alternative:
    id: str
    question: str
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    status: str  # "answered" | "unsure"
    lang: str
    score: float
    entry: Entry | None = None
    text: str = ""
    source: Source | None = None
    alternatives: tuple[Alternative, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "status": self.status,
            "id": self.entry.id if self.entry else None,
            "answer": self.text,
            "source": self.source.cite() if self.source else None,
            "score": round(self.score, 1),
            "lang": self.lang,
            "alternatives": [
                {"id": a.id, "question": a.question, "score": round(a.score, 1)}
                for a in self.alternatives
            ],
        }


class Faq:
    """The questions and answers of one loaded call. Build once; `ask` is pure and fast."""

    def __init__(self, knowledge: Knowledge, places: Gazetteer) -> None:
        self.knowledge = knowledge
        self.places = places
        self.entries = _entries(knowledge)
        self.by_id = {e.id: e for e in self.entries}
        raw_synonyms = knowledge.raw.get("faq", {}).get("synonyms", {})
        self.synonyms = {fold(k): fold(v) for k, v in raw_synonyms.items() if isinstance(v, str)}
        self._choices: list[str] = []
        self._owners: list[tuple[Entry, str]] = []
        self._words: dict[str, set[str]] = {}
        for entry in self.entries:
            words = self._words.setdefault(entry.id, set())
            for lang, phrasings in (("fr", entry.questions), ("en", entry.questions_en)):
                for phrasing in phrasings:
                    place = self.places.find_in_text(phrasing)
                    normalized = normalize_question(
                        self._without_place(phrasing, place), self.synonyms
                    )
                    self._choices.append(normalized)
                    self._owners.append((entry, lang))
                    words.update(normalized.split())
        counts: dict[str, int] = {}
        for words in self._words.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        total = len(self.entries)
        self._idf = {w: math.log(1 + total / n) for w, n in counts.items()}
        self._vocabulary = list(self._idf)
        self._unknown_idf = math.log(1 + total)

    def _without_place(self, text: str, place: dict[str, str] | None) -> str:
        """The commune's name says where, not what is asked: match on the rest."""
        return normalize(text).replace(place["matched"], " ") if place else text

    def _coverage(self, query: str) -> dict[str, float]:
        """Per entry, the share of the question's weight (rare words weigh more) found among
        the entry's words, typos forgiven; words the FAQ never uses count against every entry."""
        weights: list[tuple[float, set[str]]] = []
        for word in query.split():
            if word in self._idf:
                weights.append((self._idf[word], {word}))
                continue
            close = process.extract(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=3
            )
            if close and len(word) > 3:
                known = {c for c, _s, _i in close}
                weights.append((max(self._idf[c] for c in known), known))
            else:
                weights.append((self._unknown_idf, set()))
        total = sum(w for w, _ in weights) or 1.0
        return {
            entry_id: 100.0 * sum(w for w, forms in weights if forms & words) / total
            for entry_id, words in self._words.items()
        }

    def ask(self, question: str, today: dt.date, lang: str | None = None) -> Answer:
        """Best entry for the question, or "unsure" with the closest ones."""
        place = self.places.find_in_text(question)
        query = normalize_question(self._without_place(question, place), self.synonyms)
        best: dict[str, tuple[float, str]] = {}
        if query:
            coverage = self._coverage(query)
            for _choice, fuzzy, index in process.extract(
                query, self._choices, scorer=_score, limit=None, score_cutoff=20
            ):
                entry, phrasing_lang = self._owners[index]
                score = 0.5 * fuzzy + 0.5 * coverage[entry.id]
                if entry.action == "contacts_for_place" and place is not None:
                    score += PLACE_BONUS
                if score > best.get(entry.id, (-1.0, ""))[0]:
                    best[entry.id] = (score, phrasing_lang)
        ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)
        answer_lang = lang or (ranked[0][1][1] if ranked else "fr")
        top_score = ranked[0][1][0] if ranked else 0.0
        runner_up = ranked[1][1][0] if len(ranked) > 1 else 0.0
        if ranked and top_score >= CUTOFF and top_score - runner_up >= MARGIN:
            entry = self.by_id[ranked[0][0]]
            return Answer(
                question,
                "answered",
                answer_lang,
                min(top_score, 100.0),
                entry,
                self._render(entry, answer_lang, today, place),
                entry.source,
                tuple(
                    Alternative(i, self.by_id[i].title(answer_lang), min(s, 100.0))
                    for i, (s, _l) in ranked[1 : 1 + ALTERNATIVES]
                ),
            )
        return Answer(
            question,
            "unsure",
            answer_lang,
            min(top_score, 100.0),
            alternatives=tuple(
                Alternative(i, self.by_id[i].title(answer_lang), min(s, 100.0))
                for i, (s, _l) in ranked[:ALTERNATIVES]
                if s >= ALTERNATIVE_FLOOR
            ),
        )

    def render(self, entry: Entry, lang: str, today: dt.date, question: str = "") -> str:
        """The entry's answer with its placeholders filled (and the place, for contacts)."""
        place = self.places.find_in_text(question) if entry.action else None
        return self._render(entry, lang, today, place)

    def _render(
        self, entry: Entry, lang: str, today: dt.date, place: dict[str, str] | None
    ) -> str:
        text = entry.answer_en if lang == "en" else entry.answer
        values = _facts(self.knowledge, lang, today)
        if entry.action == "contacts_for_place":
            values["place_contacts"] = self._place_contacts(place, lang)
        rendered = text.format_map(values)
        if any(p.phone in rendered for p in self.knowledge.people.values()):
            rendered += "\n" + validity_note(self.knowledge, lang)  # contacts are from 2014
        return rendered

    def _place_contacts(self, located: dict[str, str] | None, lang: str) -> str:
        """'Je suis à Lens, j'appelle qui ?': the contacts for the commune found in it."""
        _ = gettext_for(lang).gettext
        k = self.knowledge
        if located is None:
            return (
                _("Dites-moi votre commune et je vous dirai qui appeler. En attendant :")
                + "\n"
                + _people(k, k.general_contacts)
            )
        territory = located.get("territory")
        epci = epci_full_name(located.get("epci_name") or "?", _)
        lines = [f"{located['name']} — {epci} — {k.territory_name(territory or '')}"]
        for fiche, label in (
            (1, _("Fiches 1 à 3 :")),
            (4, _("Fiche 4 (gestion urbaine de proximité) :")),
        ):
            lines.append(label)
            lines.append(_people(k, tuple(p.id for p in contacts_for(k, fiche, territory))))
        lines.append(
            _(
                "Avant tout, prenez contact avec les techniciens de votre ville et de "
                "l'intercommunalité ({epci})."
            ).format(epci=epci)
        )
        return "\n".join(lines)


def _score(query: str, choice: str, **kwargs: Any) -> float:
    """Word order does not matter, a few typos are forgiven, and the query must cover the
    phrasing (token_set alone would let one shared word win)."""
    cutoff = kwargs.get("score_cutoff") or 0
    score = 0.5 * fuzz.token_sort_ratio(query, choice) + 0.5 * fuzz.token_set_ratio(query, choice)
    return score if score >= cutoff else 0.0


def _people(knowledge: Knowledge, ids: tuple[str, ...]) -> str:
    return contact_lines(knowledge.people[i] for i in ids)


def _facts(knowledge: Knowledge, lang: str, today: dt.date) -> dict[str, str]:
    """Every value an answer may quote, formatted for the language, as of `today`."""
    locale = "en_GB" if lang == "en" else "fr_FR"
    values: dict[str, str] = {
        "call_name": knowledge.call["call"]["name_en" if lang == "en" else "name"],
        "general_contacts": _people(knowledge, knowledge.general_contacts),
    }
    for number, fiche in knowledge.fiches.items():
        values[f"fiche_{number}_title"] = fiche.title_in(lang)
        values[f"fiche_{number}_summary"] = fiche.summary_in(lang)
        floor = as_of(fiche.floor, today)
        values[f"floor_{number}"] = format_money(floor.value, lang) if floor else "—"
        rate = as_of(fiche.cofunding_min_rate, today)
        values[f"cofunding_{number}"] = format_rate(rate.value, lang) if rate else "—"
        for kind, entries in fiche.ceilings.items():
            ceiling = as_of(entries, today)
            if ceiling:
                values[f"ceiling_{number}_{kind}"] = format_money(ceiling.value, lang)
        actions = fiche.eligible_actions_en if lang == "en" else fiche.eligible_actions
        values[f"fiche_{number}_actions"] = "\n".join(f"• {a}" for a in actions)
        people = contacts_for(knowledge, number, None if number != 4 else "*")
        values[f"fiche_{number}_contacts"] = _people(knowledge, tuple(p.id for p in people))
    passed = []
    for step_id, step in knowledge.calendar.items():
        if step.deadline is None:
            continue
        values[f"{step_id}_deadline"] = format_date(step.deadline, "long", locale=locale)
        if step.deadline < today:
            passed.append(step)
    criteria = knowledge.raw["call"]["selection"]["criteria_en" if lang == "en" else "criteria"]
    values["criteria"] = "\n".join(f"• {c}" for c in criteria)
    if passed and len(passed) == sum(1 for s in knowledge.calendar.values() if s.deadline):
        successor = knowledge.call.get("successor", {}).get("name_en" if lang == "en" else "name")
        values["deadline_note"] = (
            f"These dates have passed: this call is closed. For today's funding, ask the "
            f"{successor}. The call's contacts in 2014:\n" + values["general_contacts"]
            if lang == "en"
            else f"Ces dates sont passées : cet appel est clos. Pour les aides d'aujourd'hui, "
            f"renseignez-vous auprès de la {successor}. Contacts de l'appel en 2014 :\n"
            + values["general_contacts"]
        )
    else:
        values["deadline_note"] = ""
    return values


def _entries(knowledge: Knowledge) -> tuple[Entry, ...]:
    from knowledge.loader import _source  # one way of reading a source, shared with the loader

    raw = knowledge.raw.get("faq", {}).get("faq", [])
    documents = knowledge.documents
    return tuple(
        Entry(
            id=e["id"],
            questions=tuple(e["questions"]),
            questions_en=tuple(e["questions_en"]),
            answer=e["answer"].strip(),
            answer_en=e["answer_en"].strip(),
            source=_source(e["source"], documents),
            action=e.get("action", ""),
        )
        for e in raw
    )
