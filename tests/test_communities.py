import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import CenterPage, CommunityIndexPage, CommunityPage, MaterialPage, Subject

from .bulk_pages import bulk_add_children

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
    assert response.context["meetings"] == []


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
