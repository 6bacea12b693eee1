"""/track: public tracking by complaint number and the last 4 digits of the phone."""

from __future__ import annotations

import reflex as rx

from complaint_console.services import tracking
from complaint_console.states.offload import with_db
from complaint_console.views.formatting import business_time


class TrackState(rx.State):
    searched: bool = False
    found: bool = False
    throttled: bool = False
    number: str = ""
    stage: str = ""
    outlet: str = ""
    expected_by: str = ""
    steps: list[dict[str, str]] = []
    prefill_number: str = ""

    @rx.event
    def prefill(self):
        """`/track?number=CP-…` (the API's tracking_url) fills in the number."""
        self.prefill_number = self.router.url.query_parameters.get("number", "").strip().upper()[:20]

    @rx.event
    async def lookup(self, form: dict):
        client = self.router.session.client_ip or self.router.session.client_token
        number, tail = str(form.get("number", "")), str(form.get("phone_tail", ""))
        result = await with_db(lambda db: tracking.track(db, client, number, tail))
        self.searched, self.found, self.throttled = True, result.found, result.throttled
        self.number, self.stage, self.outlet = result.number, result.stage, result.outlet
        self.expected_by = business_time(result.expected_by)
        self.steps = [{"stage": s.stage, "at": business_time(s.at)} for s in result.steps]
