"""Who can do what, driven through the Wagtail admin over HTTP with the demo's accounts.

Each row of MATRIX is (role, action, target, expected): the action is performed by the role's logged-in client
(anonymous: no login) through the admin's own URLs, and the outcome is read back from the database or the page.
Targets: "A" = the center coordinated by coordinator1, "B" = another center, "shared" = the municipal pages
(home page) and the root collection, plus a few single-target rows (the directory, reference snippets).

The personal data the site takes from visitors have their rows too: an event's participants, consultation requests,
practices sent in by teachers (and their files), applications to open a center (targets "submitted" and "under
review"); the public forms themselves are open to every role. Document and image references: a page of center A is
saved or previewed with the document or image of each target in its StreamField (what a coordinator may choose is
their own center's collection). Wagtail's form pages (and so their form submissions) are not used by the portal.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from centers.lifecycle.models import Application
from centers.models import (
    CenterPage,
    ConsultationRequest,
    ContentPage,
    Organization,
    PracticeIndexPage,
    PracticePage,
    Registration,
)
from portal.models import HomePage
from tests import events_helpers
from tests.test_consultations import request_data as consultation_data
from tests.test_expert_council import make_application
from tests.test_practice_exchange import valid_data as practice_data

pytestmark = pytest.mark.django_db

ROLES = ["moderator", "expert", "coordinator_a", "anonymous"]
TARGETS = ["A", "B", "shared"]
CENTER_SLUGS = {"A": "inclusive-sosh5", "B": "literacy-lyceum1"}


def png_bytes():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def stand_in_pages(monkeypatch):
    """Plain Wagtail pages stand in for the section and content pages other capabilities add under a center."""
    monkeypatch.setattr(Page, "is_creatable", True)
    monkeypatch.setattr(CenterPage, "_clean_subpage_models", [Page])


class OnDemand(dict):
    """A dict that builds a missing entry when first asked, so each test creates only what its action uses."""

    def __init__(self, build):
        super().__init__()
        self.build = build

    def __missing__(self, key):
        self[key] = value = self.build(key)
        return value


class World:
    """What each target holds: a parent page, a live and a draft child, a document and an image in its collection."""

    def __init__(self, admin):
        self.admin = admin
        self.parents = {key: CenterPage.objects.get(slug=slug) for key, slug in CENTER_SLUGS.items()}
        self.parents["shared"] = HomePage.objects.get()
        self.collections = {key: self.parents[key].collection for key in CENTER_SLUGS}
        self.collections["shared"] = Collection.get_first_root_node()
        self.live = OnDemand(self.build_live)
        self.draft = OnDemand(self.build_draft)
        self.document = OnDemand(self.build_document)
        self.image = OnDemand(self.build_image)
        self.event = OnDemand(self.build_event)
        self.consultation = OnDemand(self.build_consultation)
        self.practice = OnDemand(self.build_practice)
        self.application = OnDemand(self.build_application)
        self.content_pages = OnDemand(self.build_content_page)

    def build_live(self, key):
        page = Page(title=f"Опубликованная {key}", slug=f"live-{key.lower()}", owner=self.admin)
        self.parents[key].add_child(instance=page)
        page.save_revision(user=self.admin).publish(user=self.admin)
        return page

    def build_draft(self, key):
        page = Page(title=f"Черновик {key}", slug=f"draft-{key.lower()}", live=False, owner=self.admin)
        self.parents[key].add_child(instance=page)
        page.save_revision(user=self.admin)
        return page

    def build_document(self, key):
        return get_document_model().objects.create(
            title=f"Документ {key}",
            file=ContentFile(b"%PDF-1.4\n% plan of work\n%%EOF\n", name=f"plan-{key}.pdf"),
            collection=self.collections[key],
        )

    def build_image(self, key):
        return get_image_model().objects.create(
            title=f"Фото {key}",
            file=ContentFile(png_bytes(), name=f"photo-{key}.png"),
            collection=self.collections[key],
        )

    def build_event(self, key):
        """A published event of the target with one registrant, who signed up through the public form."""
        event = events_helpers.make_event(CENTER_SLUGS[key], slug=f"matrix-event-{key.lower()}")
        Client().post(events_helpers.registration_url(event), events_helpers.form(email=registrant(key)))
        assert Registration.objects.filter(email=registrant(key)).exists()
        return event

    def build_consultation(self, key):
        return ConsultationRequest.objects.create(
            center=self.parents[key],
            topic=f"Консультация центра {key}",
            question=f"Вопрос центру {key}: как адаптировать программу?",
            organization="МБОУ «СОШ № 13»",
            name="Орлова Светлана Игоревна",
            email=f"asks-{key.lower()}@example.ru",
        )

    def build_practice(self, key):
        """A practice a teacher sent to the target through the public form: a draft in moderation, with files."""
        title = f"Присланная практика {key}"
        Client().post(
            exchange_send_url(self.parents[key]), practice_data(title=title), REMOTE_ADDR="203.0.113.70"
        )
        return PracticePage.objects.get(title=title)

    def build_application(self, key):
        return make_application(
            {"submitted": Application.Status.SUBMITTED, "under review": Application.Status.UNDER_REVIEW}[key],
            justification=f"Обоснование заявки ({key}).",
        )

    def build_content_page(self, key):
        page = ContentPage(
            title=f"Страница центра {key}", slug=f"matrix-content-{key.lower()}", owner=self.admin
        )
        self.parents[key].add_child(instance=page)
        page.save_revision(user=self.admin).publish(user=self.admin)
        return page


def registrant(key):
    return f"registrant-{key.lower()}@example.ru"


def exchange_send_url(center):
    exchange = PracticeIndexPage.objects.child_of(center).get()
    return exchange.url + exchange.reverse_subpage("send")


@pytest.fixture
def world(stand_in_pages, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # the public forms' per-address limits
    admin = get_user_model().objects.get(username="admin")
    return World(admin)


def client_for(role, client):
    username = {"moderator": "moderator", "expert": "expert", "coordinator_a": "coordinator1"}.get(role)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def page_form(title, slug, **extra):
    return {"title": title, "slug": slug, **extra}


def shown(response):
    """The HTML a chooser shows: modal responses wrap it in JSON."""
    if response.status_code != 200:
        return ""
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("html", "")
    return response.content.decode()


def refreshed(page):
    return Page.objects.filter(pk=page.pk).first()


# Each action performs one thing through the admin and returns whether it happened.


def create_page(client, world, target):
    parent = world.parents[target]
    url = reverse("wagtailadmin_pages:add", args=["wagtailcore", "page", parent.pk])
    client.post(url, page_form("Новая страница", "new-page"))
    return Page.objects.child_of(parent).filter(slug="new-page").exists()


def edit_page(client, world, target):
    page = world.live[target]
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), page_form("Правка", page.slug))
    latest = refreshed(page).get_latest_revision()
    return latest.content["title"] == "Правка"


def publish_page(client, world, target):
    page = world.live[target]
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.post(url, page_form("Опубликованная правка", page.slug, **{"action-publish": "action-publish"}))
    return refreshed(page).title == "Опубликованная правка"


def unpublish_page(client, world, target):
    page = world.live[target]
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    return not refreshed(page).live


def delete_draft(client, world, target):
    page = world.draft[target]
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    return refreshed(page) is None


def delete_live(client, world, target):
    page = world.live[target]
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    return refreshed(page) is None


def move_draft(client, world, target):
    """Move the draft under the live page of the same target."""
    page, destination = world.draft[target], world.live[target]
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))
    return refreshed(page).get_parent().pk == destination.pk


def move_draft_from_a(client, world, target):
    """Move center A's draft into the target (B or shared)."""
    page, destination = world.draft["A"], world.live[target]
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))
    return refreshed(page).get_parent().pk == destination.pk


