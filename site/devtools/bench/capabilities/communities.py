"""City subject communities and the library page: a few communities, each backed by centers and their materials."""

from centers.communities.models import COMMUNITIES_PER_PAGE
from centers.models import (
    CenterPage,
    CommunityIndexPage,
    CommunityMaterial,
    CommunityPage,
    EducationLevel,
    LibraryPage,
    MaterialPage,
    Organization,
    Subject,
)
from portal.devtools.bench.registry import measured_pages, seed_step
from portal.devtools.demo.library import build_library
from portal.devtools.demo.site_tree import ensure_child
from portal.models import HomePage

SLUG_PREFIX = "bench-community-"
CENTERS_EACH = 3
MEMBERS_EACH = 20
MATERIALS_EACH = 5


def community_index(home):
    return ensure_child(
        home, CommunityIndexPage, "communities", title="Городские предметные сообщества", show_in_menus=True
    )


@seed_step(
    "communities",
    help="ensure the site's list of subject communities holds this many (and the library page exists)",
    # Both scales fill the list's first page: with fewer communities than a page holds, the small scale rendered
    # fewer cards and the large/small ratio measured the number of cards, not the page's scaling.
    small=COMMUNITIES_PER_PAGE,
    large=30,
    order=50,
)
def seed_communities(count, progress):
    home = HomePage.objects.get()
    build_library(home)
    index = community_index(home)
    missing = count - CommunityPage.objects.child_of(index).count()
    if missing <= 0:
        return 0
    subjects = list(Subject.objects.order_by("pk"))
    levels = list(EducationLevel.objects.order_by("pk"))
    centers = list(CenterPage.objects.live().order_by("path")[:100])
    members = list(Organization.objects.order_by("pk")[: MEMBERS_EACH * 5])
    first = CommunityPage.objects.child_of(index).filter(slug__startswith=SLUG_PREFIX).count() + 1
    with progress(missing) as bar:
        for number in range(first, first + missing):
            supporting = [centers[(number + shift) % len(centers)] for shift in range(CENTERS_EACH)]
            page = CommunityPage(
                title=f"Городское сообщество учителей № {number}",
                slug=f"{SLUG_PREFIX}{number:04d}",
                subject=subjects[number % len(subjects)],
                description="Синтетическое сообщество для замеров: заседания, открытые уроки, обмен материалами.",
                leader_name="Петрова Анна Сергеевна",
                leader_position="руководитель сообщества",
                leader_organization="МБОУ «Средняя общеобразовательная школа № 1»",
            )
            page.levels = levels[number % len(levels) :][:2]
            page.centers = supporting
            page.member_organizations = [
                members[(number + shift) % len(members)] for shift in range(MEMBERS_EACH)
            ]
            page.materials = [
                CommunityMaterial(material=material)
                for material in MaterialPage.objects.live()
                .filter(center__in=supporting)
                .order_by("pk")[:MATERIALS_EACH]
            ]
            index.add_child(instance=page)
            bar.update(1)
    return missing


@measured_pages(order=50)
def community_pages():
    home = HomePage.objects.get()
    pages = {}
    library = LibraryPage.objects.live().first()
    if library is not None:
        pages["LibraryPage (no query)"] = library.url
    index = CommunityIndexPage.objects.child_of(home).live().first()
    if index is not None:
        pages["CommunityIndexPage"] = index.url
        community = CommunityPage.objects.child_of(index).live().order_by("path").first()
        if community is not None:
            pages["CommunityPage"] = community.url
    return pages
