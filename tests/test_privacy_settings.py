"""The data operator and the consent texts are the department's to edit in the admin; every wording people agreed to
stays readable under its version; the time zone pages and letters name follows TIME_ZONE."""

import datetime
import importlib
import zoneinfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from centers.common.kept import forget_site_structure
from centers.common.timezones import time_zone_name
from centers.lifecycle.applications import local_zone
from centers.models import ConsentRecord, ConsentText, PrivacySettings, Registration
from centers.privacy.consent import consent_text, current_version

from .events_helpers import form, make_event, registration_url

pytestmark = pytest.mark.django_db

KIND = ConsentRecord.Kind.EVENT_REGISTRATION
FIELDS = [
    "operator_name",
    "operator_address",
    "operator_email",
    "personal_data_text",
    "event_registration_text",
    "application_text",
    "publication_text",
    "subscription_text",
]


def edit_url():
    return reverse("wagtailsettings:edit", args=["centers", "privacysettings", PrivacySettings.load().pk])


def user(username):
    return get_user_model().objects.get(username=username)


def post_settings(client, **changes):
    current = PrivacySettings.load()
    data = {field: getattr(current, field) for field in FIELDS} | changes
    return client.post(edit_url(), data)


def test_a_moderator_changes_the_registration_text_the_form_shows_it_and_a_consent_records_its_new_version(
    client,
):
    event = make_event(capacity=10)
    old_version = current_version(KIND)
    old_text = consent_text(KIND)
    client.force_login(user("moderator"))
    page = client.get(edit_url())
    assert page.status_code == 200 and PrivacySettings.load().operator_name in page.content.decode()
    new_text = "Проверочное согласие: {operator}, {address}, пишите на {email}."
    response = post_settings(
        client,
        operator_name="Управление образования округа N",
        operator_email="pd@example.ru",
        **{"event_registration_text": new_text},
    )
    assert response.status_code == 302
    client.logout()

    shown = (
        "Проверочное согласие: Управление образования округа N, " + PrivacySettings.load().operator_address
    )
    new_version = current_version(KIND)
    assert new_version != old_version
    html = client.get(registration_url(event)).content.decode()
    assert shown + ", пишите на pd@example.ru." in html and f"(версия {new_version})" in html
    assert old_text not in html

    client.post(registration_url(event), form(), REMOTE_ADDR="192.0.2.7")
    registration = Registration.objects.get(occurrence__event=event)
    consent = ConsentRecord.objects.get(content_type__model="registration", object_id=registration.pk)
    assert consent.text_version == registration.consent_version == new_version
    assert consent_text(KIND, consent.text_version).startswith(shown)
    assert consent_text(KIND, old_version) == old_text  # earlier consents still read their own words


def test_the_operator_alone_changes_every_version_and_a_text_brought_back_gets_its_old_version_again():
    settings = PrivacySettings.load()
    before = {kind: current_version(kind) for kind in ConsentRecord.Kind}
    first_operator = settings.operator_name
    settings.operator_name = "Комитет по образованию района N"
    settings.save()
    after = {kind: current_version(kind) for kind in ConsentRecord.Kind}
    assert all(after[kind] != before[kind] for kind in ConsentRecord.Kind)
    assert "Комитет по образованию района N" in consent_text(ConsentRecord.Kind.SUBSCRIPTION)
    settings.operator_name = first_operator
    settings.save()
    assert {kind: current_version(kind) for kind in ConsentRecord.Kind} == before


def test_two_changes_on_one_day_get_two_versions():
    settings = PrivacySettings.load()
    for wording in ("Первый вариант {operator}.", "Второй вариант {operator}."):
        settings.publication_text = wording
        settings.save()
    first, second = ConsentText.objects.filter(kind=ConsentRecord.Kind.PUBLICATION).order_by("-pk")[:2][::-1]
    assert first.version != second.version and second.version.startswith(first.version[:10])
    assert (first.text, second.text) == (
        f"Первый вариант {settings.operator_name}.",
        f"Второй вариант {settings.operator_name}.",
    )


