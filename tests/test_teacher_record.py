"""A teacher's own record at /my/: asked for by e-mail, opened by a short-lived signed link, with cancel and erasure."""

import re
import secrets

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from centers.certificates.issuing import issue_due_certificates
from centers.events.feedback import send_feedback_requests
from centers.models import (
    Certificate,
    ConsentRecord,
    ConsultationRequest,
    Feedback,
    OutgoingLetter,
    PersonLink,
    PracticeAuthor,
    PracticeIndexPage,
    PracticePage,
    Registration,
)
from centers.privacy.consent import record_consents
from centers.privacy.person_links import open_link
from centers.records.access import record_link_message, record_token

from .certificates_helpers import held_meeting, pdf_text
from .erasure_scan import rows_holding
from .events_helpers import center, make_event

pytestmark = pytest.mark.django_db

NAME = "Хабибуллина Алсу Маратовна"
EMAIL = "Khabibullina@example.ru"
OTHER_NAME = "Петрова Анна Викторовна"
OTHER_EMAIL = "teacher0@example.ru"
CONSENT_PROOF = {"centers_consentrecord.name", "centers_consentrecord.email"}


def register(occurrence, name, email, status=Registration.Status.CONFIRMED, place=None, **fields):
    registration = Registration.objects.create(
        occurrence=occurrence,
        status=status,
        waitlist_position=place,
        full_name=name,
        position="учитель начальных классов",
        organization="МБОУ «СОШ № 3»",
        email=email,
        phone="+7 (912) 555-12-34",
        consent_given_at=timezone.now(),
        consent_ip="10.1.2.3",
        consent_version="2025-09-01",
        **fields,
    )
    record_consents(
        [ConsentRecord.Kind.EVENT_REGISTRATION],
        email=email,
        subject=registration,
        ip_address="10.1.2.3",
        name=name,
    )
    return registration


def teacher_with_history(capture):
    """The teacher attended a past meeting (certificate, feedback letter), holds a seat and a waiting-list place
    upcoming, sent a practice and asked for a consultation; a colleague shares the past meeting and the waiting list."""
    _event, past = held_meeting(attended=(OTHER_NAME,), absent=())
    attended = register(past, NAME, EMAIL, attended=True)
    issue_due_certificates()
    Certificate.objects.update(sent_at=timezone.now())
    with capture(execute=True):
        send_feedback_requests()
    Feedback.objects.create(
        occurrence=past, registration=attended, usefulness=5, most_useful="Примеры уроков"
    )
    seat = make_event(slug="upcoming-seat", title="Семинар «Функциональная грамотность»", capacity=1)
    seat_registration = register(seat.occurrences.get(), NAME, EMAIL)
    colleague_waiting = register(
        seat.occurrences.get(), OTHER_NAME, OTHER_EMAIL, status=Registration.Status.WAITLISTED, place=1
    )
    full = make_event(slug="upcoming-full", title="Практикум «Наставничество»", capacity=1, days=12)
    register(full.occurrences.get(), "Смирнов Дмитрий Игоревич", "smirnov@example.ru")
    register(
        full.occurrences.get(), "Ершов Павел Олегович", "ershov@example.ru", Registration.Status.WAITLISTED, 1
    )
    waiting = register(full.occurrences.get(), NAME, EMAIL, Registration.Status.WAITLISTED, 2)
    ConsultationRequest.objects.create(
        center=center(),
        topic="Тьюторское сопровождение",
        question=f"Я, {NAME}, прошу совета.",
        organization="МБОУ «СОШ № 3»",
        name=NAME,
        email=EMAIL,
        status=ConsultationRequest.Status.ANSWERED,
        answer="Уважаемая Алсу Маратовна, советуем...",
    )
    practice = PracticePage(
        title="Читательский марафон",
        problem="<p>Дети мало читают.</p>",
        idea="<p>Марафон.</p>",
        method="<p>Неделя чтения.</p>",
        results="<p>Читают больше.</p>",
        submitter_email=EMAIL,
        submitted_at=timezone.now(),
        live=False,
        authors=[PracticeAuthor(name="Котова Ольга Петровна", position="учитель")],
    )
    PracticeIndexPage.objects.child_of(center()).get().add_child(instance=practice)
    practice.save_revision()
    return {"seat": seat_registration, "waiting": waiting, "colleague_waiting": colleague_waiting}


def record_url(email=EMAIL):
    return reverse("centers_record", args=[record_token(email)])


def ask_for_link(client, email, address="10.0.0.7"):
    return client.post(reverse("centers_record_request"), {"email": email}, REMOTE_ADDR=address)


