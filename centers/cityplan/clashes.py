"""Clashes: two centers' meetings at overlapping times for an overlapping audience.

The one computation the city's plan (/plan/), the event editor and the coordinators' dashboard use. An audience is
an event's levels and subjects; an event that names no level (or no subject) is for every level (subject), so it
overlaps any other on that side. Meetings of one center never clash with each other: the center plans them itself.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from centers.common.kept import kept_public_q
from centers.events.models import EventOccurrence, EventPage

# What a clash line shows of a meeting: its time, its event's title and address, the host center's title and address.
SLOT_COLUMNS = (
    *("start", "end", "event__title", "event__url_path", "event__slug", "event__depth", "event__path"),
    *("event__host_center__title", "event__host_center__url_path", "event__host_center__slug"),
    *("event__host_center__depth", "event__host_center__path", "event__plan_item__audience"),
)


@dataclass(frozen=True, eq=False)
class Slot:
    """One meeting as clashes see it: when, whose, for whom. `meeting` is None for one not saved yet (the editor)."""

    event: object
    start: datetime.datetime
    end: datetime.datetime
    levels: frozenset
    subjects: frozenset
    meeting: object = None

    @property
    def center(self):
        return self.event.host_center

    @property
    def center_id(self):
        return self.event.host_center_id


def audiences_overlap(first, second):
    """Both reach someone in common: a shared level (or one names none) and a shared subject (or one names none)."""
    return (not first.levels or not second.levels or bool(first.levels & second.levels)) and (
        not first.subjects or not second.subjects or bool(first.subjects & second.subjects)
    )


def clash(first, second):
    return (
        first.center_id != second.center_id
        and first.start < second.end
        and second.start < first.end
        and audiences_overlap(first, second)
    )


def clashes(slots, against=None):
    """[(a, b)]: pairs that clash, each once; with `against`, a from `slots` and b from `against` only.

    A sweep by start time: each slot is compared with those still running when it starts, so a year of meetings
    costs its sorting and the clashes found, not every pair.
    """
    tagged = [(slot, 0) for slot in slots] + [(slot, 1) for slot in against or ()]
    tagged.sort(key=lambda pair: (pair[0].start, pair[0].end))
    running, found = [], []
    for slot, side in tagged:
        running = [(other, other_side) for other, other_side in running if other.end > slot.start]
        for other, other_side in running:
            if against is not None and side == other_side:
                continue
            if clash(other, slot):
                found.append((other, slot) if against is None or other_side == 0 else (slot, other))
        running.append((slot, side))
    return found


def public_meetings(start, end):
    """Meetings of live public events, not cancelled, overlapping [start, end)."""
    return EventOccurrence.objects.filter(
        is_cancelled=False,
        start__lt=end,
        end__gt=start,
        event__in=EventPage.objects.live().filter(kept_public_q()).values("pk"),
    )


def audiences_of(events):
    """({event id: levels}, {event id: subjects}) of the events of a queryset: two queries whatever their number."""
    levels, subjects = {}, {}
    for event_id, level_id in EventPage.levels.through.objects.filter(eventpage__in=events).values_list(
        "eventpage_id", "educationlevel_id"
    ):
        levels.setdefault(event_id, set()).add(level_id)
    for event_id, subject_id in EventPage.subjects.through.objects.filter(eventpage__in=events).values_list(
        "eventpage_id", "subject_id"
    ):
        subjects.setdefault(event_id, set()).add(subject_id)
    return levels, subjects


def meeting_slots(meetings):
    """Slots of an EventOccurrence queryset, soonest first: three queries whatever their number."""
    rows = list(
        meetings.select_related("event", "event__host_center", "event__plan_item")
        .only(*SLOT_COLUMNS)
        .order_by("start", "pk")
    )
    levels, subjects = audiences_of(meetings.values("event_id"))
    return [
        Slot(
            event=row.event,
            start=row.start,
            end=row.end,
            levels=frozenset(levels.get(row.event_id, ())),
            subjects=frozenset(subjects.get(row.event_id, ())),
            meeting=row,
        )
        for row in rows
    ]


def planned_slots(event, levels, subjects):
    """The meetings an event's editor describes (saved or not): its dates as the repetition makes them."""
    if not (event.start and event.end) or event.end <= event.start:
        return []
    duration = event.end - event.start
    return [
        Slot(
            event=event,
            start=start,
            end=start + duration,
            levels=frozenset(levels),
            subjects=frozenset(subjects),
        )
        for start in event.occurrence_starts()
    ]


def clashes_of_event(event, levels, subjects):
    """[(planned slot, other center's meeting slot)] for an event as its editor has it, against live events."""
    planned = planned_slots(event, levels, subjects)
    if not planned:
        return []
    others = public_meetings(min(s.start for s in planned), max(s.end for s in planned))
    if event.pk:
        others = others.exclude(event_id=event.pk)
    if event.host_center_id:
        others = others.exclude(event__host_center_id=event.host_center_id)
    return clashes(planned, meeting_slots(others))


# The centers' own meetings are looked for in at most this many spans of time, one condition each (SQLite parses a
# long OR as deep as it is long, and refuses 1,000); a center with more meetings a year has them grouped.
OWN_SPANS = 400


def spans(times, most=OWN_SPANS):
    """At most `most` [start, end) spans that cover every (start, end) of `times`: overlapping times merged, then
    neighbours grouped. They may cover more than the times (gaps inside a group): a filter, not the answer."""
    merged = []
    for start, end in sorted(times):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    size = -(-len(merged) // most) or 1
    groups = [merged[index : index + size] for index in range(0, len(merged), size)]
    return [(group[0][0], max(end for _start, end in group)) for group in groups]


def clashes_of_centers(center_ids, start, end):
    """[(own slot, other slot)] of the centers' meetings in [start, end) that clash with other centers' meetings.

    Only meetings in the spans of time of the centers' own are read, not the whole city's year: their times first,
    then the meetings in their spans (a correlated semi-join per meeting of the city took seconds at 10,000 events).
    """
    meetings = public_meetings(start, end)
    own_times = meetings.filter(event__host_center_id__in=center_ids).values_list("start", "end")
    in_own_spans = Q()
    for first, last in spans(own_times):
        in_own_spans |= Q(start__lt=last, end__gt=first)
    if not in_own_spans:
        return []
    slots = meeting_slots(meetings.filter(Q(event__host_center_id__in=center_ids) | in_own_spans))
    mine = [slot for slot in slots if slot.center_id in center_ids]
    others = [slot for slot in slots if slot.center_id not in center_ids]
    return clashes(mine, others)
