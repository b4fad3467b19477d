"""The report's figures as labelled lines, the same for the page, the PDF, the XLSX and the dashboard."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def figure_lines(numbers):
    """[(label, value)] of the year's figures, in the order the report shows them; no personal data."""
    lines = [(_("Meetings held"), numbers.meetings)]
    lines += [
        (f"— {event_format.name}", count) for event_format, count in numbers.meetings_by_format if count
    ]
    if numbers.meetings_planned:
        lines.append((_("Meetings planned (not held yet)"), numbers.meetings_planned))
    lines += [
        (_("Joint events with other centers"), numbers.joint_events),
        (_("Participants registered"), numbers.registered),
        (_("Participants confirmed"), numbers.confirmed),
        (_("Participants attended"), numbers.attended),
        (_("Distinct schools reached"), numbers.schools_reached),
        (_("Materials published"), numbers.materials),
        (_("Practices published"), numbers.practices),
        (_("News published"), numbers.news),
        (_("Consultations answered"), numbers.consultations_answered),
        (_("Piloting projects"), len(numbers.projects)),
        (_("Pilot schools"), numbers.pilot_schools),
        (_("Stage results of pilot schools approved"), numbers.pilot_results),
    ]
    if numbers.feedback:
        answers, average = numbers.feedback
        lines.append(
            (
                _("Usefulness of meetings, average of %(answers)s answers (1-5)") % {"answers": answers},
                one_decimal(average),
            )
        )
    return lines


def one_decimal(number):
    """A number rounded to tenths, kept a number: the page localizes it («4,7»), the XLSX types it."""
    return Decimal(str(number)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def stage_text(project):
    """«Stage (01.09.2025 — 31.12.2025)», or «no stage yet»."""
    if not project.stage:
        return _("no stage started yet")
    dates = date_format(project.stage_start, "d.m.Y")
    if project.stage_end:
        dates += " — " + date_format(project.stage_end, "d.m.Y")
    return f"{project.stage} ({dates})"


def fulfilling_entry(entry):
    """(title, url, day) of a page that fulfilled a plan item (the plans capability's Fulfilment: page and date)."""
    page, day = entry.page, entry.date
    day = (
        day
        or getattr(page, "date", None)
        or getattr(page, "start", None)
        or getattr(page, "first_published_at", None)
    )
    return getattr(page, "title", str(page)), getattr(page, "url", "") or "", day


def plan_entries(rows):
    """[(plan item, [(title, url, day)])]: the plans capability's rows in the shape the page shows."""
    return [(item, [fulfilling_entry(entry) for entry in pages]) for item, pages in rows]


def plan_lines(rows):
    """[(item text, fulfilment text)] for the PDF and XLSX: linked pages with dates, «запланировано» while the
    item's period is not over, «не выполнено» after it."""
    lines = []
    for item, entries in plan_entries(rows):
        if entries:
            done = "; ".join(entry_text(*entry) for entry in entries)
        else:
            done = _("planned") if getattr(item, "planned", False) else _("not fulfilled")
        lines.append((str(item), done))
    return lines


def entry_text(title, url, day):
    return f"{title} ({date_format(day, 'd.m.Y')})" if day else title
