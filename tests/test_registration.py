import datetime
import re
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from centers.events.registration import cancel_token, register_participant
from centers.models import ConsentRecord, EventPage, Registration
from centers.privacy.consent import consent_text, current_version

from .events_helpers import form, make_event, registration_url

pytestmark = pytest.mark.django_db


def register(client, event, **changes):
    """Send the form and follow the redirect of a success to the page that shows the result."""
    return client.post(registration_url(event), form(**changes), REMOTE_ADDR="192.0.2.7", follow=True)


def person(number):
    return {"full_name": f"Участник {number}", "email": f"user{number}@example.ru"}


def cancel_link(message):
    return re.search(r"http://testserver(/registration/cancel/[^/\s]+/)", message.body).group(1)


def test_registration_confirms_records_consent_and_mails_an_ics_with_a_cancel_link(client):
    event = make_event(capacity=10)
    response = register(client, event)
    assert response.status_code == 200
    assert "Вы зарегистрированы" in response.content.decode()
    registration = Registration.objects.get(occurrence__event=event)
    assert registration.status == "confirmed"
    assert registration.consent_ip == "192.0.2.7"
    assert registration.consent_version
    assert abs(registration.consent_given_at - timezone.now()) < datetime.timedelta(minutes=1)
    [letter] = mail.outbox
    assert letter.to == ["ivanova@example.ru"]
    assert "Вы зарегистрированы" in letter.subject and event.title in letter.subject
    assert "/registration/cancel/" in letter.body
    [(name, content, mimetype)] = letter.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar; method=PUBLISH; charset=utf-8"
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert vevent["SUMMARY"] == event.title
    assert vevent.decoded("DTSTART") == event.start


def test_the_event_page_leads_to_the_form_on_its_own_page_which_is_never_cached(client):
    event = make_event(capacity=10)
    page = client.get(event.url)
    html = page.content.decode()
    assert "csrfmiddlewaretoken" not in html and 'name="consent"' not in html and not page.cookies
    link = re.search(r'<a class="button-link" href="([^"]+)">([^<]+)</a>', html)
    assert link.groups() == (registration_url(event), "Зарегистрироваться")

    form_page = client.get(link.group(1))
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert "csrfmiddlewaretoken" in html and 'name="consent"' in html
    assert f'<form method="post" action="{registration_url(event)}"' in html
    assert "<title>Регистрация — Семинар «Проверка регистрации»" in html
    assert "no-store" in form_page["Cache-Control"] and "private" in form_page["Cache-Control"]
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group()
    assert f'<a href="{event.url}">{event.title}</a>' in trail
    assert '<span aria-current="page">Регистрация</span>' in trail


def test_a_registration_redirects_to_its_result_so_a_reload_registers_nobody_twice(client):
    event = make_event(capacity=10)
    response = client.post(registration_url(event), form())
    assert response.status_code == 302
    done = response["Location"]
    assert done.startswith(registration_url(event) + "done/")
    for _ in range(2):
        page = client.get(done)
        assert page.status_code == 200
        assert (
            "Вы зарегистрированы." in page.content.decode() and "ivanova@example.ru" in page.content.decode()
        )
        assert "no-store" in page["Cache-Control"]
    assert Registration.objects.filter(occurrence__event=event).count() == 1
    assert len(mail.outbox) == 1


def test_a_result_page_shows_only_its_own_registration_and_only_for_an_hour(client):
    import time_machine

    event = make_event(capacity=10)
    other = make_event(slug="other-event", capacity=10)
    done = client.post(registration_url(event), form())["Location"]
    token = parse_qs(urlsplit(done).query)["r"][0]
    assert client.get(f"{registration_url(other)}done/", {"r": token}).status_code == 404
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"{registration_url(event)}done/", {"r": forged}).status_code == 404
    assert client.get(f"{registration_url(event)}done/").status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        expired = client.get(done)
    assert expired.status_code == 410
    html = expired.content.decode()
    assert "ivanova@example.ru" not in html and "в письме" in html


def test_a_refused_registration_shows_the_form_again_with_what_was_typed(client):
    event = make_event(capacity=5)
    response = register(client, event, email="не-адрес", full_name="Петрова Анна Ивановна")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Петрова Анна Ивановна"' in html and 'value="не-адрес"' in html
    assert "no-store" in response["Cache-Control"]


