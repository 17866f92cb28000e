"""One message read once, against its conversation: the reading layer (issue 22).

A `Reading` turns a message and its context (the step it was typed at, the answers so far, the
language) into typed readings: yes / no / don't know, a skip word, an intent in words, the
language it is written in, a correction marker and the earlier answers it names, fiche 4's two
parts, and — computed once, on first use, then shared by every caller of the turn — the amount
it holds, the place it names and the FAQ's answer. The question-or-answer decision, the
validators, the place lookup and the correction of earlier answers all read the same object, so
the FAQ search, the amount parse and the place lookup run at most once per message.

Pure: the gazetteer and the FAQ are passed in as functions; the vocabulary is data
(`knowledge.lexicon`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from knowledge import amount_story, language_said
from knowledge import lexicon as lx
from knowledge import parts as fiche4_parts
from knowledge.amount_of_whole import part_of_total
from knowledge.asking import question_cue
from knowledge.money import Parsed, parse_amount
from knowledge.money_words import NO_MONEY
from knowledge.negated import split, taken_back
from knowledge.rate_asked import rate_query
from knowledge.self_repair import last_said
from knowledge.text import normalize


@dataclass(frozen=True, slots=True)
class Context:
    """Where the message was typed: the step, the answers so far, the language, and the
    answer recorded just before (the one a bare "non en fait …" most plausibly corrects)."""

    step: str = ""
    answers: Mapping[str, Any] = field(default_factory=dict)
    lang: str = "fr"
    previous: str = ""
    # "form": any text is an answer here (a document's field, a phone number): an intent is
    # only a whole phrase; "description": a project described, an intent in other words only
    # when short or asked for ("je voudrais …"); "": a question with answers of its own.
    free_text: str = ""
    # an amount is asked here (a question naming a percentage there is about the call's rate)
    amount: bool = False


# Where a clause ends; a comma or a point between two digits is part of an amount ("1,5k",
# "1.200"); a dash ends a clause too ("not 12,000 — 15,000"). As `knowledge.negated` cuts it.
_CLAUSES = re.compile(r"[;:!?—–]|(?<!\d)[,.]|[,.](?!\d)")
_DIGIT = re.compile(r"\d")
# An intent in other words is a short message ("on reprend tout depuis le début", "what data
# do you have about me?") or one that asks for it ("je voudrais avoir un conseiller au
# téléphone", up to the lexicon's limit): a longer text says something else ("une association
# qui aide les gens à parler à quelqu'un"). Where a project is described, shorter still.
MAX_INTENT_WORDS = {"": 8, "description": 6}
# An order in a clause after the first (`Reading._clause_order`): a leading clause and the order,
# not a paragraph; clauses cut at a comma, a semicolon or a sentence's end.
MAX_CLAUSE_ORDER_WORDS = 24
_CLAUSE_CUT = re.compile(r"\s*[,;.!]\s+|\s*[,;]")
# Intents whose words also make a project's name ("Bye bye la solitude", "Au revoir
# l'isolement"): at a description, only the whole phrase ("au revoir") or asked for.
WHOLE_PHRASE_AT_DESCRIPTION = frozenset({"leave"})
# An opening that asks ("je voudrais", "can I") is looked for among the first words
# ("bonjour, je voudrais …").
OPENING_WORDS = 4
# A question about the field said as a statement is short (« on met koi pr les partenaires »).
MAX_FIELD_STATEMENT_WORDS = 12
# A yes / no said in a sentence naming the question's subject is short ("on n'est pas en QPV").
MAX_YES_NO_SENTENCE = 10
# Amounts read as two ("12 000 pas 1 200"), a hesitation ("pas 4000, plutôt 3500") or one
# number written in two ("not 5k, 8k" as 5,8k): with a value taken back, the other is meant.
_TAKEN_BACK_PROBLEMS = frozenset({"several_numbers", "range", "ambiguous"})


class Reading:
    """Everything one message says, read once (each reading is computed on first use)."""

    def __init__(
        self,
        text: str,
        context: Context | None = None,
        locate: Callable[[str], Any] | None = None,
        ask: Callable[[str], Any] | None = None,
    ) -> None:
        self.text = text
        self.context = context or Context()
        self.key = normalize(text)
        self._locate = locate
        self._ask = ask
        self._amounts: dict[bool, Parsed] = {}
        self._of_total = False  # the amount said as a part of the total already given

    # ------------------------------------------------------------------ answers
    @cached_property
    def yes_no(self) -> str | None:
        """'yes', 'no', 'unknown' (a whole message that says it) or None."""
        return lx.yes_no_unknown(self.text)

    @cached_property
    def yes_no_named(self) -> str | None:
        """At a yes / no question, a sentence naming its subject (the lexicon's names of the
        step's answer) says the answer: "ce n'est pas en QPV" no, "on est en quartier
        prioritaire" yes, "pas sûr pour le QPV" unknown. None when it names it not, asks, or
        says more than a short answer does."""
        names = lx.lexicon().names.get(self.context.step, ())
        if not names or "?" in self.text or len(self.key.split()) > MAX_YES_NO_SENTENCE:
            return None
        if not lx.any_phrase(self.key, names) or self.aside is not None:
            return None
        return lx.yes_no_in(self.key)

    @cached_property
    def dont_know(self) -> bool:
        return lx.dont_know(self.text)

    @cached_property
    def skip(self) -> bool:
        """A skip word ("passer", "skip"): skip this question."""
        return lx.skip(self.text)

    def amount(self, nothing_is_zero: bool = False) -> Parsed:
        """The amount the message holds (parsed once per reading of "nothing")."""
        if nothing_is_zero not in self._amounts:
            parsed = parse_amount(self.text, self.context.lang, nothing_is_zero=nothing_is_zero)
            if parsed.problem in _TAKEN_BACK_PROBLEMS and self.taken_back is not None:
                # "12 000 pas 1 200", "pas 1200 mais 12000", "pas 4000, plutôt 3500" (read as a
                # hesitation without its negation): the amount not taken back
                meant, other = self.taken_back
                new = parse_amount(meant, self.context.lang)
                old = parse_amount(other, self.context.lang)
                if new.amount is not None and not new.problem and old.amount is not None:
                    parsed = new
            if parsed.problem == "several_numbers" and self.corrects and self.rest != self.key:
                # "nan 12000 g oublié un 0": the number inside the correction's words is not one
                rest = parse_amount(self.rest, self.context.lang, nothing_is_zero=nothing_is_zero)
                if rest.amount is not None and not rest.problem:
                    parsed = rest
            if parsed.problem in ("several_numbers", "range") and (part := last_said(self.text)):
                # « 18000 ah non pardon c'est 15000 »: the last value said (knowledge/self_repair)
                last = parse_amount(part, self.context.lang, nothing_is_zero=nothing_is_zero)
                if last.amount is not None and not last.problem:
                    parsed = last
            if self.context.amount:  # one amount said twice, another year's (reading19)
                parsed = amount_story.resolve(
                    self.text, parsed, self.context.lang, self.context.step
                )
            if self.context.amount and self.context.step != "total":
                # « 3000 sur les 10000 du total »: a part of the total already given (reading20)
                total = self.context.answers.get("total")
                whole = Decimal(str(total)) if total else None
                of_total = part_of_total(self.text, parsed, whole, self.context.lang)
                self._of_total = of_total is not parsed
                parsed = of_total
            if (
                nothing_is_zero
                and parsed.amount == 0
                and self.corrects
                and not _DIGIT.search(self.text)
                and not NO_MONEY.search(self.key)  # "no money from the town": 0 €
            ):
                # "euh non attendez", "non, le projet se passe à Liévin": the "non" says an
                # earlier answer was wrong, it is no "nothing" ("non rien" still is)
                rest = parse_amount(self.rest, self.context.lang, nothing_is_zero=True)
                if rest.amount != 0:
                    parsed = Parsed(None, "not_a_number")
            if parsed.amount is not None and self._negates_amount_only:
                parsed = Parsed(None, "negated")  # "pas 5000", "not 5000": what it is not
            self._amounts[nothing_is_zero] = parsed
        return self._amounts[nothing_is_zero]

    @cached_property
    def _negates_amount_only(self) -> bool:
        """A number only in what the message takes back ("pas 5000", "surtout pas 2000")."""
        kept, negated = split(self.text)
        return any(_DIGIT.search(s) for s in negated) and not _DIGIT.search(kept)

    @cached_property
    def place(self) -> Any:
        """What the gazetteer makes of the message (a `Located`), looked up once."""
        if self._locate is None:
            raise LookupError("no gazetteer given to this reading")
        kept, negated = split(self.text)
        if negated:  # "pas Lille, Roubaix", "pas à Lille": only the commune not taken back
            return self._locate(kept)
        return self._locate(self.text)

    @property
    def is_commune(self) -> bool:
        """Whether the whole message is a commune's very name ("Villeneuve d'Ascq" typed at
        « Qui êtes-vous ? »): the gazetteer finds it and names it so. False without one."""
        if self._locate is None or self.place.status != "found" or not self.place.matches:
            return False
        return normalize(self.place.matches[0].commune.name) == self.key

    @cached_property
    def faq(self) -> Any:
        """The FAQ's answer to the message (an `Answer`), searched once; a question about the
        call's rate is asked as `knowledge.rate_asked` words it."""
        if self._ask is None:
            raise LookupError("no FAQ given to this reading")
        return self._ask(self.rate_query or self.text)

    @cached_property
    def rate_query(self) -> str | None:
        """The words the FAQ is asked when the message asks about the call's only rate (« c'est
        obligatoire les 30 % ? » where an amount is asked, « c'est combien le minimum en
        pourcentage ? » anywhere): `knowledge.rate_asked`; None for any other message."""
        return rate_query(
            self.text,
            self.key,
            self.context.lang,
            self.context.amount,
            lambda: self.amount().problem == "percent",
        )

    @property
    def asks_rate(self) -> bool:
        """Whether the message asks about the call's rate, never an amount (`rate_query`)."""
        return self.rate_query is not None

    # ------------------------------------------------------------------ what it asks for
    @cached_property
    def intent(self) -> str | None:
        """What the message asks the bot to do, in words (restart, back, erase, show_data,
        talk, english, french), when the whole message says only that (politeness aside)."""
        if self.intent_phrase is not None:
            return self.intent_phrase
        key = lx.without_ends(self.key, lx.lexicon().polite)
        if not key:
            return None
        if (ordered := self._clause_order()) is not None:
            return ordered
        found = lx.by_rules(key)
        if found is None or found == "skip":
            return None
        # a pause put off to later ("laissez tomber je vais recommencer plus tard") is said
        # of the conversation as plainly as one asked for (where any text is an answer, it
        # is still asked first: `dialogs.intents.ask_first`)
        asked = self.asks or (found == "leave" and lx.said_later(key))
        asked = asked or ("?" in self.text and self.context.free_text == "description")
        asked = asked or (found == "privacy" and question_cue(self.text))  # a question by kind
        asked = asked or lx.ordered(key, lx.lexicon().rule_orders.get(found, ()))
        if self.context.free_text == "form":  # any text is an answer: only when asked for
            return found if asked else None
        if found in WHOLE_PHRASE_AT_DESCRIPTION and self.context.free_text:
            return found if asked else None  # "Bye bye la solitude" describes a project
        if len(key.split()) <= MAX_INTENT_WORDS[self.context.free_text]:
            return found
        return found if asked else None

    def _clause_order(self) -> str | None:
        """The intent ordered by a clause after the first (reading23, heldout8: « je ne veux plus
        continuer, retirez mes infos de votre fichier s'il vous plaît » — the leading clause's
        « ne … plus » made the whole message negated, so the order was not heard): a clause
        opening with one of a rule's imperatives (`orders`) that fits that rule alone. Not where
        any text is an answer (the description, the sheet's fields), nor with a digit or in a long
        message (« …, oubliez le reste, le total c'est 15 000 » corrects an answer)."""
        orders = lx.lexicon().rule_orders
        if not orders or self.context.free_text:
            return None
        if any(c.isdigit() for c in self.text) or len(self.key.split()) > MAX_CLAUSE_ORDER_WORDS:
            return None
        for clause in _CLAUSE_CUT.split(self.text)[1:]:
            key = lx.without_ends(normalize(clause), lx.lexicon().polite)
            found = lx.by_rules(key) if key else None
            if found is not None and lx.ordered(key, orders.get(found, ())):
                return found
        return None

    @cached_property
    def intent_phrase(self) -> str | None:
        """The intent when the whole message (politeness aside) is one of the lexicon's
        phrases ("recommencer", "repartir de zéro"): sure at a question, ambiguous where any
        text is an answer (a project titled "Repartir de zéro")."""
        intents = lx.lexicon().intents
        if self.key in intents.get("resume", ()):
            return "resume"  # "bonjour" alone: politeness, and the whole message
        key = lx.without_ends(self.key, lx.lexicon().polite)
        if not key:
            return None
        for name, phrases in intents.items():
            if key in phrases:
                return name
        return None

    @cached_property
    def without_politeness(self) -> str:
        """The message (normalised) without the politeness around it ("i'd like to", "svp")."""
        return lx.without_ends(self.key, lx.lexicon().polite)

    @cached_property
    def asks(self) -> bool:
        """Whether the message asks the bot for something: a request's opening among its first
        words ("bonjour, est-ce que je peux …", "how do I …")."""
        return lx.phrase_opens(self.key, lx.lexicon().requests, OPENING_WORDS)

    @cached_property
    def asks_field(self) -> bool:
        """Whether the words are a question of the lexicon's `field_help` (« je mets quoi
        ici », « what should I write here »): what to put where the question is asked."""
        return lx.any_phrase(self.key, lx.lexicon().field_help)

    @cached_property
    def about_field(self) -> bool:
        """Whether the words ask what to put where the question is asked: a question of the
        lexicon's `field_help` (« je mets quoi ici », « what should I write here »), or a short
        statement holding a phrase of each group of `field_help_rule` (« c'est le nom de notre
        association qu'il faut mettre », reading13) — never the answer itself."""
        if self.asks_field:
            return True
        rule = lx.lexicon().field_help_rule
        short = len(self.key.split()) <= MAX_FIELD_STATEMENT_WORDS
        return short and bool(rule) and all(lx.any_phrase(self.key, group) for group in rule)

    @cached_property
    def aside(self) -> str | None:
        """Why the message, though it has words, is no answer in free words ("who are you?",
        "for whom?", a description): 'complaint' ("c'est nul ce truc"), 'question' (a
        question mark, or a question's opening: "pourquoi vous demandez ça"), 'request' (it
        opens with a wish: "je voudrais qu'on me rappelle") or 'amount' (money: "on demande
        5000 euros", or a figure of 1 000 or more). None: it may be one. Which of these
        rule an answer out is the step's to say (a description may open with "je voudrais")."""
        lex = lx.lexicon()
        if lx.any_phrase(self.key, lex.complaints):
            return "complaint"
        if "?" in self.text or f"{self.key} ".startswith(
            tuple(f"{q} " for q in lex.question_openings)
        ):
            return "question"
        if self.asks:
            return "request"
        amount = self.amount().amount
        if amount is not None and (
            amount >= 1000 or "€" in self.text or lx.any_phrase(self.key, lex.money)
        ):
            return "amount"
        return None

    @cached_property
    def language(self) -> str | None:
        """'en' or 'fr' when the message's function words clearly say so (`knowledge.language_said`)."""
        return language_said.language(self.text, self.key, self.context.step, self.context.lang)

    # ------------------------------------------------------------------ corrections
    @cached_property
    def corrects(self) -> bool:
        """Whether the message says an earlier answer was wrong ("non en fait", "pardon", or a
        leading "non" / "nan")."""
        weak = lx.lexicon().weak_markers
        return self.corrects_firmly or any(self.key.startswith(m + " ") for m in weak)

    @cached_property
    def corrects_firmly(self) -> bool:
        """A correction said in so many words ("en fait", "pardon", "je me suis trompé") or by a
        chat's sign ("*12000"), not only a leading "non" (which may answer the current
        question)."""
        lex = lx.lexicon()
        text = self.text.strip()
        if any(len(text) > len(s) and (text.startswith(s) or text.endswith(s)) for s in lex.signs):
            return True  # "*12000": a chat's correction sign
        key = self.key
        if lx.any_phrase(key, lex.not_markers):  # "désolé pour le retard": no correction
            clauses = [f" {normalize(c)} " for c in _CLAUSES.split(self.text)]
            for phrase in lex.not_markers:  # within a clause ("pardon, pour le QPV" corrects)
                clauses = [c.replace(f" {phrase} ", " _ ") for c in clauses]
            key = " ".join(c.strip() for c in clauses)
        return lx.any_phrase(key, lex.markers)  # a set lookup for the one-word markers

    @cached_property
    def says_error(self) -> bool:
        """A correction said by an apology, a word of error or a chat's sign ("pardon 9000",
        "oups", "*9000"), not only by words that may as well open an answer to the question on
        screen ("plutôt 1500", "en fait 2500": the lexicon's `also_answers`)."""
        if not self.corrects_firmly:
            return False
        also = lx.lexicon().also_answers
        if not lx.any_phrase(self.key, also):
            return True
        text = self.text.strip()
        if any(
            len(text) > len(s) and (text.startswith(s) or text.endswith(s))
            for s in lx.lexicon().signs
        ):
            return True
        key = f" {self.key} "
        for phrase in also:
            key = key.replace(f" {phrase} ", " _ ")
        return Reading(" ".join(key.split()), self.context).corrects_firmly

    @cached_property
    def rest(self) -> str:
        """The message (normalised) without its correction markers and politeness around it:
        "non en fait Lens" -> "lens"."""
        lex = lx.lexicon()
        return lx.without_ends(self.key, lex.markers + lex.weak_markers + lex.polite)

    @cached_property
    def taken_back(self) -> tuple[str, str] | None:
        """(what is meant, what is taken back) when a negation takes back a value: "pas 1200
        mais 12000" -> ("12000", "1200"), "pas à Lens, à Liévin" -> ("à Liévin", "à Lens"),
        "la commune c'est Liévin, pas Lens" -> ("la commune c'est Liévin", "Lens"). What is
        taken back runs from the negation to the end of its clause; None when either side is
        empty. Whether both sides hold a value of one kind is the caller's check."""
        return taken_back(self.text)

    def names_in(self, table: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
        """The answers a table of names (answer -> phrases) finds in the message, the one named
        by the longest phrase first; a name inside a longer one found ("la commune" in "la
        commune donne"), or overlapping it ("la ville c'est" in "la participation de la ville
        c'est 5500", reading18), does not count; nor the total a part is said of, at its
        own value (« 3000 sur les 10000 du total », reading20)."""
        found: dict[str, str] = {}
        for key, phrases in table.items():
            hits = lx.phrases_in(self.key, phrases)
            if hits:
                found[key] = max(hits, key=len)
        cut = {p: f" {self.key} ".replace(f" {p} ", " | ") for p in found.values()}  # overlaps
        if "total" in found and self.context.amount and self.amount() and self._of_total:
            del found["total"]  # « 3000 sur les 10000 du total »: the whole it is a part of
        return tuple(
            key
            for key, phrase in sorted(found.items(), key=lambda kv: -len(kv[1]))
            if not any(
                other != key and len(p) > len(phrase) and not lx.has_phrase(cut[p], phrase)
                for other, p in found.items()
            )
        )

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The earlier answers the message names ("le coût total c'est …": total)."""
        return self.names_in(lx.lexicon().names)

    def after_name(self, key: str, extra: tuple[str, ...] = ()) -> str:
        """The message after the phrase naming `key` (and a "c'est"): "en fait c'est à Lens"
        -> "Lens"."""
        words = self.text.split()
        phrases = (*lx.lexicon().names.get(key, ()), *extra)
        for start in range(len(words)):
            for end in range(start + 1, len(words)):
                if normalize(" ".join(words[start:end])) in phrases:
                    return " ".join(words[end:])
        return self.text

    # ------------------------------------------------------------------ fiche 4's parts
    @cached_property
    def parts_named(self) -> frozenset[str]:
        """The parts of fiche 4's request the words name ("investment", "operating"), and
        "whole" for the whole request ("10 000 en tout"): typed at one part's question, an
        amount that names only the other part, or the whole, is not this part's answer."""
        table = lx.lexicon().choices["kind"]
        named = {
            k
            for k in ("investment", "operating")
            if any(lx.has_phrase(self.key, w) for w in table[k])
        }
        if lx.any_phrase(self.key, lx.lexicon().whole):
            named.add("whole")
        return frozenset(named)

    @cached_property
    def parts(self) -> dict[str, Decimal] | None:
        """Investment and operating amounts named together ("20 000 d'invest et 10 000 de
        fonctionnement"), or worked out from a whole the message names ("25 000 : 60 % en
        investissement, le reste en fonctionnement"): both, or None (`knowledge.parts`)."""
        return fiche4_parts.parts(self.text, self.context.lang, self.names_total)

    @cached_property
    def names_total(self) -> bool:
        """Whether the words name the project's total cost ("le projet coûte 50 000 dont …"),
        a whole's own words aside ("au total" says a whole, not the cost)."""
        key = f" {self.key} "
        for phrase in lx.lexicon().whole:
            key = key.replace(f" {phrase} ", " ")
        # the names as a correction reads them ("costs" inside "running costs" is no total)
        return "total" in Reading(key.strip(), self.context).names
