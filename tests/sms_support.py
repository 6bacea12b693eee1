"""Local stand-ins for the SMS providers' HTTP APIs, for delivery tests.

Each server checks every request's signature by the provider's documented algorithm,
implemented here from the documentation on its own (it never calls the app's signer, so a
wrong signer fails the tests), and answers with the provider's response JSON: success,
throttling for the first `throttle` requests, permanent refusals, or HTTP 503 while `down`.

- Alibaba Cloud SMS `SendSms` (RPC style, signature version 1.0): StringToSign =
  "GET&%2F&" + percentEncode(canonicalized query), HMAC-SHA1 keyed with AccessKeySecret + "&",
  Base64. percentEncode: RFC 3986 on UTF-8 bytes; only A-Z a-z 0-9 - _ . ~ stay unencoded.
- Tencent Cloud SMS `SendSms` 2021-01-11 (signature v3, TC3-HMAC-SHA256): the canonical
  request (method, URI, query, lower-cased signed headers, signed header names, SHA-256 of
  the body), string to sign "TC3-HMAC-SHA256\\n{ts}\\n{date}/sms/tc3_request\\n{hash}", key
  chain HMAC("TC3"+key, date) → "sms" → "tc3_request".
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

KEY_ID = "LTAI-test-key-id"
KEY_SECRET = "test-secret/with+odd=chars"
SIGN_NAME = "快递投诉中心"
SDK_APP_ID = "1400000001"

# notice kind → (template id, variable names), as an operator registers them (docs/sms.md)
TEMPLATES = {
    "accepted": ("SMS_100000001", ("number",)),
    "handed_to_outlet": ("SMS_100000002", ("number", "outlet")),
    "remedy_proposed": ("SMS_100000003", ("number",)),
    "resolved": ("SMS_100000004", ("number",)),
    "answer": ("SMS_100000005", ("number",)),
    "survey": ("SMS_100000006", ("number", "link")),
}


def template_env() -> dict[str, str]:
    return {f"SMS_TEMPLATE_{kind.upper()}": code for kind, (code, _) in TEMPLATES.items()}


class ProviderServer:
    """A threaded HTTP server on 127.0.0.1 (free port); `sent` keeps the messages it accepted."""

    name = ""

    def __init__(self, throttle: int = 0, throttle_code: str = "", refuse: dict[str, str] | None = None) -> None:
        self.throttle, self.throttle_code = throttle, throttle_code
        self.refuse = refuse or {}  # phone number (as the provider sees it) → error code
        self.down = False
        self.sent: list[dict] = []  # {"phone", "template", "params", "sign_name"}
        self.requests = self.verified = self.bad_signatures = self.throttled = 0
        self.nonces: set[str] = set()
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                owner._serve(self)

            def do_POST(self):  # noqa: N802
                owner._serve(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def env(self, **extra: str) -> dict[str, str]:
        values = {
            "SMS_PROVIDER": self.name,
            "SMS_ACCESS_KEY_ID": KEY_ID,
            "SMS_ACCESS_KEY_SECRET": KEY_SECRET,
            "SMS_SIGN_NAME": SIGN_NAME,
            "SMS_ENDPOINT": self.url,
            **template_env(),
        }
        if self.name == "tencent":
            values["SMS_SDK_APP_ID"] = SDK_APP_ID
        return {**values, **extra}

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        with self.lock:
            self.requests += 1
            if self.down:
                status, answer = 503, {"message": "Service Unavailable"}
            else:
                status, answer = self.answer(request, body)
        raw = json.dumps(answer, ensure_ascii=False).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json;charset=utf-8")
        request.send_header("Content-Length", str(len(raw)))
        request.end_headers()
        request.wfile.write(raw)

    def answer(self, request: BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict]:
        raise NotImplementedError

    def _accept(self, phone: str, template: str, params, sign_name: str) -> str | None:
        """After the signature: the error code to answer with, or None when sent."""
        if self.throttled < self.throttle:
            self.throttled += 1
            return self.throttle_code
        if phone in self.refuse:
            return self.refuse[phone]
        self.sent.append({"phone": phone, "template": template, "params": params, "sign_name": sign_name})
        return None

    def kinds(self) -> list[str]:
        by_code = {code: kind for kind, (code, _) in TEMPLATES.items()}
        return [by_code.get(m["template"], "?") for m in self.sent]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- Alibaba Cloud ------------------------------------------------------------------------

UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def rfc3986(text: str) -> str:
    return "".join(chr(b) if b in UNRESERVED else f"%{b:02X}" for b in text.encode("utf-8"))


def aliyun_expected_signature(params: dict[str, str], secret: str) -> str:
    pairs = sorted((rfc3986(k), rfc3986(v)) for k, v in params.items() if k != "Signature")
    canonical = "&".join(f"{k}={v}" for k, v in pairs)
    string_to_sign = "GET&" + rfc3986("/") + "&" + rfc3986(canonical)
    return base64.b64encode(hmac.new((secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()).decode()


class AliyunServer(ProviderServer):
    name = "aliyun"

    def __init__(self, throttle: int = 0, throttle_code: str = "isv.BUSINESS_LIMIT_CONTROL", **kw) -> None:
        super().__init__(throttle, throttle_code, **kw)

    @staticmethod
    def _error(status: int, code: str, message: str) -> tuple[int, dict]:
        return status, {"Code": code, "Message": message, "RequestId": str(uuid.uuid4()).upper()}

    def answer(self, request, body):
        if request.command != "GET":
            return self._error(400, "UnsupportedHTTPMethod", "use GET")
        pairs = parse_qsl(urlsplit(request.path).query, keep_blank_values=True)
        params = dict(pairs)
        fixed = {
            "Action": "SendSms",
            "Version": "2017-05-25",
            "Format": "JSON",
            "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0",
        }
        for name in (
            "AccessKeyId",
            "RegionId",
            "SignatureNonce",
            "Timestamp",
            "Signature",
            "PhoneNumbers",
            "SignName",
            "TemplateCode",
            *fixed,
        ):
            if not params.get(name):
                return self._error(400, "MissingParameter", f"{name} is mandatory for this action.")
        if any(params[k] != v for k, v in fixed.items()):
            return self._error(400, "InvalidParameter", f"common parameters must be {fixed}")
        stamp = datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if abs(stamp.timestamp() - time.time()) > 15 * 60:
            return self._error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
        if params["SignatureNonce"] in self.nonces:
            return self._error(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
        if params["AccessKeyId"] != KEY_ID:
            return self._error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if not hmac.compare_digest(aliyun_expected_signature(params, KEY_SECRET), params["Signature"]):
            self.bad_signatures += 1
            return self._error(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")
        self.verified += 1
        self.nonces.add(params["SignatureNonce"])
        template = params["TemplateCode"]
        wanted = {code: names for code, names in TEMPLATES.values()}.get(template)
        if wanted is None:
            return self._error(200, "isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板")
        try:
            values = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            return self._error(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值")
        if sorted(values) != sorted(wanted) or not all(isinstance(v, str) for v in values.values()):
            return self._error(200, "isv.TEMPLATE_MISSING_PARAMETERS", "模版缺少变量")
        if any(len(v) > 35 for k, v in values.items() if k != "link"):
            return self._error(200, "isv.PARAM_LENGTH_LIMIT", "参数超出长度限制")
        if not re.fullmatch(r"1\d{10}", params["PhoneNumbers"]) and params["PhoneNumbers"] not in self.refuse:
            return self._error(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        code = self._accept(params["PhoneNumbers"], template, values, params["SignName"])
        if code is None:
            return 200, {"Code": "OK", "Message": "OK", "BizId": f"{uuid.uuid4().int % 10**18}^0", "RequestId": str(uuid.uuid4())}
        messages = {
            "isv.BUSINESS_LIMIT_CONTROL": "触发分钟级流控Permits:1",
            "Throttling.User": "Request was denied due to user flow control.",
        }
        return self._error(400 if code.startswith("Throttling") else 200, code, messages.get(code, code))


# -- Tencent Cloud ------------------------------------------------------------------------

AUTH = re.compile(
    r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/sms/tc3_request, "
    r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})"
)


def tencent_expected_signature(secret_key: str, headers, signed: str, body: bytes, timestamp: int, date: str) -> str:
    canonical_headers = "".join(f"{name}:{(headers.get(name) or '').strip().lower()}\n" for name in signed.split(";"))
    canonical_request = f"POST\n/\n\n{canonical_headers}\n{signed}\n{hashlib.sha256(body).hexdigest()}"
    string_to_sign = (
        f"TC3-HMAC-SHA256\n{timestamp}\n{date}/sms/tc3_request\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"
    )
    key = ("TC3" + secret_key).encode()
    for part in (date, "sms", "tc3_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


class TencentServer(ProviderServer):
    name = "tencent"

    def __init__(self, throttle: int = 0, throttle_code: str = "LimitExceeded.PhoneNumberThirtySecondLimit", **kw) -> None:
        super().__init__(throttle, throttle_code, **kw)

    @staticmethod
    def _error(code: str, message: str) -> tuple[int, dict]:
        return 200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": str(uuid.uuid4())}}

    def answer(self, request, body):
        h = request.headers
        if request.command != "POST" or h.get("X-TC-Action") != "SendSms" or h.get("X-TC-Version") != "2021-01-11":
            return self._error("InvalidAction", "X-TC-Action SendSms, X-TC-Version 2021-01-11, POST")
        if not h.get("X-TC-Region"):
            return self._error("MissingParameter", "The request is missing a required parameter `Region`.")
        match = AUTH.fullmatch(h.get("Authorization") or "")
        if match is None or not (h.get("X-TC-Timestamp") or "").isdigit():
            return self._error("AuthFailure.InvalidAuthorization", "Authorization header is malformed.")
        secret_id, date, signed, signature = match.groups()
        timestamp = int(h["X-TC-Timestamp"])
        if abs(timestamp - time.time()) > 300:
            return self._error("AuthFailure.SignatureExpire", "Signature expired.")
        if date != datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d") or "host" not in signed.split(";"):
            return self._error("AuthFailure.InvalidAuthorization", "credential date or signed headers invalid")
        if secret_id != KEY_ID:
            return self._error("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
        if not hmac.compare_digest(tencent_expected_signature(KEY_SECRET, h, signed, body, timestamp, date), signature):
            self.bad_signatures += 1
            return self._error("AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
        self.verified += 1
        if self.throttle_code == "RequestLimitExceeded" and self.throttled < self.throttle:
            self.throttled += 1
            return self._error("RequestLimitExceeded", "Your current request times exceeds the limit.")
        document = json.loads(body)
        if document.get("SmsSdkAppId") != SDK_APP_ID:
            return self._error("InvalidParameterValue.SdkAppIdNotExist", "SdkAppId does not exist.")
        wanted = {code: names for code, names in TEMPLATES.values()}.get(document.get("TemplateId"))
        if wanted is None:
            return self._error("FailedOperation.TemplateIncorrectOrUnapproved", "template is not approved or not found")
        params = document.get("TemplateParamSet") or []
        if len(params) != len(wanted) or not all(isinstance(p, str) for p in params):
            return self._error("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", "parameters do not match")
        (phone,) = document.get("PhoneNumberSet") or [""]
        if not re.fullmatch(r"\+861\d{10}", phone) and phone not in self.refuse:
            code = "InvalidParameterValue.IncorrectPhoneNumber"
        else:
            code = self._accept(phone, document["TemplateId"], dict(zip(wanted, params, strict=True)), document.get("SignName"))
        status = {
            "SerialNo": str(uuid.uuid4()),
            "PhoneNumber": phone,
            "Fee": 1 if code is None else 0,
            "SessionContext": "",
            "Code": code or "Ok",
            "Message": "send success" if code is None else code,
            "IsoCode": "CN",
        }
        return 200, {"Response": {"SendStatusSet": [status], "RequestId": str(uuid.uuid4())}}


SERVERS = {"aliyun": AliyunServer, "tencent": TencentServer}
