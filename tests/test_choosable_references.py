"""A coordinator's page forms take only the documents, images and pages the coordinator may choose (issue 15, item 3)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import querydict_from_html

from centers.models import CenterDocument, CenterPage, ContentPage, MaterialPage
from centers.roles.provisioning import coordinators_group

pytestmark = pytest.mark.django_db

OWN, OTHER = "inclusive-sosh5", "literacy-lyceum1"
REFUSED_DOCUMENT = "Вы не можете выбрать этот документ"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def center(slug):
    return CenterPage.objects.get(slug=slug)


def document_in(collection, title):
    return CenterDocument.objects.create(
        title=title,
        file=ContentFile(b"%PDF-1.4\n% secret\n%%EOF\n", name="secret-plan.pdf"),
        collection=collection,
    )


def coordinator_client():
    user = get_user_model().objects.create_user("coord-refs", "coord-refs@example.ru", "unused-pass-123")
    user.groups.add(coordinators_group(center(OWN)))
    client = Client()
    client.force_login(user)
    return client


def own_material():
    return (
        MaterialPage.objects.descendant_of(center(OWN))
        .filter(attachments__isnull=False)
        .order_by("pk")
        .first()
    )


def edit_form_data(client, page):
    """What the page editor posts when nothing is changed: the form read from the edit page itself."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")  # the StreamField editor is drawn by script; posted empty here
    return data


def test_another_centers_document_is_refused_in_the_attachments_and_its_preview_shows_nothing():
    client = coordinator_client()
    material = own_material()
    before = material.get_latest_revision().pk
    foreign = document_in(center(OTHER).collection, "Протокол закрытого совещания лицея")
    data = edit_form_data(client, material)
    data["attachments-0-document"] = str(foreign.pk)

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[material.pk])
    assert client.post(preview_url, data).json()["is_valid"] is False
    preview = client.get(preview_url).content.decode()
    assert foreign.title not in preview and "secret-plan" not in preview

    response = client.post(reverse("wagtailadmin_pages:edit", args=[material.pk]), data)
    assert response.status_code == 200
    assert REFUSED_DOCUMENT in response.content.decode()
    assert foreign.title not in response.content.decode(), "the form comes back without the refused document"
    assert MaterialPage.objects.get(pk=material.pk).get_latest_revision().pk == before, "nothing is saved"


def test_own_centers_document_is_accepted_and_a_reference_already_on_the_page_stays():
    client = coordinator_client()
    material = own_material()
    own = document_in(center(OWN).collection, "План работы центра")
    data = edit_form_data(client, material)
    data["attachments-0-document"] = str(own.pk)
    response = client.post(reverse("wagtailadmin_pages:edit", args=[material.pk]), data)
    assert response.status_code == 302
    saved = MaterialPage.objects.get(pk=material.pk).get_latest_revision_as_object()
    assert own in [attachment.document for attachment in saved.attachments.all()]

    # A moderator attaches the department's document, which coordinators cannot choose: their next edit still saves.
    department = document_in(Collection.get_first_root_node(), "Положение о ресурсных центрах")
    moderator = Client()
    moderator.force_login(get_user_model().objects.get(username="moderator"))
    data = edit_form_data(moderator, material)
    data["attachments-0-document"] = str(department.pk)
    assert moderator.post(reverse("wagtailadmin_pages:edit", args=[material.pk]), data).status_code == 302
    data = edit_form_data(client, material)
    data["title"] = "Правка координатора"
    assert client.post(reverse("wagtailadmin_pages:edit", args=[material.pk]), data).status_code == 302
    latest = MaterialPage.objects.get(pk=material.pk).get_latest_revision_as_object()
    assert latest.title == "Правка координатора"


def test_a_link_block_may_point_at_a_published_page_but_not_at_another_centers_draft():
    client = coordinator_client()
    other = center(OTHER)
    draft = Page(title="Черновик лицея: кадровые решения", slug="hidden-draft", live=False)
    other.add_child(instance=draft)
    page = ContentPage(title="Полезные ссылки", slug="useful-links")
    center(OWN).add_child(instance=page)
    page.save_revision().publish()
    data = edit_form_data(client, page)
    data.update(
        {
            "body-count": "1",
            "body-0-type": "links",
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-value-heading": "",
            "body-0-value-links-count": "1",
            "body-0-value-links-0-deleted": "",
            "body-0-value-links-0-order": "0",
            "body-0-value-links-0-value-page": str(draft.pk),
            "body-0-value-links-0-value-url": "",
            "body-0-value-links-0-value-title": "",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200 and "Вы не можете выбрать эту страницу" in response.content.decode()
    assert draft.title not in response.content.decode(), "the link block comes back without the refused page"
    data["body-0-value-links-0-value-page"] = str(other.pk)  # the other center's published page
    assert client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data).status_code == 302


def test_the_page_chooser_offers_other_centers_published_pages_but_not_their_drafts():
    client = coordinator_client()
    other = center(OTHER)
    other.add_child(instance=Page(title="Черновик лицея: кадровые решения", slug="hidden-draft", live=False))
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[other.pk]))
    listing = response.json()["html"]
    assert "Черновик лицея: кадровые решения" not in listing
    published = other.get_children().live().first()
    assert published.title in listing
    own_draft = Page(title="Наш черновик", slug="own-draft", live=False)
    center(OWN).add_child(instance=own_draft)
    own_listing = client.get(reverse("wagtailadmin_choose_page_child", args=[center(OWN).pk])).json()["html"]
    assert "Наш черновик" in own_listing
