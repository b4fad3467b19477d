"""The demo tells one story: a center whose term ended shows only what happened within its term, every center has
news of its own, applications are numbered in the order they came in, and the output says who runs which center."""

import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from centers.models import (
    Application,
    CenterPage,
    EventPage,
    MaterialPage,
    NewsPage,
    PlanPage,
    PracticePage,
    ProjectPage,
)
from centers.roles.provisioning import coordinators_group
from portal.devtools.demo.centers import academic_year_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended():
    center = CenterPage.objects.get(slug="digital-sosh13")
    assert center.term_has_ended and center.term_end < timezone.localdate()
    return center


def test_a_center_whose_term_ended_publishes_nothing_dated_after_its_term(client, ended):
    last_year = f"{ended.term_end.year - 1}/{ended.term_end.year}"
    current = academic_year_start(timezone.localdate())
    html = client.get(ended.url).content.decode()
    assert "План работы" in html
    assert f"{current.year}/{current.year + 1}" not in html

    news = NewsPage.objects.descendant_of(ended)
    assert news.count() == 3 and all(item.date <= ended.term_end for item in news)
    events = EventPage.objects.filter(host_center=ended)
    assert events and all(timezone.localdate(event.start) <= ended.term_end for event in events)
    materials = MaterialPage.objects.descendant_of(ended)
    assert materials and all(material.year <= ended.term_end.year for material in materials)
    for page in [*materials, *PracticePage.objects.live().descendant_of(ended), *news]:
        assert timezone.localdate(page.first_published_at) <= ended.term_end, page.title
    stages = ProjectPage.objects.child_of(ended).get().stages.all()
    assert all(stage.end_date <= ended.term_end for stage in stages)
    plan = PlanPage.objects.child_of(ended).get()
    assert f"План работы на {last_year} учебный год" in client.get(plan.url).content.decode()
    requests = ended.consultation_requests.all()
    assert requests and all(request.status == request.Status.ANSWERED for request in requests)
    assert all(request.answered_at.date() <= ended.term_end for request in requests)
    assert all(request.created_at <= request.answered_at for request in requests)


def test_every_center_has_news_of_its_own():
    titles = Counter(NewsPage.objects.live().values_list("title", flat=True))
    assert len(titles) >= 3 * CenterPage.objects.count()
    assert max(titles.values()) == 1


def test_application_numbers_run_with_the_dates_they_came_in():
    for year in Application.objects.values_list("year", flat=True).distinct():
        applications = list(Application.objects.filter(year=year).order_by("number"))
        assert [a.number for a in applications] == list(range(1, len(applications) + 1))
        assert applications == sorted(applications, key=lambda application: application.submitted_at)


def test_the_approved_application_came_before_the_order_that_opened_its_center():
    approved = Application.objects.get(status=Application.Status.APPROVED)
    assert approved.submitted_at.date() < approved.order.date <= approved.center.term_start
    assert approved.year == approved.center.term_start.year


def test_the_output_ends_with_the_accounts_and_says_which_center_each_coordinator_runs():
    output = io.StringIO()
    call_command("seed_demo", "--port", "8123", stdout=output)
    lines = output.getvalue().rstrip("\n").splitlines()
    centers = list(CenterPage.objects.order_by("path"))
    coordinator_lines = lines[-len(centers) :]
    assert [line.split()[0] for line in lines[-len(centers) - 3 :]][:3] == ["admin", "moderator", "expert"]
    for line in coordinator_lines:
        username = line.split()[0]
        user = get_user_model().objects.get(username=username)
        (center,) = [c for c in centers if coordinators_group(c) in user.groups.all()]
        assert center.title in line and f"http://127.0.0.1:8123{center.url}" in line, line
