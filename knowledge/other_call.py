"""Questions about another call: another region's, or another year's (issue 22, faq8 pass).

The documents are one call's: the Nord-Pas de Calais Region's of 2014. « En Picardie, quel est
le montant plancher… ? », "we are an association in Belgium, near Tournai: what is the minimum
request?", « le plafond… pour l'appel 2016 de la Région Hauts-de-France ? » were answered with
the 2014 figures as if they applied there. Such a question now says that the documents are
that call's and do not say it for what was named (knowledge/faq.py `ask`).

What names another call:
- a region or country of `[other_calls] regions` (faq.toml), or a town abroad after a place's
  preposition (knowledge/abroad.py: « basée à Charleroi »), unless the message also names a
  commune of the region (« une association belge qui travaille à Lille » asks of Lille);
- a year beside a call's words (`call_words`, within `YEAR_REACH` words: « l'appel 2016 »,
  "the DSDT call in 2018", « en 2016 la nouvelle Région »): a year the documents never write,
  or, right beside « appel » / "call" (`CALL_REACH`), any year but the call's own (« l'appel
  2015 »: the 2014 call closes in January 2015, but it is no « appel 2015 »). A year the
  documents write (« les conventions DSDT de 2013 ») asks about them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.abroad import named_abroad_in
from knowledge.asking import folded_words

YEAR_REACH = 3  # words between a year and a call's word (« l'appel à projets 2016 »)
CALL_REACH = 2  # words between a year and « appel » / "call" for any other year
_YEAR = re.compile(r"^(19[89]\d|20\d\d)$")
_MONEY_AFTER = frozenset({"e", "eur", "euro", "euros", "k", "ke"})


@dataclass(frozen=True, slots=True)
class OtherCall:
    """The words of faq.toml `[other_calls]` and the years the documents write."""

    regions: tuple[str, ...]  # folded phrases naming another region or country
    call_words: frozenset[str]  # folded words near which a year is a call's
    appel_words: frozenset[str]  # « appel », "call": any other year beside them
    call_year: int
    documents_years: frozenset[int]

    @classmethod
    def from_raw(cls, raw: Mapping[str, Any], call_year: int, texts: Iterable[str]) -> OtherCall:
        words = raw.get("other_calls", {})

        def folded(name: str) -> tuple[str, ...]:
            return tuple(" ".join(folded_words(w)) for w in words.get(name, ()))

        years = {
            int(w) for text in texts for w in folded_words(text) if _YEAR.match(w) is not None
        }
        return cls(
            folded("regions"),
            frozenset(folded("call_words")),
            frozenset(folded("appel_words")),
            call_year,
            frozenset(years | {call_year}),
        )

    def named(
        self,
        question: str,
        in_region: Callable[[], bool],
        is_commune: Callable[[str], bool],
    ) -> str | None:
        """What the question names of another call (the region, town or year as written), or
        None. `in_region()`: the question names a commune of the call's region (asked only
        when a region or a town abroad is named: it reads the places)."""
        words = folded_words(question)
        year = self._year(words)
        if year is not None:
            return year
        joined = " " + " ".join(words) + " "
        named = next((p for p in self.regions if f" {p} " in joined), None)
        if named is not None:
            return None if in_region() else _as_written(question, named)
        town = named_abroad_in(question, is_commune)
        if town is None or in_region():
            return None
        return town.name

    def _year(self, words: list[str]) -> str | None:
        for i, word in enumerate(words):
            if _YEAR.match(word) is None or int(word) == self.call_year:
                continue
            if i + 1 < len(words) and words[i + 1] in _MONEY_AFTER:
                continue  # « 2000 euros » is an amount
            near = words[max(0, i - YEAR_REACH) : i] + words[i + 1 : i + 1 + YEAR_REACH]
            close = words[max(0, i - CALL_REACH) : i] + words[i + 1 : i + 1 + CALL_REACH]
            if any(w in self.appel_words for w in close):
                return word
            if int(word) not in self.documents_years and any(w in self.call_words for w in near):
                return word
        return None


def _as_written(question: str, phrase: str) -> str:
    """The phrase as the question writes it (« Picardie », not « picardie »)."""
    tokens = re.findall(r"[\w'’-]+", question)
    for size in range(1, len(phrase.split()) + 1):
        for i in range(len(tokens)):
            run = " ".join(tokens[i : i + size])
            if " ".join(folded_words(run)) == phrase:
                return run
    return phrase
