import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.models import (
    CenterPage,
    CommunityIndexPage,
    CommunityPage,
    EventFormat,
    EventIndexPage,
    EventPage,
    MaterialPage,
    Subject,
)

from .bulk_pages import bulk_add_children
from .events_helpers import make_event

pytestmark = pytest.mark.django_db


def test_demo_has_two_communities_in_the_main_menu(client, home):
    index = CommunityIndexPage.objects.child_of(home).get()
    assert index.show_in_menus
    assert CommunityPage.objects.child_of(index).live().count() == 2
    html = client.get(home.url).content.decode()
    assert f'href="{index.url}"' in html and "Городские предметные сообщества" in html


def test_community_index_lists_published_communities_only(client, home):
    index = CommunityIndexPage.objects.child_of(home).get()
    draft = CommunityPage(
        title="Сообщество-черновик",
        slug="draft-community",
        subject=Subject.objects.first(),
        description="Черновик",
        leader_name="Иванов И. И.",
        live=False,
    )
    index.add_child(instance=draft)
    html = client.get(index.url).content.decode()
    assert "Городское сообщество учителей математики" in html
    assert "Сообщество-черновик" not in html
    assert client.get(draft.url).status_code == 404


def test_community_page_shows_subject_leader_centers_members_plan_and_materials(client):
    community = CommunityPage.objects.get(slug="informatics-technology")
    response = client.get(community.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Информатика" in html and "Ахмедов Тимур Рашидович" in html
    for center in community.centers.all():
        assert center.title in html and center.url in html
    assert "Организации-участники" in html and "МБОУ «Лицей № 1»" in html
    assert "План на год" in html
    materials = [item.material for item in community.materials.all()]
    assert materials
    for material in materials:
        assert material.url in html


def test_unpublished_material_disappears_from_the_community_page(client):
    community = CommunityPage.objects.get(slug="mathematics")
    material = community.materials.first().material
    MaterialPage.objects.get(pk=material.pk).unpublish()
    assert material.title not in client.get(community.url).content.decode()


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_community_index_costs_the_same_queries_with_few_and_many_communities(client, home):
    index = CommunityIndexPage.objects.child_of(home).get()
    subject = Subject.objects.get(slug="mathematics")
    centers = list(CenterPage.objects.all()[:2])

    def add(start, count):
        pages = bulk_add_children(
            index,
            [
                CommunityPage(
                    title=f"Сообщество {n:04d}",
                    slug=f"community-{n}",
                    subject=subject,
                    description="Описание",
                    leader_name="Руководитель",
                )
                for n in range(start, start + count)
            ],
        )
        for page in pages:
            CommunityPage.centers.through.objects.bulk_create(
                [CommunityPage.centers.through(communitypage_id=page.pk, centerpage_id=c.pk) for c in centers]
            )

    add(0, 8)
    small = queries_for(client, index.url)
    add(8, 200)
    assert queries_for(client, index.url) == small


def meeting_of(community, slug, days, **fields):
    return make_event(
        "stem-poisk",
        slug=slug,
        days=days,
        community=community,
        title=fields.pop("title", f"Заседание {slug}"),
        **fields,
    )


def section(html, heading):
    """The HTML of the page section under the heading (up to the next section)."""
    start = html.index(f">{heading}</h2>")
    end = html.find("</section>", start)
    return html[start:end]


def test_demo_communities_list_their_meetings(client):
    html = client.get(CommunityPage.objects.get(slug="mathematics").url).content.decode()
    assert "Заседание городского предметного сообщества учителей математики" in section(
        html, "Ближайшие заседания"
    )
    assert "Заседание городского предметного сообщества учителей математики" in section(
        html, "Прошедшие заседания"
    )
    html = client.get(CommunityPage.objects.get(slug="informatics-technology").url).content.decode()
    assert "Робототехника на уроках технологии" in section(html, "Ближайшие заседания")
    assert "3D-моделирование в дополнительном образовании" in section(html, "Прошедшие заседания")


def test_community_page_lists_published_upcoming_meetings_soonest_first_and_past_ones_apart(client):
    community = CommunityPage.objects.get(slug="mathematics")
    EventPage.objects.filter(community=community).update(community=None)  # only this test's meetings
    later = meeting_of(community, "later", days=20, title="Заседание «Итоги олимпиады»")
    sooner = meeting_of(
        community,
        "sooner",
        days=5,
        title="Заседание «Разбор заданий ОГЭ»",
        format=EventFormat.objects.get(slug="webinar"),
    )
    past = meeting_of(community, "past", days=-30, title="Заседание «Анализ результатов ГИА»")
    unpublished = meeting_of(community, "unpublished", days=7, title="Заседание «Снято с публикации»")
    unpublished.unpublish()
    cancelled = meeting_of(community, "cancelled", days=8, title="Заседание «Отменено»")
    cancelled.occurrences.update(is_cancelled=True)
    index = EventIndexPage.objects.child_of(CenterPage.objects.get(slug="stem-poisk")).get()
    start = timezone.now() + datetime.timedelta(days=9)
    draft = EventPage(
        title="Заседание «Черновик»",
        slug="draft-meeting",
        format=EventFormat.objects.get(slug="community-meeting"),
        start=start,
        end=start + datetime.timedelta(hours=2),
        community=community,
        live=False,
    )
    index.add_child(instance=draft)
    draft.save_revision()
    other = meeting_of(None, "other-community", days=6, title="Заседание другого сообщества")

    html = client.get(community.url).content.decode()
    upcoming = section(html, "Ближайшие заседания")
    assert upcoming.index("Разбор заданий ОГЭ") < upcoming.index("Итоги олимпиады")
    for event in (sooner, later):
        meeting = event.occurrences.get()
        assert f'<time datetime="{timezone.localtime(meeting.start).isoformat()}">' in upcoming
        assert f'<a href="{event.url}">{event.title}</a>' in upcoming
    assert (
        '<p class="event-card__meta">Вебинар · ' in upcoming
        and '<p class="event-card__meta">Семинар · ' in upcoming
    )
    assert "Анализ результатов ГИА" not in upcoming
    assert f'<a href="{past.url}">{past.title}</a>' in section(html, "Прошедшие заседания")
    for hidden in ("Снято с публикации", "Отменено", "Черновик", other.title):
        assert hidden not in html


def test_a_community_without_meetings_says_so(client):
    community = CommunityPage.objects.get(slug="mathematics")
    EventPage.objects.filter(community=community).update(community=None)
    html = client.get(community.url).content.decode()
    assert "Заседания пока не запланированы." in html
    assert "Прошедшие заседания" not in html


def test_community_page_costs_the_same_queries_with_few_and_many_meetings(client):
    community = CommunityPage.objects.get(slug="mathematics")
    EventPage.objects.filter(community=community).update(community=None)
    for number in range(2):
        meeting_of(community, f"few-{number}", days=3 + number)
        meeting_of(community, f"few-past-{number}", days=-3 - number)
    few = queries_for(client, community.url)
    for number in range(14):
        meeting_of(community, f"many-{number}", days=10 + number)
        meeting_of(community, f"many-past-{number}", days=-10 - number)
    html = client.get(community.url).content.decode()
    assert html.count('class="event-card"') == 12 + 5
    assert queries_for(client, community.url) == few
