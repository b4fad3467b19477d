"""The demo's library: the teachers' search across all centers, at /library/."""

from centers.models import Direction, LibraryPage
from portal.models import HomePage

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


INCLUSIVE_MATERIALS_HEADING = "Новые материалы по инклюзивному образованию"


def build_home_collections(home):
    """The home page's saved query: the newest materials of the inclusive-education direction."""
    direction = Direction.objects.filter(slug="inclusive").first()
    if direction is None:
        return home
    wanted = {
        "heading": INCLUSIVE_MATERIALS_HEADING,
        "page_type": "material",
        "center": None,
        "direction": direction.pk,
        "subject": None,
        "level": None,
        "keywords": "",
        "upcoming_only": False,
        "limit": 5,
    }
    home = HomePage.objects.get(pk=home.pk)
    current = [block.block.get_prep_value(block.value) for block in home.collections]
    if current == [wanted]:
        return home
    block = HomePage._meta.get_field("collections").stream_block.child_blocks["saved_query"]
    home.collections = [("saved_query", block.to_python(wanted))]
    home.save_revision().publish()
    return home
