"""Wagtail's API v2 as a school's site or an aggregator calls it: materials with their facts and files, events
with dates, place, format and seats, and /api/v2/events/ with date filters; nothing personal, bad input a 400."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from centers.models import EventFormat, MaterialPage, Registration

from .events_helpers import form, local, make_event, registration_url

pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_material_comes_with_its_summary_subjects_levels_and_files(client):
    material = MaterialPage.objects.live().get(slug="robotics-program")
    data = get_json(
        client, "/api/v2/pages/", type="centers.MaterialPage", fields="*", slug="robotics-program"
    )
    [item] = data["items"]
    assert item["abstract"] == material.abstract and item["year"] == material.year
    assert item["material_type"] == material.material_type.name
    assert set(item["subjects"]) == {subject.name for subject in material.subjects.all()} != set()
    assert set(item["levels"]) == {level.name for level in material.levels.all()} != set()
    assert item["center"] == material.center.title
    kinds = {file["type"] for file in item["attachments"]}
    assert kinds == {"PDF", "DOCX"}
    for file in item["attachments"]:
        assert file["url"].startswith(item["meta"]["html_url"].split("/centers/")[0] + "/documents/")
        assert file["size"] > 0 and client.get(file["url"]).status_code == 200
    assert "authors" not in item  # names of people stay on the page


def test_an_event_page_comes_with_dates_place_format_and_seats(client):
    event = make_event(slug="api-seminar", capacity=3)
    client.post(registration_url(event), form(), follow=True)
    data = get_json(client, "/api/v2/pages/", type="centers.EventPage", fields="*", slug="api-seminar")
    [item] = data["items"]
    assert item["format"] == "Семинар" and item["place"] == event.place
    assert datetime.datetime.fromisoformat(item["start"]) == event.start
    assert item["host_center"] == event.host_center.title
    [meeting] = item["meetings"]
    assert meeting["seats_left"] == 2 and meeting["capacity"] == 3 and meeting["registration_open"]
    body = json.dumps(data, ensure_ascii=False)
    assert "ivanova@example.ru" not in body and "Иванова Мария" not in body


def test_events_endpoint_lists_meetings_between_two_dates_soonest_first(client):
    today = timezone.localdate()
    early = make_event(slug="api-early", title="Семинар «Ранний»", days=20)
    late = make_event(slug="api-late", title="Семинар «Поздний»", days=40)
    window = {"from": (today + datetime.timedelta(days=19)).isoformat()}
    window["to"] = (today + datetime.timedelta(days=21)).isoformat()
    titles = [item["event"]["title"] for item in get_json(client, "/api/v2/events/", **window)["items"]]
    assert "Семинар «Ранний»" in titles and "Семинар «Поздний»" not in titles
    everything = get_json(client, "/api/v2/events/", limit=20)
    starts = [item["start"] for item in everything["items"]]
    assert starts == sorted(starts) and everything["meta"]["total_count"] >= 2
    [item] = get_json(client, "/api/v2/events/", **window, center="literacy-lyceum1", event_format="seminar")[
        "items"
    ]
    assert item["event"]["html_url"] == early.get_full_url()  # the Site's address, as the pages' html_url
    assert item["seats"]["seats_left"] is None and item["event"]["format"] == "Семинар"
    assert late.pk not in [
        row["event"]["id"] for row in get_json(client, "/api/v2/events/", **window)["items"]
    ]


def test_events_endpoint_hides_drafts_and_private_events(client):
    from wagtail.models import PageViewRestriction

    secret = make_event(slug="api-secret", title="Семинар «Закрытый»", days=5)
    PageViewRestriction.objects.create(page=secret, restriction_type="password", password="x")
    draft = make_event(slug="api-draft", title="Семинар «Черновик»", days=5)
    draft.unpublish()
    titles = {item["event"]["title"] for item in get_json(client, "/api/v2/events/", limit=20)["items"]}
    assert not titles & {"Семинар «Закрытый»", "Семинар «Черновик»"}


@pytest.mark.parametrize(
    "params, message",
    [
        ({"from": "01.12.2026"}, "ГГГГ-ММ-ДД"),
        ({"to": "2026-13-01"}, "ГГГГ-ММ-ДД"),
        ({"from": "2026-12-10", "to": "2026-12-01"}, "не может быть позже"),
        ({"center": "no-such-center"}, "Нет центра с адресом «no-such-center»"),
        ({"whatever": "1"}, "Неизвестные параметры: whatever"),
    ],
)
def test_bad_filters_get_a_400_with_a_message(client, params, message):
    response = client.get("/api/v2/events/", params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_the_events_endpoint_never_names_a_registrant(client):
    event = make_event(
        slug="api-people", capacity=1, start=local(timezone.localdate() + datetime.timedelta(days=3))
    )
    client.post(registration_url(event), form(), follow=True)
    assert Registration.objects.filter(occurrence__event=event).exists()
    body = client.get("/api/v2/events/", {"limit": 20, "fields": "*"}).content.decode()
    assert "ivanova@example.ru" not in body and "Иванова" not in body and "+7 912" not in body
    assert EventFormat.objects.filter(slug="seminar").exists()


def test_every_time_in_the_api_is_in_the_departments_offset(client, settings):
    event = make_event(slug="api-offset", start=local(timezone.localdate() + datetime.timedelta(days=6), 9))
    [item] = get_json(client, "/api/v2/pages/", type="centers.EventPage", fields="*", slug="api-offset")[
        "items"
    ]
    [meeting] = item["meetings"]
    offset = timezone.localtime(event.start).utcoffset()
    times = [item["start"], item["end"], meeting["start"], meeting["end"]]
    day = timezone.localtime(event.start).date().isoformat()
    times += [
        value
        for row in get_json(client, "/api/v2/events/", **{"from": day, "to": day})["items"]
        for value in (row["start"], row["end"])
    ]
    assert offset != datetime.timedelta(0) and len(times) > 4  # the demo's zone is not UTC: the test can tell
    assert {datetime.datetime.fromisoformat(value).utcoffset() for value in times} == {offset}
    assert datetime.datetime.fromisoformat(meeting["start"]) == event.start


CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@pytest.mark.parametrize(
    "url, params",
    [
        ("/api/v2/events/", {"limit": "abc"}),
        ("/api/v2/events/", {"limit": "-1"}),
        ("/api/v2/events/", {"offset": "x"}),
        ("/api/v2/events/", {"fields": "nonsense"}),
        ("/api/v2/events/", {"fields": "start,,"}),
        ("/api/v2/events/", {"event_format": "no-such-format"}),
        ("/api/v2/events/", {"center": "\x00"}),
        ("/api/v2/events/", {"event_format": "\x00"}),
        ("/api/v2/pages/", {"limit": "1000000"}),
        ("/api/v2/pages/", {"offset": "-5"}),
        ("/api/v2/pages/", {"fields": "online_url"}),
        ("/api/v2/pages/", {"type": "centers.NoSuchPage"}),
        ("/api/v2/pages/", {"order": "nonsense"}),
        ("/api/v2/pages/", {"child_of": "abc"}),
        ("/api/v2/pages/", {"whatever": "1"}),
    ],
)
def test_every_wrong_parameter_is_a_400_in_russian(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    message = response.json()["message"]
    assert CYRILLIC.search(message), message
    for english in ("must be", "unknown", "doesn't", "cannot", "error"):
        assert english not in message.lower()


def test_an_unknown_event_format_is_refused_like_an_unknown_center(client):
    response = client.get("/api/v2/events/", {"event_format": "no-such-format"})
    assert response.status_code == 400 and "no-such-format" in response.json()["message"]
