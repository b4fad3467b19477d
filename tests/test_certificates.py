import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Site

from centers.models import Certificate, OutgoingLetter, Registration

from .certificates_helpers import add_speaker, held_meeting, pdf_text
from .events_helpers import make_event
from .test_participants_admin import coordinator_of

pytestmark = pytest.mark.django_db


def send_certificates():
    call_command("send_certificates", stdout=io.StringIO())


def participants_url(event, occurrence):
    return reverse("centers_events:participants", args=[event.pk]) + f"?occurrence={occurrence.pk}"


def test_attendees_and_speakers_get_one_pdf_each_however_often_the_command_runs():
    event, _occurrence = held_meeting(
        attended=("Петрова Анна Викторовна", "Ершов Павел Олегович"), certificates_for_speakers=True
    )
    add_speaker(event)
    send_certificates()
    send_certificates()
    letters = {letter.to[0]: letter for letter in mail.outbox}
    assert sorted(letters) == ["speaker@example.ru", "teacher0@example.ru", "teacher1@example.ru"]
    assert len(mail.outbox) == 3, "nobody gets a certificate twice"
    letter = letters["teacher0@example.ru"]
    certificate = Certificate.objects.get(registration__email="teacher0@example.ru")
    assert certificate.number in letter.subject and "Смысловое чтение" in letter.subject
    assert (
        f"{Site.objects.get(is_default_site=True).root_url}/certificates/{certificate.number}/" in letter.body
    )
    [(filename, body, mimetype)] = letter.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    text = pdf_text(body)
    for expected in (
        "Петрова Анна Викторовна",
        "Практикум «Смысловое чтение на уроках истории»",
        "академических часов: 4",
        certificate.number,
        "СЕРТИФИКАТ",
        "участника",
        "Департамент образования и молодёжной политики",
        event.host_center.title,
    ):
        assert expected in text, expected
    assert "спикера" in pdf_text(letters["speaker@example.ru"].attachments[0][1])
    assert not Registration.objects.get(email="teacher2@example.ru").certificates.exists(), (
        "the absent get none"
    )


def test_a_meeting_without_certificates_or_without_marked_attendance_sends_nothing():
    _event, without = held_meeting(slug="no-certificates", certificates_for_participants=False)
    _event, occurrence = held_meeting(slug="not-marked")
    Registration.objects.filter(occurrence=occurrence).update(attended=None)
    send_certificates()
    assert mail.outbox == [] and not Certificate.objects.filter(occurrence__in=[without, occurrence]).exists()


