"""The amounts (total, request, its parts by kind, local co-funding) and the non-cumul
question: read as people type them, explained and re-asked when they do not fit."""

from __future__ import annotations

from decimal import Decimal

from dialogs import render
from dialogs.table import (
    PARTS,
)
from dialogs.turn import TurnBase
from knowledge.money import parse_amount

esc = render.esc


class AmountSteps(TurnBase):
    """The amounts (total, request, its parts by kind, local co-funding) and the non-cumul."""

    # ------------------------------------------------------------------ money
    def text_total(self, text: str) -> None:
        amount = self.amount(text, allow_zero=False)
        if amount is None:
            return
        answers = self.state.answers
        for key in ("request", *PARTS, "cofunding"):  # an edit that makes later amounts impossible
            if (value := self.known(key)) is not None and value > amount:
                answers.pop(key)
        parts = [self.known(key) for key in PARTS]
        if sum(p for p in parts if p is not None) > amount:
            for key in PARTS:
                answers.pop(key, None)
        requested = self.requested()
        cofunding = self.known("cofunding")
        if requested is not None and cofunding is not None and requested + cofunding > amount:
            answers.pop("cofunding")
        self.record("total", str(amount))
        self.note(self._("J'ai noté un coût total de {amount}.").format(amount=self.money(amount)))
        self.next_question()

    def text_request(self, text: str) -> None:
        self.set_request("request", text)

    def text_request_investment(self, text: str) -> None:
        self.set_request("request_investment", text)

    def text_request_operating(self, text: str) -> None:
        self.set_request("request_operating", text)

    def set_request(self, key: str, text: str) -> None:
        """Record the request (or one of its parts): together they stay within the total."""
        amount = self.amount(text, allow_zero=False)
        if amount is None:
            return
        total = self.known("total")
        others = Decimal(0)
        if key in PARTS:
            others = sum(
                (v for k in PARTS if k != key and (v := self.known(k)) is not None), Decimal(0)
            )
        asked = amount + others
        if total is not None and asked > total:
            self.say(
                self._(
                    "La somme demandée à la Région ({amount}) ne peut pas dépasser le "
                    "coût total du projet ({total})."
                ).format(amount=self.money(asked), total=self.money(total))
            )
            self.ask()
            return
        cofunding = self.known("cofunding")
        if total is not None and cofunding is not None and asked + cofunding > total:
            self.state.answers.pop("cofunding")
        self.record(key, str(amount))
        self.note(
            self._("J'ai noté {amount} demandés à la Région.").format(amount=self.money(amount))
        )
        self.next_question()

    def choice_cof(self, value: str) -> None:
        self.text_cofunding(value or "0")

    def text_cofunding(self, text: str) -> None:
        amount = self.amount(text, allow_zero=True)
        if amount is None:
            return
        total, request = self.known("total"), self.requested()
        if total is not None and amount > total:
            self.say(
                self._(
                    "Le co-financement ({amount}) ne peut pas dépasser le coût total du "
                    "projet ({total})."
                ).format(amount=self.money(amount), total=self.money(total))
            )
            self.ask()
            return
        if total is not None and request is not None and amount + request > total:
            self.say(
                self._(
                    "Avec {request} demandés à la Région, le co-financement local ne peut "
                    "pas dépasser {rest} (coût total : {total})."
                ).format(
                    request=self.money(request),
                    rest=self.money(total - request),
                    total=self.money(total),
                )
            )
            self.ask()
            return
        self.record("cofunding", str(amount))
        self.note(
            self._("J'ai noté {amount} de co-financement local.").format(amount=self.money(amount))
        )
        self.next_question()

    def choice_amt(self, value: str) -> None:
        """One of the amounts offered after a range ("3 000 € ou 4 000 € ?")."""
        readers = {
            "total": self.text_total,
            "request": self.text_request,
            "request_investment": self.text_request_investment,
            "request_operating": self.text_request_operating,
            "cofunding": self.text_cofunding,
        }
        handler = readers.get(self.state.step)
        if handler is None:
            self.ask()
            return
        handler(value)

    def amount(self, text: str, allow_zero: bool) -> Decimal | None:
        """Parse an amount or explain the problem and re-ask (returns None then)."""
        _ = self._
        parsed = parse_amount(text, self.state.lang, nothing_is_zero=allow_zero)
        if parsed.problem in ("range", "ambiguous") and len(parsed.values) == 2:
            low, high = parsed.values
            question = (
                _(
                    "Vous hésitez entre {low} et {high} ? J'ai besoin d'un seul montant : "
                    "lequel dois-je retenir ? Touchez-le, ou écrivez le montant exact."
                )
                if parsed.problem == "range"
                else _("Voulez-vous dire {low} ou {high} ? Touchez le bon montant.")
            )
            self.say(
                question.format(low=self.money(low), high=self.money(high)),
                (
                    self.button(self.money(low), f"amt:{low}"),
                    self.button(self.money(high), f"amt:{high}"),
                    self.dk_button(),
                ),
                columns=2,
            )
            return None
        several = ", ".join(self.money(v) for v in parsed.values)
        if parsed.problem == "several_numbers" and self.state.step == "cofunding":
            total = sum(parsed.values, Decimal(0))
            self.say(
                _(
                    "J'ai vu plusieurs montants ({amounts}). Faut-il les additionner "
                    "({total} au total) ? Touchez le total, ou écrivez le bon montant."
                ).format(amounts=several, total=self.money(total)),
                (
                    self.button(
                        _("Le total : {total}").format(total=self.money(total)), f"amt:{total}"
                    ),
                    self.dk_button(),
                ),
            )
            return None
        problems = {
            "empty": _("Je n'ai pas reconnu de montant."),
            "not_a_number": _("Je n'ai pas reconnu de montant."),
            "several_numbers": _(
                "J'ai vu plusieurs montants ({amounts}) : indiquez un seul montant (s'il "
                "faut les additionner, écrivez le total)."
            ).format(amounts=several)
            if parsed.values
            else _("J'ai vu plusieurs nombres : indiquez un seul montant."),
            "currency": _("Indiquez le montant en euros, s'il vous plaît."),
            "bound": _(
                "J'ai besoin du montant lui-même, même approximatif, pas une limite "
                "(« plus de », « moins de »)."
            ),
            "per_period": _(
                "Indiquez le montant total pour tout le projet, pas par mois ou par an."
            ),
            "negative": _("Un montant ne peut pas être négatif."),
            "too_large": _("Ce montant semble trop élevé : vérifiez le nombre de zéros."),
            "percent": _("Indiquez un montant en euros, pas un pourcentage."),
        }
        message = problems.get(parsed.problem or "")
        if message is None and parsed.amount == 0 and not allow_zero:
            message = _("Le montant doit être supérieur à 0 €.")
        if message is not None:
            self.say(
                message
                + " "
                + _("Écrivez par exemple « 2 000 € », « 2000 », « 2k » ou « deux mille euros ».")
            )
            self.ask()
            return None
        return parsed.amount

    def amount_unknown(self, step: str) -> None:
        """'Je ne sais pas' at an amount step: noted as "à préciser"; the verdict says what
        it could not check and who can tell."""
        _ = self._
        place = self.state.answers.get("place") or {}
        messages = {
            "total": _(
                "D'accord, le coût total est noté « à préciser » (votre budget prévisionnel "
                "ou vos devis le donneront). Sans lui, je ne pourrai pas vérifier la part "
                "de co-financement local."
            ),
            "request": _(
                "D'accord, la demande à la Région est notée « à préciser ». Le résultat "
                "vous rappellera le plancher et le plafond de votre fiche pour la fixer."
            ),
            "cofunding": _(
                "D'accord, le co-financement local est noté « à préciser ». Votre commune "
                "ou votre intercommunalité ({epci}) peut vous dire ce qu'elle apportera."
            ).format(epci=esc(place.get("epci_name") or "—")),
        }
        self.record(step, None)
        self.note(messages.get(step, messages["request"]))
        self.next_question()

    # ------------------------------------------------------------------ activity programme
    def choice_act(self, value: str) -> None:
        self.tristate("activity", value)

    def text_activity(self, text: str) -> None:
        self.tristate_text("activity", text)
