"""/complain: the public form. Fields arrive first, then the evidence files; the service
records both together or neither."""

from __future__ import annotations

import reflex as rx

from complaint_console.domain import evidence
from complaint_console.domain.intake import ComplaintInput, description_problem, validate
from complaint_console.i18n.catalogue import translate
from complaint_console.services import public_intake
from complaint_console.states.offload import with_db
from complaint_console.states.session import SessionState

REMEDIES = ("apology", "redelivery", "compensation", "refund", "other")


def _description(form: dict, lang: str) -> str:
    """What happened, with when, where and the remedy wanted, as one readable text in the
    customer's language (the remedy by its name, not its code)."""
    parts = [str(form.get("what") or "").strip()]
    for key in ("when", "where", "remedy"):
        if value := str(form.get(key) or "").strip():
            shown = translate(f"complain.remedy.{value}", lang) if key == "remedy" and value in REMEDIES else value
            parts.append(f"{translate(f'complain.desc_{key}', lang)}: {shown}")
    return "\n".join(parts)


async def _refused_before_reading(client: str, files: list[rx.UploadFile]) -> public_intake.Filed | None:
    """Too many files, a file too large, or a client whose uploads were refused too often: answered
    from the sizes the server already knows, before a byte of any file is read into memory."""
    problems = evidence.size_problems([f.size for f in files])

    def check(db) -> public_intake.Filed | None:
        if public_intake.upload_refused_too_often(db, client):
            return public_intake.Filed(errors={"*": "complain.throttled"})
        return public_intake.refuse_upload(db, client, problems[0]) if problems else None

    return await with_db(check)


class ComplainState(rx.State):
    errors: dict[str, str] = {}
    number: str = ""
    answer: str = ""
    _pending: dict = {}

    @rx.event
    def files_refused(self, rejected: list[dict]):
        """The drop zone refused files (a type other than JPG, PNG or PDF): say so next to the field,
        in the customer's language (instead of the widget's own English toast)."""
        self.errors = self.errors | {"evidence": "evidence.wrong_type"}

    @rx.event
    def take_fields(self, form: dict):
        self._pending, self.errors = dict(form), {}

    @rx.event
    async def receive(self, files: list[rx.UploadFile]):
        form = self._pending
        lang = (await self.get_state(SessionState)).lang
        data = ComplaintInput(
            waybill_no=str(form.get("waybill_no") or ""),
            customer_name=str(form.get("customer_name") or ""),
            customer_phone=str(form.get("customer_phone") or ""),
            channel="web",
            category=str(form.get("category") or ""),
            description=_description(form, lang),
            customer_language=lang,
            customer_email=str(form.get("customer_email") or ""),
        )
        own_words = description_problem(str(form.get("what") or ""))  # before When/Where/Remedy are added to it
        if own_words is not None:
            self.errors = {k: v for k, v in validate(data.normalised()).items() if k != "description"} | {"what": own_words}
            return
        client = self.router.session.client_ip or self.router.session.client_token  # behind a proxy: TRUSTED_PROXY_HOPS
        result = await _refused_before_reading(client, files)
        if result is None:  # never more than MAX_BYTES + 1 of a file in memory, and only files that may be kept
            contents = [(f.filename or f.name or "evidence", await f.read(evidence.MAX_BYTES + 1)) for f in files]
            result = await with_db(lambda db: public_intake.file_complaint(db, client, data, contents))
        errors = dict(result.errors)
        if "description" in errors:
            errors["what"] = errors.pop("description")
        self.errors, self.number, self.answer = errors, result.number or "", result.answer
        if result.number:
            return rx.clear_selected_files("evidence")
