from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def set_up_department_roles(sender, **kwargs):
    """After every migrate: the department's groups, rights and workflow exist on a fresh install too."""
    from centers.roles.provisioning import ensure_department_roles

    ensure_department_roles()


def register_library_types():
    """The page types the library searches, in the order it lists them; the library itself knows none of them."""
    from centers.communities.models import CommunityPage
    from centers.consultations.faq import QuestionPage
    from centers.content.models import MaterialPage, NewsPage, ProjectPage
    from centers.directory.models import CenterPage
    from centers.events.models import EventPage
    from centers.library.registry import register_searchable
    from centers.plans.models import PlanPage
    from centers.practices.models import PracticePage

    register_searchable(
        MaterialPage,
        "material",
        _("Material"),
        center="center",
        subject="subjects",
        level="levels",
        year="year",
        keyword="keywords",
    )
    register_searchable(
        PracticePage,
        "practice",
        _("Practice"),
        center="center",
        subject="subjects",
        level="levels",
        keyword="keywords",
    )
    register_searchable(
        EventPage,
        "event",
        _("Event"),
        center="host_center",
        subject="subjects",
        level="levels",
        date="start",
        upcoming="start",
    )
    register_searchable(NewsPage, "news", _("News"), center="center", date="date")
    register_searchable(ProjectPage, "project", _("Piloting project"), center="center")
    register_searchable(
        QuestionPage,
        "faq",
        _("Questions and answers"),
        center="center",
        subject="subjects",
        level="levels",
        date="date",
    )
    register_searchable(CommunityPage, "community", _("Community"), level="levels")
    register_searchable(PlanPage, "plan", _("Work plan"), center="center")
    register_searchable(CenterPage, "center", _("Resource center"), center="page_ptr", direction="direction")


class CentersConfig(AppConfig):
    name = "centers"
    # Every migration so far was written with BigAutoField: a host with another DEFAULT_AUTO_FIELD must not
    # get warnings or a migration of its own for these models.
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Resource centers")

    def ready(self):
        from centers import checks  # noqa: F401 - registers the system checks (centers.E…, centers.W…)

        # Each capability connects its own receivers here, once the models are loaded (as wagtail.contrib does).
        from centers.certificates import signal_handlers as certificate_signals
        from centers.cityplan import signal_handlers as cityplan_signals
        from centers.cityplan.panels import attach_to_event_editor
        from centers.common import kept
        from centers.consultations.views import attach_to_center_pages
        from centers.content import signal_handlers as content_signals
        from centers.library import signal_handlers as library_signals
        from centers.outbox import delivery
        from centers.piloting import signal_handlers as piloting_signals
        from centers.piloting.views import attach_to_project_pages
        from centers.practices import signal_handlers as practice_signals

        register_library_types()
        attach_to_event_editor(self.get_model("EventPage"))
        attach_to_center_pages()
        attach_to_project_pages()
        piloting_signals.register_signal_handlers()
        certificate_signals.register_signal_handlers()
        cityplan_signals.register_signal_handlers()
        content_signals.register_signal_handlers()
        library_signals.register_signal_handlers()
        delivery.register_signal_handlers()
        practice_signals.register_signal_handlers()
        kept.connect_signals()
        post_migrate.connect(set_up_department_roles, sender=self, dispatch_uid="centers.roles")
