"""What pages keep until a page changes (menu, trail, a center's section links, the site) never shows a stale state,
and routing in two queries answers every address as Wagtail's own routing does."""

import re

import pytest
from wagtail.models import Page

from centers.models import CenterPage, ContentPage, MaterialPage

pytestmark = pytest.mark.django_db


def test_a_section_published_under_the_home_page_is_in_every_pages_menu_at_once(client, home):
    material = MaterialPage.objects.live().order_by("path").first()
    assert "Новости департамента" not in client.get(material.url).text
    section = Page(title="Новости департамента", slug="department-news", show_in_menus=True)
    home.add_child(instance=section)
    section.save_revision().publish()
    assert "Новости департамента" in client.get(material.url).text
    section.unpublish()
    assert "Новости департамента" not in client.get(material.url).text


def test_a_renamed_center_shows_its_new_title_in_the_trail_of_its_materials_at_once(client):
    material = MaterialPage.objects.live().order_by("path").first()
    center = CenterPage.objects.ancestor_of(material).get()
    client.get(material.url)
    center.title = "Переименованный ресурсный центр"
    center.save_revision().publish()
    trail = client.get(material.url).text.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "Переименованный ресурсный центр" in trail


def test_a_page_added_to_a_center_is_linked_from_the_center_page_at_once(client):
    center = CenterPage.objects.live().get(slug="inclusive-sosh5")
    assert "Положение о сетевом взаимодействии" not in client.get(center.url).text
    regulation = ContentPage(title="Положение о сетевом взаимодействии", slug="network-regulation")
    center.add_child(instance=regulation)
    regulation.save_revision().publish()
    assert "Положение о сетевом взаимодействии" in client.get(center.url).text


def test_routing_answers_sub_routes_children_drafts_and_unknown_addresses_as_wagtail_does(client):
    center = CenterPage.objects.live().get(slug="inclusive-sosh5")
    material = MaterialPage.objects.live().descendant_of(center).order_by("path").first()
    assert client.get(f"{center.url}consultation/").status_code == 200  # the center's own sub-route
    assert client.get(material.url).status_code == 200
    assert client.get(f"{material.url}no-such-child/").status_code == 404
    assert client.get(f"{center.url}no-such-section/deeper/").status_code == 404
    draft = ContentPage(title="Черновик", slug="draft-page", live=False)
    center.add_child(instance=draft)
    assert client.get(f"{center.url}draft-page/").status_code == 404


def menu_current(html):
    """(title, aria-current) of every main menu link that carries aria-current."""
    menu = html.split('class="main-menu"')[1].split("</ul>")[0]
    return re.findall(r'<a href="[^"]*" aria-current="([^"]+)">([^<]+)</a>', menu)


def test_the_main_menu_marks_only_the_section_the_page_is_in(client, home):
    sections = list(home.get_children().live().in_menu().specific())
    assert len(sections) >= 2
    directory = next(section for section in sections if CenterPage.objects.child_of(section).exists())
    assert menu_current(client.get(directory.url).text) == [("page", directory.title)]
    material = MaterialPage.objects.live().order_by("path").first()
    assert menu_current(client.get(material.url).text) == [("true", directory.title)]
    assert menu_current(client.get(home.url).text) == []