def test_an_unknown_placeholder_is_refused_and_nothing_changes(client):
    client.force_login(user("moderator"))
    before = PrivacySettings.load().subscription_text
    response = post_settings(client, subscription_text="Согласие для {city}.")
    assert response.status_code == 200 and "{city}" in response.content.decode()
    assert PrivacySettings.load().subscription_text == before


def test_experts_cannot_edit_the_consent_texts(client):
    client.force_login(user("expert"))
    assert client.get(edit_url()).status_code in {302, 403}


def test_the_default_texts_name_no_operator_of_their_own():
    settings = PrivacySettings(operator_name="Отдел образования города N", operator_address="ул. Школьная, 1")
    for kind in ConsentRecord.Kind:
        text = settings.rendered_text(kind)
        assert "Оператор персональных данных: Отдел образования города N, адрес: ул. Школьная, 1." in text
        assert "{" not in text and "Департамент" not in text


def test_an_installation_in_use_keeps_todays_texts_under_their_versions():
    migration = importlib.import_module("centers.migrations.0034_privacy_operator_settings")
    PrivacySettings.objects.all().delete()
    ConsentText.objects.all().delete()
    migration.keep_todays_texts(apps, None)  # the demo has centers: an installation in use
    forget_site_structure()  # as a deploy's new cache would
    for kind, (version, text) in migration.TODAYS_TEXTS.items():
        assert current_version(kind) == version
        assert consent_text(kind) == consent_text(kind, version) == text
    assert ConsentText.objects.count() == len(migration.TODAYS_TEXTS)  # reading made no new version


@pytest.mark.parametrize(
    "zone, moment, english",
    [
        ("Europe/Moscow", datetime.datetime(2026, 12, 1, 12), "Moscow time, UTC+3"),
        ("Asia/Yekaterinburg", datetime.datetime(2026, 12, 1, 12), "UTC+5 time"),
        ("Asia/Kamchatka", datetime.datetime(2026, 7, 1, 12), "UTC+12 time"),
        ("Asia/Kolkata", datetime.datetime(2026, 12, 1, 12), "UTC+5:30 time"),
        ("Europe/Berlin", datetime.datetime(2026, 7, 1, 12), "UTC+2 time"),  # summer time: not a Russian zone
        ("America/New_York", datetime.datetime(2026, 12, 1, 12), "UTC\u22125 time"),
    ],
)
def test_the_time_zone_name_follows_time_zone(settings, zone, moment, english):
    settings.TIME_ZONE = zone
    with translation.override("en"):
        assert time_zone_name(moment.replace(tzinfo=zoneinfo.ZoneInfo(zone))) == english


@pytest.mark.parametrize(
    "zone, russian",
    [
        ("Europe/Moscow", "московское время, UTC+3"),
        ("Europe/Kaliningrad", "калининградское время, UTC+2"),
        ("Asia/Yekaterinburg", "екатеринбургское время, UTC+5"),
        ("Asia/Vladivostok", "владивостокское время, UTC+10"),
        ("Asia/Kolkata", "время UTC+5:30"),
    ],
)
def test_russian_readers_get_their_zones_name(settings, zone, russian):
    settings.TIME_ZONE = zone
    with translation.override("ru"):
        assert time_zone_name() == russian


def test_the_registration_form_and_letter_name_the_zone_of_time_zone(client, settings, mailoutbox):
    settings.TIME_ZONE = "Europe/Moscow"
    event = make_event(capacity=10)
    html = client.get(registration_url(event)).content.decode()
    assert "UTC+3)" in html and "UTC+5" not in html
    client.post(registration_url(event), form(), REMOTE_ADDR="192.0.2.7")
    [letter] = mailoutbox
    assert "UTC+3)" in letter.body and "UTC+5" not in letter.body


def test_the_application_window_is_read_in_time_zone_unless_told_otherwise(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    del settings.CENTERS_APPLICATION_TIME_ZONE
    assert local_zone().key == "Europe/Moscow"
    settings.CENTERS_APPLICATION_TIME_ZONE = "Asia/Omsk"
    assert local_zone().key == "Asia/Omsk"
