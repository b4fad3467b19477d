from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Municipal site")

    def ready(self):
        from .page_cache import connect_purge_signals

        connect_purge_signals()
