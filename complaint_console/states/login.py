"""The login form."""

from __future__ import annotations

import reflex as rx

from complaint_console.services import auth
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState


class LoginState(rx.State):
    username_error: str = ""
    password_error: str = ""
    form_error: str = ""

    @rx.event
    async def submit(self, form: dict):
        username = (form.get("username") or "").strip()
        password = form.get("password") or ""
        self.username_error = "" if username else "login.username_required"
        self.password_error = "" if password else "login.password_required"
        self.form_error = ""
        if self.username_error or self.password_error:
            return
        client = self.router.session.client_ip or self.router.session.client_token  # behind a proxy: TRUSTED_PROXY_HOPS
        result = await with_db(lambda db: auth.login(db, username, password, client=client))  # Argon2 takes ~100 ms: off the loop
        if result.token is None:
            self.form_error = result.error_key or "login.invalid"
            return
        return await (await self.get_state(SessionState))._sign_in(result.token, result.actor)
