"""Corrections of an earlier answer, typed at any step (Rasa's slot mappings "from entity").

Found by what the message holds, not by its phrasing (docs/understanding.md): a value taken
back names the answer that held it ("pas 1200 mais 12000"); an answer named ("le coût total
c'est 12 000", "on est une collectivité", a label of the summary card) is corrected — or, not
asked yet, filled from here; a correction marker ("en fait", "plutôt", a leading "non") with a
value goes to the one earlier answer whose validator takes it without undoing another (several:
the previous answer when the words say it is a correction, else the person chooses with
buttons; nothing more than the marker: "which answer?" with the summary's ✏️ buttons); a value
only an earlier answer could take is offered as a button, the question asked again. A change is
said with its old and new value, the answer's hook re-checks what depends on it, and the
conversation goes back to the first missing question — where the person was. Nothing changes
silently; a correction that cannot be read is not one (the step reads the message as usual).
"""

from __future__ import annotations

import re

from dialogs import (
    correction_offers,
    correction_reading,
    correction_shapes,
    correction_sheet,
    interpret,
    part_zero,
    place_step,
    self_repaired,
)
from dialogs.correction_apply import (
    change,
    mentioned_only,
    new_choice,
    new_place,
    which,
    which_answer,
)
from dialogs.correction_fits import (
    AMOUNTS,
    MAX_WORDS_WHICH,
    accepts,
    earlier_amounts,
    fits_answer,
)
from dialogs.correction_reading import opens
from dialogs.form import context
from dialogs.table import BY_KEY, BY_STEP, KEY_OF, QUESTIONS, applies
from dialogs.turn import DESCRIPTION_STEPS, Turn
from dialogs.validators import Accepted, known
from knowledge.lexicon import any_phrase as lexicon_any
from knowledge.lexicon import dont_know as lexicon_dont_know
from knowledge.lexicon import lexicon
from knowledge.lexicon import skip as lexicon_skip
from knowledge.money import money_shape, parse_amount
from knowledge.negated import split
from knowledge.place_text import named_in_sentence
from knowledge.reading import Reading
from knowledge.text import PHONE_IN_TEXT

# Steps where a message may correct an earlier answer: the plain questions, the place, and the
# summary / result. Not where any text is an answer of its own (a description, a phone number,
# the fiche synthétique), nor while candidates or a fiche are offered.
AT_STEPS = frozenset(
    {
        *(q.step for q in BY_KEY.values() if q.validate is not None),
        "place",
        "summary",
        "verdict",
    }
)
# A longer message naming an earlier answer corrects it only with "en fait", "pardon", "non"…
# ("le coût de l'animation est pris par la commune, 2000 €" answers the co-funding).
MAX_WORDS_UNMARKED = 8
# Clauses of a message: a question mark ends its own ("…, c'est quoi le plafond ?").
_CLAUSES = re.compile(r"[,;:!]|(?<=\?)|(?<!\d)\.|\.(?!\d)")
# A French postcode ("59200", "59 200"), alone among the correction's words.
_POSTCODE = re.compile(r"(?<!\d)\d{2} ?\d{3}(?!\d)")
# At the fiche synthétique, where any text is an answer, a correction is a short message of its
# own; the word limits and their reasons: lexicon.toml `[sheet_limits]`.
# At a description, a correction naming nothing is a few words ("pardon, des jeunes"); more is
# the description itself ("en fait c'est un projet pour les jeunes du quartier").
MAX_WORDS_AT_DESCRIPTION = 3


