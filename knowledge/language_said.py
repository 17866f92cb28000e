"""The language a message is written in, by its function words (issue 22): moved out of
`knowledge.reading` (reading20) so that module keeps to reading a message's answers and
intents; the conversation follows the person's language, never on a name's French words."""

from __future__ import annotations

import re

from knowledge import lexicon as lx
from knowledge.text import normalize

# Two capitalised words or more, French function words between them allowed: a name ("Le
# Relais des Habitants", "Maison d'Arras"), whose French words are no French sentence.
_NAME_RUN = re.compile(
    r"[A-ZÀ-Ý][\w'’-]*(?:\s+(?:(?:de|des|du|la|le|les|et|aux?)\s+|d['’]|l['’])?[A-ZÀ-Ý][\w'’-]*)+"
)
_PRONOUN_I = re.compile(r"(?<![\w'’])I(?:'m|’m|'d|'ve|'ll)?(?![\w'’])")


def language(text: str, key: str, step: str, lang: str) -> str | None:
    """'en' or 'fr' when the message's function words clearly say so; None otherwise
    (names, amounts, one word, a mix). `key` is the normalised text, `step` the question's,
    `lang` the conversation's language."""
    lex = lx.lexicon()
    whole = key
    # a French name in an English sentence ("the Maison de quartier") says no language
    if lx.any_phrase(key, lex.french_names):
        key = lx.without_phrases(key, lex.french_names)
    words = {w for w in key.split() if len(w) > 1}
    # the pronoun "I", written as English writes it (a capital, alone), counts too
    english = sum(1 for w in words if w in lex.english) + bool(_PRONOUN_I.search(text))
    # a name written with capitals ("Le Relais des Habitants") holds no French sentence
    named = {w for run in _NAME_RUN.findall(text) for w in normalize(run).split()}
    french = sum(1 for w in words if w in lex.french and w not in named)
    if step == "consent" and not french and greets_in_english(whole):
        return "en"  # "Hi!", "hi, Calais" as a first message ("Hello": French speakers too)
    if english >= 2 and (french == 0 or english >= 3 * french + 1):
        return "en"
    if english or french < 2:
        return None
    if lang == "en":
        # back to French only on French sentences, not on a French name ("la ville de
        # Lens", "les jeunes du quartier"): a pronoun or a verb among three French words
        sentence = sum(1 for w in whole.split() if w in lex.french_sentence)
        return "fr" if french >= 3 and sentence >= 2 else None
    return "fr"


def greets_in_english(key: str) -> bool:
    """The normalised message is, or opens with, an English greeting of the lexicon."""
    greetings = lx.lexicon().english_greetings
    return key in greetings or any(key.startswith(g + " ") for g in greetings)
