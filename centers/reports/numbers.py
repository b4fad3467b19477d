"""The one source of a center's figures for an academic year, read from what the site holds.

The public report, its PDF and XLSX, the coordinator's dashboard and the department's report (per-center rows of
centers.lifecycle.reports) all read `center_numbers`; nothing else counts these things.

Only what has happened counts: a meeting is held once it has ended, and only held meetings give meetings,
participants, schools reached and feedback; the year's meetings still ahead are counted apart as planned. News
count once their date has come. A past year is unaffected; a year not begun has everything planned.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from centers.consultations.models import ConsultationRequest
from centers.content.models import MaterialPage, NewsPage, ProjectPage
from centers.directory.models import CenterPage, EventFormat
from centers.events.feedback import feedback_summary
from centers.events.models import EventOccurrence, EventPage, Registration
from centers.piloting.models import PilotSchool, StageResult
from centers.practices.models import PracticePage
from centers.reports.schools import reached_organizations, registry


def academic_year_of(day):
    """The academic year `day` falls in, named by the year it starts."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_bounds(year):
    """First and last day of the academic year `year`/`year + 1`."""
    return datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)


def year_title(year):
    return f"{year}/{year + 1}"


def local_range(first_day, last_day):
    """Aware datetimes [start, end) covering the days in the site's time zone, for DateTimeField filters."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


def centers_in_year(first_day, last_day):
    """Centers whose term overlaps the year (an open term counts), by title."""
    return (
        CenterPage.objects.filter(Q(term_start__isnull=True) | Q(term_start__lte=last_day))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=first_day))
        .select_related("organization", "direction")
        .order_by("title")
    )


def meetings_of(center, first_day, last_day):
    """Meetings in the year of events the center hosts or co-organizes, cancelled ones left out, held or not."""
    start, end = local_range(first_day, last_day)
    return EventOccurrence.objects.filter(
        Q(event__host_center=center) | Q(event__co_organizers=center),
        start__gte=start,
        start__lt=end,
        is_cancelled=False,
    ).distinct()


def joint_events(center, first_day, last_day):
    """Events held in the year with another center: hosted with accepted co-organizers, or co-organized."""
    start, end = local_range(first_day, last_day)
    joint = EventPage.co_organizers.through.objects.filter(
        Q(eventpage__host_center=center) | Q(centerpage=center)
    )
    return (
        EventOccurrence.objects.filter(
            event_id__in=joint.values("eventpage_id"), start__gte=start, start__lt=end, is_cancelled=False
        )
        .values("event_id")
        .distinct()
        .count()
    )


def answered_consultations(center, first_day, last_day):
    start, end = local_range(first_day, last_day)
    return ConsultationRequest.objects.filter(
        center=center, status=ConsultationRequest.Status.ANSWERED, answered_at__gte=start, answered_at__lt=end
    )


@dataclass
class ProjectStageLine:
    """A piloting project and the stage it had reached by the end of the year (or today)."""

    title: str
    url: str
    technology: str
    stage: str
    stage_start: datetime.date | None
    stage_end: datetime.date | None


@dataclass
class CenterNumbers:
    center: object
    year: int
    first_day: datetime.date
    last_day: datetime.date
    meetings_by_format: list = field(default_factory=list)  # [(EventFormat, count)] in the vocabulary's order
    meetings: int = 0  # held: ended by now
    meetings_planned: int = 0  # in the year, not cancelled, not ended yet
    registered: int = 0
    confirmed: int = 0
    attended: int = 0
    schools_reached: int = 0
    reached_ids: frozenset = frozenset()
    materials: int = 0
    practices: int = 0
    news: int = 0
    consultations_answered: int = 0
    joint_events: int = 0  # events with another center, hosted or co-organized (accepted invitations only)
    projects: list = field(default_factory=list)  # [ProjectStageLine]
    pilot_schools: int = 0
    pilot_results: int = 0
    feedback: tuple | None = None  # (answers, average usefulness 1-5), None when no feedback exists

    @property
    def title(self):
        return year_title(self.year)


def count_meetings(numbers, meetings):
    by_format = dict(
        meetings.order_by()
        .values("event__format")
        .annotate(n=Count("pk", distinct=True))
        .values_list("event__format", "n")
    )
    formats = EventFormat.objects.order_by("sort_order", "name")
    numbers.meetings_by_format = [
        (event_format, by_format.get(event_format.pk, 0)) for event_format in formats
    ]
    numbers.meetings = sum(by_format.values())


def count_participants(numbers, meetings):
    """Registered (not cancelled), confirmed, attended: one aggregate over the year's meetings."""
    Status = Registration.Status
    counts = Registration.objects.filter(occurrence__in=meetings.values("pk")).aggregate(
        registered=Count("pk", filter=~Q(status=Status.CANCELLED)),
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        attended=Count("pk", filter=Q(attended=True)),
    )
    numbers.registered, numbers.confirmed, numbers.attended = (
        counts["registered"],
        counts["confirmed"],
        counts["attended"],
    )


