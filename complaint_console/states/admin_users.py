"""/admin/users (accounts searched and paged, and the staff import), /admin/users/<username>
(one account: edit, deactivate, unlock, reset), /staff (an outlet manager's own staff) and
/set-password/<token> (a set-password link, no sign-in). Every handler checks its right again;
services/staff.py checks it once more."""

from __future__ import annotations

import csv
import io

import reflex as rx

from complaint_console.db import outlets as outlet_queries
from complaint_console.db import staff as staff_queries
from complaint_console.db.types import utcnow
from complaint_console.domain.access import Action
from complaint_console.domain.vocabulary import Role
from complaint_console.i18n.catalogue import translate
from complaint_console.services import staff
from complaint_console.settings import get_settings
from complaint_console.states.admin_list import AdminListState
from complaint_console.states.import_report import KEEP_PROBLEMS
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState, require_actor
from complaint_console.views.formatting import audit_rows

UPLOAD_ID = "users-file"
ROLES = [r.value for r in Role]


def set_password_link(token: str) -> str:
    return f"{get_settings().public_url}/set-password/{token}"


def _line(u: staff_queries.UserLine) -> dict[str, str]:
    now = utcnow()
    return {
        "username": u.username,
        "name": u.display_name,
        "role": u.role,
        "outlet": u.outlet_code or "",
        "email": u.email or "",
        "phone": u.phone or "",
        "active": "1" if u.active else "",
        "locked": "1" if u.locked_until is not None and u.locked_until > now else "",
        "must_change": "1" if u.must_change_password else "",
    }


class UsersState(AdminListState, rx.State):
    role: str = ""
    invited: int = 0  # new accounts of the last import, whose set-password links can be downloaded once
    _links: str = ""  # those links as CSV, kept on the server until downloaded

    async def _read(self) -> None:
        if await require_actor(self, Action.ADMINISTER) is None:
            self.rows, self.total = [], 0
            return
        query, role, status, page = self.query, self.role, self.status, self.page
        lines, self.total = await with_db(lambda db: staff_queries.users_page(db, query, role, status, page))
        self.rows = [_line(u) for u in lines]

    @rx.event
    async def set_role(self, value: str):
        self.role, self.page = (value if value in ROLES else ""), 0
        await self._read()

    @rx.event
    async def receive(self, files: list[rx.UploadFile]):
        """Keep the uploaded file, then import it in the background with progress."""
        self.invited, self._links = 0, ""
        if await self._keep_upload(files, staff.MAX_BYTES, "staff"):
            return [rx.clear_selected_files(UPLOAD_ID), UsersState.run]

    @rx.event(background=True)
    async def run(self):
        seen: set[str] = set()
        invitations: list[staff.Invitation] = []
        now = utcnow()

        def write(db, actor, rows, report) -> None:
            staff.import_chunk(db, actor, rows, seen, report, invitations, now)

        await self._import_kept(lambda content: staff.read_file(content, KEEP_PROBLEMS), write, staff.CHUNK)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["username", "set_password_link"])
        writer.writerows([i.username, set_password_link(i.token)] for i in invitations)
        async with self:
            self.invited, self._links = len(invitations), (out.getvalue() if invitations else "")
            await self._read()

    @rx.event
    async def download_links(self):
        """The new accounts' set-password links, once: they are gone from the server afterwards."""
        if await require_actor(self, Action.ADMINISTER) is None or not self._links:
            return
        data, self._links, self.invited = self._links.encode("utf-8-sig"), "", 0
        return rx.download(data=data, filename="set-password-links.csv", mime_type="text/csv")


EMPTY_FORM = {
    "username": "",
    "display_name": "",
    "role": Role.AGENT.value,
    "outlet_code": "",
    "email": "",
    "phone": "",
    "language": "zh",
}


