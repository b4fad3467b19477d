"""A file is as private as the pages that use it: sent-in practices, unpublished and password-protected pages."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from centers.content.models.materials import MaterialAttachment
from centers.models import (
    CenterDocument,
    CenterPage,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    PracticeIndexPage,
    PracticePage,
)
from centers.roles.provisioning import coordinators_group
from tests.test_practice_exchange import post, valid_data

pytestmark = pytest.mark.django_db

CENTER_SLUG = "literacy-lyceum1"


@pytest.fixture(autouse=True)
def fresh_state(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def center():
    return CenterPage.objects.get(slug=CENTER_SLUG)


@pytest.fixture
def exchange(center):
    return PracticeIndexPage.objects.child_of(center).get()


@pytest.fixture
def coordinator(center):
    user = get_user_model().objects.create_user("coord-docs", "coord-docs@example.ru", "unused-pass-123")
    user.groups.add(coordinators_group(center))
    return user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def downloaded(client, document):
    """True when the response is the file itself, not a login page, a password form or a 404."""
    response = client.get(document.url)
    return response.status_code == 200 and response.has_header("Content-Disposition")


def center_document(center, name="plan.pdf"):
    return CenterDocument.objects.create(
        title=name,
        file=ContentFile(b"%PDF-1.4\n% plan\n%%EOF\n", name=name),
        collection=center.collection,
    )


def material_with(center, document, slug, live=True):
    materials = MaterialIndexPage.objects.child_of(center).get()
    page = MaterialPage(
        title=f"Материал {slug}",
        slug=slug,
        abstract="Аннотация",
        material_type=MaterialType.objects.order_by("pk").first(),
        year=2026,
        live=False,
    )
    page.attachments = [MaterialAttachment(document=document)]
    materials.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    return MaterialPage.objects.get(pk=page.pk)


def test_files_of_a_sent_in_practice_are_private_until_it_is_published_and_again_after_unpublish_or_delete(
    client,
    exchange,
    coordinator,
    django_capture_on_commit_callbacks,
):
    post(client, exchange, valid_data(title="Практика с файлом"), django_capture_on_commit_callbacks)
    page = PracticePage.objects.get(title="Практика с файлом")
    document = page.attachments.first().document
    visitor = Client()
    assert not downloaded(visitor, document), "a draft in moderation must not publish its file"
    assert (
        visitor.get(document.url).status_code == 302
    )  # to the login page: a coordinator may follow the link
    assert downloaded(logged_in(coordinator), document), "the coordinator reviews the file"
    expert = get_user_model().objects.get(username="expert")
    assert logged_in(expert).get(document.url).status_code == 404

    page.get_latest_revision().publish()
    assert downloaded(visitor, document)
    PracticePage.objects.get(pk=page.pk).unpublish()
    assert not downloaded(visitor, document)
    page = PracticePage.objects.get(pk=page.pk)
    page.get_latest_revision().publish()
    assert downloaded(visitor, document)
    PracticePage.objects.get(pk=page.pk).delete()
    assert not downloaded(visitor, document), "a deleted practice leaves its file with the editors"
    assert downloaded(logged_in(coordinator), document)


def test_a_file_of_an_unpublished_material_goes_only_to_its_editors(center, coordinator):
    document = center_document(center)
    assert downloaded(Client(), document), "a file used by no page follows its public collection"
    material_with(center, document, "draft-material", live=False)
    assert not downloaded(Client(), document)
    assert not downloaded(logged_in(get_user_model().objects.get(username="expert")), document)
    assert downloaded(logged_in(coordinator), document)


def test_a_file_of_a_password_protected_material_asks_for_the_pages_password(center):
    document = center_document(center, "protected.pdf")
    page = material_with(center, document, "protected-material")
    visitor = Client()
    assert downloaded(visitor, document)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="секрет-2026"
    )
    response = visitor.get(document.url)
    assert response.status_code == 200 and not response.has_header("Content-Disposition")
    assert 'name="password"' in response.content.decode()
    assert not downloaded(visitor, document)
    visitor.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk]),
        {"password": "секрет-2026", "return_url": document.url},
    )
    assert downloaded(visitor, document), "the page's password opens its files too"


def test_a_file_of_a_login_only_material_is_public_once_a_public_page_uses_it_too(center):
    document = center_document(center, "shared.pdf")
    restricted = material_with(center, document, "members-only")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    visitor = Client()
    assert visitor.get(document.url).status_code == 302
    material_with(center, document, "open-material")
    assert downloaded(visitor, document), "a live public page shows the file to everyone anyway"
