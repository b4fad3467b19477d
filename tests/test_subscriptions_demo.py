"""The demo's subscribers: the confirmed one gets a digest of the STEM center's physics, the waiting one nothing."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from centers.models import ConsentRecord, Subscription

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_confirmed_and_an_unconfirmed_subscriber_and_only_the_first_gets_a_digest():
    statuses = dict(Subscription.objects.values_list("email", "status"))
    assert statuses == {"podpischik@example.ru": "confirmed", "ne-podtverdil@example.ru": "pending"}
    assert ConsentRecord.objects.filter(kind="subscription").count() == 2

    call_command("send_digests", stdout=io.StringIO())
    [digest] = mail.outbox
    assert digest.to == ["podpischik@example.ru"] and "Новые материалы" in digest.body
    assert "/subscribe/unsubscribe/" in digest.message()["List-Unsubscribe"]

    call_command("seed_demo", stdout=io.StringIO())  # re-seeding adds no subscriber
    assert Subscription.objects.count() == 2
