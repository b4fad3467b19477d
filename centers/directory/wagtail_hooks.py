"""Reference data in Wagtail's admin: organizations and the lists pages are tagged with, grouped in one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from centers.directory.models import (
    Direction,
    EducationLevel,
    EventFormat,
    MaterialType,
    Organization,
    Subject,
)


class OrganizationViewSet(SnippetViewSet):
    model = Organization
    icon = "home"
    list_display = ["short_name", "full_name", "kind"]
    list_filter = ["kind"]
    search_fields = ["short_name", "full_name"]


def reference_viewset(reference_model, reference_icon="list-ul"):
    return type(
        f"{reference_model.__name__}ViewSet",
        (SnippetViewSet,),
        {"model": reference_model, "icon": reference_icon, "list_display": ["name", "slug"]},
    )


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "folder-open-inverse"
    menu_order = 400
    items = (
        OrganizationViewSet,
        reference_viewset(Direction, "pick"),
        reference_viewset(Subject),
        reference_viewset(EducationLevel),
        reference_viewset(MaterialType),
        reference_viewset(EventFormat, "date"),
    )


register_snippet(ReferenceDataGroup)
