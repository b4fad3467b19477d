"""Views of the add-on that are not pages (feeds, exports, token links); the host site includes these."""

from django.urls import path

from .feeds import MaterialsFeed, NewsFeed
from .search_views import search_autocomplete

urlpatterns = [
    path("feeds/news/", NewsFeed(), name="centers_news_feed"),
    path("feeds/materials/", MaterialsFeed(), name="centers_materials_feed"),
    path("feeds/<slug:center_slug>/news/", NewsFeed(), name="centers_center_news_feed"),
    path("feeds/<slug:center_slug>/materials/", MaterialsFeed(), name="centers_center_materials_feed"),
    path("search/autocomplete/", search_autocomplete, name="centers_search_autocomplete"),
]
