"""Pages and subscriptions for the subscription tests: a subject of their own keeps the demo's pages out."""

import io
import re

from django.core.management import call_command
from django.utils import timezone

from centers.models import (
    CenterPage,
    MaterialAuthor,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    Subject,
    Subscription,
)

from .events_helpers import make_event

FORM = {
    "email": "smirnova@example.ru",
    "kinds": ["materials", "events"],
    "consent": "on",
}


def own_subject():
    return Subject.objects.get_or_create(slug="astronomy-digest", defaults={"name": "Астрономия (проверка)"})[
        0
    ]


def add_material(title, slug, subjects=(), center_slug="stem-poisk", publish=True):
    index = MaterialIndexPage.objects.child_of(CenterPage.objects.get(slug=center_slug)).get()
    page = MaterialPage(
        title=title,
        slug=slug,
        abstract=f"Аннотация: {title}",
        material_type=MaterialType.objects.first(),
        year=2026,
        live=False,
    )
    page.subjects = list(subjects)
    page.authors = [MaterialAuthor(name="Петрова Анна Ивановна", position="учитель")]
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_event(title, slug, subjects=(), days=10):
    event = make_event(slug=slug, title=title, days=days)
    event.subjects.set(subjects)
    event.save_revision().publish()
    return event


def confirmed_subscription(email="reader@example.ru", **choices):
    subscription = Subscription.objects.create(
        email=email,
        status=Subscription.Status.CONFIRMED,
        confirmed_at=timezone.now(),
        wants_materials=choices.pop("wants_materials", True),
        wants_events=choices.pop("wants_events", True),
    )
    for name, values in choices.items():
        getattr(subscription, name).set(values)
    return subscription


def send_digests():
    output = io.StringIO()
    call_command("send_digests", stdout=output)
    return output.getvalue()


def link_in(message, path):
    return re.search(rf"https?://[^/\s]+({path}[^/\s]+/)", message.body).group(1)