def copy_page(client, world, target):
    page = world.live[target]
    client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {"new_title": "Копия", "new_slug": "copy-of-live", "new_parent_page": world.parents[target].pk},
    )
    return Page.objects.filter(slug="copy-of-live").exists()


def lock_page(client, world, target):
    page = world.live[target]
    client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
    return refreshed(page).locked


def upload_document(client, world, target):
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Загруженный документ",
            # A real PDF: the admin checks uploads by content (centers.upload_forms).
            "file": ContentFile(
                b"%PDF-1.4\n% methodological recommendations\n%%EOF\n", name="recommendations.pdf"
            ),
            "collection": world.collections[target].pk,
        },
    )
    return (
        get_document_model()
        .objects.filter(title="Загруженный документ", collection=world.collections[target])
        .exists()
    )


def choose_document(client, world, target):
    title = world.document[target].title
    response = client.get(reverse("wagtaildocs_chooser:choose"))
    return title in shown(response)


def edit_document(client, world, target):
    document = world.document[target]
    client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Переименованный документ", "collection": document.collection_id},
    )
    document.refresh_from_db()
    return document.title == "Переименованный документ"


def upload_image(client, world, target):
    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Загруженное фото",
            "file": ContentFile(png_bytes(), name="uploaded.png"),
            "collection": world.collections[target].pk,
        },
    )
    return (
        get_image_model()
        .objects.filter(title="Загруженное фото", collection=world.collections[target])
        .exists()
    )


