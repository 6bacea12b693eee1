"""The JSON API on the real server: the demo app key files a complaint, the customer tracks it."""

import json
import urllib.error
import urllib.request
from email.message import Message

from playwright.sync_api import expect


def _post(url: str, body: dict, headers: dict) -> tuple[int, Message, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def test_the_demo_app_key_files_a_complaint_that_the_customer_tracks(page, app_server):
    with urllib.request.urlopen(f"{app_server.url}/api/v1/openapi.json", timeout=30) as response:
        document = json.loads(response.read())
    assert document["info"]["title"] == "Complaint Console API" and "/api/v1/complaints" in document["paths"]
    url, body = (
        f"{app_server.url}/api/v1/complaints",
        {
            "waybill_no": "EAST0019990001",
            "customer_name": "API 客户",
            "customer_phone": "13900007777",
            "category": "damage",
            "description": "The vase arrived in pieces.",
        },
    )
    assert _post(url, body, {})[0] == 401
    headers = {"Authorization": "Bearer demo-app-key-0001", "Idempotency-Key": "e2e-api-1"}
    status, _, created = _post(url, body, headers)
    assert status == 201 and created["outlet_code"] == "EAST-001", created
    status, replay_headers, replayed = _post(url, body, headers)
    assert status == 201 and replayed == created and replay_headers.get("Idempotent-Replayed") == "true"

    page.goto(created["tracking_url"])
    expect(page.locator("#track-number-input")).to_have_value(created["number"])  # the link fills it in
    page.fill("#track-phone", "7777")
    page.click("#track-submit")
    expect(page.locator("#track-number")).to_have_text(created["number"])
    expect(page.locator("#track-stage")).to_have_text("We received your complaint")
