"""Sending customer SMS through the provider chosen by SMS_PROVIDER (docs/sms.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from complaint_console.domain.sms_templates import NOTICE_PARAMS, template_env_name, template_values
from complaint_console.services.sms import aliyun, tencent
from complaint_console.services.sms.base import SmsConfig, SmsError, config_problem, load_config

SENDERS = {"aliyun": aliyun.send, "tencent": tencent.send}

__all__ = ["SmsConfig", "SmsError", "NotConfigured", "config_problem", "load_config", "problem", "send"]


class NotConfigured(Exception):
    """No provider (or no template for this notice): the SMS waits, nothing is lost."""


def problem() -> str | None:
    """Why customers receive no SMS right now, or None when a provider is configured."""
    return config_problem(load_config())


def send(node: str, phone: str, payload: dict) -> str:
    """Send a customer notice's SMS; the provider's message id. Raises NotConfigured or SmsError.

    The request is signed with the wall clock, not the delivery run's time: the provider
    checks the signature's timestamp against its own clock."""
    config = load_config()
    if reason := config_problem(config):
        raise NotConfigured(f"no SMS provider: {reason}")
    if node not in NOTICE_PARAMS:
        raise SmsError(f"no SMS template for notice kind {node!r}", permanent=True)
    template = config.templates.get(node)
    if not template:
        raise NotConfigured(f"{template_env_name(node)} is not set: no template for this notice")
    return SENDERS[config.provider](config, phone, template, template_values(node, payload), datetime.now(UTC))
