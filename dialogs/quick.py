"""Quick questions typed at any moment: answered from the FAQ, then the dialog resumes."""

from __future__ import annotations

from dialogs import interpret, questions, render
from dialogs.model import Choice
from dialogs.sheet_dialog import is_sheet_step
from dialogs.turn import MAX_SHORT, TurnBase
from knowledge.contacts import contact_card
from knowledge.faq import Answer

esc = render.esc


class QuickQuestions(TurnBase):
    """Quick questions typed at any moment."""

    # ------------------------------------------------------------------ quick questions
    def question(self, text: str) -> bool:
        """Answer a question typed at any moment, then resume the dialog; False when the text
        is an answer to the current step ("5000" at the amount step is never a question)."""
        explicit = self.state.mode == "question"
        if not text or len(text) > MAX_SHORT:
            return False
        if not explicit:
            if is_sheet_step(self.state.step):  # what they type here is their document
                return False
            if interpret.dont_know(text):
                return False
        answer = (
            self.guide.faq.ask(text, self.today)
            if explicit
            else questions.read(
                self.guide, self.state.step, text, self.today, self.state.lang, self.AMOUNT_STEPS
            )
        )
        if answer is None:
            return False  # an answer to the current step
        if answer.status in ("answered", "quoted"):
            self.say_answer(answer)
        else:
            self.say_unsure(answer)
        self.resume()
        return True

    def say_answer(self, answer: Answer) -> None:
        """A curated answer, or a passage of the documents quoted: each with its source."""
        assert answer.source is not None
        self.say(render.sourced(answer.text, answer.source, answer.lang))

    def say_unsure(self, answer: Answer) -> None:
        _ = self._
        people = esc(
            contact_card(
                self.k, (self.k.people[i] for i in self.k.general_contacts), self.state.lang
            )
        )
        # the documents do not say (and their two closest passages), or, for a call without
        # passages, a plain "not sure"
        text = esc(answer.text) or _("Je ne suis pas sûr de bien comprendre votre question.")
        if answer.alternatives:
            text += " " + _("Vouliez-vous demander :")
        text += "\n\n" + _("Sinon, l'équipe régionale vous répondra :") + "\n" + people
        choices = tuple(Choice(a.question[:60], f"faq|{a.id}") for a in answer.alternatives)
        self.say(text, choices)

    def resume(self) -> None:
        """After an answer: in question mode, invite the next one; otherwise re-ask the step."""
        if self.state.mode == "question":
            self.say(
                self._("Une autre question ? Écrivez-la. Pour reprendre le questionnaire :"),
                (Choice(self._("↩️ Reprendre"), "faq|resume"),),
            )
        elif self.state.step == "consent" and self.state.welcomed:
            self.ask_consent(short=True)
        elif self.state.step != "declined":
            self.ask()

    def faq_choice(self, entry_id: str) -> None:
        if entry_id == "resume" or entry_id not in self.guide.faq.by_id:
            self.state.mode = ""
            self.ask()
            return
        entry = self.guide.faq.by_id[entry_id]
        text = self.guide.faq.render(entry, self.state.lang, self.today)
        self.say(render.sourced(text, entry.source, self.state.lang))
        self.resume()
