"""Pages. Importing this package registers every route with the app."""

from complaint_console.pages import (  # noqa: F401
    account,
    admin,
    admin_import,
    admin_routing,
    board,
    complain,
    home,
    intake,
    login,
    placeholders,
    ticket,
    track,
)
