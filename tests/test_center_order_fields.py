"""A center's approval order and term are the department's (issue 28, item 11): a coordinator sees them read-only
and a POST of theirs that changes them is refused, nothing saved; the department's moderators still edit them."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from centers.models import CenterPage
from centers.roles.provisioning import coordinators_group

from .test_choosable_references import edit_form_data as page_form_data

pytestmark = pytest.mark.django_db

FIELDS = ("order_number", "order_date", "term_start", "term_end")
REFUSAL = "меняет только департамент"


@pytest.fixture
def center():
    return CenterPage.objects.get(slug="inclusive-sosh5")


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(center):
    user = get_user_model().objects.create_user("coord-order", "coord-order@example.ru", "unused-pass-123")
    user.groups.add(coordinators_group(center))
    return client_of(user)


def edit_form_data(client, center):
    data = page_form_data(client, center)
    data.setdefault("goals-count", "0")  # drawn by script, posted empty here
    return data


def latest(center):
    return CenterPage.objects.get(pk=center.pk).get_latest_revision_as_object()


def test_a_coordinator_sees_the_order_and_term_read_only(coordinator, center):
    html = coordinator.get(reverse("wagtailadmin_pages:edit", args=[center.pk])).content.decode()
    for name in FIELDS:
        assert f'name="{name}"' not in html
    assert center.order_number and center.order_number in html  # shown, not editable


@pytest.mark.parametrize(
    "name, value",
    [
        ("term_end", "2099-12-31"),
        ("term_start", "2000-01-01"),
        ("order_number", "999-од"),
        ("order_date", "2099-01-01"),
    ],
)
def test_a_coordinators_post_changing_the_order_or_term_is_refused(coordinator, center, name, value):
    before = latest(center)
    data = edit_form_data(coordinator, center)
    data[name] = value
    response = coordinator.post(reverse("wagtailadmin_pages:edit", args=[center.pk]), data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert REFUSAL in response.content.decode()
    after = latest(center)
    assert [getattr(after, field) for field in FIELDS] == [getattr(before, field) for field in FIELDS]


def test_a_coordinators_unchanged_form_still_saves(coordinator, center):
    data = edit_form_data(coordinator, center)
    data["short_description"] = "Обновлённое описание центра."
    assert coordinator.post(reverse("wagtailadmin_pages:edit", args=[center.pk]), data).status_code == 302
    after = latest(center)
    assert after.short_description == "Обновлённое описание центра." and after.term_end == center.term_end


@pytest.mark.parametrize("username", ["moderator", None])
def test_the_department_still_edits_the_order_and_term(center, username):
    User = get_user_model()
    user = User.objects.get(username=username) if username else User.objects.filter(is_superuser=True).first()
    client = client_of(user)
    data = edit_form_data(client, center)
    assert (
        'name="term_end"' in client.get(reverse("wagtailadmin_pages:edit", args=[center.pk])).content.decode()
    )
    new_end = (center.term_end or datetime.date(2030, 1, 1)) + datetime.timedelta(days=365)
    data["term_end"], data["order_number"] = new_end.isoformat(), "123-од"
    assert client.post(reverse("wagtailadmin_pages:edit", args=[center.pk]), data).status_code == 302
    after = latest(center)
    assert after.term_end == new_end and after.order_number == "123-од"
