"""A page's link to an object of its own center (e.g. the plan item an event fulfils), chosen in the page editor.

The capability that owns the linked model sits above the page types that link to it, so they never import it: the
page names the panel, the field's model (a string foreign key) says how to list its choices with a classmethod
`choosable_for_center(center)` and how to label one with `choice_label()`.
"""

from django import forms
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


def center_of(page):
    """The CenterPage among `page` and its ancestors (the page need not be saved yet: give its parent then)."""
    if page is None or not page.path:
        return None
    center_model = apps.get_model("centers", "CenterPage")
    steps = Page.steplen
    paths = [page.path[: steps * depth] for depth in range(1, len(page.path) // steps + 1)]
    return center_model.objects.filter(path__in=paths).order_by("-depth").first()


def center_of_form(form):
    """The center of the page a page form edits, or of the parent it is being created under."""
    instance = form.instance
    if instance is not None and instance.path:
        return center_of(instance)
    return center_of(getattr(form, "parent_page", None))


class SameCenterChoiceField(forms.ModelChoiceField):
    """Offers, and accepts, only the objects of the edited page's own center (and the one it links to already)."""

    def get_bound_field(self, form, field_name):
        # Called once per form before both rendering and validation: the first moment the field knows its page.
        model = self.queryset.model
        center = center_of_form(form)
        choosable = model.choosable_for_center(center) if center else model.objects.none()
        current = getattr(form.instance, f"{field_name}_id", None) if form.instance is not None else None
        keep_current = Q(pk=current) if current else Q(pk__in=[])
        self.queryset = model.objects.filter(Q(pk__in=choosable.values("pk")) | keep_current).order_by(
            *model.choice_ordering
        )
        return super().get_bound_field(form, field_name)

    def label_from_instance(self, obj):
        return obj.choice_label()


class SameCenterChoicePanel(FieldPanel):
    """A FieldPanel for a foreign key whose choices are limited to the edited page's own center."""

    def get_form_options(self):
        options = super().get_form_options()
        if options:
            options["field_classes"] = {self.field_name: SameCenterChoiceField}
        return options


def link_to_plan_item(related_name):
    """The nullable link of a page to the item of its center's work plan it fulfils (centers.plans)."""
    return models.ForeignKey(
        "centers.PlanItem",
        verbose_name=_("plan item it fulfils"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
        help_text=_(
            "An item of your center's published work plan; the plan's fulfilment then shows this page."
        ),
    )