def test_the_same_answer_for_a_known_and_an_unknown_email_and_a_letter_only_for_the_known(
    client, django_capture_on_commit_callbacks
):
    held_meeting()
    letters_before = OutgoingLetter.objects.count()  # the demo's own letters, sent while it was built
    with django_capture_on_commit_callbacks(execute=True):
        known = ask_for_link(client, " Teacher0@Example.ru ")
        unknown = ask_for_link(client, "nobody@example.ru")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("centers_record_sent")
    assert known.cookies.keys() == unknown.cookies.keys()
    sent = client.get(known["Location"])
    assert "Если этот адрес есть в наших записях" in sent.content.decode()
    [letter] = mail.outbox
    assert letter.to == ["Teacher0@example.ru"]  # the domain lower-cased, the local part as typed
    assert OutgoingLetter.objects.count() == letters_before + 1, "through the outbox; nothing for the unknown"
    link = re.search(r"https?://[^/\s]+(/my/\S+/)", letter.body).group(1)
    assert "60 мин" in letter.body
    html, mimetype = record_link_message(EMAIL, "https://rc.example.ru").alternatives[0]
    assert mimetype == "text/html" and 'href="https://rc.example.ru/my/' in html
    page = client.get(link)
    assert page.status_code == 200 and "Смысловое чтение" in page.content.decode()
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"


def test_the_record_shows_registrations_certificates_practices_and_requests(
    client, django_capture_on_commit_callbacks
):
    teacher_with_history(django_capture_on_commit_callbacks)
    html = client.get(record_url(EMAIL.upper())).content.decode()
    upcoming = html[html.index('id="record-upcoming"') : html.index('id="record-past"')]
    past = html[html.index('id="record-past"') : html.index('id="record-certificates"')]
    assert "Функциональная грамотность" in upcoming and "Подтверждена" in upcoming
    assert "Наставничество" in upcoming and "2-е место в листе ожидания" in upcoming
    assert upcoming.count('class="record__cancel"') == 2
    assert "Смысловое чтение" in past and "вы присутствовали" in past and "Отменить" not in past
    certificate = Certificate.objects.get(email__iexact=EMAIL)
    # The page carries the link's own token: read it from the page, check its target.
    download = re.search(rf'href="(/my/[^"]+/certificates/{certificate.number}/)"', html).group(1)
    token = download.split("/")[2]
    expected = reverse("centers_record_certificate", args=[token, certificate.number])
    assert download == expected and open_link(token, "record").email == "KHABIBULLINA@example.ru"
    assert "Читательский марафон" in html and "ещё не опубликована" in html
    assert "Тьюторское сопровождение" in html and "Дан ответ" in html
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert NAME in pdf_text(response.content) and certificate.number in pdf_text(response.content)


def test_the_link_expires_is_refused_when_changed_and_reaches_no_one_elses_data(client, monkeypatch):
    held_meeting(attended=(OTHER_NAME,), absent=())
    issue_due_certificates()
    others = Certificate.objects.get(email=OTHER_EMAIL)
    theirs = Registration.objects.get(email=OTHER_EMAIL)
    mine = register(make_event(slug="mine").occurrences.get(), NAME, EMAIL)
    token = record_token(EMAIL)
    # A token the site never issued, and one changed by a character: refused, they open nobody's record.
    forged = secrets.token_urlsafe(32)
    for damaged in (forged, token[:-2] + "xx"):
        refused = client.get(f"/my/{damaged}/")
        assert refused.status_code == 400 and "Ссылка повреждена" in refused.content.decode()
        assert OTHER_NAME not in refused.content.decode()
    assert client.get(reverse("centers_record_certificate", args=[token, others.number])).status_code == 404
    cancel_other = client.post(reverse("centers_record_cancel", args=[token, theirs.pk]))
    assert cancel_other.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.CONFIRMED
    PersonLink.objects.update(expires_at=timezone.now())  # an hour has passed
    expired = client.get(f"/my/{token}/")
    assert expired.status_code == 410 and "Срок действия ссылки истёк" in expired.content.decode()
    assert client.post(reverse("centers_record_cancel", args=[token, mine.pk])).status_code == 410
    mine.refresh_from_db()
    assert mine.status == Registration.Status.CONFIRMED


def test_requests_for_links_are_limited_per_address_and_per_email(client, settings):
    settings.CENTERS_RATE_LIMITS = {"record_link": {"address": 4, "email": 2}}
    held_meeting()
    letters_before = OutgoingLetter.objects.count()
    for _ in range(2):
        assert ask_for_link(client, OTHER_EMAIL).status_code == 302
    refused = ask_for_link(client, OTHER_EMAIL, address="10.0.0.8")
    assert refused.status_code == 429 and "Слишком много" in refused.content.decode()
    assert ask_for_link(client, "nobody1@example.ru").status_code == 302
    assert ask_for_link(client, "nobody2@example.ru").status_code == 302
    assert ask_for_link(client, "nobody3@example.ru").status_code == 429, "the address used up its four"
    assert OutgoingLetter.objects.count() == letters_before + 2


