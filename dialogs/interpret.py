"""Read free-text answers to button questions: "ouais", "je sais pas", "on est une asso".

Every question can be answered by typing; these functions map what people type onto the same
values the buttons send, or None when the text says nothing recognisable.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from knowledge.text import normalize

_YES = {
    "oui",
    "o",
    "ouais",
    "ouai",
    "yes",
    "y",
    "ok",
    "okay",
    "d accord",
    "dac",
    "bien sur",
    "exact",
    "exactement",
    "absolument",
    "oui oui",
    "j accepte",
    "accepte",
    "je suis d accord",
    "yep",
    "yeah",
    "sure",
    "i agree",
    "agree",
    "c est ca",
    "tout a fait",
    "volontiers",
}
_NO = {
    "non",
    "n",
    "no",
    "nan",
    "nope",
    "pas du tout",
    "non merci",
    "jamais",
    "aucun",
    "aucune",
    "pas encore",
    "refuse",
    "je refuse",
    "no thanks",
}
_UNKNOWN = {
    "je ne sais pas",
    "je sais pas",
    "sais pas",
    "jsp",
    "ne sais pas",
    "aucune idee",
    "pas sur",
    "pas sure",
    "peut etre",
    "je ne sais",
    "on ne sait pas",
    "inconnu",
    "don t know",
    "i don t know",
    "dont know",
    "not sure",
    "unknown",
    "?",
    "??",
    "je sais pas trop",
    "chais pas",
    "chai pas",
    "sais plus",
    "je ne sais plus",
    "j en sais rien",
    "pas d idee",
    "no idea",
    "idk",
    "dunno",
    "i dont know",
    "i do not know",
    "not sure yet",
    "pas encore sur",
    "on sait pas",
    "on ne sait pas encore",
    "nsp",
    "ne sait pas",
    "je ne sais pas encore",
    "je sais pas encore",
}
# Words that answer nothing on their own ("ok", "bonjour", "test").
_FILLER = {
    "ok",
    "okay",
    "oui",
    "non",
    "bonjour",
    "bonsoir",
    "salut",
    "coucou",
    "hello",
    "hi",
    "merci",
    "thanks",
    "test",
    "euh",
    "heu",
    "hum",
    "hmm",
    "lol",
    "mdr",
    "bah",
    "ben",
    "bof",
    "yes",
    "no",
}

_ROLE_WORDS = {
    "association": (
        "asso",
        "association",
        "club",
        "collectif",
        "centre social",
        "maison de quartier",
        "fondation",
        "ong",
        "charity",
        "non profit",
        "nonprofit",
        "organisation",
    ),
    "inhabitant": (
        "habitant",
        "habitante",
        "habitants",
        "citoyen",
        "citoyenne",
        "particulier",
        "resident",
        "residente",
        "locataire",
        "voisin",
        "moi",
        "inhabitant",
        "resident",
        "individual",
        "myself",
    ),
    "authority": (
        "mairie",
        "ville",
        "commune",
        "collectivite",
        "epci",
        "intercommunalite",
        "bailleur",
        "operateur",
        "agglo",
        "communaute",
        "departement",
        "service",
        "council",
        "municipality",
        "local authority",
        "housing",
    ),
}
_AUDIENCE_WORDS = {
    "neighbourhood": (
        "quartier",
        "habitants",
        "residence",
        "cite",
        "voisins",
        "immeuble",
        "neighbourhood",
        "neighborhood",
        "residents",
    ),
    "youth": (
        "jeune",
        "jeunes",
        "ado",
        "ados",
        "adolescent",
        "enfant",
        "enfants",
        "etudiant",
        "jeunesse",
        "youth",
        "young",
        "children",
        "teenagers",
    ),
    "far": (
        "eloigne",
        "eloignes",
        "eloignees",
        "isole",
        "isoles",
        "isolees",
        "precaire",
        "precaires",
        "exclus",
        "fragile",
        "fragiles",
        "vulnerable",
        "vulnerables",
        "migrants",
        "seniors",
        "personnes agees",
        "isolated",
        "excluded",
    ),
    "all": (
        "tous",
        "tout le monde",
        "toutes",
        "tout public",
        "tous publics",
        "everyone",
        "all",
        "everybody",
        "grand public",
    ),
}
_KIND_WORDS = {
    "investment": (
        "investissement",
        "invest",
        "travaux",
        "equipement",
        "equipements",
        "achat",
        "materiel",
        "construction",
        "amenagement",
        "investment",
        "works",
        "equipment",
    ),
    "operating": (
        "fonctionnement",
        "fonctionne",
        "animation",
        "animations",
        "salaire",
        "salaires",
        "personnel",
        "ateliers",
        "atelier",
        "intervenant",
        "operating",
        "running",
        "staff",
        "activities",
    ),
}
# A fiche by its number; whether the call has it is the caller's check (the data's fiches).
_FICHE = re.compile(r"^(?:la\s+)?(?:fiche\s*|n\s*|numero\s*|sheet\s*)?(\d{1,2})$")


def yes_no_unknown(text: str) -> str | None:
    """'yes', 'no', 'unknown' or None."""
    key = normalize(text)
    if text.strip() in ("?", "??", "???"):
        return "unknown"
    if key in _UNKNOWN or key.startswith(("je ne sais", "je sais pas", "i don t know")):
        return "unknown"
    if key in _YES or key.startswith(("oui ", "yes ")):
        return "yes"
    if key in _NO or key.startswith(("non ", "no ")):
        return "no"
    return None


def dont_know(text: str) -> bool:
    """'Je ne sais pas' typed in any of its forms ("jsp", "aucune idée", "I don't know")."""
    key = normalize(text)
    if key in _UNKNOWN or text.strip() in ("?", "??", "???"):
        return True
    if "?" in text or len(key.split()) > 6:  # "je ne sais pas quoi mettre, c'est quoi … ?"
        return False
    return key.startswith(
        ("je ne sais pas", "je sais pas", "j sais pas", "i don t know", "i dont know", "jsp ")
    ) or key in ("peut etre", "pas sur", "pas sure")


def is_stray(text: str, min_words: int = 1) -> bool:
    """True for input that answers nothing by itself: no letters ("7", "!!"), only filler
    words ("ok", "bonjour", "oui"), or fewer than `min_words` real words."""
    words = [w for w in normalize(text).split() if not w.isdigit()]
    if not words or all(w in _FILLER for w in words):
        return True
    real = [w for w in words if len(w) > 2 and w not in _FILLER]  # "ça va": no answer
    return len(real) < min_words


def _by_words(text: str, table: dict[str, tuple[str, ...]]) -> str | None:
    key = f" {normalize(text)} "
    scores = {value: sum(1 for w in words if f" {w} " in key) for value, words in table.items()}
    best = max(scores, key=lambda v: scores[v])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best


def role(text: str) -> str | None:
    return _by_words(text, _ROLE_WORDS)


def audience(text: str) -> str | None:
    return _by_words(text, _AUDIENCE_WORDS)


_BOTH = ("les deux", "les 2", "deux", "both", "the two", "un peu des deux", "mixte")


def kind(text: str) -> str | None:
    if yes_no_unknown(text) == "unknown":
        return "unknown"
    key = f" {normalize(text)} "
    if any(f" {w} " in key for w in _BOTH) or all(
        any(f" {w} " in key for w in words) for words in _KIND_WORDS.values()
    ):
        return "both"
    return _by_words(text, _KIND_WORDS)


def fiche_number(text: str, numbers: Collection[int]) -> int | None:
    """'fiche 2', 'la 2', 'n°2' -> 2 when the call has that fiche (`numbers`), else None."""
    match = _FICHE.match(normalize(text))
    number = int(match.group(1)) if match else None
    return number if number in numbers else None


def has_words(text: str) -> bool:
    """True when the text holds at least one letter or digit (not only emoji or punctuation)."""
    return bool(normalize(text))