def correct(turn: Turn, reading: Reading) -> bool:
    """Apply a correction the message makes; False when it makes none (read it as usual).
    In order: a value taken back ("pas 1200 mais 12000": the answer that held 1200), an answer
    named ("le coût total c'est 12 000"; filled when not asked yet), a correction marker with a
    value whose shape fits earlier answers (`by_shape`), and without a marker a value only an
    earlier answer takes (`fits_earlier_only`: offered, never taken)."""
    state = turn.state
    at_description = state.step in DESCRIPTION_STEPS and reading.corrects_firmly
    # at the fiche synthétique any text is an answer: only "pardon, la demande c'est 2500",
    # a marker and an earlier answer named with a value it takes, corrects that answer
    # (the same where a phone number or an e-mail address is asked, to be called back)
    at_sheet = state.step.startswith(("sheet_", "contact")) and reading.corrects_firmly
    if correction_reading.where(state.step) != "form" and correction_reading.apply(
        turn, correction_reading.read(turn, reading)
    ):
        return True  # « je corrige : la commune c'est Liévin et le coût total 11000 » (sheet)
    if state.step.startswith("sheet_") and not at_sheet and reading.taken_back is not None:
        # "the organisation is called Les Amis du Quai, not Quai Amis": an earlier field's very
        # value taken back says it is a correction without other words
        return correction_sheet.sheet_field(turn, reading, state.step[len("sheet_") :])
    if state.step not in AT_STEPS and not (at_description or at_sheet):
        return False
    current = KEY_OF.get(state.step, state.step)
    if not (at_sheet or at_description) and change_asked(turn, reading, current):
        return True
    if not (at_sheet or at_description) and part_zero.zero_part(turn, reading):
        return True  # « rien en investissement finalement »: the request is all operating
    if asks_about_error(reading):
        return False  # "et si je me trompe de 2000 dans le budget ?": a question about an error
    if self_repaired.amount_here(reading, current):
        return False  # « 3000 non attendez 3500… finalement c'est bien 3000 »: this question's
    if self_repaired.place_here(turn, reading):
        return True  # « Lens non pardon Liévin » at the commune's question: Liévin
    plain = not (at_sheet or at_description)
    if plain and correction_reading.apply(turn, correction_reading.read(turn, reading, False)):
        return True  # « on est une mairie, et la demande c'est 3000 »: both
    if form_at_sheet(turn, reading):
        return True  # « ah avant ça : le coût total c'est 12000 et pas 10000, je me suis trompé »
    # a phone number is one word ("c'est le 06 12 34 56 78": four words)
    words = len(PHONE_IN_TEXT.sub("0", reading.key).split())
    lex = lexicon()
    named_field = names_a_sheet_field(reading)
    limit = lex.sheet_correction_named_words if named_field else lex.sheet_correction_words
    if at_sheet and (words > limit or not opens(reading)):
        # a field's sentences that mention an answer ("… et la commune met 5000 € en fait …",
        # "de mars à juin, désolé le budget c'est 12000"): kept as the field's answer, the
        # answer unchanged, and said so
        mentioned_only(turn, reading, reading.names_in(correction_shapes.names_table()))
        return False
    if state.step.startswith("sheet_") and correction_sheet.sheet_field(
        turn, reading, state.step[len("sheet_") :]
    ):
        return True
    if not at_sheet and taken_back(turn, reading, current):
        return True
    if not (at_sheet or at_description) and (undone := taken_back_only(turn, reading, current)):
        # « on n'est pas une asso » at a later question: that answer is wrong, no new one is
        # said — which answer, with its ✏️ button (never left as it was, nor guessed)
        return which_answer(turn, undone)
    names = reading.names_in(correction_shapes.names_table())
    if plain and names and correction_reading.apply(turn, correction_reading.read(turn, reading)):
        return True  # "le total c'est 12 000 et la demande 3 500": each named, each changed
    if current == "place" and names and names_the_place(turn, reading):
        return False  # "Liévin, budget 12 000 €": the commune, and the amount beside it (early)
    if len(names) > 1 or current in names:
        # "le total est bon, on demande 4000": two answers named, or the current one — not a
        # correction of one earlier answer (the step reads it, or asks)
        return False
    short = len(reading.key.split()) <= MAX_WORDS_UNMARKED
    for key in names:
        if applies(key, state.answers, turn.k) and (short or reading.corrects):
            if (at_description and key not in ("place", "role", "audience")) or (
                at_sheet and not reading.names
            ):
                return False
            # an answer given before, corrected; or one not asked yet, filled from here ("the
            # council gives 2000" typed at the total): never read as this question's answer.
            # A name the message gives no value for ("we're actually the town council": "the
            # town" names the commune, none is named) leaves the other readings to try.
            if named(turn, reading, key):
                return True
            break
    if at_description and len(reading.rest.split()) <= MAX_WORDS_AT_DESCRIPTION:
        return by_previous(turn, reading)  # "pardon, des jeunes": no description
    if at_description or at_sheet:
        return False
    if not reading.corrects:
        return correction_offers.fits_earlier_only(turn, reading, current)
    return by_shape(turn, reading, current)


