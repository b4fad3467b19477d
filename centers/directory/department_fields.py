"""A center's approval order and term are the department's: its moderators edit them, a coordinator sees them
read-only, and a coordinator's POST that changes them is refused with a message (nothing is saved)."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from centers.common.references import ChoosableReferencesPageForm

# The department's permission to register orders (centers.lifecycle's Application); its moderators hold it.
DEPARTMENT_PERMISSION = "centers.decide_application"
DEPARTMENT_FIELDS = ("order_number", "order_date", "term_start", "term_end")


class DepartmentFieldPanel(FieldPanel):
    """Editable for a user with DEPARTMENT_PERMISSION; read-only for anyone else (Wagtail leaves the field out of
    their form through the panel's `permission`)."""

    def __init__(self, field_name, *args, **kwargs):
        kwargs.setdefault("permission", DEPARTMENT_PERMISSION)
        super().__init__(field_name, *args, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is not None and self.bound_field is None:
                self.read_only = True
                self.heading = self.panel.heading or capfirst(self.panel.db_field.verbose_name)
                self.help_text = self.panel.help_text or _("Changed by the department's order.")

        def is_shown(self):
            return self.read_only or super().is_shown()


def posted_differs(form, name):
    """Whether the POST carries `name` with a value other than the stored one."""
    if name not in form.data:
        return False
    stored = getattr(form.instance, name)
    stored = stored.isoformat() if hasattr(stored, "isoformat") else (stored or "")
    return form.data.get(name, "").strip() != str(stored)


class CenterPageForm(ChoosableReferencesPageForm):
    def clean(self):
        cleaned_data = super().clean()
        user = getattr(self, "for_user", None)
        if user is None or user.has_perm(DEPARTMENT_PERMISSION):
            return cleaned_data
        changed = [
            name for name in DEPARTMENT_FIELDS if name not in self.fields and posted_differs(self, name)
        ]
        if changed:
            self.add_error(
                None,
                _(
                    "The approval order and the term of a center are changed by the department only; "
                    "ask the department to register an order."
                ),
            )
        return cleaned_data
