"""Locking out wrong passwords by the real visitor's address and the username together, behind the proxy too."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "Правильный-пароль-2026"


@pytest.fixture
def coordinator():
    user = get_user_model().objects.get(username="coordinator1")
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client, password, **address):
    return client.post(
        reverse("wagtailadmin_login"), {"username": "coordinator1", "password": password}, **address
    )


def test_wrong_passwords_from_one_address_do_not_lock_the_coordinator_out_elsewhere(client, coordinator):
    for _attempt in range(5):
        log_in(client, "неверный", REMOTE_ADDR="198.51.100.66")
    assert log_in(client, PASSWORD, REMOTE_ADDR="198.51.100.66").status_code == 429
    assert log_in(client, PASSWORD, REMOTE_ADDR="203.0.113.10").status_code == 302


BEHIND_NGINX = {"REMOTE_ADDR": "127.0.0.1"}


def test_behind_the_proxy_an_attacker_cannot_lock_the_coordinator_out(client, coordinator, settings):
    settings.CENTERS_TRUSTED_PROXY_COUNT = 1
    for _attempt in range(5):
        log_in(client, "неверный", HTTP_X_FORWARDED_FOR="198.51.100.66", **BEHIND_NGINX)
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.66", **BEHIND_NGINX).status_code == 429
    assert log_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.10", **BEHIND_NGINX).status_code == 302