def taken_back_only(turn: Turn, reading: Reading, current: str) -> tuple[str, ...]:
    """Who you are, when the words negate the very role given and affirm none (« on n'est pas
    une asso », the role an association): ("role",), else (). Not the audience: its words
    (« quartier ») are in other answers' sentences (« on n'est pas en quartier prioritaire »)."""
    if "?" in reading.text or len(reading.key.split()) > MAX_WORDS_UNMARKED:
        return ()  # a letter (« nous ne sommes pas encore constitués en association … ? »)
    _kept, spans = split(reading.text)
    undone = tuple(
        key
        for key in ("role",)
        if key != current
        and key in turn.state.answers
        and getattr(interpret, key)(reading.text) is None
        and any(getattr(interpret, key)(span) == turn.state.answers[key] for span in spans)
    )
    return undone


def form_at_sheet(turn: Turn, reading: Reading) -> bool:
    """At a question of the fiche synthétique, a form answer named with its old value taken
    back (« le coût total c'est 12000 et pas 10000, je me suis trompée », "the total cost is
    15000 not 10000"), in a longer sentence than a sheet correction's: the form's answer that
    held the old value is changed (`taken_back`: said, its hook re-checks what depends on it),
    never saved as the field's text (sheet2). A place or an amount in an answer without a
    value taken back (« Fête de quartier à Lens ») is left to the field."""
    if not turn.state.step.startswith("sheet_") or reading.taken_back is None:
        return False
    if "?" in reading.text or len(reading.key.split()) > lexicon().sheet_correction_named_words:
        return False
    if not reading.names_in(correction_shapes.names_table()):
        return False
    return taken_back(turn, reading, turn.state.step)


def names_the_place(turn: Turn, reading: Reading) -> bool:
    """A commune named by its very name, or its postcode alone (« 62300 et c'est pour tous les
    publics »): the place step's answer, the rest read next (`dialogs.early`)."""
    if named_in_sentence(turn.guide.places, reading.text):
        return True
    code = place_step.lone_postcode(reading.text, turn.state.lang)
    return bool(code) and turn.guide.places.locate(code).status == "found"


def names_a_sheet_field(reading: Reading) -> bool:
    """Whether the message names a field of the fiche synthétique (« le titre », "the title")."""
    return bool(reading.names_in(correction_sheet.sheet_names_table()))


def asks_about_error(reading: Reading) -> bool:
    """A question in a correction's words ("une erreur de 3000 ça passe ?", "et si je me
    trompe de 2000 dans le budget ?"): the clause that asks holds them. "Pardon le total c'est
    12000, c'est quoi le plafond ?" corrects (its question is another clause)."""
    if "?" not in reading.text or not reading.corrects_firmly:
        return False
    asking = [c for c in _CLAUSES.split(reading.text) if "?" in c]
    return any(Reading(c).corrects_firmly for c in asking)


def change_asked(turn: Turn, reading: Reading, current: str) -> bool:
    """ "Je peux modifier la commune ?", "I want to change the total": a change asked for, of
    one earlier answer named, with no new value (no number, no commune named, no button's
    words): that answer's ✏️ button, as the summary shows it."""
    if not lexicon_any(reading.key, lexicon().change_words):
        return False
    names = reading.names_in(correction_shapes.names_table())
    if len(names) != 1 or names[0] == current or names[0] not in turn.state.answers:
        return False
    question = BY_KEY[names[0]]
    if any(c.isdigit() for c in reading.text) or reading.taken_back is not None:
        return False
    if question.shape == "place" and named_in_sentence(turn.guide.places, reading.text):
        return False  # "je veux changer la commune pour Liévin": the commune named
    if question.shape == "choice" and choice_by_words(turn, reading, current, dry=True):
        return False
    return which_answer(turn, names)


def taken_back(turn: Turn, reading: Reading, current: str) -> bool:
    """A value taken back names the answer that held it: "pas 1200 mais 12000" (the total was
    1200), "pas à Lens, à Liévin" (the commune was Lens), "ce n'est pas une association, on
    est une mairie". The other side of the negation is the new value. An old value held by
    several answers asks which; one held by none is the current question's own."""
    if reading.taken_back is None:
        return False
    meant, other = reading.taken_back
    answers = turn.state.answers
    lang = turn.state.lang
    old, new = parse_amount(other, lang), parse_amount(meant, lang)
    if old.amount is not None and not old.problem and new.amount is not None and not new.problem:
        held = [
            k
            for k in AMOUNTS
            if k != current and known(answers, k) == old.amount and applies(k, answers, turn.k)
        ]
        fits = [(k, r) for k in held if (r := fits_answer(turn, k, meant)) is not None]
        named = reading.names_in(correction_shapes.names_table())
        if len(fits) > 1 and len([k for k, _r in fits if k in named]) == 1:
            fits = [(k, r) for k, r in fits if k in named]  # "la commune met 1000 et pas 3000"
        if len(fits) == 1:
            change(turn, BY_KEY[fits[0][0]], fits[0][1])
            return True
        if fits:
            which(turn, new.amount, [k for k, _r in fits])
            return True
        return False
    place = answers.get("place") or {}
    if place.get("insee") and current not in ("place",):
        was = turn.guide.places.locate(place_words(other))
        if was.status == "found" and was.commune and was.commune.insee == place["insee"]:
            return new_place(turn, place_words(meant), sentence=meant)
    role = answers.get("role")
    if role and interpret.role(other) == role:
        return new_choice(turn, BY_KEY["role"], meant)
    return False


