import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centers.models import CenterPage, EventIndexPage, EventPage

from .events_helpers import center, make_event, registration_url

pytestmark = pytest.mark.django_db


def test_every_demo_center_has_one_events_section_with_past_and_upcoming_events():
    for page in CenterPage.objects.live():
        index = EventIndexPage.objects.child_of(page).get()
        assert index.slug == EventIndexPage.section_slug
        assert EventPage.objects.descendant_of(index).exists()
    now = timezone.now()
    assert EventPage.objects.filter(end__lt=now).exists()
    assert EventPage.objects.filter(start__gt=now).exists()


def test_event_index_is_one_per_center_and_only_under_a_center():
    assert EventIndexPage.can_create_at(center()) is False  # the demo already made it
    assert "centers.EventIndexPage" in [
        f"{m._meta.app_label}.{m.__name__}" for m in CenterPage.allowed_subpage_models()
    ]
    assert EventPage.allowed_parent_page_models() == [EventIndexPage]


def test_event_page_shows_format_time_place_seats_and_a_link_to_the_registration_form(client):
    event = make_event(capacity=20, summary="Разбор заданий PISA-формата.")
    html = client.get(event.url).content.decode()
    assert "Семинар «Проверка регистрации»" in html
    assert "Семинар" in html
    assert timezone.localtime(event.start).strftime("%H:%M") in html
    assert "9 микрорайон" in html
    assert "Регистрация" in html
    assert f'<a class="button-link" href="{registration_url(event)}">Зарегистрироваться</a>' in html
    assert "20 из 20 свободно" in html
    assert 'name="consent"' in client.get(registration_url(event)).content.decode()


def test_past_event_says_so_closes_registration_and_shows_materials(client):
    event = make_event(
        days=-3,
        materials=[{"type": "paragraph", "value": "<p>Презентация докладчика</p>"}],
    )
    html = client.get(event.url).content.decode()
    assert "Мероприятие состоялось" in html
    assert "Регистрация закрыта" in html
    assert registration_url(event) not in html
    assert "Презентация докладчика" in html


def test_co_organized_event_shows_on_each_co_organizers_page(client):
    other = center("stem-poisk")
    event = make_event(title="Совместный практикум по робототехнике", co_organizers=[other])
    for page in (center(), other):
        assert event.title in client.get(page.url).content.decode(), page.slug
    assert event.title not in client.get(center("career-ds9").url).content.decode()
    index = EventIndexPage.objects.child_of(other).get()
    assert event.title in client.get(index.url).content.decode()


def test_home_page_lists_the_five_nearest_upcoming_events(client, home):
    # Minutes from now, whatever the hour the suite runs at (a fixed 10:00 today has ended by the evening).
    soon = timezone.now() + datetime.timedelta(minutes=10)
    make_event(title="Самое ближайшее мероприятие", start=soon, end=soon + datetime.timedelta(hours=2))
    html = client.get(home.url).content.decode()
    assert "Ближайшие мероприятия" in html
    assert "Самое ближайшее мероприятие" in html
    assert html.count('class="event-card"') == 5


def test_event_index_pages_cost_the_same_queries_with_few_and_many_events(client):
    index = EventIndexPage.objects.child_of(center()).get()

    def cost():
        client.get(index.url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(index.url).status_code == 200
        return len(captured)

    few = cost()
    for number in range(15):
        make_event(slug=f"many-{number}", title=f"Семинар {number}", days=number + 1)
    assert cost() == few


def test_end_before_start_is_refused_by_the_editor_form():
    from django.core.exceptions import ValidationError

    event = EventPage(
        title="Неверные даты",
        format_id=1,
        start=timezone.now() + datetime.timedelta(days=2),
        end=timezone.now() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "Окончание должно быть позже начала" in str(error.value)


def test_bench_seeding_adds_events_with_meetings_that_the_pages_serve(client):
    from contextlib import nullcontext

    from portal.devtools.bench.capabilities.events import event_pages, seed_events

    class Bar:
        def update(self, count):
            pass

    before = EventPage.objects.count()
    added = seed_events(before + 12, lambda total: nullcontext(Bar()))
    assert added == 12
    assert EventPage.objects.count() == before + 12
    seeded = EventPage.objects.filter(slug__startswith="bench-event-")
    assert all(event.occurrences.count() == 1 for event in seeded)
    assert seed_events(before + 12, lambda total: nullcontext(Bar())) == 0
    for label, url in event_pages().items():
        assert client.get(url).status_code == 200, label
