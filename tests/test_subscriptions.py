"""Subscriptions: double opt-in, weekly digests of what matches and was not sent, one-click unsubscribe."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from centers.models import ConsentRecord, PersonLink, SentDigestItem, Subscription
from centers.privacy.consent import current_version
from centers.subscriptions.subscribing import confirm_token, erase_subscriber, unsubscribe_url

from .subscriptions_helpers import (
    FORM,
    add_event,
    add_material,
    confirmed_subscription,
    link_in,
    own_subject,
    send_digests,
)

pytestmark = pytest.mark.django_db
VISITOR_IP = "198.51.100.23"


@pytest.fixture(autouse=True)
def without_the_demo_subscribers():
    """The demo's confirmed subscriber would get digests of the demo's pages; these tests count letters."""
    Subscription.objects.all().delete()


def subscribe(client, capture, **changes):
    data = {**FORM, "subjects": [own_subject().pk], **changes}
    with capture(execute=True):
        return client.post("/subscribe/", data, REMOTE_ADDR=VISITOR_IP, follow=True)


def test_nothing_but_the_confirm_letter_is_sent_until_its_link_is_followed(
    client, django_capture_on_commit_callbacks
):
    response = subscribe(client, django_capture_on_commit_callbacks)
    assert response.status_code == 200 and "Проверьте почту" in response.content.decode()
    [letter] = mail.outbox
    assert letter.to == ["smirnova@example.ru"] and "Подтвердите подписку" in letter.subject
    assert letter.alternatives[0][1] == "text/html" and "Подтвердить подписку" in letter.alternatives[0][0]
    subscription = Subscription.objects.get(email="smirnova@example.ru")
    consent = ConsentRecord.objects.get(kind="subscription", email="smirnova@example.ru")
    assert consent.ip_address == VISITOR_IP and consent.text_version == current_version(
        ConsentRecord.Kind.SUBSCRIPTION
    )

    add_material("Карта звёздного неба", "star-map", subjects=[own_subject()])
    add_event("Наблюдение Луны", "moon-watch", subjects=[own_subject()])
    send_digests()
    assert len(mail.outbox) == 1 and subscription.status == "pending"

    assert client.get(link_in(letter, "/subscribe/confirm/")).status_code == 200  # a page with one button
    subscription.refresh_from_db()
    assert subscription.status == "pending"
    confirmed = client.post(link_in(letter, "/subscribe/confirm/"))
    assert confirmed.status_code == 200 and "Подписка подтверждена" in confirmed.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == "confirmed"
    send_digests()  # the material was published before the confirmation; the upcoming event comes
    digest = mail.outbox[-1]
    assert (
        len(mail.outbox) == 2
        and "Наблюдение Луны" in digest.body
        and "Карта звёздного неба" not in digest.body
    )


def test_the_answer_is_the_same_whether_or_not_the_email_is_subscribed(
    client, django_capture_on_commit_callbacks
):
    confirmed_subscription(email="smirnova@example.ru")
    again = subscribe(client, django_capture_on_commit_callbacks).content.decode()
    first = subscribe(
        client, django_capture_on_commit_callbacks, email="new-reader@example.ru"
    ).content.decode()
    assert again.replace("smirnova", "") == first.replace("new-reader", "")
    assert "smirnova@example.ru" not in again


def test_a_bad_or_expired_confirm_link_gets_a_russian_4xx_and_confirms_nothing(client):
    subscription = Subscription.objects.create(email="late@example.ru")
    expired = confirm_token(subscription)
    PersonLink.objects.update(expires_at=timezone.now())  # three days have passed
    response = client.post(f"/subscribe/confirm/{expired}/")
    assert response.status_code == 410 and "Срок действия ссылки истёк" in response.content.decode()
    tampered = confirm_token(subscription)[:-3] + "abc"
    response = client.get(f"/subscribe/confirm/{tampered}/")
    assert response.status_code == 400 and "Ссылка недействительна" in response.content.decode()
    unsubscribe_token = unsubscribe_url(subscription).rstrip("/").rsplit("/", 1)[-1]
    assert (
        client.post(f"/subscribe/confirm/{unsubscribe_token}/").status_code == 400
    )  # another link's purpose
    subscription.refresh_from_db()
    assert subscription.status == "pending"


def test_a_digest_holds_only_matching_published_public_not_yet_sent_items(settings):
    subject = own_subject()
    subscription = confirmed_subscription(subjects=[subject])
    add_material("Телескоп своими руками", "diy-telescope", subjects=[subject])
    add_material("Черновик о кометах", "comet-draft", subjects=[subject], publish=False)
    hidden = add_material("Закрытый материал о планетах", "planets-closed", subjects=[subject])
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    add_material("Про дроби", "fractions", subjects=[])
    add_event("Ночь в обсерватории", "observatory-night", subjects=[subject])
    add_event("Семинар по грамотности", "literacy-seminar", subjects=[])

    send_digests()
    [digest] = mail.outbox
    assert digest.to == ["reader@example.ru"]
    for text in (digest.body, digest.alternatives[0][0]):
        assert "Телескоп своими руками" in text and "Ночь в обсерватории" in text
        for absent in ("Черновик о кометах", "Закрытый материал", "Про дроби", "Семинар по грамотности"):
            assert absent not in text
    assert "http://" in digest.body and "/diy-telescope/" in digest.body  # absolute links

    settings.CENTERS_DIGEST_INTERVAL_DAYS = 0  # the next run may send at once: only what is new goes
    add_material("Солнечные часы", "sundial", subjects=[subject])
    send_digests()
    second = mail.outbox[-1]
    assert len(mail.outbox) == 2 and "Солнечные часы" in second.body
    assert "Телескоп своими руками" not in second.body and "Ночь в обсерватории" not in second.body
    assert SentDigestItem.objects.filter(subscription=subscription).count() == 3


def test_nothing_is_sent_when_nothing_matches_and_a_second_run_sends_nothing(settings):
    subject = own_subject()
    confirmed_subscription(email="nothing@example.ru", subjects=[subject], wants_events=False)
    add_event("Ночь в обсерватории", "observatory-night", subjects=[subject])  # events are not followed
    add_material("Про дроби", "fractions", subjects=[])
    output = send_digests()
    assert mail.outbox == [] and "Digests sent: 0" in output

    confirmed_subscription(email="reader@example.ru", subjects=[subject])
    send_digests()
    send_digests()
    assert [letter.to for letter in mail.outbox] == [["reader@example.ru"]]


def test_a_digest_carries_the_one_click_unsubscribe_headers():
    subscription = confirmed_subscription(subjects=[own_subject()])
    add_event("Ночь в обсерватории", "observatory-night", subjects=[own_subject()])
    send_digests()
    [digest] = mail.outbox
    headers = digest.message()
    assert headers["List-Unsubscribe"] == f"<{unsubscribe_url(subscription, 'http://localhost')}>" or headers[
        "List-Unsubscribe"
    ].startswith("<http")
    assert "/subscribe/unsubscribe/" in headers["List-Unsubscribe"]
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link_in(digest, "/subscribe/unsubscribe/") in headers["List-Unsubscribe"]


def test_unsubscribing_needs_no_login_and_the_mail_clients_one_click_post_works_too():
    first = confirmed_subscription(email="reader@example.ru", subjects=[own_subject()])
    second = confirmed_subscription(email="other@example.ru", subjects=[own_subject()])
    client = Client(enforce_csrf_checks=True)
    path = unsubscribe_url(first, "").replace("http://testserver", "")
    page = client.get(path)
    assert page.status_code == 200 and "Отписаться" in page.content.decode()
    first.refresh_from_db()
    assert first.status == "confirmed"  # opening the link (a link checker) unsubscribes nobody
    done = client.post(path)
    assert done.status_code == 200 and "Вы отписались" in done.content.decode()

    one_click = client.post(
        unsubscribe_url(second, ""),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    add_event("Ночь в обсерватории", "observatory-night", subjects=[own_subject()])
    send_digests()
    assert mail.outbox == []
    assert set(Subscription.objects.values_list("status", flat=True)) >= {"unsubscribed"}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "не почта"}, "Введите правильный адрес"),
        ({"email": "a" * 300 + "@example.ru"}, "не более 254"),
        ({"email": "bad\x00@example.ru"}, "запрещённый символ"),
        ({"kinds": []}, "Выберите хотя бы одно"),
        ({"kinds": ["spam"]}, "Выберите из списка"),
        ({"subjects": ["not-a-number"]}, "Выберите из списка"),
        ({"subjects": ["99999999"]}, "Выберите из списка"),
        ({"centers": ["-1"]}, "Выберите из списка"),
        ({"consent": ""}, "нужно ваше согласие"),
    ],
)
def test_hostile_input_on_the_form_gets_a_russian_400_and_stores_nothing(
    client, django_capture_on_commit_callbacks, changes, message
):
    data = {**FORM, **changes}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/subscribe/", {k: v for k, v in data.items() if v != ""}, REMOTE_ADDR=VISITOR_IP
        )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Subscription.objects.exists() and mail.outbox == []


def test_too_many_subscriptions_from_one_address_get_a_russian_429(client, settings):
    settings.CENTERS_RATE_LIMITS = {"subscription": {"address": 1, "email": 5}}
    assert client.post("/subscribe/", FORM, REMOTE_ADDR=VISITOR_IP).status_code == 302
    refused = client.post("/subscribe/", {**FORM, "email": "b@example.ru"}, REMOTE_ADDR=VISITOR_IP)
    assert refused.status_code == 429 and "Слишком много" in refused.content.decode()


def test_erasing_a_subscriber_keeps_only_the_consent_proof(client, django_capture_on_commit_callbacks):
    subscribe(client, django_capture_on_commit_callbacks)
    assert erase_subscriber("Smirnova@example.ru") == 1
    assert not Subscription.objects.filter(email="smirnova@example.ru").exists()
    assert ConsentRecord.objects.filter(kind="subscription", email="smirnova@example.ru").exists()


def test_the_department_sees_subscribers_and_their_counts_and_the_public_does_not(client, admin_user):
    confirmed_subscription(email="reader@example.ru")
    Subscription.objects.create(email="waiting@example.ru")
    assert client.get("/admin/subscribers/").status_code == 302  # to the login page
    client.force_login(admin_user)
    page = client.get("/admin/subscribers/").content.decode()
    assert "Ожидает подтверждения: <strong>1</strong> · Подтверждена: <strong>1</strong>" in page
    found = client.get("/admin/subscribers/?q=reader").content.decode()
    assert "reader@example.ru" in found and "waiting@example.ru" not in found


def test_the_form_offers_only_the_centers_active_today(client):
    import datetime
    import html

    from django.utils import timezone

    from centers.models import CenterPage

    ended, closed, active = CenterPage.objects.live().order_by("pk")[:3]
    past = timezone.localdate() - datetime.timedelta(days=30)
    CenterPage.objects.filter(pk=ended.pk).update(term_end=past)
    CenterPage.objects.filter(pk=closed.pk).update(closed_early_on=past)
    page = html.unescape(client.get("/subscribe/").content.decode())
    assert active.title in page
    assert ended.title not in page and closed.title not in page
    refused = client.post("/subscribe/", {**FORM, "centers": [closed.pk]}, REMOTE_ADDR=VISITOR_IP)
    assert refused.status_code in (200, 400) and "Выберите из списка" in refused.content.decode()
