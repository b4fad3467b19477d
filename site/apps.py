from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    # Every migration so far was written with BigAutoField: a host with another DEFAULT_AUTO_FIELD must not
    # get warnings or a migration of its own for these models.
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Municipal site")

    def ready(self):
        from .page_cache import connect_purge_signals

        connect_purge_signals()