def test_a_full_event_page_says_registering_means_the_waiting_list(client):
    event = make_event(capacity=1)
    register(client, event)
    html = client.get(event.url).content.decode()
    assert "0 из 1 свободно" in html
    assert "Все места заняты" in html
    assert re.search(
        rf'<a class="button-link" href="{registration_url(event)}">Записаться в лист ожидания</a>', html
    )


def test_the_form_page_of_a_closed_or_disabled_registration_has_no_form(client):
    past = make_event(slug="past-event", days=-3)
    html = client.get(registration_url(past)).content.decode()
    assert "Мероприятие состоялось" in html and 'name="consent"' not in html
    disabled = make_event(slug="no-registration", registration_enabled=False)
    assert "Зарегистрироваться" not in client.get(disabled.url).content.decode()
    assert client.get(registration_url(disabled)).status_code == 404


def test_a_form_sent_from_the_event_page_of_before_is_passed_on_to_the_form_page(client):
    event = make_event(capacity=5)
    response = client.post(event.url, form())
    assert response.status_code == 307 and response["Location"] == registration_url(event)
    assert not Registration.objects.filter(occurrence__event=event).exists()


def test_full_event_puts_newcomers_on_the_waiting_list_and_tells_their_place(client):
    event = make_event(capacity=2)
    for number in range(2):
        register(client, event, **person(number))
    response = register(client, event, **person(2))
    register(client, event, **person(3))
    html = response.content.decode()
    assert "лист" in html and "ожидания" in html
    assert "Ваше место в очереди: 1" in html
    statuses = list(
        Registration.objects.filter(occurrence__event=event).values_list("status", "waitlist_position")
    )
    assert statuses == [("confirmed", None), ("confirmed", None), ("waitlisted", 1), ("waitlisted", 2)]
    assert "листе ожидания" in mail.outbox[-1].subject
    assert not mail.outbox[-1].attachments


