"""What each customer notice puts into a provider's SMS template: the variables, in order.

Providers only send texts from templates registered and approved in advance (docs/sms.md
lists the texts to register), so a notice sends its template id and a few short values,
never its free text. Alibaba Cloud names the variables (${number}); Tencent Cloud numbers
them ({1}, {2}) in this order.
"""

from __future__ import annotations

NOTICE_PARAMS: dict[str, tuple[str, ...]] = {
    "accepted": ("number",),
    "handed_to_outlet": ("number", "outlet"),
    "remedy_proposed": ("number",),
    "resolved": ("number",),
    "answer": ("number",),
    "survey": ("number", "link"),
}
"""Customer notice kind (services/customer_notices.NODES) → template variables."""

MAX_VALUE_CHARS = 35  # Alibaba Cloud's limit for one variable; Tencent's is wider


def template_env_name(node: str) -> str:
    """The environment variable that holds a notice kind's template id."""
    return f"SMS_TEMPLATE_{node.upper()}"


def template_values(node: str, payload: dict) -> list[tuple[str, str]]:
    """The (name, value) pairs a notice sends, from its outbox payload; values shortened to
    the provider limit (a link is never cut: a cut link is worse than none)."""
    values = []
    for name in NOTICE_PARAMS[node]:
        value = str(payload.get(name) or "")
        if name != "link" and len(value) > MAX_VALUE_CHARS:
            value = value[: MAX_VALUE_CHARS - 1] + "…"
        values.append((name, value))
    return values


def mainland_digits(phone: str) -> str:
    """Alibaba Cloud's form: a mainland number's digits (+86 / 0086 dropped); other regions as
    country code and number without "+" (852…, 853…, 886…)."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            return digits[len(prefix) :]
    return digits.removeprefix("+").removeprefix("00")


def e164(phone: str) -> str:
    """E.164 (+8613812345678), as Tencent Cloud wants it; numbers already with + are kept."""
    digits = "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    if digits.startswith("+"):
        return digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    return "+86" + digits