class UserFormState(rx.State):
    loaded: bool = False
    found: bool = False
    is_new: bool = False
    form: dict[str, str] = dict(EMPTY_FORM)
    active: bool = True
    locked: bool = False
    must_change: bool = False
    errors: dict[str, str] = {}
    history: list[dict[str, str]] = []  # at most 50
    temporary_password: str = ""  # shown once, right after a create or reset
    link: str = ""  # a set-password link, shown once
    form_key: int = 0
    _user_id: int | None = None
    _credential_for: str = ""  # the new account whose page opens next still shows its one-time secret

    @rx.event
    async def load(self):
        self.loaded, self.found, self.errors, self.history = False, False, {}, []
        username = self.username
        if username != self._credential_for:
            self.temporary_password = self.link = ""
        self._credential_for = ""
        if await require_actor(self, Action.ADMINISTER) is not None:
            await self._read(username)
        self.loaded, self.form_key = True, self.form_key + 1

    async def _read(self, username: str) -> None:
        if username == "new":
            self.found, self.is_new, self._user_id, self.form, self.active = True, True, None, dict(EMPTY_FORM), True
            self.locked = self.must_change = False
            return
        self.is_new = False

        def read(db):
            found = staff_queries.user_by_username(db, username)
            return found, (outlet_queries.audit_lines(db, "user", found[0].id) if found else [])

        found, lines = await with_db(read)
        if found is None:
            return
        user, outlet_code = found
        self.found, self._user_id, self.active, self.must_change = True, user.id, user.active, user.must_change_password
        self.locked = user.locked_until is not None and user.locked_until > utcnow()
        self.form = {
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
            "outlet_code": outlet_code or "",
            "email": user.email or "",
            "phone": user.phone or "",
            "language": user.language,
        }
        self.history = audit_rows(lines)

    async def _say(self, key: str):
        return rx.toast.success(translate(key, (await self.get_state(SessionState)).lang))

    @rx.event
    async def save(self, form: dict):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None or not self.found:
            return
        typed = {k: str(form.get(k) or "") for k in EMPTY_FORM}
        if not self.is_new:
            typed["username"] = self.form["username"]
        self.form = typed  # a refused save keeps what was typed
        user_id, link, was_new = self._user_id, form.get("credential") == "link", self.is_new
        if was_new:
            outcome = await with_db(lambda db: staff.create(db, actor, typed, link=link))
        else:
            outcome = await with_db(lambda db: staff.update(db, actor, user_id, typed))
        self.errors = outcome.errors
        if outcome.errors:
            return
        username = typed["username"].strip().lower()
        await self._read(username)
        self._show_credential(outcome)
        self.form_key += 1
        toast = await self._say("users.saved")
        if not was_new:
            return toast
        self._credential_for = username
        return [rx.redirect(f"/admin/users/{username}", replace=True), toast]

    def _show_credential(self, outcome: staff.Outcome) -> None:
        self.temporary_password = outcome.password or ""
        self.link = set_password_link(outcome.token) if outcome.token else ""

    async def _act(self, step, key: str):
        actor = await require_actor(self, Action.ADMINISTER)
        if actor is None or self._user_id is None:
            return
        user_id = self._user_id
        outcome = await with_db(lambda db: step(db, actor, user_id))
        self.errors = outcome.errors
        if outcome.errors:
            return
        await self._read(self.form["username"])
        self._show_credential(outcome)
        return await self._say(key)

    @rx.event
    async def set_active(self, active: bool):
        active = bool(active)
        return await self._act(
            lambda db, a, u: staff.set_active(db, a, u, active), "users.reactivated" if active else "users.deactivated"
        )

    @rx.event
    async def unlock(self):
        return await self._act(staff.unlock, "users.unlocked")

    @rx.event
    async def reset_credential(self, link: bool):
        link = bool(link)
        return await self._act(lambda db, a, u: staff.reset_password(db, a, u, link), "users.reset_done")


class OutletStaffState(rx.State):
    """/staff: an outlet manager reads their own outlet's staff (nobody else's, whatever is sent)."""

    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 0

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // staff_queries.PAGE_SIZE))

    @rx.event
    async def load(self):
        self.page = 0
        await self._read()

    @rx.event
    async def turn(self, delta: int):
        self.page = max(0, min(self.page + int(delta), self.pages - 1))
        await self._read()

    async def _read(self) -> None:
        actor = await require_actor(self, Action.VIEW_OUTLET_STAFF)
        if actor is None or actor.outlet_id is None:
            self.rows, self.total = [], 0
            return
        outlet_id, page = actor.outlet_id, self.page
        lines, self.total = await with_db(lambda db: staff_queries.users_page(db, page=page, outlet_id=outlet_id))
        self.rows = [_line(u) for u in lines]


class SetPasswordState(rx.State):
    """/set-password/<token>: choose a password through the link an admin gave (no sign-in)."""

    valid: bool = False
    loaded: bool = False
    username: str = ""
    errors: dict[str, str] = {}
    done: bool = False

    def _token(self) -> str:
        return self.token[:100]

    @rx.event
    async def load(self):
        self.done, self.errors = False, {}
        user = await with_db(lambda db: staff.user_of_token(db, self._token()))
        self.valid, self.username, self.loaded = user is not None, user.username if user else "", True

    @rx.event
    async def submit(self, form: dict):
        token, new, confirm = self._token(), str(form.get("new") or ""), str(form.get("confirm") or "")
        self.errors = await with_db(lambda db: staff.set_password(db, token, new, confirm))
        self.done = not self.errors
        if self.errors.get("*"):
            self.valid = False
