"""Views of the add-on that are not pages (feeds, exports, token links); the host site includes these."""

from django.urls import path

from .search_views import search_autocomplete

urlpatterns = [
    path("search/autocomplete/", search_autocomplete, name="centers_search_autocomplete"),
]
