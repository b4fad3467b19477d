"""Shared by the city plan's tests: two centers' events at one hour for one audience, and their coordinators."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from centers.models import EducationLevel, Subject
from centers.plans import academic_year

from .events_helpers import center, local, make_event


def coordinator(center_slug):
    """The demo's coordinator of a center (its account's last name is the center's slug)."""
    return get_user_model().objects.get(username__startswith="coordinator", last_name=center_slug)


def clashing_pair(days=45, hour=10):
    """A seminar of the literacy center and one of the STEM center an hour later, both for 5–9 grades."""
    basic = EducationLevel.objects.get(slug="basic")
    day = timezone.localdate() + datetime.timedelta(days=days)
    first = make_event(
        "literacy-lyceum1", slug="clash-first", title="Семинар «Смысловое чтение»", start=local(day, hour)
    )
    second = make_event(
        "stem-poisk",
        slug="clash-second",
        title="Семинар «Инженерные задачи»",
        start=local(day, hour + 1),
        end=local(day, hour + 3),
    )
    for event in (first, second):
        event.levels.set([basic])
        event.save_revision().publish()
    return first, second


def plan_url(event, **params):
    """/plan/ at the month of the event's start."""
    day = timezone.localdate(event.start)
    query = {"year": academic_year.academic_year_of(day), "month": day.month, **params}
    return "/plan/?" + "&".join(f"{key}={value}" for key, value in query.items())


def new_subject(name="Астрономия", slug="astronomy"):
    return Subject.objects.create(name=name, slug=slug, sort_order=99)


__all__ = ["center", "clashing_pair", "coordinator", "new_subject", "plan_url"]