def choose_image(client, world, target):
    title = world.image[target].title
    response = client.get(reverse("wagtailimages_chooser:choose"))
    return title in shown(response)


def create_center(client, world, target):
    directory = world.parents["A"].get_parent()
    response = client.get(reverse("wagtailadmin_pages:add", args=["centers", "centerpage", directory.pk]))
    return response.status_code == 200


def edit_reference_snippet(client, world, target):
    organization = Organization.objects.order_by("pk").first()
    url = reverse("wagtailsnippets_centers_organization:edit", args=[organization.pk])
    response = client.get(url)
    return response.status_code == 200 and organization.full_name in response.content.decode()


def see_participants(client, world, target):
    event = world.event[target]
    response = client.get(reverse("centers_events:participants", args=[event.pk]))
    return response.status_code == 200 and registrant(target) in response.content.decode()


def export_participants(client, world, target):
    event = world.event[target]
    response = client.get(reverse("centers_events:participants_csv", args=[event.pk]))
    return response.status_code == 200 and registrant(target) in response.content.decode("utf-8-sig")


def register_for_event(client, world, target):
    event = world.event[target]
    client.post(
        events_helpers.registration_url(event), events_helpers.form(email="matrix-visitor@example.ru")
    )
    return Registration.objects.filter(email="matrix-visitor@example.ru", occurrence__event=event).exists()


def read_consultation(client, world, target):
    request = world.consultation[target]
    response = client.get(reverse("consultation_requests:edit", args=[request.pk]))
    return response.status_code == 200 and request.question in response.content.decode()


def answer_consultation(client, world, target):
    request = world.consultation[target]
    client.post(
        reverse("consultation_requests:edit", args=[request.pk]),
        {"status": "answered", "answer": "Ответ центра: программа адаптируется по ФАОП."},
    )
    request.refresh_from_db()
    return request.status == "answered"


def ask_for_consultation(client, world, target):
    center = world.parents[target]
    client.post(
        center.url + "consultation/", consultation_data(topic="Вопрос из матрицы"), REMOTE_ADDR="203.0.113.71"
    )
    return ConsultationRequest.objects.filter(center=center, topic="Вопрос из матрицы").exists()


def open_sent_practice(client, world, target):
    page = world.practice[target]
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return response.status_code == 200 and page.title in response.content.decode()


def download_sent_practice_file(client, world, target):
    document = world.practice[target].attachments.first().document
    response = client.get(document.url)
    return response.status_code == 200 and response.has_header("Content-Disposition")


def approve_sent_practice(client, world, target):
    page = world.practice[target]
    task_state = page.current_workflow_task_state
    client.post(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]), {})
    return PracticePage.objects.get(pk=page.pk).live


def send_practice(client, world, target):
    client.post(exchange_send_url(world.parents[target]), practice_data(title="Практика из матрицы"))
    return PracticePage.objects.filter(title="Практика из матрицы").exists()


def read_application(client, world, target):
    application = world.application[target]
    response = client.get(reverse("centers_lifecycle:application_detail", args=[application.pk]))
    return response.status_code == 200 and application.justification in response.content.decode()


def download_application_scan(client, world, target):
    application = world.application[target]
    response = client.get(reverse("centers_lifecycle:application_scan", args=[application.pk]))
    return response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def page_of_a_with(world, block):
    """The edit form of center A's free page with one StreamField block, as the page editor posts it."""
    page = world.content_pages["A"]
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "lead": "",
            "body": streamfield([block]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        }
    )
    return page, data


def document_block(document):
    return ("documents", {"heading": "", "documents": streamfield([("item", document.pk)])})


def image_block(image):
    return ("image", {"image": image.pk, "alt_text": "Фото с семинара", "caption": ""})


def latest_body(page):
    return ContentPage.objects.get(pk=page.pk).get_latest_revision_as_object().body


def attach_document(client, world, target):
    document = world.document[target]
    page, data = page_of_a_with(world, document_block(document))
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return any(
        block.block_type == "documents" and document in block.value["documents"]
        for block in latest_body(page)
    )


def attach_image(client, world, target):
    image = world.image[target]
    page, data = page_of_a_with(world, image_block(image))
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    return any(block.block_type == "image" and block.value["image"] == image for block in latest_body(page))


def preview_with_document(client, world, target):
    """The preview of A's page, posted with the target's document: does it show the document's title?"""
    document = world.document[target]
    page, data = page_of_a_with(world, document_block(document))
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    client.post(url, data)
    response = client.get(url)
    return response.status_code == 200 and document.title in response.content.decode()


def open_admin(client, world, target):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


