"""Links that act for a person or a school (cancel a registration, answer about a meeting, send a pilot school's
results, resubmit a returned application) carry an opaque random token kept only as its SHA-256, which expires; a
link of the earlier, signed kind never ends in a 500."""

import datetime
import hashlib
import io
import re

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from centers.events.retention import anonymize
from centers.lifecycle.applications import local_zone
from centers.models import Organization, PersonLink, PilotSchool, ProjectPage, Registration
from centers.piloting import letters as pilot_letters

from .certificates_helpers import held_meeting
from .events_helpers import form, make_event, registration_url
from .test_center_lifecycle import returned_application
from .test_piloting import accepted

pytestmark = pytest.mark.django_db


def path_in(letter, prefix):
    """The path of the letter's link that starts with `prefix`, and its token (the last part)."""
    path = re.search(rf"https?://[^/\s]+(\S*{prefix}[^/\s]+/)", letter.body).group(1)
    return path, path.rstrip("/").rsplit("/", 1)[-1]


def assert_opaque_and_hashed(token, purpose, number, email):
    """32 random bytes and nothing else: no row number, no e-mail, no hash of it; the site keeps only its SHA-256.
    (43 URL-safe characters are neither a signed value, which has ':', nor the old `<id>-<40 hex>`.)"""
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)
    for spelling in {email, email.lower()}:
        assert hashlib.sha256(spelling.encode()).hexdigest()[:8] not in token
    [link] = PersonLink.objects.filter(token_hash=hashlib.sha256(token.encode()).hexdigest())
    assert link.purpose == purpose and link.object_id == number
    assert token not in " ".join(str(row) for row in PersonLink.objects.values_list())
    return link


def test_the_cancel_link_names_nobody_lasts_till_the_event_ends_and_an_old_one_points_to_my_record(client):
    event = make_event(slug="acting-cancel", capacity=5)
    client.post(registration_url(event), form(email="Vlasova@Example.ru"), REMOTE_ADDR="192.0.2.8")
    registration = Registration.objects.get(occurrence__event=event)
    path, token = path_in(mail.outbox[-1], "/registration/cancel/")
    link = assert_opaque_and_hashed(token, "cancel_registration", registration.pk, "Vlasova@Example.ru")
    assert link.expires_at == registration.occurrence.end

    page = client.get(path)
    assert page.status_code == 200 and page.content.decode().count('<form method="post">') == 1
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # opening the link (a mail scanner) changes nothing
    assert client.post(path).status_code == 200
    registration.refresh_from_db()
    assert registration.status == "cancelled"

    old = signing.dumps(registration.pk, salt="centers.registration.cancel")
    for answer in (client.get(f"/registration/cancel/{old}/"), client.post(f"/registration/cancel/{old}/")):
        html = answer.content.decode()
        assert answer.status_code == 410 and "Ссылка недействительна" in html
        assert (
            f'href="{reverse("centers_record_request")}"' in html and "Мои регистрации и сертификаты" in html
        )

    PersonLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(path).status_code == 410


def test_the_feedback_link_is_a_token_for_30_days_an_old_one_works_out_its_month_and_erasure_deletes_them(
    client, django_capture_on_commit_callbacks
):
    _event, occurrence = held_meeting()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_feedback_requests", stdout=io.StringIO())
    registration = Registration.objects.get(occurrence=occurrence, email="teacher0@example.ru")
    path, token = path_in(mail.outbox[-1], "/feedback/")
    link = assert_opaque_and_hashed(token, "feedback", registration.pk, "teacher0@example.ru")
    assert abs(link.expires_at - timezone.now() - datetime.timedelta(days=30)) < datetime.timedelta(minutes=1)
    assert client.get(path).status_code == 200

    old = reverse("centers_feedback", args=[signing.dumps(registration.pk, salt="centers.events.feedback")])
    # A letter of the last month: the form opens until its 30 days end.
    assert client.get(old).status_code == 200
    older = signing.dumps(registration.pk, salt="centers.events.feedback")
    month_later = timezone.now() + datetime.timedelta(days=31)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.core.signing.time.time", lambda: month_later.timestamp())
        patch.setattr(timezone, "now", lambda: month_later)
        for expired in (path, reverse("centers_feedback", args=[older])):
            answer = client.get(expired)
            assert answer.status_code == 410 and "30 дней" in answer.content.decode()

    anonymize(Registration.objects.filter(pk=registration.pk))
    assert not PersonLink.objects.filter(object_id=registration.pk, purpose="feedback").exists()
    assert client.get(path).status_code in (400, 410)


def test_a_pilot_schools_link_is_a_token_and_an_old_one_mails_the_school_a_new_one_on_the_press(
    client, django_capture_on_commit_callbacks
):
    project = ProjectPage.objects.get(center__slug="literacy-lyceum1", slug="piloting")
    taken = PilotSchool.objects.filter(project=project).values("organization")
    organization = (
        Organization.objects.exclude(pk__in=taken).exclude(pk=project.center.organization_id).first()
    )
    school = accepted(project, organization, email="Director@School.example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        pilot_letters.decision_made(school)
    path, token = path_in(mail.outbox[-1], "/pilot/result/")
    link = assert_opaque_and_hashed(token, "pilot_result", school.pk, "Director@School.example.ru")
    assert link.expires_at >= timezone.now() + datetime.timedelta(days=399)
    assert client.get(path).status_code == 200

    old = f"{project.url}pilot/result/{school.pk}-{pilot_letters._signature(school.pk)}/"
    page = client.get(old)
    html = page.content.decode()
    assert (
        page.status_code == 410
        and html.count('<form method="post">') == 1
        and "Ссылка недействительна" in html
    )
    assert "Director@School.example.ru" not in html and len(mail.outbox) == 1  # only a press sends a letter

    PersonLink.objects.all().delete()  # the school's first letter was sent before tokens
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(old).status_code == 200
        client.post(old)  # pressed again the same day: no second letter
    assert [message.to for message in mail.outbox[1:]] == [["Director@School.example.ru"]]
    new_path, _token = path_in(mail.outbox[-1], "/pilot/result/")
    assert client.get(new_path).status_code == 200

    school.status = PilotSchool.Status.DECLINED
    school.save()
    assert client.get(new_path).status_code == client.get(old).status_code == 404


def test_the_revision_link_is_a_token_until_the_deadline_and_an_old_one_still_opens_until_then(
    client, django_capture_on_commit_callbacks
):
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    application = returned_application(client, django_capture_on_commit_callbacks, deadline)
    client.logout()
    path, token = path_in(mail.outbox[-1], "/applications/revise/")
    link = assert_opaque_and_hashed(token, "application_revision", application.pk, application.contact_email)
    day_after = datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time.min)
    assert link.expires_at == day_after.replace(tzinfo=local_zone())
    old = reverse(
        "centers_application_revision",
        args=[signing.dumps({"application": application.pk}, salt="centers.lifecycle.revision")],
    )
    assert client.get(path).status_code == client.get(old).status_code == 200

    later = timezone.now() + datetime.timedelta(days=12)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        for expired in (path, old):
            answer = Client().get(expired)
            assert answer.status_code == 410 and "истёк" in answer.content.decode()
