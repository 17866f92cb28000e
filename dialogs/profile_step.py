"""Who is asking and for whom: the role and audience questions."""

from __future__ import annotations

from dialogs import interpret, render
from dialogs.table import (
    AUDIENCES,
    ROLES,
)
from dialogs.turn import TurnBase

esc = render.esc


class ProfileSteps(TurnBase):
    """Who is asking and for whom."""

    # ------------------------------------------------------------------ role
    def choice_role(self, value: str) -> None:
        if value not in ROLES:
            self.ask()
            return
        self.state.answers.pop("role_text", None)
        self.record("role", value)
        self.next_question()

    def text_role(self, text: str) -> None:
        value = interpret.role(text)
        if value is None and interpret.is_stray(text, min_words=2):
            self.say(
                self._(
                    "Je n'ai pas compris qui vous êtes. Touchez un bouton ci-dessous "
                    "(« Autre » si aucun ne convient), ou décrivez-vous en quelques mots."
                )
            )
            self.ask()
            return
        if value is None:
            self.state.answers["role_text"] = text
            value = "other"
        self.record("role", value)
        self.next_question()

    # ------------------------------------------------------------------ audience
    def choice_audience(self, value: str) -> None:
        if value not in AUDIENCES:
            self.ask()
            return
        self.state.answers.pop("audience_text", None)
        self.record("audience", value)
        self.next_question()

    def text_audience(self, text: str) -> None:
        value = interpret.audience(text)
        if value is None and interpret.is_stray(text, min_words=2):
            self.say(
                self._(
                    "Je n'ai pas compris pour qui est le projet. Touchez un bouton, ou "
                    "décrivez le public en quelques mots (par exemple « des familles du "
                    "quartier »)."
                )
            )
            self.ask()
            return
        if value is None:
            self.state.answers["audience_text"] = text
            value = "other"
        self.record("audience", value)
        self.next_question()
