import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage

from centers.models import (
    CenterDocument,
    CenterIndexPage,
    CenterPage,
    ConsentRecord,
    EducationLevel,
    PracticeIndexPage,
    PracticePage,
    Subject,
)
from centers.privacy.consent import current_version
from portal.models import HomePage

from .archives import MEGABYTE, archive_with_a_large_member

pytestmark = pytest.mark.django_db

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SENDER_IP = "203.0.113.7"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def fresh_state(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def center():
    return CenterPage.objects.get(slug="literacy-lyceum1")


@pytest.fixture
def index(center):
    return PracticeIndexPage.objects.child_of(center).get()


@pytest.fixture
def coordinator(center):
    group = Group.objects.create(name="Координаторы: тест")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("add", "change"):
        GroupPagePermission.objects.create(group=group, page=center, permission_type=permission_type)
    user = get_user_model().objects.create_user("coord-test", "coord-test@example.ru", "unused-pass-123")
    user.groups.add(group)
    return user


@pytest.fixture
def moderation(directory):
    """The department's workflow on the directory (the roles branch seeds it; created here when absent)."""
    existing = directory.get_workflow()
    if existing is not None:
        return existing
    moderators = Group.objects.create(name="Модераторы департамента (тест)")
    workflow = Workflow.objects.create(name="Модерация департамента")
    task = GroupApprovalTask.objects.create(name="Проверка департаментом")
    task.groups.set([moderators])
    workflow.workflow_tasks.create(task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=directory)
    return workflow


def send_url(index):
    return index.url + index.reverse_subpage("send")


def valid_data(**overrides):
    data = {
        "title": "Дебаты на уроках истории",
        "problem": "Ученики не умеют аргументировать позицию.\n\nОсобенно в 8 классе.",
        "idea": "Учебные дебаты по спорным вопросам истории.",
        "method": "Две команды, регламент, судьи из класса.",
        "results": "Выросли баллы за развёрнутые ответы.",
        "resources": "Кабинет с подвижными партами.",
        "authors": "Сидорова Анна Петровна, учитель истории\nКлимов Олег Юрьевич, учитель обществознания",
        "author_organization": "МБОУ «СОШ № 5»",
        "levels": [EducationLevel.objects.get(slug="basic").pk],
        "subjects": [Subject.objects.get(slug="history").pk],
        "video_url": "https://video.example.ru/debaty",
        "email": "sidorova@example.ru",
        "consent_personal_data": "on",
        "consent_publication": "on",
        "website": "",
        "attachments": [
            SimpleUploadedFile("plan.pdf", MINIMAL_PDF, content_type="application/pdf"),
            SimpleUploadedFile("conspect.docx", docx_bytes()),
        ],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stored_counts():
    return (
        PracticePage.objects.count(),
        CenterDocument.objects.count(),
        ConsentRecord.objects.count(),
        len(mail.outbox),
    )


def post(client, index, data, capture):
    with capture(execute=True):
        return client.post(send_url(index), data, REMOTE_ADDR=SENDER_IP)


def test_form_is_offered_on_the_practice_exchange_with_csrf_protection(index):
    client = Client(enforce_csrf_checks=True)
    listing = client.get(index.url)
    assert send_url(index) in listing.content.decode()
    form = client.get(send_url(index))
    assert form.status_code == 200
    html = form.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert "Оставьте это поле пустым" in html  # the honeypot's label for screen readers
    assert "распространение моих персональных данных" in html  # the separate publication consent
    refused = client.post(send_url(index), valid_data(), REMOTE_ADDR=SENDER_IP)
    assert refused.status_code == 403


def test_valid_practice_becomes_a_draft_in_moderation_with_files_consents_and_emails(
    client, center, index, coordinator, moderation, django_capture_on_commit_callbacks
):
    response = post(client, index, valid_data(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200

    page = PracticePage.objects.child_of(index).get(title="Дебаты на уроках истории")
    assert not page.live and page.has_unpublished_changes
    assert page.workflow_in_progress
    assert page.current_workflow_state.workflow == moderation
    assert [author.name for author in page.authors.all()] == ["Сидорова Анна Петровна", "Климов Олег Юрьевич"]
    assert "<p>Ученики не умеют аргументировать позицию.</p>" in page.problem
    assert list(page.subjects.values_list("slug", flat=True)) == ["history"]

    expected_collection = getattr(center, "collection", None) or Collection.get_first_root_node()
    documents = [attachment.document for attachment in page.attachments.all()]
    assert sorted(document.title for document in documents) == ["conspect", "plan"]
    assert {document.collection_id for document in documents} == {expected_collection.pk}

    consents = ConsentRecord.objects.filter(object_id=page.pk, content_type__model="practicepage")
    assert {(c.kind, c.text_version) for c in consents} == {
        ("personal_data", current_version(ConsentRecord.Kind.PERSONAL_DATA)),
        ("publication", current_version(ConsentRecord.Kind.PUBLICATION)),
    }
    assert {c.ip_address for c in consents} == {SENDER_IP}
    assert all(c.given_at is not None and c.email == "sidorova@example.ru" for c in consents)

    receipt = next(message for message in mail.outbox if message.to == ["sidorova@example.ru"])
    assert "получена" in receipt.subject and "модератор" in receipt.body
    notice = next(message for message in mail.outbox if "coord-test@example.ru" in message.to)
    assert "Дебаты на уроках истории" in notice.body and f"/admin/pages/{page.pk}/edit/" in notice.body
    assert (
        receipt.alternatives[0][1] == "text/html" and "Дебаты на уроках истории" in receipt.alternatives[0][0]
    )
    assert re.search(rf'<a href="http://[^"]+/admin/pages/{page.pk}/edit/"', notice.alternatives[0][0])


def test_draft_is_not_visible_to_visitors_until_published(client, index, django_capture_on_commit_callbacks):
    post(client, index, valid_data(title="Скрытая практика"), django_capture_on_commit_callbacks)
    page = PracticePage.objects.get(title="Скрытая практика")
    assert page.get_url() and client.get(page.get_url()).status_code == 404
    assert "Скрытая практика" not in client.get(index.url).content.decode()


INVALID = {
    "missing personal-data consent": (
        {"consent_personal_data": None},
        "Без согласия на обработку персональных данных",
    ),
    "missing publication consent": (
        {"consent_publication": None},
        "Без согласия на публикацию",
    ),
    "html renamed to pdf": (
        {"attachments": [SimpleUploadedFile("plan.pdf", b"<!DOCTYPE html><html><script>1</script></html>")]},
        "Допустимые форматы",
    ),
    "oversized file": (
        {"attachments": [SimpleUploadedFile("big.pdf", MINIMAL_PDF + b"0" * (10 * 1024 * 1024))]},
        "ограничение",
    ),
    "honeypot filled": ({"website": "http://spam.example.com"}, "служебное поле"),
    "no author": ({"authors": " , "}, "Укажите хотя бы одного автора"),
    "empty title": ({"title": "  "}, "Требуется заполнить это поле"),
    "no e-mail": ({"email": "не-адрес"}, "Введите правильный адрес электронной почты"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_submission_shows_the_form_with_a_russian_error_and_stores_nothing(
    client, index, coordinator, case, django_capture_on_commit_callbacks
):
    overrides, message = INVALID[case]
    before = stored_counts()
    response = post(client, index, valid_data(**overrides), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html, html[html.find("errorlist") - 200 : html.find("errorlist") + 400]
    assert "Практика не отправлена" in html
    assert stored_counts() == before


def test_too_many_submissions_from_one_address_are_refused_with_429(
    client, index, settings, django_capture_on_commit_callbacks
):
    settings.CENTERS_SUBMISSIONS_PER_HOUR = 2
    for number in range(2):
        response = post(
            client, index, valid_data(title=f"Практика {number}"), django_capture_on_commit_callbacks
        )
        assert response.status_code == 302
    before = stored_counts()
    refused = post(client, index, valid_data(title="Третья практика"), django_capture_on_commit_callbacks)
    assert refused.status_code == 429
    assert "Слишком много" in refused.content.decode()
    assert stored_counts() == before
    with django_capture_on_commit_callbacks(execute=True):
        other = client.post(send_url(index), valid_data(title="С другого адреса"), REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 302


def test_published_practice_renders_and_the_index_filters_by_level_and_subject(client, index):
    practices = PracticePage.objects.child_of(index).live()
    assert practices.count() >= 2
    case_method = practices.get(slug="keys-metod-obshchestvoznanie")
    response = client.get(case_method.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Кейс-метод на уроках обществознания" in html and "Белова Ирина Николаевна" in html
    narrowed = client.get(index.url, {"subject": "social-studies"}).content.decode()
    assert "Кейс-метод на уроках обществознания" in narrowed
    assert "Смысловое чтение на уроках биологии" not in narrowed
    by_level = client.get(index.url, {"level": "secondary"}).content.decode()
    assert "Кейс-метод" in by_level and "Смысловое чтение" not in by_level


def copy_practices(index, count, start=0):
    template = PracticePage.objects.child_of(index).live().first()
    for number in range(start, start + count):
        template.copy(
            update_attrs={"slug": f"copy-{number}", "title": f"Копия {number}"},
            keep_live=True,
            copy_revisions=False,
        )


def index_queries(client, url):
    client.get(url)  # warms the site's caches (root paths, translations)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_practice_index_query_count_is_the_same_at_10_and_45_practices(client, index):
    copy_practices(index, 10 - PracticePage.objects.child_of(index).live().count())
    assert PracticePage.objects.child_of(index).live().count() == 10
    at_ten = index_queries(client, index.url)
    copy_practices(index, 35, start=100)
    assert index_queries(client, index.url) == at_ten
    assert index_queries(client, index.url + "?page=2") == at_ten
    assert index_queries(client, index.url + "?subject=social-studies&level=basic") <= at_ten + 2


def test_practice_pages_are_creatable_only_under_a_centers_single_practice_exchange(center, index):
    home, directory = HomePage.objects.get(), CenterIndexPage.objects.get()
    assert not PracticeIndexPage.can_create_at(home)
    assert not PracticeIndexPage.can_create_at(directory)
    assert not PracticeIndexPage.can_create_at(center)  # it already has one
    other = CenterPage.objects.exclude(pk=center.pk).first()
    PracticeIndexPage.objects.child_of(other).get().delete()
    assert PracticeIndexPage.can_create_at(CenterPage.objects.get(pk=other.pk))
    assert PracticePage.can_create_at(index)
    for parent in (Page.get_first_root_node(), home, directory, center):
        assert not PracticePage.can_create_at(parent)


def test_admin_offers_practice_types_only_under_allowed_parents(client, center, index):
    admin = get_user_model().objects.create_superuser("root-practice", "root@example.ru", "unused-pass-123")
    client.force_login(admin)
    assert client.get(f"/admin/pages/add/centers/practicepage/{index.pk}/").status_code == 200
    assert client.get(f"/admin/pages/add/centers/practicepage/{center.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/pages/add/centers/practiceindexpage/{center.pk}/").status_code in (302, 403)


def test_moderators_find_the_sent_in_draft_awaiting_their_review(
    client, index, moderation, django_capture_on_commit_callbacks
):
    post(client, index, valid_data(title="Практика на проверке"), django_capture_on_commit_callbacks)
    page = PracticePage.objects.get(title="Практика на проверке")
    task = page.current_workflow_task
    assert task is not None and not page.live
    moderator = get_user_model().objects.create_user("moderator-review", "mod@example.ru", "unused-pass-123")
    moderator.groups.add(task.specific.groups.first())
    moderator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(moderator)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Практика на проверке" in dashboard.content.decode()


def test_coordinators_open_the_sent_in_draft_in_the_page_editor(
    client, index, coordinator, django_capture_on_commit_callbacks
):
    post(client, index, valid_data(title="Практика для редактора"), django_capture_on_commit_callbacks)
    page = PracticePage.objects.get(title="Практика для редактора")
    client.force_login(coordinator)
    editor = client.get(f"/admin/pages/{page.pk}/edit/")
    assert editor.status_code == 200
    html = editor.content.decode()
    assert "sidorova@example.ru" in html  # the sender's address, read-only on the "Submission" tab
    assert "Сидорова Анна Петровна" in html
    assert current_version(ConsentRecord.Kind.PUBLICATION) in html  # the consents, with their text versions
    assert current_version(ConsentRecord.Kind.PERSONAL_DATA) in html and SENDER_IP in html


def test_closed_practice_exchange_does_not_offer_or_accept_the_form(client, index):
    index.accepts_submissions = False
    index.save_revision().publish()
    assert "Прислать свою практику" not in client.get(index.url).content.decode()
    before = stored_counts()
    assert client.post(send_url(index), valid_data(), REMOTE_ADDR=SENDER_IP).status_code == 404
    assert stored_counts() == before


def test_the_sender_hears_when_moderators_publish_or_return_the_practice(
    client, index, moderation, django_capture_on_commit_callbacks
):
    post(client, index, valid_data(title="Практика к публикации"), django_capture_on_commit_callbacks)
    post(client, index, valid_data(title="Практика на доработку"), django_capture_on_commit_callbacks)
    moderator = get_user_model().objects.create_superuser(
        "moderator-act", "act@example.ru", "unused-pass-123"
    )
    mail.outbox.clear()

    returned = PracticePage.objects.get(title="Практика на доработку")
    returned.current_workflow_task_state.reject(user=moderator, comment="Добавьте описание результатов.")
    letter = mail.outbox[-1]
    assert letter.to == ["sidorova@example.ru"] and "доработку" in letter.subject
    assert "Добавьте описание результатов." in letter.body
    assert not PracticePage.objects.get(pk=returned.pk).live

    approved = PracticePage.objects.get(title="Практика к публикации")
    sent = len(mail.outbox)
    approved.current_workflow_task_state.approve(user=moderator)
    approved = PracticePage.objects.get(pk=approved.pk)
    assert approved.live
    published = [m for m in mail.outbox[sent:] if m.to == ["sidorova@example.ru"]]
    assert len(published) == 1 and "опубликована" in published[0].subject
    assert approved.url in published[0].body
    approved.save_revision(user=moderator).publish(user=moderator)
    assert len([m for m in mail.outbox[sent:] if m.to == ["sidorova@example.ru"]]) == 1
    assert client.get(approved.url).status_code == 200


def test_a_center_whose_term_has_ended_keeps_practices_readable_but_takes_none(client):
    ended = next(center for center in CenterPage.objects.live() if center.term_has_ended)
    exchange = PracticeIndexPage.objects.child_of(ended).get()
    listing = client.get(exchange.url)
    assert listing.status_code == 200 and "Прислать свою практику" not in listing.content.decode()
    assert client.get(send_url(exchange)).status_code == 404


def test_a_mail_server_failure_keeps_the_sent_in_practice(
    client, index, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = post(
        client, index, valid_data(title="Практика при сбое почты"), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert PracticePage.objects.filter(title="Практика при сбое почты", live=False).exists()


def test_provisioning_a_center_gives_it_a_practice_exchange_whose_files_go_to_its_collection(
    client, directory, django_capture_on_commit_callbacks
):
    from centers.models import Direction, Organization
    from centers.roles.provisioning import coordinators_group, provision_center

    organization = Organization.objects.create(
        full_name="МБОУ «СОШ № 4»", short_name="СОШ № 4", kind="school"
    )
    direction = Direction.objects.create(name="Одарённые дети", slug="gifted")
    center = provision_center(organization, direction, order_number="501-п")
    exchange = PracticeIndexPage.objects.child_of(center).get()
    assert exchange.live and exchange.slug == "practices" and exchange.title == "Обмен практиками"
    coordinator = get_user_model().objects.create_user("coord-new", "coord-new@example.ru", "unused-pass-123")
    coordinator.groups.add(coordinators_group(center))

    post(client, exchange, valid_data(title="Практика нового центра"), django_capture_on_commit_callbacks)
    page = PracticePage.objects.get(title="Практика нового центра")
    assert page.workflow_in_progress and not page.live
    center = CenterPage.objects.get(pk=center.pk)
    assert {a.document.collection_id for a in page.attachments.all()} == {center.collection_id}
    assert any("coord-new@example.ru" in message.to for message in mail.outbox)


def test_a_practice_from_the_form_gets_a_transliterated_slug_as_the_admin_would_give_it(
    client, index, django_capture_on_commit_callbacks
):
    """Approved from the public form, a practice once got /practices/%D0%B8%D0%B3.../; now the admin's letters."""
    title = "Игровые технологии на уроках истории: «щука» и ёж"
    post(client, index, valid_data(title=title), django_capture_on_commit_callbacks)
    post(
        client, index, valid_data(title=title, email="second@example.ru"), django_capture_on_commit_callbacks
    )
    first, second = PracticePage.objects.child_of(index).filter(title=title).order_by("pk")
    assert first.slug == "igrovye-texnologii-na-urokax-istorii-shhuka-i-yozh"
    assert second.slug == "igrovye-texnologii-na-urokax-istorii-shhuka-i-yozh-2"
    first.save_revision().publish()
    first.refresh_from_db()
    assert (
        first.url == f"{index.url}igrovye-texnologii-na-urokax-istorii-shhuka-i-yozh/"
        and "%" not in first.url
    )
    assert client.get(first.url).status_code == 200


def test_the_admins_slug_field_transliterates_as_the_public_form_does(admin_client, index):
    """The admin's slug field (Stimulus w-slug) transliterates unless told to allow unicode; it is not told."""
    from centers.common.slugs import transliterated_slug

    html = admin_client.get(f"/admin/pages/add/centers/practicepage/{index.pk}/").content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    assert 'data-controller="w-slug"' in slug_input and "allow-unicode" not in slug_input
    assert transliterated_slug("Щедрый вечер «Ёлка» № 5") == "shhedryj-vecher-yolka-5"


def stored_files(media_root):
    return [path for path in media_root.rglob("*") if path.is_file()]


@pytest.mark.parametrize("title", ["🎉📚🎉", "\u0301\u0308\u0301", "\u200f\u200e\u202b"])
def test_a_title_without_letters_is_refused_the_text_kept_nothing_stored_and_no_slot_spent(
    client, index, settings, tmp_path, title, django_capture_on_commit_callbacks
):
    settings.CENTERS_SUBMISSIONS_PER_HOUR = 1
    before = stored_counts()
    response = post(client, index, valid_data(title=title), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Название практики должно содержать буквы или цифры" in html
    assert "Учебные дебаты по спорным вопросам истории." in html
    assert stored_counts() == before
    assert stored_files(tmp_path) == []
    accepted = post(client, index, valid_data(title=f"Практика {title}"), django_capture_on_commit_callbacks)
    assert accepted.status_code == 302


def test_a_page_that_refuses_to_be_saved_leaves_no_row_and_no_file_and_the_sender_sees_why(
    client, index, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(page, *args, **kwargs):
        raise ValidationError({"slug": ["Адрес «практика» уже занят."]})

    monkeypatch.setattr(PracticePage, "full_clean", refuse)
    before = stored_counts()
    response = post(client, index, valid_data(), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Адрес «практика» уже занят." in response.content.decode()
    assert stored_counts() == before
    assert stored_files(tmp_path) == []


def test_an_archive_bomb_sent_with_a_practice_is_refused_in_russian_and_nothing_stored(
    client, index, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.CENTERS_UPLOAD_MAX_UNPACKED_BYTES = 4 * MEGABYTE
    entries = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}
    bomb = SimpleUploadedFile(
        "conspect.docx", archive_with_a_large_member(entries, "word/media/image1.png", 8)
    )
    before = stored_counts()
    response = post(client, index, valid_data(attachments=[bomb]), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "При распаковке файл занимает больше 4,0" in response.content.decode()
    assert stored_counts() == before
    assert stored_files(tmp_path) == []
