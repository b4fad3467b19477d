"""Saved queries (Plone's collections): a block that lists published pages matching stored criteria."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from blocks.choices import ChoiceBlock
from centers.directory.models import EducationLevel
from centers.library.criteria import Criteria, criteria_filters
from centers.library.entries import LibraryEntry
from centers.library.matching import matched_pages
from centers.library.query import parse_query
from centers.library.registry import SEARCHABLE_TYPES, searchable_pages, type_of_page

MAX_LIMIT = 50


def type_choices():
    return [(slug, searchable.label) for slug, searchable in SEARCHABLE_TYPES.items()]


class SavedQueryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=200, required=False)
    page_type = ChoiceBlock(choices=type_choices, label=_("Type"), required=False)
    center = blocks.PageChooserBlock(page_type="centers.CenterPage", label=_("Center"), required=False)
    direction = SnippetChooserBlock("centers.Direction", label=_("Direction"), required=False)
    subject = SnippetChooserBlock("centers.Subject", label=_("Subject"), required=False)
    level = SnippetChooserBlock("centers.EducationLevel", label=_("Level"), required=False)
    keywords = blocks.CharBlock(label=_("Keywords"), max_length=200, required=False)
    upcoming_only = blocks.BooleanBlock(
        label=_("Upcoming only"),
        required=False,
        help_text=_("Only pages whose date is today or later (events)."),
    )
    limit = blocks.IntegerBlock(label=_("How many"), default=5, min_value=1, max_value=MAX_LIMIT)

    class Meta:
        icon = "list-ul"
        label = _("Saved query")
        template = "centers/library/saved_query.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["pages"] = saved_query_pages(value)
        return context


def saved_query_pages(value):
    """Published pages matching the stored criteria, newest first: a fixed number of queries for any limit."""
    criteria = Criteria(
        query=parse_query(value.get("keywords") or ""),
        type=value.get("page_type") if value.get("page_type") in SEARCHABLE_TYPES else None,
        center=value.get("center"),
        direction=value.get("direction"),
        subject=value.get("subject"),
        level=value.get("level"),
    )
    if not criteria.level and criteria.query.level_abbreviations:
        criteria.level = EducationLevel.objects.filter(slug=criteria.query.level_abbreviations[0]).first()
    entries = LibraryEntry.objects.filter(page_id__in=matched_pages(criteria.query).values("pk"))
    base = searchable_pages().filter(pk__in=entries.filter(criteria_filters(criteria)).values("page_id"))
    if value.get("upcoming_only"):
        base = base.filter(upcoming_condition())
    limit = max(1, min(int(value.get("limit") or 5), MAX_LIMIT))
    pages = list(base.order_by("-first_published_at", "-pk").specific()[:limit])
    return [{"page": page, "type": getattr(type_of_page(page), "label", "")} for page in pages]


def upcoming_condition():
    """Pages of types with a start date that is today or later; types without one drop out."""
    today = timezone.localdate()
    condition = Q(pk__in=[])
    for searchable in SEARCHABLE_TYPES.values():
        if searchable.upcoming:
            condition |= Q(**{f"{searchable.relation}__{searchable.upcoming}__gte": today})
    return condition
