"""Values in the admin's listings and inspect views as a reader of the Russian admin expects them: «Да»/«Нет» and a
dash, never Python's True, False or None."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import InspectView

EMPTY = "—"


def readable(value):
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


class YesNoColumn(Column):
    """A boolean field's column: «Да» or «Нет» as text (Wagtail's BooleanColumn titles its icons True and False)."""

    def get_value(self, instance):
        return readable(super().get_value(instance))


class ReadableInspectView(InspectView):
    def get_field_display_value(self, field_name, field):
        return readable(super().get_field_display_value(field_name, field))
