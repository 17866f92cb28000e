"""What the soak's chats type: places in and out of the region and abroad, amounts in any
form, yes/no and their cousins, questions, free text (corrections, contact details, HTML,
control characters, 4,096 characters and more), commands. The walk's vocabulary, apart from
the walk."""

from __future__ import annotations

import random

PLACES = [
    "Dunkerque", "Lens", "Béthune", "Lille", "lile", "59000", "62300", "Saint-Omer",
    "Valenciennes", "le Nord", "Pas-de-Calais", "Amiens", "Beauvais", "Paris", "75001",
    "Bruxelles", "Genève", "Berlin", "Saint-Aubin", "Marseille",
]  # fmt: skip
AMOUNTS = [
    "12 000 €", "12000", "12k€", "45k", "douze mille euros", "trois mille", "1 999,99",
    "1.500,50", "15 000 euros HT", "0,5 M€", "0", "-5", "1e9", "3000 ou 4000", "4000",
    "3 600", "99999999999999999999999", "²", "environ 20 000", "entre 5 et 10 k€",
]  # fmt: skip
WORDS = [
    "oui", "non", "Oui !", "nan", "ouais", "yes", "no", "je ne sais pas", "jsp",
    "aucune idée", "bof", "peut-être", "aide", "recommencer", "retour", "effacer",
    "mes données", "english", "français", "annuler", "merci",
]  # fmt: skip
QUESTIONS = [
    "c'est combien le minimum ?", "jusqu'à quand on peut déposer ?", "qui appeler à Lens ?",
    "est-ce que les habitants doivent participer ?", "c'est quoi un QPV ?",
    "on peut cumuler avec le FSE ?", "how much can I ask for?", "quelle fiche pour moi ?",
]  # fmt: skip
FREE = [
    "un jardin partagé au pied des immeubles avec les jeunes du quartier",
    "non en fait c'est 5000", "je me suis trompé, c'est à Lens",
    "correction : le coût total est 20 000", "Jardin des Mûriers", "06 12 34 56 78",
    "jean.dupont@example.org", "<b>gras</b> & <script>alert(1)</script>",
    "a\x08b\x01c\ud800d\u202e\u200b", "👨\u200d👩\u200d👧 🏴 ✨", "x" * 4096, "é" * 5000,
    "\n\n", " ", "", "/", "@dsdt_bot", "Ｄｕｎｋｅｒｑｕｅ", "e\u0301te\u0301",
]  # fmt: skip
COMMANDS = [
    "/start", "/aide", "/help", "/retour", "/recommencer", "/langue", "/question", "/fiche",
    "/sheet", "/rappels", "/mesdonnees", "/mydata", "/effacer", "/forget", "/inconnue",
    "/start@dsdt_bot", "/lead 1", "/START",
]  # fmt: skip
ALPHABET = "abcdeéèçàùAZ019 ,.;:!?'\"-_/€%()[]<>&\n\t\x00\x07\x1b\x7f\u200b\u202e🌱🏴"


def typed(rng: random.Random) -> str:
    """Anything a person might type, from one of the lists or random characters."""
    pool = rng.choice([PLACES, AMOUNTS, WORDS, QUESTIONS, FREE, COMMANDS, None])
    if pool is None:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 60)))
    return str(rng.choice(pool))
