"""The FastAPI app of the JSON API: errors as `{"errors": {field: message}}`, translated."""

from __future__ import annotations

from http import HTTPStatus

import swagger_ui_bundle
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from complaint_console.api import complaints, evidence, health, metrics, session
from complaint_console.api.deps import ApiError, language
from complaint_console.i18n.catalogue import translate

# A missing, non-text or wrong required field gets the message the forms give for a wrong value.
FIELD_MESSAGES = {
    "waybill_no": "intake.waybill_invalid",
    "customer_name": "intake.name_required",
    "customer_phone": "intake.phone_invalid",
    "category": "intake.category_invalid",
    "description": "intake.description_short",
}
# A wrong value of an optional field (a non-text one is "api.text_expected").
VALUE_MESSAGES = {
    "district": "intake.district_long",
    "customer_email": "intake.email_invalid",
    "customer_language": "api.language_invalid",
}
TOO_LONG_MESSAGES = {"description": "intake.description_long"}

api_app = FastAPI(
    title="Complaint Console API",
    version="1",
    description="Complaint intake for the app, WeChat and partner platforms. Send `Authorization: Bearer <API key>`.",
    openapi_url="/api/v1/openapi.json",
    docs_url=None,  # served below from the app's own copy of Swagger UI, not a public CDN
    redoc_url=None,
)
api_app.include_router(complaints.router, prefix="/api/v1")
api_app.include_router(health.router)
api_app.include_router(metrics.router)
api_app.include_router(session.router)  # the staff session cookie
api_app.include_router(evidence.router)  # staff only, by session cookie; not part of the public API

# Swagger UI's files come from the pinned swagger-ui-bundle package: company networks that block
# public CDNs still get the API's documentation page.
DOCS_ASSETS = "/api/v1/docs-assets"
api_app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets")


@api_app.get("/api/v1/docs", include_in_schema=False)
async def _docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=api_app.openapi_url,
        title=f"{api_app.title} · docs",
        swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
    )


def problem(request: Request, status: int, errors: dict[str, str], headers: dict[str, str] | None = None) -> JSONResponse:
    """An error answer with each message key translated for the request's language."""
    lang = language(request.headers.get("accept-language"))
    return JSONResponse({"errors": {k: translate(v, lang) for k, v in errors.items()}}, status_code=status, headers=headers)


def validation_keys(exc: RequestValidationError) -> dict[str, str]:
    """FastAPI's validation errors as field -> message key."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        where, name = error["loc"][0], str(error["loc"][1]) if len(error["loc"]) > 1 else ""
        if where == "header":
            errors[name] = "api.idempotency_key_invalid"
        elif not name or error["type"] == "json_invalid":
            errors["body"] = "api.body_invalid"
        elif error["type"] == "extra_forbidden":
            errors[name] = "api.unknown_field"
        else:
            errors[name] = field_message(name, error["type"])
    return errors


def field_message(name: str, error_type: str) -> str:
    """The message key for pydantic's error `error_type` on body field `name`."""
    if error_type == "string_too_long" and name in TOO_LONG_MESSAGES:
        return TOO_LONG_MESSAGES[name]
    if name in FIELD_MESSAGES:
        return FIELD_MESSAGES[name]
    if name in VALUE_MESSAGES and error_type != "string_type":
        return VALUE_MESSAGES[name]
    return "api.text_expected"


@api_app.exception_handler(RequestValidationError)
async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    return problem(request, 422, validation_keys(exc))


@api_app.exception_handler(HTTPException)
async def _http_error(request: Request, exc: HTTPException) -> Response:
    """A body that is not even text (FastAPI's 400) is refused like invalid JSON."""
    if exc.status_code == HTTPStatus.BAD_REQUEST:
        return problem(request, 422, {"body": "api.body_invalid"})
    return await http_exception_handler(request, exc)


@api_app.exception_handler(ApiError)
async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
    return problem(request, exc.status, exc.errors, exc.headers)
