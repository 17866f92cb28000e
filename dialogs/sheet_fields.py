"""The fiche synthétique's own questions: their order, when they apply, how a typed answer is
read, and the words that skip one.

Asked after the verdict (see `dialogs.sheet_dialog`): five about the project, then the
applicant's identity (legal form, address, contact person, phone, e-mail, SIRET or RNA
number), each skippable. A skipped question stays a labelled blank on the document, to fill
by hand. A typed answer is read here into a value, or a reason to ask again (the answer is
then not recorded: nothing is lost, nothing wrong is printed). Pure: no Telegram, no storage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.i18n import N_
from knowledge.lexicon import dont_know, lexicon, skip, skip_in_clauses
from knowledge.reading import Reading
from knowledge.text import PHONE_IN_TEXT, normalize, phone_digits

PROJECT_FIELDS = ("title", "structure", "partners", "participation", "timing")
IDENTITY_FIELDS = ("legal_form", "address", "contact_name", "phone", "email", "registration")
# Stored under answers["sheet"] in this order; an empty string means "skipped".
SHEET_FIELDS = PROJECT_FIELDS + IDENTITY_FIELDS
LONG_FIELDS = ("partners", "participation")  # a few sentences, not a few words
# Only a structure has a legal form and a SIRET or RNA number (not an inhabitant alone).
STRUCTURE_ONLY = ("legal_form", "registration")

QUESTIONS = {
    "title": N_("Quel est le titre de votre projet ? (quelques mots)"),
    "structure": N_(
        "Quel est le nom de la structure qui porte le projet (association, collectif, commune…) ?"
    ),
    "partners": N_(
        "Avec quels partenaires travaillez-vous ? (par exemple : centre social, bailleur, "
        "école, commune…)"
    ),
    "participation": N_(
        "Comment les habitants participent-ils au projet ? L'appel en fait une condition : "
        "dites en quelques phrases comment ils le construisent et le portent."
    ),
    "timing": N_("Quand le projet doit-il se dérouler ? (par exemple « de mars à juin 2015 »)"),
    "legal_form": N_(
        "Quelle est la forme juridique de la structure ? (par exemple « association loi 1901 », "
        "« commune », « SCIC »)"
    ),
    "address": N_("Quelle est l'adresse postale du porteur du projet ?"),
    "contact_name": N_("Qui est la personne à contacter pour ce projet ? (prénom, nom, fonction)"),
    "phone": N_("Quel est son numéro de téléphone ? (par exemple 03 21 12 34 56)"),
    "email": N_("Quelle est son adresse e-mail ?"),
    "registration": N_(
        "Quel est le numéro SIRET de la structure (14 chiffres) ou son numéro RNA "
        "d'association (W suivi de 9 chiffres) ?"
    ),
}
# The document's label for each answer (the blank stays labelled when it is skipped).
LABELS = {
    "title": N_("Titre du projet"),
    "structure": N_("Structure porteuse"),
    "timing": N_("Calendrier prévu"),
    "legal_form": N_("Forme juridique"),
    "address": N_("Adresse"),
    "contact_name": N_("Personne à contacter"),
    "phone": N_("Téléphone"),
    "email": N_("E-mail"),
    "registration": N_("N° SIRET ou RNA"),
}


def is_skip(text: str) -> bool:
    """Whether a typed answer asks to skip the question ("passer", "skip", "je sais pas",
    "plus tard"…), or says it in clauses with its reason (« on saute celle-ci, on ne sait pas
    encore »): it is then never saved as the answer. Whole answers only ("Passer le
    permis" is a title, "Aucun" an answer); the words are data (knowledge/data/lexicon.toml)."""
    return skip(text) or dont_know(text) or skip_in_clauses(text)


def applies(field: str, answers: Mapping[str, Any]) -> bool:
    """Whether the question is asked for these answers (a structure's only for a structure)."""
    return field not in STRUCTURE_ONLY or answers.get("role") != "inhabitant"


def fields_for(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The sheet's questions asked for these answers, in order."""
    return tuple(f for f in SHEET_FIELDS if applies(f, answers))


# ---------------------------------------------------------------------------- readers
@dataclass(frozen=True, slots=True)
class Read:
    """A typed answer read: its value, or (value None) the reason to ask again."""

    value: str | None
    reason: str = ""


Reader = Callable[[str], Read]


def luhn(digits: str) -> bool:
    """The Luhn key of a SIREN or SIRET number (INSEE)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


# La Poste's establishments share one SIREN; their SIRET has its own key (sum of digits % 5).
_LA_POSTE = "356000000"


def siret_ok(digits: str) -> bool:
    if digits.startswith(_LA_POSTE) and digits != _LA_POSTE + "00048":
        return sum(int(d) for d in digits) % 5 == 0
    return luhn(digits)


def read_registration(text: str) -> Read:
    """A SIRET (14 digits, Luhn key) or an RNA number (W and 9 digits), written the usual way."""
    compact = re.sub(r"[\s.\-/]", "", text).upper()
    if re.fullmatch(r"W\d{9}", compact):
        return Read(compact)
    if compact.startswith("W"):
        return Read(
            None,
            N_(
                "Un numéro RNA s'écrit W suivi de 9 chiffres (par exemple W623001234). "
                "Vérifiez-le, ou touchez « Passer » pour le laisser à compléter."
            ),
        )
    if compact.isdigit() and len(compact) == 14:
        if siret_ok(compact):
            return Read(f"{compact[:3]} {compact[3:6]} {compact[6:9]} {compact[9:]}")
        return Read(
            None,
            N_(
                "Ce numéro SIRET n'est pas valide (sa clé de contrôle ne correspond pas) : "
                "un chiffre est sans doute mal recopié. Vérifiez-le sur l'avis de situation "
                "SIRENE, ou touchez « Passer »."
            ),
        )
    if compact.isdigit() and len(compact) == 9:
        return Read(
            None,
            N_(
                "Ce sont les 9 chiffres du SIREN : il faut le SIRET complet, 14 chiffres "
                "(le SIREN suivi des 5 chiffres de l'établissement). Ou touchez « Passer »."
            ),
        )
    return Read(
        None,
        N_(
            "Je n'ai pas reconnu un numéro SIRET (14 chiffres) ni un numéro RNA (W suivi de "
            "9 chiffres). Recopiez-le, ou touchez « Passer » pour le laisser à compléter."
        ),
    )


def read_phone(text: str) -> Read:
    """The whole field is one number: a French one (the pattern every layer uses,
    `knowledge.text.PHONE_IN_TEXT`), shown as its ten digits in pairs; or another country's
    (+ and 7 to 15 digits), as typed without spaces. Stricter than finding a phone in text."""
    spaced = re.sub(r"[\s/]+", " ", text).strip()
    if PHONE_IN_TEXT.fullmatch(spaced):
        digits = phone_digits(spaced)
        return Read(" ".join(digits[i : i + 2] for i in range(0, 10, 2)))
    compact = re.sub(r"[\s.\-()/]", "", text)
    if re.fullmatch(r"\+(?!33)\d{7,15}", compact):
        return Read(compact)
    return Read(
        None,
        N_(
            "Je n'ai pas reconnu un numéro de téléphone : 10 chiffres, par exemple "
            "03 21 12 34 56 (ou +33 3 21 12 34 56). Ou touchez « Passer »."
        ),
    )


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-']+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


def read_email(text: str) -> Read:
    address = text.strip().strip("<>").strip()
    if _EMAIL.fullmatch(address) and ".." not in address:
        local, domain = address.rsplit("@", 1)
        return Read(f"{local}@{domain.lower()}")
    return Read(
        None,
        N_(
            "Je n'ai pas reconnu une adresse e-mail, par exemple prenom.nom@exemple.fr. "
            "Ou touchez « Passer »."
        ),
    )


# A complaint is read as one only in a short message: a longer answer may hold its words ("c'est
# long à construire avec les habitants").
COMPLAINT_WORDS = 6


def read_words(text: str) -> Read:
    """Any words are the field's answer, except words that answer nothing of it: a bare "oui",
    "ok" or "bonjour", or a complaint ("c'est nul ce truc"): they were saved in the document
    (« Structure porteuse : oui »). "non" and "aucun" stay answers (no partners yet)."""
    key = normalize(text)
    words = key.split()
    lex = lexicon()
    if (
        key in lex.yes
        or (words and all(w in lex.filler and w not in lex.no for w in words))
        or (len(words) <= COMPLAINT_WORDS and Reading(text).aside == "complaint")
    ):
        return Read(
            None,
            N_(
                "Je n'ai pas noté ce message dans le document : écrivez la réponse en "
                "quelques mots, ou touchez « Passer » pour la laisser à compléter."
            ),
        )
    return Read(text.strip())


READERS: dict[str, Reader] = {
    "phone": read_phone,
    "email": read_email,
    "registration": read_registration,
}


def read(field: str, text: str) -> Read:
    """A typed answer to one of the sheet's questions, read by that question's reader."""
    return READERS.get(field, read_words)(text)
