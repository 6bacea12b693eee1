"""/survey/<token>: the customer's satisfaction survey, from the signed link (no login).

Every handler checks the token again (`services.surveys`); a bad link gets only its
refusal, never the ticket's data."""

from __future__ import annotations

import reflex as rx

from complaint_console.db.types import utcnow
from complaint_console.services import surveys
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState


class SurveyState(rx.State):
    status: str = "loading"  # loading | form | refused | thanks
    refusal: str = ""  # tampered | expired | used
    reopened: bool = False
    number: str = ""
    outlet: str = ""
    errors: dict[str, str] = {}
    _language_set_for: str = ""  # the token whose customer language was applied once

    def _token(self) -> str:
        return self.survey_token

    def _refuse(self, reason: str) -> None:
        self.status, self.refusal, self.number, self.outlet, self.errors = "refused", reason, "", "", {}

    @rx.event
    async def load(self):
        token = self._token()
        self.status, self.refusal, self.reopened, self.errors = "loading", "", False, {}
        opened = await with_db(lambda db: surveys.open_survey(db, token, utcnow()))
        if opened.refusal is not None:
            self._refuse(opened.refusal.value)
            return
        self.status, self.number, self.outlet = "form", opened.number, opened.outlet
        if self._language_set_for != token:  # the customer's language, once; the switch still works
            self._language_set_for = token
            (await self.get_state(SessionState)).lang = opened.language

    @rx.event
    def picked(self, _value: str):
        """A rating was chosen: its "choose a rating" message has done its job."""
        self.errors = {k: v for k, v in self.errors.items() if k != "rating"}

    @rx.event
    async def submit(self, form: dict):
        token, rating, comment = self._token(), form.get("rating", ""), str(form.get("comment") or "")
        result = await with_db(lambda db: surveys.answer(db, token, rating, comment, utcnow()))
        if result.refusal is not None:
            self._refuse(result.refusal.value)
        elif not result.ok:
            self.errors = result.problems
        else:
            self.status, self.reopened, self.errors = "thanks", result.reopened, {}
