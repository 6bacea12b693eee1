"""The API's documentation page and every file it loads come from the app itself (no public CDN)."""

import re

from fastapi.testclient import TestClient

from complaint_console.api import api_app


def test_swagger_ui_loads_only_the_apps_own_files():
    client = TestClient(api_app)
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text) + re.findall(r"url: '([^']+)'", page.text)
    assert sources, page.text
    for source in sources:
        assert source.startswith("/api/v1/"), f"{source} is not served by the app"
        answer = client.get(source)
        assert answer.status_code == 200 and len(answer.content) > 100, source
    assert "cdn." not in page.text and "https://" not in page.text
