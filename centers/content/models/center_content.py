"""The base of every page that lives inside a center: it knows its center without walking the tree."""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from centers.common.references import ChoosableReferencesPageForm
from centers.directory.models.center import CenterPage


def center_above(page):
    """The CenterPage among the ancestors of a page whose tree path is already set, or None (one query)."""
    steps = Page.steplen
    ancestor_paths = [page.path[: steps * depth] for depth in range(1, len(page.path) // steps)]
    return CenterPage.objects.filter(path__in=ancestor_paths).order_by("-depth").first()


class CenterContentPage(Page):
    """Materials, news, projects, practices, events...: `center` is denormalized for filters and search at scale."""

    base_form_class = ChoosableReferencesPageForm

    center = models.ForeignKey(
        "centers.CenterPage",
        verbose_name=_("resource center"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.path and (update_fields is None or "center" in update_fields):
            center = center_above(self)
            self.center_id = center.pk if center else None
        return super().save(*args, **kwargs)


def center_content_models():
    """Every concrete page type inside a center, for receivers that keep their `center` column right."""
    return [
        model for model in apps.get_app_config("centers").get_models() if issubclass(model, CenterContentPage)
    ]