def place_words(text: str) -> str:
    """The commune in "la commune c'est Liévin", "sorry, it's Douai": the words after the name
    of the answer, without the correction's own words."""
    words = Reading(text).after_name("place", correction_shapes.names_table().get("place", ()))
    return Reading(words).rest or words


def named(turn: Turn, reading: Reading, key: str) -> bool:
    """ "Le coût total c'est 12 000" at any step: the named answer, read by its question."""
    if key == "place":
        meant = reading.taken_back[0] if reading.taken_back else reading.text
        return new_place(turn, place_words(meant), sentence=meant)
    question = BY_KEY[key]
    if key == "fiche":
        return correction_shapes.new_fiche(turn, reading)
    if question.shape == "yes_no":
        said = correction_shapes.yes_no_said(turn, question, reading)
        if said is None and reading.corrects_firmly and "?" not in reading.text:
            return which_answer(turn, (key,))  # named, its value unread: ask, never guess
        if said is None or said.value == turn.state.answers.get(key):
            return False
        change(turn, question, said)
        return True
    if question.shape == "choice":
        return new_choice(
            turn, question, reading.taken_back[0] if reading.taken_back else reading.text
        )
    if question.shape != "amount" or question.validate is None:
        return False
    if reading.amount(key == "cofunding").amount is None:
        return False  # names the answer without a new amount: not a correction
    result = question.validate(reading.text, context(turn))
    if not isinstance(result, Accepted):
        return False
    change(turn, question, result)
    return True


def by_shape(turn: Turn, reading: Reading, current: str) -> bool:
    """A correction that names nothing ("non en fait c 12000", "plutôt 5000", "je voulais dire
    Douai"): the earlier answers whose shape the value fits. An amount that fits one answer
    changes it; several: the previous answer when the words say it is a correction ("en
    fait", "pardon"), else the person chooses (a bare "non" may answer the current question,
    which is then among the choices). A commune: the place, when the gazetteer is sure."""
    previous = reading.context.previous
    now = BY_KEY.get(current)
    firmly = reading.corrects_firmly
    if "?" in reading.text or held_by_none(reading):
        return False  # a question ("is 2000 wrong?"), or "2000 rather than nothing": this step's
    if not firmly and now is not None and now.shape != "amount" and accepts(turn, now, reading):
        return False  # "non, …" answers this yes / no question
    if code := postcode_of_commune(turn, reading):
        # "ah non pardon c'est 59200" just after "Roubaix": the commune of 59200; a postcode of
        # several communes (62300: Lens, Éleu-dit-Leauwette) offers them, as the place step does
        if new_place(turn, code):
            return True
        if turn.guide.places.locate(code).commune is None:
            place_step.locate(turn, code)
            return True
    parsed = reading.amount()
    if parsed.amount is not None and not parsed.problem:
        earlier = earlier_amounts(turn, current)
        fits = [(k, r) for k in earlier if (r := fits_answer(turn, k, reading.text)) is not None]
        if not fits:
            return False
        keys = [k for k, _r in fits]
        # "plutôt 1500" at the co-funding, the request given just before: both plausible, the
        # person chooses ("pardon 1500", a word of error, is the previous answer's)
        here = now is not None and now.shape == "amount" and accepts(turn, now, reading)
        if (
            firmly
            and (len(fits) == 1 or keys[0] == previous)
            and not (here and not reading.says_error)
        ):
            change(turn, BY_KEY[keys[0]], fits[0][1])
            return True
        if here:
            keys.append(current)  # "non 4000": perhaps this question's answer
        if len(keys) == 1:
            change(turn, BY_KEY[keys[0]], fits[0][1])
            return True
        which(turn, parsed.amount, keys)
        return True
    if (previous == "place" or firmly) and new_place(
        turn, reading.rest, sure=previous != "place", sentence=reading.text
    ):
        return True
    if not firmly and new_place(turn, reading.rest, sure=True):
        return True  # "non Liévin": a commune's very name after a "non" (never in a sentence)
    if firmly and by_previous(turn, reading):
        return True
    if firmly and choice_by_words(turn, reading, current):
        return True
    if firmly and says_nothing_more(turn, reading):
        # "je me suis trompé", "attendez j'ai fait une bêtise": which one? ("I need to fix the
        # total": that one's button only)
        return which_answer(turn, reading.names_in(correction_shapes.names_table()))
    return False


