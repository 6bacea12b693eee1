"""Tencent Cloud SMS: `SendSms` (sms.tencentcloudapi.com, version 2021-01-11), a JSON POST
signed with TC3-HMAC-SHA256 (API signature v3)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx

from complaint_console.domain.sms_templates import e164
from complaint_console.services.sms.base import HTTP_TIMEOUT, SmsConfig, SmsError

HOST = "sms.tencentcloudapi.com"
SERVICE = "sms"
VERSION = "2021-01-11"
REGION = "ap-guangzhou"
CONTENT_TYPE = "application/json; charset=utf-8"

PERMANENT_PREFIXES = ("InvalidParameterValue.", "InvalidParameter.", "UnsupportedOperation.", "MissingParameter.")
PERMANENT_CODES = {
    "FailedOperation.TemplateIncorrectOrUnapproved",
    "FailedOperation.SignatureIncorrectOrUnapproved",
    "FailedOperation.PhoneNumberInBlacklist",
    "FailedOperation.PhoneNumberParseFail",
    "FailedOperation.ContainSensitiveWord",
    "FailedOperation.MissingTemplateToModify",
}
"""The number, template or parameters are refused: the same request never succeeds. Every
other code (AuthFailure.*, LimitExceeded.*, RequestLimitExceeded, InternalError.*, balance,
unknown) is retried, so throttling passes and fixing credentials delivers."""


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(secret_id: str, secret_key: str, host: str, body: bytes, timestamp: int) -> str:
    """The Authorization header for a POST of `body` (JSON) to `host` at `timestamp`."""
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical_request = "\n".join(
        ["POST", "/", "", f"content-type:{CONTENT_TYPE}\nhost:{host}\n", "content-type;host", hashlib.sha256(body).hexdigest()]
    )
    scope = f"{date}/{SERVICE}/tc3_request"
    string_to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"
    signing_key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), SERVICE), "tc3_request")
    signature = hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


def is_permanent(code: str) -> bool:
    return code in PERMANENT_CODES or code.startswith(PERMANENT_PREFIXES)


def send(config: SmsConfig, phone: str, template: str, values: list[tuple[str, str]], now: datetime) -> str:
    """Send one SMS; the provider's SerialNo. Raises SmsError."""
    url = config.endpoint or f"https://{HOST}/"
    host = urlsplit(url).netloc
    body = json.dumps(
        {
            "PhoneNumberSet": [e164(phone)],
            "SmsSdkAppId": config.sdk_app_id,
            "SignName": config.sign_name,
            "TemplateId": template,
            "TemplateParamSet": [value for _, value in values],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    timestamp = int(now.timestamp())
    headers = {
        "Authorization": authorization(config.access_key_id, config.access_key_secret, host, body, timestamp),
        "Content-Type": CONTENT_TYPE,
        "Host": host,
        "X-TC-Action": "SendSms",
        "X-TC-Version": VERSION,
        "X-TC-Timestamp": str(timestamp),
        "X-TC-Region": config.region or REGION,
    }
    try:
        response = httpx.post(url, content=body, headers=headers, timeout=HTTP_TIMEOUT)
    except httpx.HTTPError as exc:
        raise SmsError(f"tencent: {type(exc).__name__}: {exc}") from exc
    try:
        answer = response.json()["Response"]
    except (ValueError, KeyError, TypeError):
        raise SmsError(f"tencent answered HTTP {response.status_code}: {response.text[:200]}") from None
    request_id = answer.get("RequestId") or ""
    if error := answer.get("Error"):
        code = str(error.get("Code"))
        raise SmsError(f"tencent {code}: {error.get('Message', '')} (RequestId {request_id})", permanent=is_permanent(code))
    statuses = answer.get("SendStatusSet") or []
    if not statuses:
        raise SmsError(f"tencent answered without a SendStatusSet (RequestId {request_id})")
    status = statuses[0]
    code = str(status.get("Code"))
    if code == "Ok":
        return str(status.get("SerialNo") or "")
    raise SmsError(f"tencent {code}: {status.get('Message', '')} (RequestId {request_id})", permanent=is_permanent(code))
