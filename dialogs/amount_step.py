"""The amounts when the person does not know them: noted "à préciser", with who can tell.
(Reading an amount is a validator in `dialogs.validators`, applied by `dialogs.form`.)"""

from __future__ import annotations

from dialogs import render
from dialogs.turn import TurnBase

esc = render.esc


class AmountSteps(TurnBase):
    """An amount the person does not know."""

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
