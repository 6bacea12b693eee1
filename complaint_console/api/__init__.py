"""The JSON intake API (`/api/v1`), a FastAPI app that Reflex mounts its backend into."""

from complaint_console.api.app import api_app

__all__ = ["api_app"]
