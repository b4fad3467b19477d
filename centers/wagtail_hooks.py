"""The module Wagtail loads for the add-on: it only imports each capability's own wagtail_hooks module."""

from centers.certificates import wagtail_hooks as certificates_hooks  # noqa: F401
from centers.cityplan import wagtail_hooks as cityplan_hooks  # noqa: F401
from centers.common import wagtail_hooks as common_hooks  # noqa: F401
from centers.consultations import wagtail_hooks as consultations_hooks  # noqa: F401
from centers.content import wagtail_hooks as content_hooks  # noqa: F401
from centers.council import wagtail_hooks as council_hooks  # noqa: F401
from centers.directory import wagtail_hooks as directory_hooks  # noqa: F401
from centers.documents import wagtail_hooks as documents_hooks  # noqa: F401
from centers.events import wagtail_hooks as events_hooks  # noqa: F401
from centers.lifecycle import wagtail_hooks as lifecycle_hooks  # noqa: F401
from centers.outbox import wagtail_hooks as outbox_hooks  # noqa: F401
from centers.piloting import wagtail_hooks as piloting_hooks  # noqa: F401
from centers.reports import wagtail_hooks as reports_hooks  # noqa: F401
from centers.roles import wagtail_hooks as roles_hooks  # noqa: F401
from centers.subscriptions import wagtail_hooks as subscriptions_hooks  # noqa: F401
