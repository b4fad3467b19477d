"""The demo's year reports: every active center has figures this academic year, one a published conclusion.

Registrants' organizations in the demo match the registry (events.ORGANIZATIONS); one consultation requester's
«МБОУ «СОШ № 13»» matches none, so the department's review of organization names has an entry.
"""

import datetime

from django.utils import timezone

from centers.models import EventFormat, Organization, ReportConclusion, ReportPage
from centers.reports.numbers import academic_year_of, center_numbers

from .centers import academic_year_start
from .events import at, ensure_event, events_index, seed_registrations

# A meeting already held this year, for an active center whose demo events are all still ahead.
HELD_MEETING = {
    "slug": "seminar-career-games",
    "title": "Семинар «Профориентационные игры в детском саду: из опыта работы»",
    "summary": "Педагоги детского сада № 9 показывают сюжетно-ролевые игры о профессиях для детей 5–7 лет.",
    "registrations": 6,
}
# Schools in the registry that no demo center has reached yet: the department's coverage screen lists them.
UNREACHED_SCHOOLS = [
    ("МБОУ «Средняя общеобразовательная школа № 8»", "СОШ № 8", "г. Нефтеюганск, 6 микрорайон, д. 8"),
    ("МБОУ «Гимназия № 3»", "Гимназия № 3", "г. Нефтеюганск, 10 микрорайон, д. 3"),
]
CONCLUDING_CENTER = "literacy-lyceum1"
CONCLUSION = (
    "План первого полугодия выполнен: проведены практикум и круглый стол по читательской грамотности, "
    "ежемесячно собирается городское сообщество учителей математики. Во втором полугодии центр продолжит "
    "практикумы и подготовит методические рекомендации по заданиям PISA-формата."
)


def held_day(today):
    """Two weeks ago, but not before this academic year began; None on the year's first days."""
    day = max(academic_year_start(today) + datetime.timedelta(days=1), today - datetime.timedelta(days=14))
    return day if day < today else None


def add_held_meeting(center, today):
    """A seminar held this year with registrations and marked attendance, for a center that had none."""
    day = held_day(today)
    if day is None:
        return
    event, created = ensure_event(
        events_index(center),
        HELD_MEETING["slug"],
        title=HELD_MEETING["title"],
        format=EventFormat.objects.get(slug="seminar"),
        start=at(day, 10),
        end=at(day, 12),
        place=f"{center.organization.address}, музыкальный зал",
        summary=HELD_MEETING["summary"],
        capacity=None,
    )
    if created:
        seed_registrations(event, HELD_MEETING["registrations"], offset=40)


def publish_conclusion(center, year):
    page = ReportPage.objects.child_of(center).first()
    if page is None or any(c.academic_year == year for c in page.conclusions.all()):
        return
    page.conclusions = [ReportConclusion(academic_year=year, text=CONCLUSION)]
    page.save_revision().publish()


def build_reports(centers):
    """Give every active center figures for the current academic year, and one of them a published conclusion."""
    for full_name, short_name, address in UNREACHED_SCHOOLS:
        Organization.objects.update_or_create(
            short_name=short_name, defaults={"full_name": full_name, "kind": "school", "address": address}
        )
    today = timezone.localdate()
    year = academic_year_of(today)
    for center in centers:
        if center.term_has_ended:
            continue
        if center_numbers(center, year).attended == 0:
            add_held_meeting(center, today)
        if center.slug == CONCLUDING_CENTER:
            publish_conclusion(center, year)