def count_publications(numbers, center, first_day, last_day):
    """Materials and practices first published in the year, news dated in it; live pages only."""
    start, end = local_range(first_day, last_day)
    numbers.materials = (
        MaterialPage.objects.live().filter(center=center, first_published_at__range=(start, end)).count()
    )
    numbers.practices = (
        PracticePage.objects.live()
        .descendant_of(center)
        .filter(first_published_at__range=(start, end))
        .count()
    )
    until = min(last_day, timezone.localdate())
    numbers.news = NewsPage.objects.live().filter(center=center, date__range=(first_day, until)).count()


def project_lines(center, first_day, last_day):
    """Live piloting projects with a stage in the year (or published in it), each with its latest started stage."""
    as_of = min(last_day, max(first_day, timezone.localdate()))
    start, end = local_range(first_day, last_day)
    projects = (
        ProjectPage.objects.live()
        .filter(center=center)
        .filter(
            Q(stages__start_date__lte=last_day, stages__end_date__gte=first_day)
            | Q(stages__start_date__lte=last_day, stages__end_date__isnull=True)
            | Q(first_published_at__range=(start, end))
        )
        .distinct()
        .order_by("title")
        .prefetch_related("stages")
    )
    lines = []
    for project in projects:
        started = [stage for stage in project.stages.all() if stage.start_date <= as_of]
        stage = max(started, key=lambda s: s.start_date, default=None)
        lines.append(
            ProjectStageLine(
                title=project.title,
                url=project.url or "",
                technology=project.technology,
                stage=stage.title if stage else "",
                stage_start=stage.start_date if stage else None,
                stage_end=stage.end_date if stage else None,
            )
        )
    return lines


def count_piloting(numbers, center, first_day, last_day):
    """Pilot schools of the center's projects accepted by the year's end, and their results approved in the year."""
    start, end = local_range(first_day, last_day)
    numbers.pilot_schools = PilotSchool.objects.filter(
        project__center=center, status=PilotSchool.Status.ACCEPTED, decided_at__lt=end
    ).count()
    numbers.pilot_results = StageResult.objects.filter(
        school__project__center=center,
        school__status=PilotSchool.Status.ACCEPTED,
        status=StageResult.Status.APPROVED,
        moderated_at__gte=start,
        moderated_at__lt=end,
    ).count()


def feedback_of(meetings):
    """(answers, average usefulness) of the year's meetings, or None: a year without answers has no feedback row."""
    count, average = feedback_summary(meetings)
    return (count, average) if count else None


def center_numbers(center, year, known_names=None):
    """Every figure of `center`'s report for the academic year `year` (2025 = 1.09.2025-31.08.2026)."""
    first_day, last_day = academic_year_bounds(year)
    numbers = CenterNumbers(center=center, year=year, first_day=first_day, last_day=last_day)
    now = timezone.now()
    in_year = meetings_of(center, first_day, last_day)
    meetings = in_year.filter(end__lte=now)
    numbers.meetings_planned = in_year.filter(end__gt=now).count()
    count_meetings(numbers, meetings)
    count_participants(numbers, meetings)
    answered = answered_consultations(center, first_day, last_day)
    numbers.consultations_answered = answered.count()
    numbers.joint_events = joint_events(center, first_day, last_day)
    reached = reached_organizations(
        meetings, answered, known_names if known_names is not None else registry()
    )
    numbers.reached_ids = frozenset(reached)
    numbers.schools_reached = len(reached)
    count_publications(numbers, center, first_day, last_day)
    numbers.projects = project_lines(center, first_day, last_day)
    count_piloting(numbers, center, first_day, last_day)
    numbers.feedback = feedback_of(meetings)
    return numbers
