"""Building events for the event tests: a published EventPage under a demo center's event index."""

import datetime

from django.utils import timezone

from centers.models import CenterPage, EventFormat, EventIndexPage, EventPage

FORM = {
    "full_name": "Иванова Мария Сергеевна",
    "position": "учитель математики",
    "organization": "СОШ № 2",
    "email": "ivanova@example.ru",
    "phone": "+7 912 000-00-00",
    "consent": "on",
}


def center(slug="literacy-lyceum1"):
    return CenterPage.objects.get(slug=slug)


def local(day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_event(center_slug="literacy-lyceum1", slug="test-event", days=10, hours=2, **fields):
    index = EventIndexPage.objects.child_of(center(center_slug)).get()
    day = timezone.localdate() + datetime.timedelta(days=days)
    fields.setdefault("title", "Семинар «Проверка регистрации»")
    fields.setdefault("format", EventFormat.objects.get(slug="seminar"))
    fields.setdefault("start", local(day, 10))
    fields.setdefault("end", fields["start"] + datetime.timedelta(hours=hours))
    fields.setdefault("place", "г. Нефтеюганск, 9 микрорайон, д. 26")
    co_organizers = fields.pop("co_organizers", [])
    exceptions = fields.pop("exceptions", [])
    event = EventPage(slug=slug, **fields)
    if exceptions:
        from centers.models import EventException

        event.exceptions = [EventException(date=day) for day in exceptions]
    index.add_child(instance=event)
    if co_organizers:
        event.co_organizers.set(co_organizers)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def form(**changes):
    data = dict(FORM, **changes)
    return {key: value for key, value in data.items() if value is not None}


def registration_url(event):
    """Where the event page's «Зарегистрироваться» link leads: the form on its own page."""
    return event.url + "register/"
