import pytest
from django.db import OperationalError

from portal.models import HomePage

pytestmark = pytest.mark.django_db


def test_database_going_away_during_a_request_is_a_russian_503_to_retry(client, home, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(HomePage, "get_context", database_gone)
    response = client.get(home.url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Сайт ненадолго недоступен" in response.content.decode()


def test_other_server_errors_get_the_russian_error_page(client, home, monkeypatch, settings):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HomePage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get(home.url)
    assert response.status_code == 500
    assert "Ошибка сервера" in response.content.decode()
