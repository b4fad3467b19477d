from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def set_up_department_roles(sender, **kwargs):
    """After every migrate: the department's groups, rights and workflow exist on a fresh install too."""
    from centers.roles.provisioning import ensure_department_roles

    ensure_department_roles()


class CentersConfig(AppConfig):
    name = "centers"
    verbose_name = _("Resource centers")

    def ready(self):
        # Each capability connects its own receivers here, once the models are loaded (as wagtail.contrib does).
        from centers.content import signal_handlers as content_signals
        from centers.library import signal_handlers as library_signals
        from centers.practices import signal_handlers as practice_signals

        content_signals.register_signal_handlers()
        library_signals.register_signal_handlers()
        practice_signals.register_signal_handlers()
        post_migrate.connect(set_up_department_roles, sender=self, dispatch_uid="centers.roles")
