"""How one outbox item leaves the building, per channel. Each sender either returns the
status the item ends in ("sent") or raises `DeliveryError` with the reason,
which the outbox keeps in `last_error` and retries with back-off.

- in_app: nothing leaves; the item is "sent" and the recipient's bell shows it.
- email: SMTP from SMTP_URL, multipart text + HTML in the recipient's language.
- webhook: a JSON POST to WEBHOOK_URL, signed with WEBHOOK_SECRET (HMAC-SHA256 of the raw body).
- sms: through the provider SMS_PROVIDER names (services/sms, docs/sms.md). Without one,
  the message waits in the outbox (`DeliveryHeld`), so configuring a provider later sends it.

`DeliveryHeld`: not an attempt (nothing tried); the item stays pending and is looked at again
later. `DeliveryRefused`: the receiver refused for good (a bad number or template); the item
is dead at once instead of retrying the same refusal 8 times.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

import httpx

from complaint_console.i18n.catalogue import LANGUAGES, translate
from complaint_console.services import sms
from complaint_console.settings import get_settings

SMTP_TIMEOUT = 30  # seconds; well under OUTBOX_LOCK_SECONDS, so a claim outlives its attempt
WEBHOOK_TIMEOUT = 10
SIGNATURE_HEADER = "X-CC-Signature"
TIMESTAMP_HEADER = "X-CC-Timestamp"


class DeliveryError(Exception):
    """The attempt failed; the message says why (kept in `notification.last_error`)."""


class DeliveryHeld(DeliveryError):
    """The channel cannot send yet (not configured): wait, do not count an attempt."""


class DeliveryRefused(DeliveryError):
    """Refused for good: retrying the same message cannot succeed."""


@dataclass(frozen=True)
class Item:
    """What a sender needs of a claimed notification (read before the claim is committed)."""

    id: int
    channel: str
    recipient: str
    kind: str
    dedupe_key: str
    subject: str
    body: str
    payload: dict
    created_at: datetime
    ticket_number: str | None
    language: str
    files: tuple[tuple[str, str, bytes], ...] = ()  # e-mail attachments: (file name, MIME type, content)


def message_id(dedupe_key: str) -> str:
    """A Message-ID that is the same on every attempt, so a receiver can drop a repeat."""
    return f"<{hashlib.sha256(dedupe_key.encode()).hexdigest()[:40]}@complaint-console>"


def sign(body: bytes, secret: str) -> str:
    """The webhook signature header's value: `sha256=` + hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str) -> bool:
    """What a receiver does with the header (constant-time compare)."""
    return hmac.compare_digest(sign(body, secret), header or "")


def send_in_app(item: Item, now: datetime) -> str:
    return "sent"


def send_sms(item: Item, now: datetime) -> str:
    """A customer notice through the configured SMS provider (its template and values)."""
    node = item.payload.get("node") or item.kind.removeprefix("customer_")
    try:
        sms.send(node, item.recipient, {**item.payload, "number": item.ticket_number or item.payload.get("number")})
    except sms.NotConfigured as exc:
        raise DeliveryHeld(str(exc)) from exc
    except sms.SmsError as exc:
        raise (DeliveryRefused if exc.permanent else DeliveryError)(str(exc)) from exc
    return "sent"


# -- e-mail -------------------------------------------------------------------------------


def build_email(item: Item, sender: str) -> EmailMessage:
    lang = item.language if item.language in LANGUAGES else "en"
    footer = translate("notify.email_footer", lang)
    msg = EmailMessage()
    msg["Subject"] = item.subject or translate("app.name", lang)
    msg["From"] = sender
    msg["To"] = item.recipient
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(item.dedupe_key)
    if item.ticket_number:
        msg["X-CC-Ticket"] = item.ticket_number
    lines = [item.body]
    if item.ticket_number:
        lines.append(f"{translate('notify.email_ticket', lang)} {item.ticket_number}")
    msg.set_content("\n\n".join([*lines, "-- ", footer]))
    paragraphs = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in lines)
    msg.add_alternative(
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><body>'
        f'{paragraphs}<hr><p style="color:#666;font-size:12px">{html.escape(footer)}</p></body></html>',
        subtype="html",
    )
    msg["Content-Language"] = "zh-CN" if lang == "zh" else "en"  # after set_content, which drops Content-*
    for name, mime, content in item.files:
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return msg


