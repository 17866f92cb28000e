"""Every state the dialog can reach gives a fiche synthétique: unknown amounts (each one, and
all), fiche 4's two parts, skipped questions, an inhabitant, a commune outside the region
given first, English. The sheet's amounts are the verdict's (one reading of the answers)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from dialogs.fields import rules_input as answers_for_rules
from dialogs.flow import Guide
from dialogs.model import Event
from dialogs.odt import BLANK, sheet_file
from dialogs.render import visible_length
from dialogs.sheet import build, snapshot
from dialogs.sheet_dialog import is_sheet_step
from knowledge.money import format_money
from tests.dialog_driver import CLOSED, OPEN, Chat
from tests.odt_reader import read_odt

UNKNOWN = None  # an amount answered "je ne sais pas"


def amount(chat: Chat, value: str | None) -> None:
    if value is UNKNOWN:
        chat.tap("sais pas" if chat.state.lang == "fr" else "know")
    else:
        chat.text(value)


def walk(
    guide: Guide,
    *,
    fiche: int,
    kind: str = "Fonctionnement",
    amounts: tuple[str | None, ...] = ("10000", "3000", "3000"),
    role: str = "association",
    lang: str = "fr",
    outside_first: bool = False,
    today=OPEN,  # type: ignore[no-untyped-def]
) -> Chat:
    """To the verdict through the real dialog, then the sheet with every question skipped."""
    chat = Chat(guide, today, lang=lang)
    chat.start()
    chat.tap(role)
    if outside_first:
        chat.text("Beauvais")
    chat.text("Lens")
    chat.tap("quartier" if lang == "fr" else "neighbourhood")
    chat.tap(f"({fiche})")
    values = list(amounts)
    if fiche == 4:
        chat.tap("Oui" if lang == "fr" else "Yes")
        chat.tap(kind)
    while chat.state.step in (
        "total",
        "request",
        "request_investment",
        "request_operating",
        "cofunding",
    ):
        amount(chat, values.pop(0) if values else UNKNOWN)
    if chat.state.step == "activity":
        chat.tap("Non" if lang == "fr" else "No")
    chat.tap("Voir le résultat" if lang == "fr" else "See the result")
    assert chat.state.step == "verdict", chat.state.step
    chat.tap("📄")
    while is_sheet_step(chat.state.step):
        chat.tap("⏭")
    assert chat.replies[0].attachment == "sheet"
    # a file's caption holds 1,024 characters on Telegram: longer notes go in the next message
    assert visible_length(chat.replies[0].text) < 1024
    return chat


def check(guide: Guide, chat: Chat) -> None:
    snap = snapshot(chat.state, chat.today)
    data, _name = sheet_file(guide.knowledge, snap)
    fields = read_odt(data).fields()
    rules = answers_for_rules(chat.state.answers)
    lang = chat.state.lang
    label = "Coût total du projet" if lang == "fr" else "Total project cost"
    expected = format_money(rules.total, lang) if rules.total is not None else BLANK
    assert fields[label] == expected
    request = fields["Demande à la Région" if lang == "fr" else "Request to the Region"]
    if rules.request is None:
        assert request == BLANK
    else:
        assert request.startswith(format_money(rules.request, lang))
    assert build(guide.knowledge, snap).text()  # the model too
    # fiche 4's parts: the amount of a kind the project has, « — » for the kind it has not
    # (a known value), a labelled blank where the amount or the kind is not known
    parts = {k: v for k, v in fields.items() if k.startswith(("Part ", "Investment", "Operating"))}
    for label, value in parts.items():
        kind = (
            "investment" if ("investissement" in label or "Investment" in label) else "operating"
        )
        amount = rules.parts.get(kind)
        if amount is not None:
            assert value.startswith(format_money(amount, lang)), (label, value)
        elif rules.kind in ("investment", "operating"):
            assert value == "—", (label, value)
        else:
            assert value == BLANK, (label, value)
    others = fields["Autres financements" if lang == "fr" else "Other funding"]
    known = None not in (rules.total, rules.request, rules.cofunding)
    if not known:
        assert others == BLANK
    elif rules.total >= rules.request + rules.cofunding:  # type: ignore[operator]
        rest = rules.total - rules.request - rules.cofunding  # type: ignore[operator]
        assert others.startswith(format_money(rest, lang))
    for value in fields.values():
        assert value and value.strip() != "", "every line has a value or dots to write on"


AMOUNT_CASES = list(itertools.product(("10000", UNKNOWN), ("3000", UNKNOWN), ("3000", UNKNOWN)))


@pytest.mark.parametrize("amounts", AMOUNT_CASES)
def test_any_amount_unknown_still_gives_the_sheet(guide: Guide, amounts: tuple) -> None:  # type: ignore[type-arg]
    check(guide, walk(guide, fiche=1, amounts=amounts))


@pytest.mark.parametrize(
    "amounts",
    [
        ("50000", "20000", "8000", "0"),
        ("50000", UNKNOWN, "8000", "0"),
        (UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN),
    ],
)
def test_fiche_4_in_two_parts(guide: Guide, amounts: tuple) -> None:  # type: ignore[type-arg]
    chat = walk(guide, fiche=4, kind="Les deux", amounts=amounts)
    check(guide, chat)
    fields = read_odt(sheet_file(guide.knowledge, snapshot(chat.state, OPEN))[0]).fields()
    parts = [v for k, v in fields.items() if k.startswith("Part ")]
    rules = answers_for_rules(chat.state.answers)
    shown = [rules.request_investment, rules.request_operating]
    for value, part in zip(parts, shown, strict=True):
        assert (value == BLANK) == (part is None)
        if part is not None:
            assert value.startswith(format_money(part, "fr"))
    if rules.request is not None:
        assert rules.request == sum(p for p in shown if p is not None)


@pytest.mark.parametrize(
    "options",
    [
        {"fiche": 1, "role": "habitant"},
        {"fiche": 2, "role": "habitant", "amounts": (UNKNOWN, UNKNOWN, UNKNOWN)},
        {"fiche": 3, "outside_first": True},
        {"fiche": 4, "kind": "Investissement", "today": CLOSED},
        {"fiche": 4, "kind": "Je ne sais pas", "amounts": (UNKNOWN, "2000", UNKNOWN)},
        {"fiche": 1, "lang": "en", "amounts": (UNKNOWN, "3000", UNKNOWN)},
        {"fiche": 4, "lang": "en", "kind": "Both", "amounts": ("30000", UNKNOWN, "2000", "0")},
    ],
)
def test_every_kind_of_person_gets_the_sheet(guide: Guide, options: dict) -> None:  # type: ignore[type-arg]
    check(guide, walk(guide, **options))


def test_the_sheet_shows_the_amounts_the_verdict_checked(guide: Guide) -> None:
    """One reading of the answers: the verdict's. A request in two parts is their sum."""
    chat = walk(guide, fiche=4, kind="Les deux", amounts=("50000", "20000", "8000", "0"))
    assert answers_for_rules(chat.state.answers).request == Decimal("28000")
    fields = read_odt(sheet_file(guide.knowledge, snapshot(chat.state, OPEN))[0]).fields()
    assert fields["Demande à la Région"].startswith(format_money(Decimal("28000"), "fr"))
    assert Event  # (imported for readers following the driver)
