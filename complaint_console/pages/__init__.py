"""Pages. Importing this package registers every route with the app."""

from complaint_console.pages import (  # noqa: F401  (importing registers the routes)
    account,
    admin,
    admin_import,
    admin_jobs,
    admin_routing,
    admin_scores,
    admin_volumes,
    approvals,
    board,
    cases,
    complain,
    home,
    intake,
    knowledge,
    login,
    reports,
    scores,
    survey,
    ticket,
    track,
)
