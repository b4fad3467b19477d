"""The city's plan of one academic year: every center's plan items and meetings by month, clashes and gaps.

A bounded number of queries whatever the number of centers, items and meetings: the centers, the levels and the
subjects; the items with their levels and subjects; the meetings with theirs; the accepted co-organizers.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS

from centers.cityplan.clashes import clashes, meeting_slots, public_meetings
from centers.common.kept import kept_public_q
from centers.directory.models import CenterPage, EducationLevel, Subject
from centers.events.models import EventPage
from centers.plans import academic_year
from centers.plans.models import PlanItem, PlanPage

TEACHERS, LEADERS, BOTH = PlanItem.Audience.TEACHERS, PlanItem.Audience.LEADERS, PlanItem.Audience.BOTH
# Months a gap is not worth a line: the summer holidays, when no center is expected to hold anything.
QUIET_MONTHS = frozenset(getattr(settings, "CENTERS_CITY_PLAN_QUIET_MONTHS", (7,)))


@dataclass(eq=False)
class Entry:
    """One line of the plan: a plan item or a meeting, with whose it is and for whom."""

    title: str
    page: object  # what the title links to: the event, or the center's plan
    center: object
    month: int | None  # None: throughout the year
    day: datetime.date | None
    when: str
    audience: str  # teachers, leaders or both
    levels: frozenset
    subjects: frozenset
    is_meeting: bool = False
    anchor: str = ""
    centers: frozenset = frozenset()  # the host and the accepted co-organizers (for the center filter)
    clashes_with: list = field(default_factory=list)  # [Entry] of other centers' meetings


def local_bounds(year):
    zone = timezone.get_current_timezone()
    first, last = academic_year.first_day(year), academic_year.last_day(year)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), zone)
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min), zone
    )
    return start, end


def item_entries(year):
    """The year's items of the live public plans (three queries)."""
    items = (
        PlanItem.objects.filter(
            academic_year=year, page__in=PlanPage.objects.live().filter(kept_public_q()).values("pk")
        )
        .select_related("page", "page__center")
        .prefetch_related("levels", "subjects")
        .order_by("page__center__title", "sort_order", "pk")
    )
    entries = []
    for item in items:
        center = item.page.center
        entries.append(
            Entry(
                title=item.title,
                page=item.page,
                center=center,
                month=item.month_number,
                day=item.start_date,
                when=item.when,
                audience=item.audience,
                levels=frozenset(level.pk for level in item.levels.all()),
                subjects=frozenset(subject.pk for subject in item.subjects.all()),
                anchor=f"plan-item-{item.pk}",
                centers=frozenset([center.pk]) if center else frozenset(),
            )
        )
    return entries


def meeting_entries(year):
    """The year's meetings of live public events, each with the other centers' meetings it clashes with."""
    start, end = local_bounds(year)
    meetings = public_meetings(start, end)
    slots = meeting_slots(meetings)
    co_organizers = {}
    for event_id, center_id in EventPage.co_organizers.through.objects.filter(
        eventpage__in=meetings.values("event_id")
    ).values_list("eventpage_id", "centerpage_id"):
        co_organizers.setdefault(event_id, set()).add(center_id)
    entries = {}
    for slot in slots:
        local = timezone.localtime(slot.start)
        plan_item = slot.event.plan_item
        entries[slot] = Entry(
            title=slot.event.title,
            page=slot.event,
            center=slot.event.host_center,
            month=local.month,
            day=local.date(),
            when=f"{local:%d.%m.%Y %H:%M}–{timezone.localtime(slot.end):%H:%M}",
            audience=plan_item.audience if plan_item else BOTH,
            levels=slot.levels,
            subjects=slot.subjects,
            is_meeting=True,
            anchor=f"meeting-{slot.meeting.pk}",
            centers=frozenset({slot.center_id, *co_organizers.get(slot.event.pk, ())}),
        )
    for first, second in clashes(slots):
        entries[first].clashes_with.append(entries[second])
        entries[second].clashes_with.append(entries[first])
    return list(entries.values())


