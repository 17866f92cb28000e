"""The conversation's vocabulary, loaded from knowledge/data/lexicon.toml: yes / no / "je ne
sais pas", skip words, the words that pick a button, intents in words, correction markers, the
names of earlier answers, and the function words that tell English from French.

Why data: a new word or phrasing is one line in the lexicon (French and English side by side,
with its reason), never a change of Python. Every entry is folded with `knowledge.text.normalize`
when loaded, so the file is written as people type ("d'accord", "coût total"). Loading is this
module's one job; reading a message with the vocabulary is `knowledge.lexicon`'s (split from it,
reading19: one module of 496 lines did both).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge.text import normalize

PATH = Path(__file__).resolve().parent / "data" / "lexicon.toml"


def phrases(values: Iterable[str]) -> tuple[str, ...]:
    """Normalised phrases, longest first (so "non en fait" is tried before "non")."""
    folded = {normalize(v) for v in values if normalize(v)}
    return tuple(sorted(folded, key=lambda p: (-len(p), p)))


@dataclass(frozen=True)
class Lexicon:
    """The lexicon, normalised: phrase tuples (longest first) and word sets."""

    yes: frozenset[str]
    no: frozenset[str]
    unknown: frozenset[str]
    yes_openings: tuple[str, ...]
    no_openings: tuple[str, ...]
    unknown_openings: tuple[str, ...]
    filler: frozenset[str]
    skip: frozenset[str]
    hedges: tuple[str, ...]
    whole: tuple[str, ...]
    choices: Mapping[str, Mapping[str, tuple[str, ...]]]
    intents: Mapping[str, tuple[str, ...]]
    polite: tuple[str, ...]
    requests: tuple[str, ...]
    markers: tuple[str, ...]
    weak_markers: tuple[str, ...]
    signs: tuple[str, ...]
    not_markers: tuple[str, ...]
    change_words: tuple[str, ...]
    contradicting_yes: frozenset[str]
    negations: tuple[str, ...]
    not_negations: tuple[str, ...]
    separators: tuple[str, ...]
    names: Mapping[str, tuple[str, ...]]
    sheet_names: Mapping[str, tuple[str, ...]]
    # articles before a value in a correction ("c'est LE 06 12 34 56 78")
    value_articles: frozenset[str]
    # words before an audience said at an earlier question ("à Arras, pour des jeunes")
    audience_before: tuple[str, ...]
    # (intent, groups): a message holding a phrase of every group is the intent
    intent_rules: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]
    # intent -> the intents it gives way to when a message fits both rules
    yields_to: Mapping[str, frozenset[str]]
    # intent -> phrases a message fitting its rule must not hold (`unless`: « on peut avoir
    # combien d'argent de la Région ? » asks an amount, not to talk to the Region)
    rule_unless: Mapping[str, tuple[str, ...]]
    english: frozenset[str]
    french: frozenset[str]
    # words of a French sentence (not of a name), and an English greeting as a whole message
    french_sentence: frozenset[str]
    english_greetings: frozenset[str]
    # French names written in English sentences ("the Maison de quartier"): no French words
    french_names: tuple[str, ...]
    # fiche 4's parts with a whole: "le reste", "moitié-moitié"
    rest: tuple[str, ...]
    halves: tuple[str, ...]
    # what a free answer is not: a complaint, a question without its mark, money words
    complaints: tuple[str, ...]
    question_openings: tuple[str, ...]
    money: tuple[str, ...]
    # a question about the field being asked (« qu'est-ce que je dois mettre ? »)
    field_help: tuple[str, ...]
    # the same said as a statement ("c'est le nom … qu'il faut mettre"): one phrase of each group
    field_help_rule: tuple[tuple[str, ...], ...]
    # a fiche chosen by its rank ("the fourth one"): phrase -> number
    fiche_ordinals: Mapping[str, int]
    # a button typed by a synonym of its label: button -> its synonyms
    buttons: Mapping[str, frozenset[str]]
    # a letter's greeting and address before the answer ("Bonjour Madame, non, …"), an
    # apology for writing ("sorry to bother you"), and its closing ("Bien cordialement")
    greetings: tuple[str, ...]
    openers: tuple[str, ...]
    closings: tuple[str, ...]
    # correction markers that may as well open an answer to the question on screen ("plutôt
    # 1500" at the co-funding): with a value both take, the person chooses
    also_answers: tuple[str, ...] = ()
    # clauses that may follow a "je ne sais pas" without answering ("on verra plus tard",
    # "faut que je demande"): the whole message is still a "je ne sais pas"
    unknown_tails: tuple[str, ...] = ()
    # why a sheet question is skipped, said beside the skip word ("les dates ne sont pas fixées")
    skip_reasons: tuple[str, ...] = ()
    # "not yet" said first ("pas encore, on attend le devis"): with a tail, a "je ne sais pas"
    not_yet: frozenset[str] = frozenset()
    # a sentence about a yes / no answer: doubt, and words stating it is so
    unsure: tuple[str, ...] = ()
    states: tuple[str, ...] = ()
    # an intent put off ("je vais recommencer plus tard"): the words saying later, and the
    # intents they turn into a pause (`leave`)
    later: tuple[str, ...] = ()
    put_off: frozenset[str] = frozenset()
    # a question naming a percentage where an amount is asked: the rate's topic (by language)
    # added to it for the FAQ, and the tails that make a statement a question ("c'est ça")
    rate_topic: Mapping[str, str] = field(default_factory=dict)
    rate_tails: tuple[str, ...] = ()
    # a question naming a percentage and a minimum, anywhere: about the co-funding rate
    rate_words: tuple[str, ...] = ()
    rate_bounds: tuple[str, ...] = ()
    rate_named: tuple[str, ...] = ()
    rate_question: Mapping[str, str] = field(default_factory=dict)
    # words repairing the amount said right before them (« 11000… enfin 11500 »)
    repairs: tuple[str, ...] = ()
    # words saying a correction is not sure yet (« peut-être », « je vérifie »): nothing changed
    doubts: tuple[str, ...] = ()
    # the fiche synthétique's word limits (`[sheet_limits]`, with their reasons there)
    sheet_correction_words: int = 0
    sheet_correction_named_words: int = 0
    skip_sentence_words: int = 0
    # intents answered by a FAQ entry (its id): « combien de temps gardez-vous mes données ? »
    intent_answers: Mapping[str, str] = field(default_factory=dict)
    # intent -> the imperatives that, opening a message, make it an order of that intent up
    # to the rules' length (`orders`: « supprimez toutes les infos que je vous ai données »)
    rule_orders: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, raw: Mapping[str, Any]) -> Lexicon:
        answers, intents, corrections = raw["answers"], dict(raw["intents"]), raw["corrections"]
        polite = intents.pop("polite", [])
        requests = intents.pop("requests", [])
        put_off = raw.get("put_off", {})
        later = phrases(put_off.get("later", []))
        english = {w for p in raw["language"]["english"] for w in normalize(p).split()}
        french = {w for p in raw["language"]["french"] for w in normalize(p).split()}
        return cls(
            yes=frozenset(phrases(answers["yes"])),
            no=frozenset(phrases(answers["no"])),
            unknown=frozenset(phrases(answers["unknown"])),
            yes_openings=phrases(answers["yes_openings"]),
            no_openings=phrases(answers["no_openings"]),
            unknown_openings=phrases(answers["unknown_openings"]),
            filler=frozenset(phrases(answers["filler"])),
            skip=frozenset(phrases(answers["skip"])),
            hedges=phrases(answers["hedges"]),
            whole=phrases(answers["whole"]),
            choices={
                question: {value: phrases(words) for value, words in table.items()}
                for question, table in raw["choices"].items()
            },
            intents={name: phrases(words) for name, words in intents.items()},
            polite=phrases(polite),
            requests=phrases(requests),
            markers=phrases(corrections["markers"]),
            weak_markers=phrases(corrections["weak_markers"]),
            signs=tuple(corrections["signs"]),
            not_markers=phrases(corrections["not_markers"]),
            change_words=phrases(corrections["change_words"]),
            contradicting_yes=frozenset(phrases(corrections["contradicting_yes"])),
            negations=phrases(corrections["negations"]),
            not_negations=phrases(corrections["not_negations"]),
            separators=phrases(corrections["separators"]),
            intent_rules=tuple(
                (
                    rule["intent"],
                    tuple(phrases(group) for group in rule["all"])
                    + ((later,) if rule.get("later") else ()),
                )
                for rule in raw["intent_rules"]
            ),
            yields_to={
                rule["intent"]: frozenset(rule["yields_to"])
                for rule in raw["intent_rules"]
                if rule.get("yields_to")
            },
            rule_unless={
                rule["intent"]: phrases(rule["unless"])
                for rule in raw["intent_rules"]
                if rule.get("unless")
            },
            rule_orders={
                rule["intent"]: phrases(rule["orders"])
                for rule in raw["intent_rules"]
                if rule.get("orders")
            },
            names={key: phrases(words) for key, words in corrections["names"].items()},
            sheet_names={key: phrases(words) for key, words in corrections["sheet_names"].items()},
            value_articles=frozenset(phrases(corrections["value_articles"])),
            audience_before=phrases(raw["early"]["audience_before"]),
            english=frozenset(english - french),
            french=frozenset(french - english),
            french_sentence=frozenset(
                w for p in raw["language"]["french_sentence"] for w in normalize(p).split()
            ),
            english_greetings=frozenset(phrases(raw["language"]["english_greetings"])),
            french_names=phrases(raw["language"].get("french_names", [])),
            rest=phrases(raw["parts"]["rest"]),
            halves=phrases(raw["parts"]["halves"]),
            complaints=phrases(raw["free_answers"]["complaints"]),
            question_openings=phrases(raw["free_answers"]["question_openings"]),
            money=phrases(raw["free_answers"]["money"]),
            field_help=phrases(raw["free_answers"]["field_help"]),
            field_help_rule=tuple(
                phrases(group) for group in raw["free_answers"].get("field_help_rule", [])
            ),
            fiche_ordinals={
                phrase: int(number)
                for number, words in raw["fiche_ordinals"].items()
                for phrase in phrases(words)
            },
            buttons={name: frozenset(phrases(words)) for name, words in raw["buttons"].items()},
            greetings=phrases(raw["letters"]["greetings"]),
            openers=phrases(raw["letters"]["openers"]),
            closings=phrases(raw["letters"]["closings"]),
            also_answers=phrases(corrections.get("also_answers", [])),
            unknown_tails=phrases(answers.get("unknown_tails", [])),
            skip_reasons=phrases(answers.get("skip_reasons", [])),
            not_yet=frozenset(phrases(answers.get("not_yet", []))),
            unsure=phrases(answers.get("unsure", [])),
            states=phrases(answers.get("states", [])),
            later=later,
            put_off=frozenset(put_off.get("intents", [])),
            rate_topic=dict(raw.get("rate_questions", {}).get("topic", {})),
            rate_tails=phrases(raw.get("rate_questions", {}).get("tails", [])),
            rate_words=phrases(raw.get("rate_questions", {}).get("words", [])),
            rate_bounds=phrases(raw.get("rate_questions", {}).get("bounds", [])),
            rate_named=phrases(raw.get("rate_questions", {}).get("named", [])),
            rate_question=dict(raw.get("rate_questions", {}).get("question", {})),
            intent_answers=dict(raw.get("intent_answers", {})),
            repairs=phrases(corrections.get("repairs", [])),
            doubts=phrases(corrections.get("doubts", [])),
            sheet_correction_words=int(raw["sheet_limits"]["correction_words"]),
            sheet_correction_named_words=int(raw["sheet_limits"]["correction_named_words"]),
            skip_sentence_words=int(raw["sheet_limits"]["skip_sentence_words"]),
        )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with PATH.open("rb") as f:
        return Lexicon.from_toml(tomllib.load(f))


@lru_cache(maxsize=32)
def table(name: str) -> dict[str, Any]:
    """One table of the lexicon as written (not folded): the readers that fold their own."""
    with PATH.open("rb") as f:
        raw: dict[str, Any] = tomllib.load(f)[name]
    return raw
