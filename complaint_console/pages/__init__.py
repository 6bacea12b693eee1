"""Pages. Importing this package registers every route with the app."""

from complaint_console.pages import account, admin, approvals, board, complain, home, intake, login, placeholders, ticket, track  # noqa: F401