def test_cancelling_from_the_record_frees_the_seat_for_the_first_in_line(
    client, django_capture_on_commit_callbacks
):
    history = teacher_with_history(django_capture_on_commit_callbacks)
    url = reverse("centers_record_cancel", args=[record_token(EMAIL), history["seat"].pk])
    assert client.get(url).status_code == 405
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Регистрация отменена" in page
    history["seat"].refresh_from_db()
    history["colleague_waiting"].refresh_from_db()
    assert history["seat"].status == Registration.Status.CANCELLED
    assert history["colleague_waiting"].status == Registration.Status.CONFIRMED
    promotion, cancellation = mail.outbox
    assert promotion.to == [OTHER_EMAIL], "the colleague hears about the seat"
    assert cancellation.to == [history["seat"].email] and "Регистрация отменена" in cancellation.subject


def test_erasure_leaves_no_name_or_email_outside_the_consent_proof_and_others_untouched(
    client, django_capture_on_commit_callbacks
):
    history = teacher_with_history(django_capture_on_commit_callbacks)
    from centers.subscriptions.models import Subscription

    Subscription.objects.create(email=EMAIL, status=Subscription.Status.CONFIRMED, wants_materials=True)
    needles = [NAME, EMAIL]
    assert rows_holding(needles, CONSENT_PROOF), "the scan finds the person before erasure"
    token = record_token(EMAIL)
    confirm = client.get(reverse("centers_record_erase", args=[token]))
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "будет отозван" in text and "Отменить это действие нельзя" in text
    assert Registration.objects.filter(email__iexact=EMAIL).count() == 3, "nothing is erased by looking"
    certificate = Certificate.objects.get(email__iexact=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        erased = client.post(reverse("centers_record_erase", args=[token]))
    assert erased.status_code == 302 and client.get(erased["Location"]).status_code == 200
    assert rows_holding(needles, CONSENT_PROOF) == []
    assert not Subscription.objects.filter(email__iexact=EMAIL).exists()
    proofs = ConsentRecord.objects.filter(email__iexact=EMAIL)
    assert proofs.count() == 3 and all(proof.withdrawn_at and proof.name == NAME for proof in proofs)
    assert client.get(f"/certificates/{certificate.number}/").status_code == 410
    assert Feedback.objects.get(most_useful="Примеры уроков").registration is None, (
        "the score stays, unsigned"
    )
    request = ConsultationRequest.objects.get(topic="Тьюторское сопровождение")
    assert request.status == ConsultationRequest.Status.ANSWERED and request.name == ""
    history["colleague_waiting"].refresh_from_db()
    assert history["colleague_waiting"].status == Registration.Status.CONFIRMED, "the freed seat went on"
    other = Registration.objects.filter(email=OTHER_EMAIL)
    assert other.count() == 2 and all(r.full_name == OTHER_NAME for r in other)
    assert Certificate.objects.get(email=OTHER_EMAIL).revoked_at is None
    # The link held the e-mail: it went with the rest, and opens nothing now.
    assert client.get(f"/my/{token}/").status_code == 400
    assert not PersonLink.objects.filter(email__iexact=EMAIL).exists()


def test_erasure_needs_the_confirmation_post_with_its_csrf_token(django_capture_on_commit_callbacks):
    from django.test import Client

    teacher_with_history(django_capture_on_commit_callbacks)
    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(reverse("centers_record_erase", args=[record_token(EMAIL)]))
    assert refused.status_code == 403
    assert Registration.objects.filter(email__iexact=EMAIL).count() == 3


def test_the_demo_prints_how_to_open_a_teachers_record_and_has_feedback_on_past_meetings():
    import io

    from django.core.management import call_command

    from portal.devtools.demo.records import demo_teacher_email

    output = io.StringIO()
    call_command("seed_demo", "--port", "8123", stdout=output)
    email = demo_teacher_email()
    [line] = [line for line in output.getvalue().splitlines() if "/my/" in line]
    assert "http://127.0.0.1:8123/my/" in line and email in line
    assert Certificate.objects.filter(email=email, revoked_at__isnull=True).exists()
    assert Registration.objects.filter(
        email=email, status=Registration.Status.CONFIRMED, occurrence__start__gt=timezone.now()
    ).exists()
    answered = Feedback.objects.filter(occurrence__end__lt=timezone.now())
    assert answered.count() >= 5 and answered.exclude(most_useful="").exists()


def test_a_meeting_its_center_cancelled_says_so_and_offers_nothing_to_cancel(client):
    event = make_event(slug="cancelled-seminar", title="Семинар «Проектная деятельность»")
    meeting = event.occurrences.get()
    register(meeting, NAME, EMAIL)
    meeting.is_cancelled = True
    meeting.save(update_fields=["is_cancelled"])
    html = client.get(record_url()).content.decode()
    upcoming = html[html.index('id="record-upcoming"') : html.index('id="record-past"')]
    assert "Проектная деятельность" in upcoming and "встреча отменена" in upcoming
    assert "Подтверждена" not in upcoming and 'class="record__cancel"' not in upcoming
