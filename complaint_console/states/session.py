"""The signed-in session: the session cookie (read, never kept), language, header data and the page guard.

Every other state's handler calls `require_actor`, which resolves the token against
the server-side session table on each event, so a page guard is never the only check.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import TypeVar
from urllib.parse import quote

import reflex as rx
from sqlmodel import Session

from complaint_console.db.engine import session_scope
from complaint_console.db.models import Outlet
from complaint_console.domain.access import PASSWORD_CHANGE, Action, Actor, home_of, may, may_open, navigation_for
from complaint_console.i18n.catalogue import HTML_LANG, preferred_language
from complaint_console.observability.events import event_user
from complaint_console.services import auth, sms
from complaint_console.services.sla import holiday_data_warnings
from complaint_console.states.offload import in_thread, with_db

T = TypeVar("T")


def _navigate(path: str) -> rx.event.EventSpec:
    """A real page load of a backend route (rx.redirect would route inside the single-page app)."""
    return rx.call_script(f"window.location.assign({json.dumps(path)})")


def _cookie(header: str, name: str) -> str:
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return ""
    return jar[name].value if name in jar else ""


class SessionState(rx.State):
    """The session token is the HttpOnly cookie that /auth/session set (api/session.py): read from
    the headers of the event's own connection, never kept in state (so never in a delta)."""

    # 简体中文 unless the browser prefers English (or the user chose): decided once, then kept.
    lang: str = rx.Cookie("zh", name="cc_lang", max_age=365 * 24 * 3600, same_site="lax")
    lang_chosen: str = rx.Cookie("", name="cc_lang_chosen", max_age=365 * 24 * 3600, same_site="lax")
    user_name: str = ""
    role: str = ""
    outlet_label: str = ""
    outlet_code: str = ""
    allowed_routes: list[str] = []
    session_expired: bool = False
    must_change_password: bool = False
    holiday_data_missing: str = ""
    sms_missing: str = ""  # hq_admin: why customers receive no SMS ("" when a provider is set)

    def _session_token(self) -> str:
        return _cookie(self.router.headers.cookie, auth.SESSION_COOKIE)

    def _current_actor(self) -> Actor | None:
        with session_scope() as db:
            return auth.resolve(db, self._session_token())

    async def _show(self, actor: Actor) -> None:
        self.user_name = actor.display_name
        self.role = actor.role.value
        self.must_change_password = actor.must_change_password
        self.allowed_routes = [PASSWORD_CHANGE] if actor.must_change_password else [i.route for i in navigation_for(actor.role)]
        admin = may(actor, Action.ADMINISTER)

        def read(db):
            outlet = db.get(Outlet, actor.outlet_id) if actor.outlet_id is not None else None
            return outlet, (holiday_data_warnings(db) if admin else [])

        outlet, years = await with_db(read) if admin or actor.outlet_id is not None else (None, [])
        self.outlet_label = f"{outlet.code} · {outlet.name}" if outlet else ""
        self.outlet_code = outlet.code if outlet else ""
        self.holiday_data_missing = ", ".join(str(y) for y in years)
        self.sms_missing = (sms.problem() or "") if admin else ""

    def _forget(self) -> None:
        self.user_name = self.role = self.outlet_label = ""
        self.allowed_routes = []
        self.holiday_data_missing = ""
        self.sms_missing = ""

    def _html_lang(self) -> rx.event.EventSpec:
        """<html lang> follows the language shown (screen readers, fonts, translation tools)."""
        return rx.call_script(f"document.documentElement.lang = '{HTML_LANG[self.lang]}'")

    @rx.event
    def detect_language(self):
        """on_load of every page: the browser's preference, the first time; <html lang> always."""
        if self.lang not in HTML_LANG:
            self.lang, self.lang_chosen = "zh", ""
        if not self.lang_chosen:
            self.lang = preferred_language(self.router.headers.accept_language, "zh")
            self.lang_chosen = "browser"
        return self._html_lang()

    @rx.event
    async def guard(self):
        """on_load of every staff page: signed in, and the page belongs to the role."""
        actor = await in_thread(self._current_actor)
        if actor is None:
            self.session_expired = bool(self._session_token())
            self._forget()
            return rx.redirect("/login")
        await self._show(actor)
        path = self.router.url.path.rstrip("/")
        if not may_open(actor, path):
            return rx.redirect(home_of(actor))
        if path == "/scores" and not may(actor, Action.VIEW_NETWORK_SCORES):
            # outlet staff see their own outlet's scores only: that page is their /scores
            return rx.redirect(f"/scores/{self.outlet_code}" if self.outlet_code else home_of(actor))

    @rx.event
    async def go_home(self):
        """on_load of `/`: the role's home, or the login page."""
        actor = await in_thread(self._current_actor)
        return rx.redirect(home_of(actor) if actor else "/login")

    async def _sign_in(self, token: str, actor: Actor) -> rx.event.EventSpec:
        """Hand the new session to the browser: a one-time code, exchanged at /auth/session for the
        HttpOnly cookie by a real page load (the new connection then carries the cookie)."""
        code = await with_db(lambda db: auth.handoff(db, token))
        self.session_expired = False
        await self._show(actor)
        return _navigate(f"/auth/session?code={code}&next={quote(home_of(actor))}")

    @rx.event
    async def logout(self):
        token = self._session_token()
        await with_db(lambda db: auth.logout(db, token))
        self._forget()
        return _navigate("/auth/signed-out")

    @rx.event
    def toggle_language(self):
        self.lang, self.lang_chosen = ("zh" if self.lang == "en" else "en"), "user"
        return self._html_lang()


async def require_actor(state: rx.State, action: Action | None = None) -> Actor | None:
    """The actor behind the event's session, if signed in (and allowed `action`)."""
    session = await state.get_state(SessionState)
    return await checked_actor(state, await in_thread(session._current_actor), action)


async def checked_actor(state: rx.State, actor: Actor | None, action: Action | None = None) -> Actor | None:
    """What `require_actor` makes of a resolved session: the actor if allowed `action`, else None;
    an ended session is forgotten and the page says so."""
    session = await state.get_state(SessionState)
    if actor is None and session._session_token():
        # Signed out elsewhere, deactivated or expired: this event is refused, and the page says so.
        session._forget()
        session.session_expired = True
    if actor is None or (action is not None and not may(actor, action)):
        return None
    event_user.set(actor.user_id)  # for the event's log line
    return actor


def read_as(token: str, action: Action | None, read: Callable[[Session, Actor], T]) -> Callable[[Session], tuple]:
    """For `with_db`: resolve the session `token` and, if it may do `action`, `read(db, actor)`, in one
    trip to the database; gives (actor or None, result or None). Pass the actor to `checked_actor`."""

    def work(db: Session) -> tuple[Actor | None, T | None]:
        actor = auth.resolve(db, token)
        if actor is None or (action is not None and not may(actor, action)):
            return actor, None
        return actor, read(db, actor)

    return work


async def with_actor(state: rx.State, action: Action, read: Callable[[Session, Actor], T]) -> tuple[Actor | None, T | None]:
    """`require_actor` and `with_db(read)` in one trip to a worker thread and the database (for the
    busiest events): (None, None) when the session may not do `action`."""
    token = (await state.get_state(SessionState))._session_token()
    actor, result = await with_db(read_as(token, action, read))
    actor = await checked_actor(state, actor, action)
    return (actor, result) if actor is not None else (None, None)
