"""Applications to open a center: the public form, the yearly window, the signed scan, consent and the receipt."""

import datetime
import zoneinfo
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from centers.models import (
    Application,
    ApplicationPage,
    ApplicationTransition,
    ConsentRecord,
    Direction,
    Organization,
    OutgoingLetter,
)
from centers.privacy.consent import consent_text, current_version

YEKATERINBURG = zoneinfo.ZoneInfo("Asia/Yekaterinburg")
# A year no demo application can have: the demo files those of this year's window, and references count per year.
INSIDE = datetime.datetime(2099, 4, 20, 12, 0, tzinfo=YEKATERINBURG)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def frozen(moment):
    """Every timezone.now() (the window, consent time, submission time) sees `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def private_files():
    root = Path(settings.CENTERS_PRIVATE_MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def scan(content=PDF_BYTES, name="zayavlenie.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def form(**changes):
    data = {
        "organization": str(Organization.objects.get(short_name="СОШ № 13").pk),
        "direction": str(Direction.objects.get(slug="mentoring").pk),
        "justification": "Школа пять лет ведёт городскую школу молодого учителя.",
        "staff_resources": "8 наставников высшей категории.",
        "methodological_resources": "Программа наставничества, сборник кейсов.",
        "material_resources": "Методический кабинет, конференц-зал.",
        "information_resources": "Сайт школы, группа в VK.",
        "plan_of_work": "Сентябрь — установочный семинар; май — отчёт.",
        "contact_name": "Смирнова Ольга Игоревна",
        "contact_position": "заместитель директора",
        "contact_email": "smirnova@sosh13.example.ru",
        "contact_phone": "+7 (3463) 25-00-00",
        "consent": "on",
        "signed_scan": scan(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def page(db):
    return ApplicationPage.objects.get()


def stored():
    return (
        Application.objects.count(),
        ApplicationTransition.objects.count(),
        ConsentRecord.objects.count(),
        len(private_files()),
    )


def test_an_application_inside_the_window_is_stored_with_consent_and_receipted_with_its_reference(
    client, page, django_capture_on_commit_callbacks
):
    files_before = private_files()
    with frozen(INSIDE), django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, form(), REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 302
        confirmation = client.get(response["Location"]).content.decode()
    application = Application.objects.get(contact_email="smirnova@sosh13.example.ru")
    assert application.reference == "РЦ-2099-0001"
    assert "РЦ-2099-0001" in confirmation
    assert application.status == Application.Status.SUBMITTED
    assert (application.consent_given_at, application.consent_ip) == (INSIDE, "10.1.2.3")
    version = current_version(ConsentRecord.Kind.APPLICATION)
    assert application.consent_version == version
    [consent] = ConsentRecord.objects.filter(object_id=application.pk, content_type__model="application")
    assert consent.subject == application
    assert (consent.kind, consent.text_version, consent.given_at, consent.ip_address) == (
        "application",
        version,
        INSIDE,
        "10.1.2.3",
    )
    assert (consent.email, consent.name) == ("smirnova@sosh13.example.ru", "Смирнова Ольга Игоревна")
    assert [t.to_status for t in application.transitions.all()] == ["submitted"]
    new_files = private_files() - files_before
    assert len(new_files) == 1
    assert new_files.pop().read_bytes() == PDF_BYTES
    assert not str(application.signed_scan.path).startswith(str(settings.MEDIA_ROOT))
    [receipt] = mail.outbox
    assert receipt.to == ["smirnova@sosh13.example.ru"]
    assert "РЦ-2099-0001" in receipt.subject and "РЦ-2099-0001" in receipt.body
    assert "Заявка" in receipt.subject


def test_references_are_numbered_within_the_year(client, page):
    with frozen(INSIDE):
        client.post(page.url, form())
        client.post(page.url, form(contact_email="second@sosh13.example.ru", signed_scan=scan()))
    references = sorted(a.reference for a in Application.objects.filter(year=2099))
    assert references == ["РЦ-2099-0001", "РЦ-2099-0002"]


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (datetime.datetime(2099, 5, 15, 23, 59, 30, tzinfo=YEKATERINBURG), True),
        (datetime.datetime(2099, 5, 16, 0, 0, 1, tzinfo=YEKATERINBURG), False),
        # 16 May 00:30 in Yekaterinburg is still 15 May in Moscow: the local date decides.
        (datetime.datetime(2099, 5, 15, 22, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow")), False),
        (datetime.datetime(2099, 1, 14, 23, 59, tzinfo=YEKATERINBURG), False),
        (datetime.datetime(2099, 1, 15, 0, 0, 1, tzinfo=YEKATERINBURG), True),
    ],
)
def test_the_window_opens_on_15_january_and_closes_at_23_59_local_time_on_15_may(
    client, page, moment, accepted
):
    before = stored()
    with frozen(moment):
        response = client.post(page.url, form())
    assert (response.status_code == 302) is accepted
    assert (stored() != before) is accepted


def test_a_late_submission_is_refused_with_a_russian_message_and_nothing_is_stored(client, page):
    before = stored()
    with frozen(datetime.datetime(2099, 6, 1, 9, 0, tzinfo=YEKATERINBURG)):
        response = client.post(page.url, form(), REMOTE_ADDR="10.1.2.3")
        shown = client.get(page.url).content.decode()
    assert response.status_code == 403
    html = response.content.decode()
    assert "Приём заявок на этот год завершён 15.05.2099 в 23:59" in html
    assert "15.01.2100" in html
    assert stored() == before
    assert mail.outbox == []
    assert "<form" not in shown.split('id="main"')[1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"signed_scan": None}, "Приложите скан заявления, подписанного руководителем"),
        ({"signed_scan": scan(b"<html><body>not a pdf</body></html>", "scan.pdf")}, "не является допустимым"),
        ({"signed_scan": scan(PDF_BYTES, "scan.html")}, "не является допустимым"),
        ({"consent": None}, "Без согласия на обработку персональных данных"),
        ({"organization": ""}, "Выберите организацию или укажите её полное и краткое наименование"),
    ],
)
def test_a_form_without_a_valid_signed_pdf_or_consent_is_refused_and_nothing_is_stored(
    client, page, changes, message
):
    before = stored()
    with frozen(INSIDE):
        response = client.post(page.url, form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored() == before
    assert mail.outbox == []


def test_a_new_organization_may_apply_by_name(client, page):
    with frozen(INSIDE):
        response = client.post(
            page.url,
            form(
                organization="",
                organization_full_name="МБОУ «Средняя общеобразовательная школа № 14»",
                organization_short_name="СОШ № 14",
            ),
        )
    assert response.status_code == 302
    application = Application.objects.get(contact_email="smirnova@sosh13.example.ru")
    assert application.organization is None and application.organization_name == "СОШ № 14"


def test_the_signed_scan_has_no_public_address(client, page):
    with frozen(INSIDE):
        client.post(page.url, form())
    application = Application.objects.get(contact_email="smirnova@sosh13.example.ru")
    url = reverse("centers_lifecycle:application_scan", args=[application.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    with pytest.raises(ValueError):
        application.signed_scan.url  # noqa: B018  (no base URL: the storage never publishes it)


def test_the_form_shows_the_consent_text_and_version_that_the_record_keeps(client, page):
    with frozen(INSIDE):
        html = client.get(page.url).content.decode()
    version = current_version(ConsentRecord.Kind.APPLICATION)
    assert consent_text(ConsentRecord.Kind.APPLICATION) in html
    assert f"(версия {version})" in html


def test_a_failure_while_storing_the_consent_stores_no_application_either(client, page):
    before = stored()
    with (
        frozen(INSIDE),
        mock.patch("centers.lifecycle.applications.record_consents", side_effect=RuntimeError("disk")),
    ):
        with pytest.raises(RuntimeError):
            client.post(page.url, form())
    assert stored() == before  # no row, no transition, no consent, and no scan file left in storage
    assert mail.outbox == []


def test_a_mail_server_failure_keeps_the_application_and_shows_its_reference(
    client, page, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with frozen(INSIDE), django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, form(), REMOTE_ADDR="10.1.2.3")
        assert response.status_code == 302
        confirmation = client.get(response["Location"]).content.decode()
    application = Application.objects.get(contact_email="smirnova@sosh13.example.ru")
    assert application.reference in confirmation
    [letter] = OutgoingLetter.objects.filter(recipients=["smirnova@sosh13.example.ru"])
    assert letter.sent_at is None and letter.attempts == 1  # the receipt waits for send_outbox


def test_behind_a_trusted_proxy_the_application_keeps_the_applicants_address(client, page, settings):
    settings.CENTERS_TRUSTED_PROXY_COUNT = 1
    with frozen(INSIDE):
        client.post(page.url, form(), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.23")
    application = Application.objects.get(contact_email="smirnova@sosh13.example.ru")
    assert application.consent_ip == "198.51.100.23"