def _smtp_connect(url: str) -> smtplib.SMTP:
    """smtp://[user:pass@]host[:port] (plain), smtp+starttls://… (STARTTLS), smtps://… (TLS)."""
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), parts.hostname or "localhost"
    if scheme == "smtps":
        conn: smtplib.SMTP = smtplib.SMTP_SSL(host, parts.port or 465, timeout=SMTP_TIMEOUT, context=ssl.create_default_context())
    elif scheme in ("smtp", "smtp+starttls"):
        conn = smtplib.SMTP(host, parts.port or (587 if scheme == "smtp+starttls" else 25), timeout=SMTP_TIMEOUT)
        if scheme == "smtp+starttls":
            conn.starttls(context=ssl.create_default_context())
    else:
        raise DeliveryError(f"SMTP_URL has an unknown scheme {scheme!r} (smtp, smtp+starttls or smtps)")
    if parts.username:
        conn.login(unquote(parts.username), unquote(parts.password or ""))
    return conn


def send_email(item: Item, now: datetime) -> str:
    settings = get_settings()
    if not settings.smtp_url:
        raise DeliveryError("SMTP_URL is not set: e-mail cannot be sent")
    if "@" not in item.recipient:
        raise DeliveryError(f"not an e-mail address: {item.recipient!r}")
    message = build_email(item, settings.smtp_from)
    try:
        conn = _smtp_connect(settings.smtp_url)
        try:
            conn.send_message(message)
        finally:
            # The server took the message with its reply to DATA. Hang up without waiting for
            # QUIT's reply, so that "sent" is recorded right after the acceptance: the gap in
            # which a crash makes the one repeat the outbox allows is as short as it can be.
            conn.close()
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP: {type(exc).__name__}: {exc}") from exc
    return "sent"


# -- webhook ------------------------------------------------------------------------------


def webhook_body(item: Item, now: datetime) -> bytes:
    """The JSON the receiver gets. `msgtype` and `text.content` are the shape WeCom and
    DingTalk group robots read; the other fields are for receivers of our own."""
    text = "\n".join(x for x in (item.subject, item.body) if x)
    document = {
        "msgtype": "text",
        "text": {"content": text},
        "id": item.id,
        "kind": item.kind,
        "subject": item.subject,
        "body": item.body,
        "ticket_number": item.ticket_number,
        "dedupe_key": item.dedupe_key,
        "language": item.language,
        "created_at": item.created_at.isoformat(),
        "timestamp": int(now.timestamp()),
        "payload": item.payload,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def send_webhook(item: Item, now: datetime) -> str:
    settings = get_settings()
    if not settings.webhook_url:
        raise DeliveryError("WEBHOOK_URL is not set: the webhook cannot be called")
    body = webhook_body(item, now)
    headers = {"Content-Type": "application/json; charset=utf-8", TIMESTAMP_HEADER: str(int(now.timestamp()))}
    if settings.webhook_secret:
        headers[SIGNATURE_HEADER] = sign(body, settings.webhook_secret)
    try:
        response = httpx.post(settings.webhook_url, content=body, headers=headers, timeout=WEBHOOK_TIMEOUT)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook: {type(exc).__name__}: {exc}") from exc
    if not response.is_success:
        raise DeliveryError(f"webhook answered HTTP {response.status_code}: {response.text[:200]}")
    try:  # WeCom and DingTalk answer 200 with a non-zero errcode when they refuse a message
        answer = response.json()
    except ValueError:
        answer = None
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0):
        raise DeliveryError(f"webhook refused the message: errcode {answer.get('errcode')} {answer.get('errmsg', '')}")
    return "sent"


SENDERS = {"in_app": send_in_app, "email": send_email, "webhook": send_webhook, "sms": send_sms}
