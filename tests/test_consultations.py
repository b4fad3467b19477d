import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from wagtail.models import GroupPagePermission

from centers.models import CenterPage, ConsentRecord, ConsultationRequest
from centers.privacy.consent import current_version

pytestmark = pytest.mark.django_db

VISITOR_IP = "203.0.113.44"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def center():
    return CenterPage.objects.get(slug="inclusive-sosh5")


@pytest.fixture
def other_center(center):
    return CenterPage.objects.exclude(pk=center.pk).order_by("pk").first()


def make_coordinator(center, username):
    group = Group.objects.create(name=f"Координаторы: {center.title} ({username})")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("add", "change"):
        GroupPagePermission.objects.create(group=group, page=center, permission_type=permission_type)
    user = get_user_model().objects.create_user(username, f"{username}@example.ru", "unused-pass-123")
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator(center):
    return make_coordinator(center, "coord-own")


@pytest.fixture
def stranger(other_center):
    return make_coordinator(other_center, "coord-other")


def request_data(**overrides):
    data = {
        "topic": "Адаптированная программа для 3 класса",
        "question": "Как составить адаптированную программу по русскому языку для ученика с ТНР?",
        "organization": "МБОУ «СОШ № 13»",
        "name": "Орлова Светлана Игоревна",
        "email": "orlova@example.ru",
        "phone": "",
        "consent_personal_data": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def form_url(center):
    """Where the center page's «Запросить консультацию» link leads."""
    return center.url + "consultation/"


def submit(client, center, capture, **overrides):
    with capture(execute=True):
        return client.post(form_url(center), request_data(**overrides), REMOTE_ADDR=VISITOR_IP)


def test_center_page_links_to_the_consultation_form_which_carries_csrf_and_its_own_consent(center):
    client = Client(enforce_csrf_checks=True)
    page = client.get(center.url)
    html = page.content.decode()
    assert "csrfmiddlewaretoken" not in html and "<form" not in html.split('id="consultation"')[1]
    assert not page.cookies
    assert f'<a class="button-link" href="{form_url(center)}">Запросить консультацию</a>' in html

    form_page = client.get(form_url(center))
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert f'<form method="post" action="{form_url(center)}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "на обработку моих персональных данных" in html
    assert "no-store" in form_page["Cache-Control"]
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
    assert f'<a href="{center.url}">{center.title}</a>' in trail
    assert '<span aria-current="page">Запросить консультацию</span>' in trail
    assert client.post(form_url(center), request_data()).status_code == 403


def test_the_forms_former_address_passes_a_request_on_to_the_center(
    client, center, django_capture_on_commit_callbacks
):
    moved = client.post(f"/forms/consultation/{center.pk}/", request_data(), REMOTE_ADDR=VISITOR_IP)
    assert moved.status_code == 308 and moved["Location"] == form_url(center)  # the browser re-sends the POST
    sent = client.get(f"/forms/consultation/{center.pk}/sent/")
    assert sent.status_code == 301 and sent["Location"] == form_url(center) + "sent/"
    assert not ConsultationRequest.objects.filter(email="orlova@example.ru").exists()


def test_request_is_stored_with_consent_and_both_sides_are_told(
    client, center, coordinator, django_capture_on_commit_callbacks
):
    response = submit(client, center, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == form_url(center) + "sent/"
    assert "Запрос отправлен" in client.get(response["Location"]).content.decode()
    stored = ConsultationRequest.objects.get(email="orlova@example.ru")
    assert stored.center_id == center.pk and stored.status == ConsultationRequest.Status.NEW
    consent = ConsentRecord.objects.get(content_type__model="consultationrequest", object_id=stored.pk)
    assert consent.kind == ConsentRecord.Kind.PERSONAL_DATA
    assert consent.text_version == current_version(ConsentRecord.Kind.PERSONAL_DATA)
    assert consent.ip_address == VISITOR_IP and consent.given_at is not None
    receipt = next(message for message in mail.outbox if message.to == ["orlova@example.ru"])
    assert "консультацию" in receipt.subject
    notice = next(message for message in mail.outbox if "coord-own@example.ru" in message.to)
    assert f"/admin/consultation_requests/edit/{stored.pk}/" in notice.body
    # both letters are two-part: the HTML shows the same text with the link clickable
    assert (
        receipt.alternatives[0][1] == "text/html" and "Орлова Светлана Игоревна" in receipt.alternatives[0][0]
    )
    assert re.search(
        rf'<a href="http://[^"]+/admin/consultation_requests/edit/{stored.pk}/"', notice.alternatives[0][0]
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent_personal_data": None}, "Без согласия на обработку персональных данных"),
        ({"website": "https://spam.example.com"}, "служебное поле"),
        ({"email": "не адрес"}, "Введите правильный адрес электронной почты"),
        ({"question": ""}, "Требуется заполнить это поле"),
    ],
)
def test_invalid_request_shows_the_form_with_a_russian_error_and_stores_nothing(
    client, center, overrides, message, django_capture_on_commit_callbacks
):
    before = (ConsultationRequest.objects.count(), ConsentRecord.objects.count())
    response = submit(client, center, django_capture_on_commit_callbacks, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Запрос не отправлен" in html
    assert 'value="МБОУ «СОШ № 13»"' in html  # what was typed stays for correction
    assert (ConsultationRequest.objects.count(), ConsentRecord.objects.count()) == before
    assert mail.outbox == []


def test_too_many_requests_from_one_address_get_429(
    client, center, settings, django_capture_on_commit_callbacks
):
    settings.CENTERS_SUBMISSIONS_PER_HOUR = 1
    assert submit(client, center, django_capture_on_commit_callbacks).status_code == 302
    count, sent = ConsultationRequest.objects.count(), len(mail.outbox)
    refused = submit(client, center, django_capture_on_commit_callbacks, topic="Ещё один вопрос")
    assert refused.status_code == 429 and "Слишком много" in refused.content.decode()
    assert ConsultationRequest.objects.count() == count and len(mail.outbox) == sent


def test_only_that_centers_coordinators_see_and_open_its_requests(
    client, center, other_center, coordinator, stranger, django_capture_on_commit_callbacks
):
    submit(client, center, django_capture_on_commit_callbacks, topic="Вопрос для своего центра")
    stored = ConsultationRequest.objects.get(topic="Вопрос для своего центра")

    own = Client()
    own.force_login(coordinator)
    listing = own.get("/admin/consultation_requests/")
    assert listing.status_code == 200
    assert "Вопрос для своего центра" in listing.content.decode()
    editor = own.get(f"/admin/consultation_requests/edit/{stored.pk}/")
    assert editor.status_code == 200
    assert current_version(ConsentRecord.Kind.PERSONAL_DATA) in editor.content.decode()
    assert VISITOR_IP in editor.content.decode()
    foreign = ConsultationRequest.objects.filter(center=other_center).first()
    assert foreign is not None
    assert own.get(f"/admin/consultation_requests/edit/{foreign.pk}/").status_code in (403, 404)

    other = Client()
    other.force_login(stranger)
    other_listing = other.get("/admin/consultation_requests/").content.decode()
    assert "Вопрос для своего центра" not in other_listing
    assert other.get(f"/admin/consultation_requests/edit/{stored.pk}/").status_code in (403, 404)
    refused = other.post(
        f"/admin/consultation_requests/edit/{stored.pk}/", {"status": "answered", "answer": "Чужой ответ"}
    )
    assert refused.status_code in (403, 404)
    assert other.get(f"/admin/consultation_requests/delete/{stored.pk}/").status_code in (403, 404)
    stored.refresh_from_db()
    assert stored.answer == ""


def test_listing_is_limited_to_the_coordinators_center_in_the_database(coordinator, center):
    own = Client()
    own.force_login(coordinator)
    listing = own.get("/admin/consultation_requests/")
    shown = set(listing.context["object_list"].values_list("center_id", flat=True))
    assert shown == {center.pk}


def test_department_moderator_sees_requests_of_every_center(directory):
    group = Group.objects.create(name="Модераторы (тест)")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission_type in ("add", "change", "publish"):
        GroupPagePermission.objects.create(group=group, page=directory, permission_type=permission_type)
    moderator = get_user_model().objects.create_user("moderator-test", "m@example.ru", "unused-pass-123")
    moderator.groups.add(group)
    client = Client()
    client.force_login(moderator)
    listing = client.get("/admin/consultation_requests/")
    shown = set(listing.context["object_list"].values_list("center_id", flat=True))
    assert shown == set(CenterPage.objects.values_list("pk", flat=True))


def test_a_visitor_without_center_rights_gets_no_listing():
    user = get_user_model().objects.create_user("teacher", "t@example.ru", "unused-pass-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    assert client.get("/admin/consultation_requests/").status_code in (302, 403)


def test_answering_sets_status_and_emails_the_answer_to_the_requester(client, center, coordinator):
    stored = ConsultationRequest.objects.create(
        center=center,
        topic="Тьюторское сопровождение",
        question="Нужен ли тьютор ученику с ЗПР?",
        organization="МБОУ «СОШ № 1»",
        name="Захарова Юлия",
        email="zakharova@example.ru",
    )
    client.force_login(coordinator)
    url = f"/admin/consultation_requests/edit/{stored.pk}/"

    unanswered = client.post(url, {"status": "answered", "answer": ""})
    assert unanswered.status_code == 200
    assert "Напишите ответ" in unanswered.content.decode()
    assert mail.outbox == []

    client.post(url, {"status": "in_progress", "answer": ""})
    stored.refresh_from_db()
    assert stored.status == "in_progress" and mail.outbox == []

    response = client.post(
        url, {"status": "answered", "answer": "Решение принимает ППк школы по заключению ПМПК."}
    )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.status == "answered" and stored.answered_by == coordinator and stored.answered_at
    assert stored.topic == "Тьюторское сопровождение"  # read-only fields are untouched
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["zakharova@example.ru"]
    assert "Ответ на ваш запрос" in letter.subject and "ППк школы" in letter.body

    client.post(url, {"status": "answered", "answer": "Решение принимает ППк школы по заключению ПМПК."})
    assert len(mail.outbox) == 1  # saving again without a change sends nothing


def test_admin_cannot_create_requests(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/consultation_requests/new/").status_code in (302, 403)


def test_demo_has_requests_in_every_status_and_reseeding_adds_none():
    import io

    from django.core.management import call_command

    from centers.models import PracticePage

    statuses = set(ConsultationRequest.objects.values_list("status", flat=True))
    assert statuses == {"new", "in_progress", "answered"}
    assert ConsultationRequest.objects.filter(status="answered").exclude(answer="").exists()
    drafts = PracticePage.objects.filter(live=False).exclude(submitter_email="")
    assert drafts.count() == 1 and drafts.get().workflow_in_progress  # awaiting the department's moderation
    models = [PracticePage, ConsultationRequest, ConsentRecord]
    before = {model.__name__: model.objects.count() for model in models}
    call_command("seed_demo", stdout=io.StringIO())
    assert {model.__name__: model.objects.count() for model in models} == before


def test_a_center_whose_term_has_ended_takes_no_requests(client, django_capture_on_commit_callbacks):
    ended = next(center for center in CenterPage.objects.live() if center.term_has_ended)
    assert "Запросить консультацию" not in client.get(ended.url).content.decode()
    assert client.get(form_url(ended)).status_code == 404
    before = ConsultationRequest.objects.count()
    assert submit(client, ended, django_capture_on_commit_callbacks).status_code == 404
    assert ConsultationRequest.objects.count() == before


def test_coordinators_dashboard_lists_only_their_centers_new_requests(
    client, center, other_center, coordinator
):
    ConsultationRequest.objects.create(
        center=center,
        topic="Новый вопрос своего центра",
        question="?",
        organization="СОШ",
        name="А",
        email="a@example.ru",
    )
    ConsultationRequest.objects.create(
        center=other_center,
        topic="Вопрос чужого центра",
        question="?",
        organization="СОШ",
        name="Б",
        email="b@example.ru",
    )
    client.force_login(coordinator)
    dashboard = client.get("/admin/").content.decode()
    assert "Новые запросы на консультацию" in dashboard
    assert "Новый вопрос своего центра" in dashboard
    assert "Вопрос чужого центра" not in dashboard


@pytest.fixture
def unreachable_mail_server(settings):
    """Django's real SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2


def test_a_mail_server_failure_keeps_the_visitors_request(
    client, center, unreachable_mail_server, django_capture_on_commit_callbacks
):
    response = submit(client, center, django_capture_on_commit_callbacks, topic="Вопрос при сбое почты")
    assert response.status_code == 302
    assert ConsultationRequest.objects.filter(topic="Вопрос при сбое почты").exists()


def test_an_answer_the_mail_server_refused_is_kept_and_its_letter_waits_in_the_outbox(
    client, center, coordinator, unreachable_mail_server, settings
):
    stored = ConsultationRequest.objects.create(
        center=center, topic="Вопрос", question="?", organization="СОШ", name="В", email="v@example.ru"
    )
    client.force_login(coordinator)
    response = client.post(
        f"/admin/consultation_requests/edit/{stored.pk}/", {"status": "answered", "answer": "Ответ"}
    )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.status == "answered" and stored.answer == "Ответ" and mail.outbox == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the mail server is back
    call_command("send_outbox", "--retry-now")
    [letter] = mail.outbox
    assert letter.to == ["v@example.ru"] and "Ответ" in letter.body
    assert "<p>" in letter.alternatives[0][0] and letter.alternatives[0][1] == "text/html"
