"""Issue 30, item 1: the city's plan at /plan/: every center's items and meetings by month, clashes, gaps, filters,
a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.common.kept import forget_site_structure
from centers.models import CityPlanPage, EducationLevel, PlanItem, PlanPage
from centers.plans import academic_year

from .cityplan_helpers import clashing_pair, new_subject, plan_url
from .events_helpers import make_event

pytestmark = pytest.mark.django_db


def test_the_plan_stands_under_the_home_page_at_plan(client):
    page = CityPlanPage.objects.live().get()
    assert page.url == "/plan/"
    assert client.get("/plan/").status_code == 200


def test_two_centers_meetings_at_one_hour_for_one_audience_are_named_and_linked_as_a_clash(client):
    first, second = clashing_pair()
    html = client.get(plan_url(first)).content.decode()
    section = html[html.index('id="plan-month"') :]
    assert section.count("Пересекается с") >= 2
    for event in (first, second):
        assert f'href="{event.url}"' in section
        assert f'href="{event.host_center.url}"' in section


def test_meetings_for_different_levels_at_one_hour_do_not_clash(client):
    first, second = clashing_pair()
    second.levels.set([EducationLevel.objects.get(slug="preschool")])
    second.save_revision().publish()
    section = client.get(plan_url(first)).content.decode().split('id="plan-month"')[1]
    assert "Пересекается с" not in section.split(first.title)[1].split("</li>")[0]


def test_a_month_without_events_for_a_served_subject_shows_as_a_gap(client):
    subject = new_subject()
    event = make_event("stem-poisk", slug="astro", title="Практикум «Звёздное небо»", days=30)
    event.subjects.set([subject])
    event.save_revision().publish()
    year = academic_year.academic_year_of(timezone.localdate(event.start))
    html = client.get(f"/plan/?year={year}").content.decode()
    rows = {
        month: row
        for month, row in (
            (int(part.split("month=")[1].split("&")[0].split('"')[0]), part)
            for part in html.split("<tr")[1:]
            if "month=" in part and "month=year" not in part
        )
    }
    assert "Астрономия" not in rows[timezone.localtime(event.start).month]
    month = timezone.localtime(event.start).month
    other = 3 if month != 3 else 4
    assert "нет мероприятий" in rows[other] and "Астрономия" in rows[other]


def test_filters_by_center_level_subject_and_audience(client):
    first, second = clashing_pair()
    page = client.get(plan_url(first, center="stem-poisk")).content.decode().split('id="plan-month"')[1]
    assert second.title in page and f'<a href="{first.url}">{first.title}</a></h3>' not in page
    assert "Пересекается с" in page  # the other center is named in the clash even when filtered out
    preschool = client.get(plan_url(first, level="preschool")).content.decode().split('id="plan-month"')[1]
    assert first.title not in preschool
    for query in ("level=nonsense", "center=nowhere", "audience=parents", "subject=x"):
        response = client.get(plan_url(first) + "&" + query)
        assert response.status_code == 400
        assert "не знает" in response.content.decode()


def test_audience_filter_reads_the_plan_items_audience(client):
    plan = PlanPage.objects.live().filter(items__isnull=False).first()
    item = plan.items.filter(start_date__isnull=False).first() or plan.items.first()
    year, month = item.academic_year, item.month_number
    PlanItem.objects.filter(pk=item.pk).update(audience=PlanItem.Audience.LEADERS)
    forget_site_structure()
    url = f"/plan/?year={year}&month={month or 'year'}"
    assert f'id="plan-item-{item.pk}"' in client.get(url + "&audience=leaders").content.decode()
    assert f'id="plan-item-{item.pk}"' not in client.get(url + "&audience=teachers").content.decode()


@pytest.mark.parametrize("query", ["year=20x6", "year=1999", "month=13", "month=sept"])
def test_bad_year_or_month_is_a_400_with_a_russian_explanation(client, query):
    response = client.get(f"/plan/?{query}")
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def queries_of(client, url):
    forget_site_structure()  # the kept plan is computed again: its queries are what is counted
    client.get(url)
    forget_site_structure()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_plan_costs_the_same_queries_with_ten_times_the_meetings_and_items(client):
    first, _second = clashing_pair()
    url = plan_url(first)
    before = queries_of(client, url)
    for number, slug in enumerate(["inclusive-sosh5", "career-ds9", "digital-sosh13", "preschool-ds26"] * 3):
        event = make_event(slug, slug=f"more-{number}", title=f"Ещё {number}", days=45 - number % 3)
        event.levels.set(EducationLevel.objects.all()[: number % 3 + 1])
        event.save_revision().publish()
    plan = PlanPage.objects.live().first()
    day = timezone.localdate(first.start)
    for number in range(10):
        plan.items.add(
            PlanItem(
                academic_year=academic_year.academic_year_of(day),
                kind=PlanItem.Kind.SEMINAR,
                title=f"Пункт {number}",
                start_date=day,
                responsible="Иванова И. И.",
                expected_result="Результат",
            )
        )
    plan.save_revision().publish()
    assert queries_of(client, url) == before
    assert before <= 25


def test_a_cancelled_meeting_clashes_with_nothing(client):
    first, second = clashing_pair()
    second.occurrences.update(is_cancelled=True)
    forget_site_structure()
    section = client.get(plan_url(first)).content.decode().split('id="plan-month"')[1]
    assert "Пересекается с" not in section


def test_a_meeting_that_ends_when_the_other_starts_does_not_clash(client):
    first, second = clashing_pair()
    second.start, second.end = first.end, first.end + datetime.timedelta(hours=1)
    second.save_revision().publish()
    section = client.get(plan_url(first)).content.decode().split('id="plan-month"')[1]
    assert "Пересекается с" not in section.split(first.title)[1].split("</li>")[0]