def test_cancel_by_token_promotes_the_first_waitlisted_and_writes_to_them(
    client, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    for number in range(3):
        register(client, event, **person(number))
    first_letter = mail.outbox[0]
    mail.outbox.clear()
    link = cancel_link(first_letter)
    page = client.get(link)
    assert page.status_code == 200 and "отменить регистрацию" in page.content.decode()
    assert (
        Registration.objects.filter(status="cancelled").count() == 0
    )  # a GET (a mail scanner) changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 200
    assert "отменена" in response.content.decode()
    rows = dict(Registration.objects.filter(occurrence__event=event).values_list("email", "status"))
    assert rows == {
        "user0@example.ru": "cancelled",
        "user1@example.ru": "confirmed",
        "user2@example.ru": "waitlisted",
    }
    letter, cancellation = mail.outbox  # the canceller's letter removes the meeting from their calendar
    assert cancellation.to == ["user0@example.ru"] and "Регистрация отменена" in cancellation.subject
    assert letter.to == ["user1@example.ru"]
    assert "Освободилось место" in letter.subject
    assert letter.attachments


def test_a_reused_cancel_link_is_refused_and_promotes_nobody(client):
    event = make_event(capacity=1)
    for number in range(3):
        register(client, event, **person(number))
    link = cancel_link(mail.outbox[0])
    client.post(link)
    again = client.post(link)
    assert again.status_code == 410
    assert "только один раз" in again.content.decode()
    assert Registration.objects.filter(occurrence__event=event, status="confirmed").count() == 1
    assert Registration.objects.filter(occurrence__event=event, status="waitlisted").count() == 1


@pytest.mark.parametrize(
    "token",
    ["forged", "MQ:1abcde:wrongsignature", "bm9wZQ"],
)
def test_a_forged_cancel_link_is_refused_with_a_russian_page(client, token):
    event = make_event(capacity=5)
    register(client, event)
    response = client.post(f"/registration/cancel/{token}/")
    assert response.status_code == 400
    assert "повреждена" in response.content.decode()
    assert Registration.objects.get(occurrence__event=event).status == "confirmed"


def test_a_token_signed_for_another_purpose_does_not_cancel(client):
    from django.core import signing

    event = make_event(capacity=5)
    register(client, event)
    registration = Registration.objects.get(occurrence__event=event)
    other = signing.dumps(registration.pk, salt="centers.something.else")
    assert client.post(f"/registration/cancel/{other}/").status_code == 400
    assert client.post(f"/registration/cancel/{cancel_token(registration)}/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": None}, "необходимо ваше согласие на обработку персональных данных"),
        ({"email": "не-адрес"}, "Введите правильный адрес электронной почты"),
        ({"full_name": ""}, "заполнить это поле"),
    ],
)
def test_invalid_input_gets_a_russian_message_and_stores_nothing(client, changes, message):
    event = make_event(capacity=5)
    consents = ConsentRecord.objects.count()
    response = register(client, event, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.filter(occurrence__event=event).exists()
    assert ConsentRecord.objects.count() == consents
    assert not mail.outbox


@pytest.mark.parametrize("field", ["email", "consent"])
def test_an_invalid_field_points_at_its_message_for_screen_readers(client, field):
    """Django marks the input aria-describedby="<id>_error"; the message must carry that id, or it is not read."""
    event = make_event(capacity=5)
    page = register(client, event, **{field: "не-адрес" if field == "email" else None}).content.decode()
    field_input = re.search(rf'<input[^>]*id="id_{field}"[^>]*>', page).group()
    assert 'aria-invalid="true"' in field_input
    assert f'aria-describedby="id_{field}_error"' in field_input
    assert page.count(f'id="id_{field}_error"') == 1
    assert re.search(rf'<span class="field-error" role="alert" id="id_{field}_error">[^<]+</span>', page)


def answer_words(response):
    """What the result page says, without the address it was reached by."""
    main = re.search(r"<main.*</main>", response.content.decode(), re.S).group()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


def test_the_same_email_registering_again_in_any_letter_case_is_told_what_a_new_one_is_and_takes_no_seat(
    client,
):
    event = make_event(capacity=5)
    new = register(client, event, email="Ivanova@Example.ru")
    consents, letters = ConsentRecord.objects.count(), len(mail.outbox)
    again = register(client, event, email="IVANOVA@example.RU", full_name="Другое Имя")
    assert again.status_code == new.status_code == 200
    assert answer_words(again) == answer_words(new)
    assert "Вы зарегистрированы" in answer_words(again) and "уже" not in answer_words(again)
    assert "ivanova@example.ru" in answer_words(
        again
    )  # not the first spelling, which a new one would not show
    assert "Ivanova@" not in answer_words(again)
    assert Registration.objects.filter(occurrence__event=event).count() == 1
    assert Registration.objects.get(occurrence__event=event).full_name != "Другое Имя"
    assert ConsentRecord.objects.count() == consents
    assert len(mail.outbox) == letters + 1 and mail.outbox[-1].to == ["Ivanova@example.ru"]


def test_after_cancelling_the_same_email_may_register_again(client):
    event = make_event(capacity=5)
    register(client, event)
    client.post(cancel_link(mail.outbox[0]))
    assert register(client, event).status_code == 200
    assert Registration.objects.filter(occurrence__event=event, status="confirmed").count() == 1


def test_registration_after_the_deadline_is_refused(client):
    event = make_event(capacity=5, registration_deadline=timezone.now() + datetime.timedelta(days=1))
    occurrence = event.occurrences.get()
    occurrence.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    occurrence.save()
    response = register(client, event, occurrence=occurrence.pk)
    assert response.status_code == 400
    assert "срок регистрации истёк" in response.content.decode()
    assert not Registration.objects.filter(occurrence=occurrence).exists()
    assert "срок регистрации истёк" in client.get(event.url).content.decode()


def test_registration_for_an_event_that_has_started_is_refused(client):
    now = timezone.now()
    event = make_event(start=now - datetime.timedelta(minutes=30), end=now + datetime.timedelta(hours=1))
    response = register(client, event, occurrence=event.occurrences.get().pk)
    assert response.status_code == 400
    assert "мероприятие уже началось" in response.content.decode()
    assert (
        not Registration.objects.exists() or not Registration.objects.filter(occurrence__event=event).exists()
    )


def test_service_refuses_a_duplicate_even_without_the_form():
    from centers.events.registration import AlreadyRegistered

    event = make_event(capacity=5)
    occurrence = event.occurrences.get()
    fields = {"full_name": "Петров П. П.", "position": "учитель", "organization": "СОШ № 4"}
    register_participant(occurrence.pk, email="petrov@example.ru", **fields)
    with pytest.raises(AlreadyRegistered):
        register_participant(occurrence.pk, email="PETROV@example.ru", **fields)


def test_raising_capacity_moves_the_waiting_list_up():
    event = make_event(capacity=1)
    occurrence = event.occurrences.get()
    fields = {"position": "учитель", "organization": "СОШ № 4"}
    for number in range(3):
        register_participant(occurrence.pk, full_name=f"У {number}", email=f"u{number}@example.ru", **fields)
    event.capacity = 2
    event.save_revision().publish()
    statuses = list(Registration.objects.filter(occurrence=occurrence).values_list("status", flat=True))
    assert statuses == ["confirmed", "confirmed", "waitlisted"]


def test_retention_command_anonymizes_old_registrations_and_keeps_attendance(client):
    old = make_event(slug="old-event", days=-400, capacity=5)
    recent = make_event(slug="recent-event", days=-10, capacity=5)
    fields = {"position": "учитель", "organization": "СОШ № 4", "consent_version": "test"}
    for event in (old, recent):
        occurrence = event.occurrences.get()
        Registration.objects.create(
            occurrence=occurrence,
            status="confirmed",
            full_name="Сидоров С. С.",
            email="sidorov@example.ru",
            phone="+7 900",
            consent_given_at=occurrence.start,
            consent_ip="192.0.2.1",
            attended=True,
            **fields,
        )
    with pytest.MonkeyPatch.context() as patch:
        from django.conf import settings

        patch.setattr(settings, "CENTERS_REGISTRATION_RETENTION_DAYS", 365, raising=False)
        call_command("purge_registrations", stdout=open("/dev/null", "w"))
    gone = Registration.objects.get(occurrence__event=old)
    kept = Registration.objects.get(occurrence__event=recent)
    assert (gone.full_name, gone.email, gone.phone, gone.consent_ip) == ("", "", "", None)
    assert gone.anonymized_at is not None
    assert gone.attended is True and gone.status == "confirmed"
    assert kept.email == "sidorov@example.ru"
    assert Registration.objects.filter(occurrence__event=old, attended=True).count() == 1


def consents_of(registration):
    return ConsentRecord.objects.filter(content_type__model="registration", object_id=registration.pk)


def test_a_registration_records_exactly_one_consent_with_the_version_shown_and_the_ip(client):
    event = make_event(capacity=1)
    version = current_version(ConsentRecord.Kind.EVENT_REGISTRATION)
    html = client.get(registration_url(event)).content.decode()
    assert consent_text(ConsentRecord.Kind.EVENT_REGISTRATION) in html and f"(версия {version})" in html
    consents = ConsentRecord.objects.count()
    register(client, event)
    register(client, event, **person(1))  # the waiting list consents too
    assert ConsentRecord.objects.count() == consents + 2
    registration = Registration.objects.get(occurrence__event=event, email="ivanova@example.ru")
    [consent] = consents_of(registration)
    assert consent.subject == registration
    assert (consent.kind, consent.text_version, consent.ip_address) == (
        "event_registration",
        version,
        "192.0.2.7",
    )
    assert (consent.email, consent.name) == ("ivanova@example.ru", "Иванова Мария Сергеевна")
    assert consent.given_at == registration.consent_given_at
    assert registration.consent_version == version


def test_a_registration_refused_when_closed_or_failing_leaves_no_consent(client):
    from unittest import mock

    from centers.events.registration import RegistrationClosed

    event = make_event(capacity=5, registration_enabled=False)
    consents = ConsentRecord.objects.count()
    with pytest.raises(RegistrationClosed):
        register_participant(
            event.occurrences.get().pk, full_name="П", position="у", organization="о", email="p@x.ru"
        )
    open_event = make_event(slug="open-event", capacity=5)
    with mock.patch("centers.events.registration.record_consents", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            register(client, open_event)
    assert not Registration.objects.filter(occurrence__event=open_event).exists()
    assert ConsentRecord.objects.count() == consents


def test_purging_keeps_the_consent_as_proof_for_the_proof_period_then_deletes_it(client):
    from centers.events.retention import delete_expired_consent_proofs

    event = make_event(slug="long-ago", days=-400, capacity=5)
    register_kwargs = {"full_name": "Сидоров С. С.", "position": "учитель", "organization": "СОШ № 4"}
    occurrence = event.occurrences.get()
    occurrence.start = timezone.now() + datetime.timedelta(days=1)  # open for the form, then moved back
    occurrence.registration_closes_at = occurrence.start
    occurrence.save()
    older = register_participant(
        occurrence.pk, email="old@example.ru", consent_ip="192.0.2.9", **register_kwargs
    )
    newer = register_participant(
        occurrence.pk, email="new@example.ru", consent_ip="192.0.2.9", **register_kwargs
    )
    occurrence.start = occurrence.end = timezone.now() - datetime.timedelta(days=400)
    occurrence.save()
    call_command("purge_registrations", "--days=365", stdout=open("/dev/null", "w"))
    older.refresh_from_db()
    assert older.anonymized_at is not None and older.email == ""
    [proof] = consents_of(older)
    assert (proof.email, proof.ip_address) == ("old@example.ru", "192.0.2.9")  # the proof outlives the data

    Registration.objects.filter(pk=older.pk).update(
        anonymized_at=timezone.now() - datetime.timedelta(days=1096)
    )
    call_command("purge_registrations", "--days=365", stdout=open("/dev/null", "w"))
    assert not consents_of(older).exists()
    assert consents_of(newer).count() == 1  # anonymized today: its proof period has just begun

    gone_pk = newer.pk
    ConsentRecord.objects.filter(object_id=gone_pk).update(
        given_at=timezone.now() - datetime.timedelta(days=1500)
    )
    Registration.objects.filter(pk=gone_pk).delete()  # as when the event is deleted
    assert delete_expired_consent_proofs(proof_days=1095, retention_days=365) == 1
    assert not ConsentRecord.objects.filter(content_type__model="registration", object_id=gone_pk).exists()


@pytest.fixture
def unreachable_mail_server(settings):
    """Django's real SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2


def test_a_mail_server_failure_still_confirms_the_stored_registration(client, unreachable_mail_server):
    event = make_event(capacity=10)
    response = register(client, event)
    assert response.status_code == 200
    assert "Вы зарегистрированы" in response.content.decode()
    assert Registration.objects.get(occurrence__event=event).status == "confirmed"


def test_behind_a_trusted_proxy_the_consent_keeps_the_visitors_address_not_the_proxys(client, settings):
    settings.CENTERS_TRUSTED_PROXY_COUNT = 1
    event = make_event(capacity=10)
    client.post(
        registration_url(event),
        form(),
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.40",
        follow=True,
    )
    registration = Registration.objects.get(occurrence__event=event)
    assert registration.consent_ip == "203.0.113.40"
    assert ConsentRecord.objects.get(email=registration.email).ip_address == "203.0.113.40"


def test_letters_subjects_and_the_cancel_pages_name_the_event_once_without_doubled_quotes(
    client, django_capture_on_commit_callbacks
):
    from centers.models import EventFormat

    title = "Практикум «Читательская грамотность на уроках»"
    event = make_event(
        slug="reading", title=title, format=EventFormat.objects.get(slug="practicum"), capacity=1
    )
    register(client, event, **person(0))
    register(client, event, **person(1))
    confirmation, waiting = mail.outbox
    assert confirmation.subject == f"Вы зарегистрированы: {title}"
    assert waiting.subject == f"Вы в листе ожидания: {title}"
    for letter in (confirmation, waiting):
        assert letter.body.count("Практикум") == 1 and "»»" not in letter.body
    cancel = cancel_link(confirmation)
    confirm_page = client.get(cancel).content.decode()
    assert confirm_page.count("Читательская грамотность") == 1 and "»»" not in confirm_page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done_page = client.post(cancel).content.decode()
    assert f"Ваша регистрация отменена: {title}." in done_page
    promotion, cancellation = mail.outbox
    assert promotion.subject == f"Освободилось место, вы зарегистрированы: {title}"
    assert cancellation.subject == f"Регистрация отменена: {title}"


def test_a_title_without_the_format_gets_it_in_brackets_in_the_letter(client):
    make_event(slug="club", title="Клуб наставников: «Индивидуальный план»", capacity=5)
    register(client, EventPage.objects.get(slug="club"))
    [letter] = mail.outbox
    assert "Клуб наставников: «Индивидуальный план» (семинар)" in letter.body


def test_a_full_events_form_offers_the_waiting_list_once_and_says_so_on_its_button(client):
    event = make_event(capacity=1)
    register(client, event, **person(0))
    html = client.get(registration_url(event)).content.decode()
    assert re.search(r'<button type="submit">\s*Записаться в лист ожидания\s*</button>', html)
    assert "Зарегистрироваться" not in html
    assert html.count("лист ожидания") + html.count("листе ожидания") + html.count("листа ожидания") == 2
    free = make_event(slug="free-seats", capacity=3)
    free_html = client.get(registration_url(free)).content.decode()
    assert re.search(r'<button type="submit">\s*Зарегистрироваться\s*</button>', free_html)
