"""What the API, the feeds, the sitemap and the public calendar files may say: an explicit list of every API field,
so a field added to a page type or to meetings fails here until someone decides it is public; and the participants'
online link is in none of them."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone
from wagtail.models import Page

from centers.models import CalendarPage, EventOccurrence

from .events_helpers import local, make_event

pytestmark = pytest.mark.django_db

# Decided public, page type by page type (plus Wagtail's own id/title/meta). Participants-only fields (the online
# link) and people's names never belong here.
PUBLIC_API_FIELDS = {
    "centers.CenterPage": {"short_description", "direction", "organization", "term_start", "term_end"},
    "centers.EventPage": {
        "format",
        "start",
        "end",
        "place",
        "summary",
        "levels",
        "subjects",
        "host_center",
        "capacity",
        "registration_enabled",
        "recurrence_description",
        "meetings",
    },
    "centers.MaterialPage": {
        "abstract",
        "material_type",
        "subjects",
        "levels",
        "audience",
        "year",
        "center",
        "attachments",
    },
    "centers.NewsPage": {"date", "lead", "center"},
    "centers.PracticePage": {"summary", "subjects", "levels", "video_url", "center", "attachments"},
}
PUBLIC_MEETING_FIELDS = {"start", "end", "is_cancelled", "seats", "event"}
PUBLIC_MEETING_EVENT_KEYS = {
    "id",
    "title",
    "format",
    "summary",
    "place",
    "center",
    "levels",
    "subjects",
    "html_url",
    "registration_url",
}
SECRET_LINK = "https://meet.example.org/participants-only-room"


def api_field_names(model):
    return {field.name for field in getattr(model, "api_fields", ())}


def test_every_api_field_of_every_page_type_and_of_meetings_is_decided_public():
    declared = {
        model._meta.label: api_field_names(model)
        for model in apps.get_models()
        if issubclass(model, Page) and api_field_names(model)
    }
    assert declared == PUBLIC_API_FIELDS
    assert api_field_names(EventOccurrence) == PUBLIC_MEETING_FIELDS


@pytest.fixture
def online_event():
    day = timezone.localdate() + datetime.timedelta(days=4)
    return make_event(slug="api-online", online_url=SECRET_LINK, start=local(day))


def test_the_online_link_is_in_no_public_answer(client, online_event):
    calendar = CalendarPage.objects.live().first()
    meeting, day = online_event.occurrences.get(), timezone.localtime(online_event.start).date().isoformat()
    addresses = [
        "/api/v2/pages/?type=centers.EventPage&fields=*&slug=api-online",
        f"/api/v2/pages/{online_event.pk}/",
        "/api/v2/pages/?fields=*&limit=20",
        f"/api/v2/events/?fields=*&from={day}&to={day}&limit=20",
        "/sitemap.xml",
        "/feeds/news/",
        "/feeds/materials/",
        online_event.url,
        calendar.url,
        calendar.url + "ical/",
        calendar.url + f"ical/{online_event.host_center.slug}/",
    ]
    addresses += [f"/api/v2/events/{meeting.pk}/", online_event.url + f"ics/{meeting.pk}/"]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        body = b"".join(response) if response.streaming else response.content
        assert b"participants-only-room" not in body, address
    [item] = [
        row
        for row in client.get("/api/v2/events/", {"from": day, "to": day, "limit": 20}).json()["items"]
        if row["id"] == meeting.pk
    ]
    assert set(item["event"]) == PUBLIC_MEETING_EVENT_KEYS
