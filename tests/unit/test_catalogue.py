"""Every user-facing string goes through the catalogue: both languages, every key used."""

import re
from pathlib import Path

from complaint_console.domain import access, login_rules
from complaint_console.domain.vocabulary import (
    Category,
    Channel,
    EscalationLevel,
    EventKind,
    Responsibility,
    Role,
    RootCause,
    Severity,
    Stage,
)
from complaint_console.i18n import en, zh

PACKAGE = Path(__file__).resolve().parents[2] / "complaint_console"
PREFIXES = {key.split(".", 1)[0] for key in en.MESSAGES}
KEY_LITERAL = re.compile(r"""["']([a-z_]+\.[a-z_]+)["']""")


def test_both_languages_have_the_same_keys():
    assert sorted(set(en.MESSAGES) - set(zh.MESSAGES)) == [], "missing in zh.py"
    assert sorted(set(zh.MESSAGES) - set(en.MESSAGES)) == [], "missing in en.py"


def test_no_message_is_empty_or_untranslated_placeholder():
    for lang in (en.MESSAGES, zh.MESSAGES):
        assert all(text.strip() for text in lang.values())


def test_every_key_literal_in_the_code_exists():
    used = set()
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name in ("i18n", "db"):  # db: "table.column" foreign keys, not messages
            continue
        for key in KEY_LITERAL.findall(path.read_text()):
            if key.split(".", 1)[0] in PREFIXES:
                used.add((key, path.name))
    missing = sorted(f"{key} ({file})" for key, file in used if key not in en.MESSAGES)
    assert missing == []
    assert len(used) > 30  # the scan really found the keys


def test_every_vocabulary_value_has_a_label():
    for prefix, enum in (
        ("stage", Stage),
        ("category", Category),
        ("severity", Severity),
        ("channel", Channel),
        ("role", Role),
        ("event", EventKind),
        ("root_cause", RootCause),
        ("responsibility", Responsibility),
        ("escalation", EscalationLevel),
    ):
        for value in enum:
            assert f"{prefix}.{value.value}" in en.MESSAGES


def test_navigation_and_rule_messages_exist():
    for item in access.NAVIGATION:
        assert item.label_key in en.MESSAGES
    assert login_rules.password_problem("x", "y") in en.MESSAGES


def test_the_browser_copy_is_made_from_the_catalogue():
    """components/messages.js (the pages' lookup for keys held in state vars) is the catalogue as it is now."""
    from pathlib import Path

    from complaint_console.i18n import catalogue

    path = Path(catalogue.__file__).resolve().parents[1] / catalogue.BROWSER_COPY
    assert path.read_text(encoding="utf-8") == catalogue.messages_js(), "run: python -m complaint_console.i18n.catalogue"
