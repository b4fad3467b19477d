"""Issue 20: parts of public pages rendered once per generation of the site's structure (`{% kept_fragment %}`,
kept feeds) show every change at once: a page published, a snippet renamed, a meeting cancelled; and what belongs to
one request (raw query strings, a bound form's errors, a preview's draft) is never kept."""

import datetime

import pytest
from django.utils import timezone

from centers.models import (
    CalendarPage,
    CenterPage,
    EducationLevel,
    EventOccurrence,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    NewsIndexPage,
    NewsPage,
    PracticeIndexPage,
    QuestionIndexPage,
    QuestionPage,
)

pytestmark = pytest.mark.django_db


def demo_center():
    return CenterPage.objects.live().get(slug="inclusive-sosh5")


def test_a_material_published_in_a_center_shows_on_its_page_and_in_its_list_at_once(client):
    center = demo_center()
    index = MaterialIndexPage.objects.child_of(center).get()
    assert "Кейс для проверки хранимых фрагментов" not in client.get(center.url).text
    assert "Кейс для проверки хранимых фрагментов" not in client.get(index.url).text
    template = MaterialPage.objects.live().descendant_of(center).order_by("path").first()
    material = MaterialPage(
        title="Кейс для проверки хранимых фрагментов",
        slug="kept-fragments-case",
        center=center,
        abstract="Проверка.",
        material_type=template.material_type,
        year=timezone.localdate().year,
    )
    index.add_child(instance=material)
    material.save_revision().publish()
    assert "Кейс для проверки хранимых фрагментов" in client.get(center.url).text
    assert "Кейс для проверки хранимых фрагментов" in client.get(index.url).text
    material.unpublish()
    assert "Кейс для проверки хранимых фрагментов" not in client.get(index.url).text


def test_a_renamed_material_type_shows_in_the_kept_cards_at_once(client):
    index = MaterialIndexPage.objects.child_of(demo_center()).get()
    material = MaterialPage.objects.live().child_of(index).order_by("-first_published_at").first()
    client.get(index.url)
    material_type = MaterialType.objects.get(pk=material.material_type_id)
    material_type.name = "Переименованный вид материала"
    material_type.save()
    assert "Переименованный вид материала" in client.get(index.url).text


def test_a_meeting_cancelled_on_its_own_leaves_the_calendar_month_at_once(client):
    calendar = CalendarPage.objects.live().get()
    meeting = (
        EventOccurrence.objects.filter(is_cancelled=False, event__live=True, start__gte=timezone.now())
        .order_by("start")
        .select_related("event")
        .first()
    )
    month_url = f"{calendar.url}?month={timezone.localtime(meeting.start):%Y-%m}"
    title = meeting.event.title
    marker = f"{timezone.localtime(meeting.start):%H:%M}</time> {title}"
    assert marker in client.get(month_url).text
    EventOccurrence.objects.filter(event=meeting.event).exclude(pk=meeting.pk).update(is_cancelled=True)
    meeting.is_cancelled = True
    meeting.save()
    assert marker not in client.get(month_url).text


def test_a_news_item_published_shows_in_the_kept_feed_at_once(client):
    center = demo_center()
    client.get("/feeds/news/")
    index = NewsIndexPage.objects.child_of(center).get()
    news = NewsPage(
        title="Новость для проверки ленты",
        slug="kept-feed-news",
        center=center,
        lead="Коротко.",
        date=timezone.localdate() + datetime.timedelta(days=1),
    )
    index.add_child(instance=news)
    news.save_revision().publish()
    assert "Новость для проверки ленты" in client.get("/feeds/news/").text


def test_a_raw_query_string_never_reaches_the_kept_list_of_another_visitor(client):
    index = MaterialIndexPage.objects.child_of(demo_center()).get()
    first = client.get(index.url + "?type=no-such-type&utm_source=%3Cmarker%3E")
    assert first.status_code == 200
    assert "marker" not in client.get(index.url).text


def test_a_bound_practice_form_shows_its_errors_and_the_next_visitor_an_empty_form(client):
    index = PracticeIndexPage.objects.child_of(demo_center()).get()
    send_url = index.url + "send/"
    assert client.get(send_url).status_code == 200
    refused = client.post(send_url, {"title": "Только название"})
    assert refused.status_code == 400
    assert "form-field--error" in refused.text
    fresh = client.get(send_url).text
    assert "form-field--error" not in fresh
    assert "Только название" not in fresh


def test_a_question_published_shows_in_the_kept_questions_list_at_once(client):
    index = QuestionIndexPage.objects.live().order_by("path").first()
    assert "Вопрос для проверки хранимого списка" not in client.get(index.url).text
    question = QuestionPage(
        title="Вопрос для проверки хранимого списка",
        slug="kept-questions-case",
        center=index.get_parent().specific,
        question="Как проверить список?",
        answer="<p>Опубликовать вопрос.</p>",
    )
    index.add_child(instance=question)
    question.save_revision().publish()
    assert "Вопрос для проверки хранимого списка" in client.get(index.url).text


def test_the_city_plans_kept_filter_options_keep_a_choice_to_the_request_that_made_it(client):
    """A valid level beside an unknown center is shown chosen with the error, and never to the next visitor."""
    level = EducationLevel.objects.order_by("pk").first()
    chosen = f'<option value="{level.slug}" selected>'
    refused = client.get(f"/plan/?level={level.slug}&center=no-such-center")
    assert refused.status_code == 400
    assert chosen in refused.text
    assert chosen not in client.get("/plan/").text
