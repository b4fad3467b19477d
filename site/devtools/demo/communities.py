"""The city subject communities, supported by the demo centers, and the demo events that are their meetings.
Idempotent: pages are found by slug."""

from django.utils import timezone

from centers.models import (
    CommunityIndexPage,
    CommunityMaterial,
    CommunityPage,
    EducationLevel,
    EventPage,
    MaterialPage,
    Organization,
    Subject,
)

from .site_tree import add_published, ensure_child

COMMUNITIES = [
    (
        "mathematics",
        "Городское сообщество учителей математики",
        "mathematics",
        ["basic", "secondary"],
        "Сообщество объединяет учителей математики школ города: обмен заданиями по математической грамотности, "
        "подготовка к ГИА, сопровождение молодых учителей.",
        ("Осипов Денис Валерьевич", "учитель математики высшей категории", "МБОУ «Лицей № 1»"),
        ["literacy-lyceum1", "mentoring-sosh1"],
    ),
    (
        "informatics-technology",
        "Городское сообщество учителей информатики и технологии",
        "informatics",
        ["basic", "secondary", "additional"],
        "Учителя информатики, технологии и педагоги дополнительного образования: робототехника, "
        "цифровые сервисы урока, инженерные проекты школьников.",
        ("Ахмедов Тимур Рашидович", "методист", "МБУ ДО «Центр дополнительного образования «Поиск»"),
        ["stem-poisk", "digital-sosh13"],
    ),
]


def build_communities(centers):
    if not centers:
        return
    home = centers[0].get_parent().get_parent()
    index = ensure_child(
        home,
        CommunityIndexPage,
        "communities",
        title="Городские предметные сообщества",
        intro="Сообщества педагогов города, которые поддерживают ресурсные центры: планы, материалы, заседания.",
        show_in_menus=True,
    )
    by_slug = {center.slug: center for center in centers}
    for slug, title, subject, level_slugs, description, leader, center_slugs, *_ in COMMUNITIES:
        if CommunityPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        supporting = [by_slug[s] for s in center_slugs if s in by_slug]
        page = CommunityPage(
            title=title,
            slug=slug,
            subject=Subject.objects.get(slug=subject),
            description=description,
            leader_name=leader[0],
            leader_position=leader[1],
            leader_organization=leader[2],
            plan=[
                (
                    "paragraph",
                    "<ol><li>Август: секция городской педагогической конференции</li>"
                    "<li>Октябрь: заседание сообщества, анализ результатов ГИА</li>"
                    "<li>Январь: открытые уроки участников</li>"
                    "<li>Май: итоговое заседание, план на следующий год</li></ol>",
                )
            ],
        )
        page.levels = list(EducationLevel.objects.filter(slug__in=level_slugs))
        page.centers = supporting
        page.member_organizations = list(Organization.objects.filter(kind="school"))
        page.materials = [
            CommunityMaterial(material=material)
            for material in MaterialPage.objects.live().filter(center__in=supporting).order_by("pk")[:3]
        ]
        add_published(index, page, timezone.now())
    link_community_meetings(index)


# community slug -> (host center slug, event slug) of the demo events that are the community's meetings
COMMUNITY_MEETINGS = {
    "mathematics": [("literacy-lyceum1", "math-community")],
    "informatics-technology": [
        ("stem-poisk", "master-class-robotics"),
        ("stem-poisk", "webinar-3d"),
        ("digital-sosh13", "seminar-my-school"),
    ],
}


def link_community_meetings(index):
    """Point the demo events at their communities (a new published revision), once; reruns change nothing."""
    for community_slug, events in COMMUNITY_MEETINGS.items():
        community = CommunityPage.objects.child_of(index).filter(slug=community_slug).first()
        if community is None:
            continue
        for center_slug, event_slug in events:
            event = EventPage.objects.filter(host_center__slug=center_slug, slug=event_slug).first()
            if event is None or event.community_id == community.pk:
                continue
            event.community = community
            event.save_revision().publish()
