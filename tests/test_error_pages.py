"""Refusals come as the site's own Russian pages (400, 403, 404, 405), not Django's English defaults."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.views.defaults import permission_denied

from centers.models import PracticeIndexPage

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_russian_404_page(client):
    response = client.get("/takoy-stranitsy-net/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Страница не найдена</title>" in html
    assert "Перейти на главную" in html


def test_a_request_with_too_many_fields_gets_the_russian_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    index = PracticeIndexPage.objects.live().first()
    fields = {f"field{number}": "x" for number in range(10)}
    response = client.post(index.url + index.reverse_subpage("send"), fields)
    assert response.status_code == 400
    assert "<title>Неверный запрос</title>" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_gets_the_russian_403_page():
    index = PracticeIndexPage.objects.live().first()
    response = Client(enforce_csrf_checks=True).post(
        index.url + index.reverse_subpage("send"), {"title": "x"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "<title>Форма устарела</title>" in html
    assert "обновите страницу" in html


def test_a_refused_permission_gets_the_russian_403_page():
    response = permission_denied(RequestFactory().get("/"), PermissionDenied())
    assert response.status_code == 403
    assert "<title>Доступ запрещён</title>" in response.content.decode()


def test_a_refused_method_gets_the_russian_405_page_and_keeps_allow(client):
    response = client.post("/accessibility/change/")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response["Content-Type"].startswith("text/html")
    assert "<title>Действие недоступно</title>" in response.content.decode()
