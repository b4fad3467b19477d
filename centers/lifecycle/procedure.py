"""The rules of the center lifecycle under the names the admin views and the demo import them by.

The rules live by what they do: the window, submission and transitions in applications.py, the expert council's
reviews in reviews.py, decisions and orders in orders.py.
"""

from centers.lifecycle.applications import (
    LifecycleError,
    application_window,
    local_zone,
    transition,
)
from centers.lifecycle.orders import approve, extend_term, reject
from centers.lifecycle.reviews import (
    file_review,
    is_decider,
    is_expert,
    own_review,
    score_summary,
    visible_applications,
    visible_reviews,
)

__all__ = [
    "LifecycleError",
    "application_window",
    "approve",
    "extend_term",
    "file_review",
    "is_decider",
    "is_expert",
    "local_zone",
    "own_review",
    "reject",
    "score_summary",
    "transition",
    "visible_applications",
    "visible_reviews",
]