def test_the_verification_page_confirms_a_valid_certificate_and_refuses_an_unknown_number(client):
    _event, occurrence = held_meeting()
    send_certificates()
    certificate = Certificate.objects.get(occurrence=occurrence)
    response = client.get(f"/certificates/{certificate.number}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "действителен" in html and "Петрова Анна Викторовна" in html and "Смысловое чтение" in html
    assert certificate.held_from.strftime("%Y") in html
    assert "no-store" in response["Cache-Control"]
    unknown = client.get("/certificates/2026-0000-0000/")
    assert unknown.status_code == 404
    assert "не существует" in unknown.content.decode() and "Петрова" not in unknown.content.decode()


def test_unmarking_attendance_revokes_the_certificate_and_marking_it_again_restores_it(client):
    event, occurrence = held_meeting(attended=("Петрова Анна Викторовна", "Ершов Павел Олегович"))
    send_certificates()
    client.force_login(coordinator_of("literacy-lyceum1", "coord"))
    kept = Registration.objects.get(full_name="Ершов Павел Олегович")
    client.post(participants_url(event, occurrence), {"occurrence": occurrence.pk, "attended": [kept.pk]})
    revoked = Certificate.objects.get(occurrence=occurrence, full_name="Петрова Анна Викторовна")
    response = client.get(f"/certificates/{revoked.number}/")
    assert response.status_code == 410 and "отозван" in response.content.decode()
    assert client.get(f"/certificates/{kept.certificates.get().number}/").status_code == 200
    mail.outbox.clear()
    send_certificates()
    assert mail.outbox == [], "a revoked certificate is not sent again"
    everyone = [
        str(pk) for pk in Registration.objects.filter(occurrence=occurrence).values_list("pk", flat=True)
    ]
    client.post(participants_url(event, occurrence), {"occurrence": occurrence.pk, "attended": everyone})
    assert client.get(f"/certificates/{revoked.number}/").status_code == 200


def test_organizers_download_the_meetings_certificates_as_one_zip_and_others_get_403(client):
    event, occurrence = held_meeting(attended=("Петрова Анна Викторовна", "Ершов Павел Олегович"))
    send_certificates()
    client.force_login(coordinator_of("literacy-lyceum1", "coord"))
    page = client.get(participants_url(event, occurrence)).content.decode()
    zip_url = reverse("centers_certificates:meeting_zip", args=[occurrence.pk])
    assert zip_url in page
    response = client.get(zip_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        names = sorted(bundle.namelist(), key=lambda name: name.split(" ", 1)[1])
        assert [re.sub(r"^\S+ ", "", name) for name in names] == [
            "Ершов Павел Олегович.pdf",
            "Петрова Анна Викторовна.pdf",
        ]
        assert "Ершов Павел Олегович" in pdf_text(bundle.read(names[0]))
    client.force_login(coordinator_of("career-ds9", "stranger"))
    assert client.get(zip_url).status_code == 403
    certificate = Certificate.objects.filter(occurrence=occurrence).first()
    assert client.get(reverse("centers_certificates:pdf", args=[certificate.pk])).status_code == 403
    assert (
        client.post(
            reverse("centers_certificates:reissue", args=[certificate.pk]), {"full_name": "X"}
        ).status_code
        == 403
    )


def test_a_corrected_name_is_reissued_under_the_same_number_and_sent_again(client):
    _event, occurrence = held_meeting(attended=("Петрова Ана Викторовна",))
    send_certificates()
    certificate = Certificate.objects.get(occurrence=occurrence)
    mail.outbox.clear()
    client.force_login(get_user_model().objects.get(username="admin"))
    url = reverse("centers_certificates:reissue", args=[certificate.pk])
    refused = client.post(url, {"full_name": "   "})
    assert (
        refused.status_code == 400
        and Certificate.objects.get(pk=certificate.pk).full_name == "Петрова Ана Викторовна"
    )
    response = client.post(url, {"full_name": "Петрова  Анна Викторовна"})
    assert response.status_code == 302
    [letter] = mail.outbox
    assert "исправлен" in letter.subject.lower() and certificate.number in letter.subject
    assert "Петрова Анна Викторовна" in pdf_text(letter.attachments[0][1])
    assert Registration.objects.get(email="teacher0@example.ru").full_name == "Петрова Анна Викторовна"
    page = client.get(f"/certificates/{certificate.number}/").content.decode()
    assert "Петрова Анна Викторовна" in page


def test_a_letter_the_mail_server_refused_waits_in_the_outbox_with_its_pdf_and_goes_once(settings):
    _event, occurrence = held_meeting()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    send_certificates()
    [waiting] = OutgoingLetter.objects.filter(sent_at__isnull=True)
    assert waiting.attachments[0]["mimetype"] == "application/pdf"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_certificates()  # written once: the outbox retries it, the command writes no second letter
    call_command("send_outbox", "--retry-now")
    [letter] = mail.outbox
    certificate = Certificate.objects.get(occurrence=occurrence)
    assert certificate.number in pdf_text(letter.attachments[0][1])
    assert certificate.number in letter.alternatives[0][0] and letter.alternatives[0][1] == "text/html"
    waiting.refresh_from_db()
    assert waiting.sent_at and "content" not in waiting.attachments[0]  # the PDF's bytes leave the table


def test_certificates_need_the_volume_in_hours():
    with pytest.raises(ValidationError) as refusal:
        make_event(slug="no-hours", certificates_for_participants=True)
    assert "академических часах" in str(refusal.value)


def test_without_the_fonts_the_command_says_what_to_install_and_sends_nothing(settings, tmp_path):
    from reportlab.pdfbase import pdfmetrics

    _event, occurrence = held_meeting()
    settings.CENTERS_CERTIFICATE_FONT_DIR = str(tmp_path)
    registered = dict(pdfmetrics._fonts)
    for name in ("CertificateSans", "CertificateSans-Bold"):
        pdfmetrics._fonts.pop(name, None)
    try:
        with pytest.raises(CommandError, match="fonts-dejavu-core"):
            send_certificates()
    finally:
        pdfmetrics._fonts.update(registered)
    assert mail.outbox == [] and Certificate.objects.get(occurrence=occurrence).sent_at is None
