"""Alibaba Cloud SMS: `SendSms` (dysmsapi, version 2017-05-25) over the RPC-style HTTP API,
signed with signature version 1.0 (HMAC-SHA1 over the canonicalized query string)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import datetime
from urllib.parse import quote

import httpx

from complaint_console.domain.sms_templates import mainland_digits
from complaint_console.services.sms.base import HTTP_TIMEOUT, SmsConfig, SmsError

ENDPOINT = "https://dysmsapi.aliyuncs.com/"
VERSION = "2017-05-25"
REGION = "cn-hangzhou"

PERMANENT_CODES = {
    "isv.MOBILE_NUMBER_ILLEGAL",
    "isv.MOBILE_COUNT_OVER_LIMIT",
    "isv.SMS_TEMPLATE_ILLEGAL",
    "isv.TEMPLATE_MISSING_PARAMETERS",
    "isv.INVALID_PARAMETERS",
    "isv.INVALID_JSON_PARAM",
    "isv.PARAM_LENGTH_LIMIT",
    "isv.PARAM_NOT_SUPPORT_URL",
    "isv.SMS_SIGNATURE_ILLEGAL",
    "isv.BLACK_KEY_CONTROL_LIMIT",
    "isv.SMS_CONTENT_ILLEGAL",
    "isv.SMS_SIGN_ILLEGAL",
}
"""A number, template or parameter the provider refuses: the same request never succeeds.
Every other code (throttling isv.BUSINESS_LIMIT_CONTROL / Throttling.User, isp.* system
errors, credentials, balance, unknown) is retried, so throttling passes and fixing it delivers."""


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the signature wants it: only A-Z a-z 0-9 - _ . ~ stay as they are."""
    return quote(value, safe="-_.~")


def signature(params: dict[str, str], secret: str, method: str = "GET") -> str:
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def request_params(config: SmsConfig, phone: str, template: str, values: list[tuple[str, str]], now: datetime) -> dict[str, str]:
    params = {
        "AccessKeyId": config.access_key_id,
        "Action": "SendSms",
        "Format": "JSON",
        "PhoneNumbers": mainland_digits(phone),
        "RegionId": config.region or REGION,
        "SignName": config.sign_name,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "TemplateCode": template,
        "TemplateParam": json.dumps(dict(values), ensure_ascii=False, separators=(",", ":")),
        "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": VERSION,
    }
    params["Signature"] = signature(params, config.access_key_secret)
    return params


def send(config: SmsConfig, phone: str, template: str, values: list[tuple[str, str]], now: datetime) -> str:
    """Send one SMS; the provider's BizId. Raises SmsError."""
    params = request_params(config, phone, template, values, now)
    query = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in params.items())
    url = (config.endpoint or ENDPOINT).rstrip("/") + "/?" + query
    try:
        response = httpx.get(url, timeout=HTTP_TIMEOUT)
    except httpx.HTTPError as exc:
        raise SmsError(f"aliyun: {type(exc).__name__}: {exc}") from exc
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or "Code" not in answer:
        raise SmsError(f"aliyun answered HTTP {response.status_code}: {response.text[:200]}")
    code, message = str(answer.get("Code")), str(answer.get("Message") or "")
    if code == "OK":
        return str(answer.get("BizId") or "")
    request_id = answer.get("RequestId") or ""
    detail = f"aliyun {code}: {message} (HTTP {response.status_code}, RequestId {request_id})"
    raise SmsError(detail, permanent=code in PERMANENT_CODES)
