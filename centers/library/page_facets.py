"""A searched page's facet values read off its own type's tables: center, direction, year, subjects and levels."""

from django.db.models import F, IntegerField, Value
from django.db.models.functions import Coalesce, ExtractYear

from centers.library.registry import searchable_types


def annotate_facets(queryset):
    """Annotate pages with the single-valued facets: type, center id, direction id, year.

    The center is each type's denormalised center column (a join per type, never a lookup per page), and a page
    without a direction of its own belongs to its center's direction.
    """
    types = searchable_types()
    centers = [F(searchable.lookup("center")) for searchable in types if searchable.lookup("center")]
    directions = [F(searchable.lookup("direction")) for searchable in types if searchable.lookup("direction")]
    directions += [
        F(f"{searchable.lookup('center')}__direction")
        for searchable in types
        if searchable.lookup("center") and not searchable.lookup("direction")
    ]
    return queryset.annotate(
        facet_center=Coalesce(*centers, Value(None), output_field=IntegerField()),
        facet_direction=Coalesce(*directions, Value(None), output_field=IntegerField()),
        facet_year=year_expression(),
        facet_type=F("content_type_id"),
    )


def year_expression():
    """A page's year: its type's year field, or the year of its date, or the year it was first published."""
    types = searchable_types()
    years = [F(searchable.lookup("year")) for searchable in types if searchable.lookup("year")]
    years += [ExtractYear(searchable.lookup("date")) for searchable in types if searchable.lookup("date")]
    return Coalesce(*years, ExtractYear("first_published_at"), Value(None), output_field=IntegerField())


def related_tables(facet, types=None):
    """(through model, its page column, its value column) of every type's many-to-many relation for `facet`."""
    tables = []
    for searchable in types or searchable_types():
        field_name = getattr(searchable, facet)
        if not field_name:
            continue
        relation = searchable.model._meta.get_field(field_name)
        through = relation.remote_field.through
        # A taggit manager names its page column differently from a many-to-many field.
        page_column = (
            relation.m2m_column_name()
            if not hasattr(relation, "m2m_field_name")
            else f"{relation.m2m_field_name()}_id"
        )
        tables.append((through, page_column, f"{relation.m2m_reverse_field_name()}_id"))
    return tables
