"""Pages. Importing this package registers every route with the app."""

from complaint_console.pages import account, admin, board, home, login, placeholders, ticket  # noqa: F401