ACTIONS = {
    "create page": (create_page, TARGETS),
    "edit page (draft)": (edit_page, TARGETS),
    "publish page": (publish_page, TARGETS),
    "unpublish page": (unpublish_page, TARGETS),
    "delete draft page": (delete_draft, TARGETS),
    "delete live page": (delete_live, TARGETS),
    "move draft page": (move_draft, TARGETS),
    "move A's draft into": (move_draft_from_a, ["B", "shared"]),
    "copy page": (copy_page, TARGETS),
    "lock page": (lock_page, TARGETS),
    "upload document": (upload_document, TARGETS),
    "choose document": (choose_document, TARGETS),
    "edit document": (edit_document, TARGETS),
    "upload image": (upload_image, TARGETS),
    "choose image": (choose_image, TARGETS),
    "create center": (create_center, ["directory"]),
    "edit reference data": (edit_reference_snippet, ["snippets"]),
    "open the admin": (open_admin, ["admin"]),
    "see an event's participants": (see_participants, ["A", "B"]),
    "export an event's participants": (export_participants, ["A", "B"]),
    "register for an event": (register_for_event, ["A"]),
    "read a consultation request": (read_consultation, ["A", "B"]),
    "answer a consultation request": (answer_consultation, ["A", "B"]),
    "ask for a consultation": (ask_for_consultation, ["A"]),
    "open a sent-in practice": (open_sent_practice, ["A", "B"]),
    "download a sent-in practice's file": (download_sent_practice_file, ["A", "B"]),
    "approve a sent-in practice": (approve_sent_practice, ["A", "B"]),
    "send a practice": (send_practice, ["A"]),
    "read an application": (read_application, ["submitted", "under review"]),
    "download an application's scan": (download_application_scan, ["submitted", "under review"]),
    "put a document on A's page": (attach_document, TARGETS),
    "preview A's page with a document": (preview_with_document, TARGETS),
    "put an image on A's page": (attach_image, TARGETS),
}
PUBLIC_FORMS = {("register for an event", "A"), ("ask for a consultation", "A"), ("send a practice", "A")}

COORDINATOR_OWN_CENTER = [
    "create page",
    "edit page (draft)",
    "delete draft page",
    "move draft page",
    "copy page",
    "lock page",
    "upload document",
    "choose document",
    "edit document",
    "upload image",
    "choose image",
    "see an event's participants",
    "export an event's participants",
    "read a consultation request",
    "answer a consultation request",
    "open a sent-in practice",
    "download a sent-in practice's file",
    "put a document on A's page",
    "preview A's page with a document",
    "put an image on A's page",
]
ALLOWED = {
    "moderator": {(action, target) for action, (_, targets) in ACTIONS.items() for target in targets},
    "coordinator_a": {(action, "A") for action in COORDINATOR_OWN_CENTER}
    | {("open the admin", "admin")}
    | PUBLIC_FORMS,
    "expert": {
        ("open the admin", "admin"),
        ("read an application", "under review"),
        ("download an application's scan", "under review"),
    }
    | PUBLIC_FORMS,
    "anonymous": PUBLIC_FORMS,
}
MATRIX = [
    (role, action, target, (action, target) in ALLOWED[role])
    for role in ROLES
    for action, (_, targets) in ACTIONS.items()
    for target in targets
]


@pytest.mark.parametrize(("role", "action", "target", "expected"), MATRIX)
def test_permission_matrix(client, world, role, action, target, expected):
    perform = ACTIONS[action][0]
    assert perform(client_for(role, client), world, target) is expected


def test_a_refused_publish_by_a_coordinator_leaves_the_public_page_unchanged(client, world):
    page = world.live["A"]
    publish_page(client_for("coordinator_a", client), world, "A")
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Опубликованная A" in response.content.decode()
    assert refreshed(page).get_latest_revision().content["title"] == "Опубликованная правка"


def test_a_coordinator_cannot_open_another_centers_pages_documents_or_images(client, world):
    client_for("coordinator_a", client)
    for url in [
        reverse("wagtailadmin_pages:edit", args=[world.parents["B"].pk]),
        reverse("wagtailadmin_pages:edit", args=[world.live["B"].pk]),
        reverse("wagtaildocs:edit", args=[world.document["B"].pk]),
        reverse("wagtailimages:edit", args=[world.image["B"].pk]),
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert world.live["B"].title not in response.content.decode()
    explorer = client.get(reverse("wagtailadmin_explore", args=[world.parents["B"].pk]))
    assert world.live["B"].title not in explorer.content.decode()
    own_title = world.live["A"].title
    own = client.get(reverse("wagtailadmin_explore", args=[world.parents["A"].pk]))
    assert own_title in own.content.decode()
