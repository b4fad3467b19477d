"""Every change shows at once on cached pages, also when what changed is not a page; junk query strings and a
visitor's own choices never grow or poison the page cache."""

import pytest
from django.test import Client

from centers.common.kept import generation, kept
from centers.common.page_cache import KEYRING, page_cache
from centers.models import ApprovalOrder, CenterPage, ContentPage, MaterialPage, Subject
from portal import page_cache as portal_page_cache
from portal.models import SiteIdentity

from .search_fixtures import add_material

pytestmark = pytest.mark.django_db

STATUS = "X-Wagtail-Cache"


def warm(url):
    Client().get(url)
    response = Client().get(url)
    assert response[STATUS] == "hit", url
    return response.content.decode()


def test_a_renamed_site_shows_its_new_name_on_cached_pages_at_once(
    cached, home, django_capture_on_commit_callbacks
):
    identity = SiteIdentity.for_site(home.get_site())
    assert "Городская сеть наставничества" not in warm(home.url)
    identity.site_name = "Городская сеть наставничества"
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()
    assert "Городская сеть наставничества" in Client().get(home.url).content.decode()


def test_a_renamed_subject_shows_on_a_cached_material_page_at_once(
    cached, django_capture_on_commit_callbacks
):
    material = MaterialPage.objects.live().filter(subjects__isnull=False).order_by("path").first()
    subject = material.subjects.order_by("pk").first()
    assert subject.name in warm(material.url)
    subject.name = "Естествознание (интегрированный курс)"
    with django_capture_on_commit_callbacks(execute=True):
        subject.save()
    assert "Естествознание (интегрированный курс)" in Client().get(material.url).content.decode()
    assert Subject.objects.filter(name="Естествознание (интегрированный курс)").exists()


def test_a_page_with_a_saved_query_lists_a_material_published_in_another_center_at_once(
    cached, home, django_capture_on_commit_callbacks
):
    query = ContentPage.body.field.stream_block.child_blocks["saved_query"]
    collection = ContentPage(
        title="Новые материалы сети",
        slug="network-new-materials",
        body=[
            ("saved_query", query.to_python({"heading": "Новое в сети", "page_type": "material", "limit": 5}))
        ],
    )
    center_b = CenterPage.objects.get(slug="inclusive-sosh5")
    center_b.add_child(instance=collection)
    with django_capture_on_commit_callbacks(execute=True):  # its own purge now, not with the material's
        collection.save_revision().publish()
    assert "Лабораторный практикум по оптике" not in warm(collection.url)
    center_a = CenterPage.objects.get(slug="stem-poisk")
    with django_capture_on_commit_callbacks(execute=True):
        add_material("Лабораторный практикум по оптике", center=center_a)
    assert "Лабораторный практикум по оптике" in Client().get(collection.url).content.decode()


def test_what_a_request_kept_during_a_transaction_is_not_read_after_the_commit(
    django_capture_on_commit_callbacks,
):
    """A concurrent request that read the old rows while the change was being written kept them under the
    generation the change started; the commit starts another one."""
    subject = Subject.objects.order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        subject.name = "Технология (обновлённая программа)"
        subject.save()
        during = generation()
        # What a concurrent request, still seeing the committed rows, computed and kept meanwhile:
        kept(None, "subject-name", lambda: "old name read by another request")
        assert generation() == during
    assert generation() != during
    assert kept(None, "subject-name", lambda: Subject.objects.get(pk=subject.pk).name) == (
        "Технология (обновлённая программа)"
    )


def test_parameters_in_another_order_or_with_trackers_share_one_cache_entry(cached):
    library = "/library/"
    Client().get(f"{library}?type=material&sort=date")
    assert Client().get(f"{library}?sort=date&type=material")[STATUS] == "hit"
    assert Client().get(f"{library}?sort=date&utm_source=mail&type=material")[STATUS] == "hit"


def test_a_visitor_inventing_query_strings_cannot_grow_the_page_cache_past_its_cap(cached, monkeypatch):
    monkeypatch.setattr(portal_page_cache, "MAX_QUERY_VARIANTS", 3)
    answers = [Client().get(f"/library/?q=word{number}") for number in range(6)]
    assert [answer[STATUS] for answer in answers] == ["miss", "miss", "miss", "skip", "skip", "skip"]
    assert all(answer.status_code == 200 for answer in answers)
    kept_urls = [url for url in page_cache().get(KEYRING) if "/library/?" in url]
    assert len(kept_urls) == 3
    assert Client().get("/library/?q=word0")[STATUS] == "hit"  # the kept ones stay


def test_the_accessibility_page_shows_each_visitor_their_own_choices(cached):
    chooser = Client()
    chooser.get("/accessibility/change/?size=huge&next=/")
    assert 'value="huge" checked' in chooser.get("/accessibility/").content.decode()
    stranger = Client().get("/accessibility/")
    assert stranger[STATUS] != "hit"
    assert 'value="huge" checked' not in stranger.content.decode()


def test_culling_the_file_cache_never_drops_the_keyring(tmp_path):
    from portal.page_cache_backend import FileCacheWithLocalCopies

    store = FileCacheWithLocalCopies(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 1}})
    store.set(KEYRING, {"https://example.org/": ["page-key"]}, None)
    for number in range(40):
        store._culled_at = 0.0  # as if the last culling were long ago
        store.set(f"page-{number}", b"<html>", 300)
    assert store.get(KEYRING) == {"https://example.org/": ["page-key"]}
    assert len(list(tmp_path.glob("*.djcache"))) <= 11


def test_a_corrected_approval_order_shows_on_its_cached_center_page_at_once(
    cached, django_capture_on_commit_callbacks
):
    order = ApprovalOrder.objects.exclude(document="").filter(center__live=True).order_by("pk").first()
    assert order.number in warm(order.center.url)
    order.number = "777-од"
    with django_capture_on_commit_callbacks(execute=True):
        order.save()
    assert "777-од" in Client().get(order.center.url).content.decode()
