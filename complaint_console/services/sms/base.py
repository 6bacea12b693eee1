"""What every SMS sender shares: its configuration (environment variables) and its errors."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from complaint_console.domain.sms_templates import NOTICE_PARAMS, template_env_name
from complaint_console.settings import get_settings

PROVIDERS = ("aliyun", "tencent")
HTTP_TIMEOUT = 15  # seconds; well under OUTBOX_LOCK_SECONDS


class SmsError(Exception):
    """The provider did not send. `permanent`: sending the same again cannot succeed
    (bad number, template, parameters); otherwise worth retrying (throttling, 5xx, network,
    credentials being fixed)."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SmsConfig:
    provider: str
    access_key_id: str
    access_key_secret: str
    sign_name: str
    endpoint: str  # "" → the provider's public endpoint
    region: str
    sdk_app_id: str  # Tencent only
    templates: dict[str, str] = field(default_factory=dict)  # notice kind → template id


def load_config() -> SmsConfig:
    get_settings()  # loads .env into the environment
    env = os.environ.get
    return SmsConfig(
        provider=(env("SMS_PROVIDER") or "").strip().lower(),
        access_key_id=env("SMS_ACCESS_KEY_ID") or "",
        access_key_secret=env("SMS_ACCESS_KEY_SECRET") or "",
        sign_name=env("SMS_SIGN_NAME") or "",
        endpoint=(env("SMS_ENDPOINT") or "").strip(),
        region=env("SMS_REGION") or "",
        sdk_app_id=env("SMS_SDK_APP_ID") or "",
        templates={node: t for node in NOTICE_PARAMS if (t := (env(template_env_name(node)) or "").strip())},
    )


def config_problem(config: SmsConfig) -> str | None:
    """Why no SMS can be sent with this configuration (names of the variables to set), or None."""
    if not config.provider:
        return "SMS_PROVIDER is not set (aliyun or tencent)"
    if config.provider not in PROVIDERS:
        return f"SMS_PROVIDER={config.provider!r} is not one of aliyun, tencent"
    required = {
        "SMS_ACCESS_KEY_ID": config.access_key_id,
        "SMS_ACCESS_KEY_SECRET": config.access_key_secret,
        "SMS_SIGN_NAME": config.sign_name,
    }
    if config.provider == "tencent":
        required["SMS_SDK_APP_ID"] = config.sdk_app_id
    missing = [name for name, value in required.items() if not value]
    if missing:
        return f"SMS_PROVIDER={config.provider} but {', '.join(missing)} not set"
    return None
