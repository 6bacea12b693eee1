"""hq_admin: who else receives the weekly report (services/report_mail.py). Every handler re-checks ADMINISTER."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from complaint_console.db.models import Region
from complaint_console.domain.access import Action
from complaint_console.services import report_mail
from complaint_console.states.offload import with_db
from complaint_console.states.session import require_actor

SHOWN = 200  # a region's director or two per region, and a few HQ addresses: far fewer in practice


class ReportRecipientsState(rx.State):
    rows: list[dict[str, str]] = []
    regions: list[str] = []
    form: dict[str, str] = {}  # what was typed, kept when the form is refused
    errors: dict[str, str] = {}
    added: bool = False

    @rx.event
    async def load(self):
        self.errors, self.added, self.form = {}, False, {"scope": "region", "language": "zh"}
        if await require_actor(self, Action.ADMINISTER) is None:
            self.rows, self.regions = [], []
            return
        await self._read()

    async def _read(self) -> None:
        found, self.regions = await with_db(
            lambda db: (report_mail.recipients(db)[:SHOWN], list(db.exec(select(Region.code).order_by(Region.code)).all()))
        )
        self.rows = [
            {
                "id": str(r.id),
                "scope": r.scope,
                "region": r.region or "",
                "email": r.email,
                "name": r.name,
                "language": "中文" if r.language == "zh" else "English",
            }
            for r in found
        ]

    @rx.event
    async def set_field(self, name: str, value: str):
        self.form = {**self.form, name: value}

    @rx.event
    async def add(self, form: dict):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None:
            return
        values = {**self.form, **{k: str(v) for k, v in form.items()}}
        self.form = values
        self.errors = await with_db(lambda db: report_mail.add_recipient(db, actor, values))
        self.added = not self.errors
        if self.added:
            self.form = {"scope": values.get("scope", "region"), "language": values.get("language", "zh")}
            await self._read()

    @rx.event
    async def remove(self, recipient_id: str):
        if await require_actor(self, Action.ADMINISTER) is None or not recipient_id.isdigit():
            return
        await with_db(lambda db: report_mail.remove_recipient(db, int(recipient_id)))
        self.added = False
        await self._read()
