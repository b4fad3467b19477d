"""Wagtail's read-only API v2 over the library's page types, for other municipal systems (mounted by the site)."""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.views import PagesAPIViewSet

from centers.common.api_errors import SafeFindMixin, TranslatedErrorsMixin
from centers.library.query import parse_query
from centers.library.registry import searchable_types


class WordsOnlySearchFilter(SearchFilter):
    """`?search=` reads words only, as the library does: quotes and operators never reach the backend."""

    def filter_queryset(self, request, queryset, view):
        if "search" in request.GET:
            params = request.GET.copy()
            params["search"] = parse_query(params["search"], abbreviations={}).text.replace("-", " ")
            request._request.GET = params
        return super().filter_queryset(request, queryset, view)


class LibraryPagesAPIViewSet(TranslatedErrorsMixin, SafeFindMixin, PagesAPIViewSet):
    """Published, public pages of the searched types only (materials, news, centers; practices, events join)."""

    filter_backends = [
        WordsOnlySearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        return super().get_base_queryset().type(*[searchable.model for searchable in searchable_types()])