def matches(entry, chosen):
    """Whether the filter shows the entry; an entry naming no level (subject) is for every level (subject)."""
    level, subject, audience, center = (chosen.get(key) for key in ("level", "subject", "audience", "center"))
    if level and entry.levels and level.pk not in entry.levels:
        return False
    if subject and entry.subjects and subject.pk not in entry.subjects:
        return False
    if audience and entry.audience not in (audience, BOTH):
        return False
    return not center or center.pk in entry.centers


def covers(entry, kind, pk):
    """Whether an entry fills a month for a level or subject: only by naming it (work «for every teacher» does
    not make up for a month without anything for physics teachers)."""
    return pk in (entry.levels if kind == "level" else entry.subjects)


def gaps_by_month(entries, levels, subjects, chosen):
    """{month: [level or subject]}: those some center serves in the year that no dated entry of the month reaches."""
    served = {
        "level": [level for level in levels if any(level.pk in entry.levels for entry in entries)],
        "subject": [
            subject for subject in subjects if any(subject.pk in entry.subjects for entry in entries)
        ],
    }
    if chosen.get("level"):
        served = {"level": [level for level in served["level"] if level == chosen["level"]], "subject": []}
    if chosen.get("subject"):
        served = {
            "level": [] if not chosen.get("level") else served["level"],
            "subject": [subject for subject in served["subject"] if subject == chosen["subject"]],
        }
    gaps = {}
    for month in academic_year.MONTHS_IN_ORDER:
        if month in QUIET_MONTHS:
            continue
        held = [entry for entry in entries if entry.month == month]
        missing = [
            reference
            for kind, references in served.items()
            for reference in references
            if not any(covers(entry, kind, reference.pk) for entry in held)
        ]
        if missing:
            gaps[month] = missing
    return gaps


@dataclass
class Month:
    number: int
    heading: str
    entries: list
    gaps: list

    @property
    def meetings(self):
        return sum(1 for entry in self.entries if entry.is_meeting)

    @property
    def items(self):
        return sum(1 for entry in self.entries if not entry.is_meeting)

    @property
    def clashes(self):
        return sum(1 for entry in self.entries if entry.clashes_with)


@dataclass
class CityPlan:
    months: list  # [Month] from September to August
    throughout: list  # [Entry] of work throughout the year

    @property
    def clash_count(self):
        return sum(month.clashes for month in self.months)

    @property
    def gap_count(self):
        return sum(len(month.gaps) for month in self.months)

    def month(self, number):
        return next((month for month in self.months if month.number == number), None)


def city_plan(year, chosen, levels, subjects):
    """The academic year's plan under the chosen filters; gaps are the city's, whatever center is chosen."""
    entries = item_entries(year) + meeting_entries(year)
    gaps = gaps_by_month(entries, levels, subjects, chosen)
    names = {("level", level.pk): level.name for level in levels}
    names.update({("subject", subject.pk): subject.name for subject in subjects})
    shown = [entry for entry in entries if matches(entry, chosen)]
    for entry in shown:
        entry.level_names = [names[("level", pk)] for pk in sorted(entry.levels) if ("level", pk) in names]
        entry.subject_names = [
            names[("subject", pk)] for pk in sorted(entry.subjects) if ("subject", pk) in names
        ]
    months = []
    for month in academic_year.MONTHS_IN_ORDER:
        listed = sorted(
            (entry for entry in shown if entry.month == month),
            key=lambda entry: (entry.day or datetime.date.min, not entry.is_meeting, entry.title),
        )
        heading = f"{MONTHS[month]} {academic_year.calendar_year_of_month(year, month)}".capitalize()
        months.append(Month(month, heading, listed, gaps.get(month, [])))
    return CityPlan(months, [entry for entry in shown if entry.month is None])


def filter_choices():
    """The live centers, the levels and the subjects the plan filters by."""
    centers = list(CenterPage.objects.live().order_by("title").only("pk", "title", "slug"))
    return centers, list(EducationLevel.objects.all()), list(Subject.objects.all())
