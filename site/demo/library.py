"""The demo's library: the teachers' search across all centers, at /library/."""

from centers.models import LibraryPage

from .site_tree import ensure_child


def build_library(home):
    return ensure_child(
        home,
        LibraryPage,
        "library",
        title="Методическая библиотека",
        intro="Поиск по материалам, практикам, мероприятиям и новостям всех ресурсных центров города.",
        show_in_menus=True,
    )