def postcode_of_commune(turn: Turn, reading: Reading) -> str:
    """A correction whose value is a postcode of the region ("ah non pardon c'est 59200", "oups
    c 62300") once a commune is given: that postcode (its commune is meant, not an amount: no
    amount answer takes a postcode's number right after a commune). "" when it holds none, or
    more numbers, or money words ("pardon c'est 59200 €"), or names another answer."""
    if "place" not in turn.state.answers:
        return ""
    if set(reading.names_in(correction_shapes.names_table())) - {"place"}:
        return ""  # "en fait le total c'est Roubaix 59100": another answer named (refused there)
    codes = _POSTCODE.findall(reading.rest)
    if len(codes) != 1 or len(re.findall(r"\d+", reading.rest)) > len(codes[0].split()):
        return ""
    if money_shape(reading.text, turn.state.lang) == "sure":
        return ""
    code = codes[0].replace(" ", "")
    located = turn.guide.places.locate(code)
    return code if located.status == "found" and located.postcode else ""


def by_previous(turn: Turn, reading: Reading) -> bool:
    """Right after an answer, a correction naming nothing whose words answer that question
    ("ah si en fait" after "Non", "pardon, des jeunes" after "Tous les publics"): that answer
    changed — the issue's rule, read against the previous question."""
    question = BY_KEY.get(reading.context.previous)
    if question is None or question.key not in turn.state.answers or "?" in reading.text:
        return False
    said = correction_shapes.previous_said(turn, reading, question)
    if said is None:
        return False
    if question.shape == "choice":
        said = Accepted(said.value, drop=(question.noted,) if question.noted else ())
    change(turn, question, said)
    return True


def held_by_none(reading: Reading) -> bool:
    """A value taken back that no earlier answer held (`taken_back` found none): what is meant
    is the current question's own ("2000 plutôt que rien", "1500 au lieu des 2000 prévus")."""
    if reading.taken_back is None:
        return False
    other = reading.taken_back[1]
    return parse_amount(other, reading.context.lang, nothing_is_zero=True).amount is not None


def choice_by_words(turn: Turn, reading: Reading, current: str, dry: bool = False) -> bool:
    """ "En fait c'est pour tout le monde", "en fait on fait du fonctionnement": the one earlier
    choice answer whose buttons the words pick (another than the one given)."""
    found = []
    for question in QUESTIONS:
        if question.shape != "choice" or question.key == current or question.validate is None:
            continue
        if question.key not in turn.state.answers:
            continue
        result = question.validate(reading.rest, context(turn))
        value = result.value if isinstance(result, Accepted) else None
        if value not in (None, "other", "unknown") and value != turn.state.answers[question.key]:
            found.append(question)
    if len(found) != 1 or dry:
        return len(found) == 1
    return new_choice(turn, found[0], reading.rest)


def accepts_here(turn: Turn, reading: Reading) -> bool:
    """Whether the current step takes the message: its question's validator, or the place."""
    if turn.state.step == "place":
        return bool(reading.place.status == "found")
    now = BY_STEP.get(turn.state.step)
    return now is not None and accepts(turn, now, reading)


def says_nothing_more(turn: Turn, reading: Reading) -> bool:
    """A correction's words and few others, no question, nothing the current step takes ("je
    dois corriger quelque chose", "hmm I think I made an error"; not "en fait je ne sais pas")."""
    if "?" in reading.text or reading.dont_know or reading.skip:
        return False
    if lexicon_dont_know(reading.rest) or lexicon_skip(reading.rest):
        return False
    return len(reading.rest.split()) <= MAX_WORDS_WHICH and not accepts_here(turn, reading)
