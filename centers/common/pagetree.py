"""A page's live children newest first, read from an index in the order they are listed, at any number of them.

Treebeard finds children by a path range and a depth, so "the 20 newest children" either sorts all of them or walks
the site-wide first_published_at index past every other page until 20 of this parent come up (13 ms for a section of
10,000 materials among 120,000 pages, against 0.3 ms here). Migration 0016 indexes the pages on their parent's path
(the path minus its last step) and first publication, and `live_children_newest_first` filters on that same
expression, so the database reads exactly the rows of the page shown.
"""

from django.db.models.functions import Length, Substr
from wagtail.models import Page


def parent_path():
    """The path of a page's parent, written as the index is: the page's path without its last step."""
    return Substr("path", 1, Length("path") - Page.steplen)


def live_children_newest_first(queryset, parent):
    """`queryset`'s live pages whose parent is `parent`, newest first (the same pages as child_of().live())."""
    return (
        queryset.alias(parent_path=parent_path())
        .filter(parent_path=parent.path)
        .live()
        .order_by("-first_published_at", "-pk")
    )
