"""The API's pure helpers: the language of its messages, the request fingerprint."""

import pytest

from complaint_console.api.deps import language
from complaint_console.services.api_intake import request_hash


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        (None, "en"),
        ("", "en"),
        ("zh", "zh"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh;q=0.8", "en"),
        ("fr;q=1,zh;q=0.5,en;q=0.4", "zh"),
        ("en;q=0.2,zh-TW;q=0.7", "zh"),
        ("de, fr", "en"),
        ("zh;q=oops", "en"),
        ("zh;q=0, en;q=0.1", "en"),
    ],
)
def test_language_follows_accept_language(header, lang):
    assert language(header) == lang


def test_request_hash_ignores_key_order_but_not_values():
    assert request_hash({"a": "1", "b": "王"}) == request_hash({"b": "王", "a": "1"})
    assert request_hash({"a": "1"}) != request_hash({"a": "2"})
    assert len(request_hash({})) == 64
