"""Admin views for the organizers: an event's participants, their export (CSV, XLSX), attendance marking.

admin_urls puts them behind forbidden_is_403, which answers AccessDenied with its message as a plain 403.
"""

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from centers.common.admin_access import AccessDenied
from centers.common.spreadsheets import append_text_row, csv_text
from centers.events.feedback import feedback_overview
from centers.events.models.events import EventPage
from centers.events.models.registrations import Registration

COLUMNS = [
    gettext_lazy("No."),
    gettext_lazy("Surname, name and patronymic"),
    gettext_lazy("Position"),
    gettext_lazy("Organization"),
    gettext_lazy("E-mail"),
    gettext_lazy("Phone"),
    gettext_lazy("Status"),
    gettext_lazy("Place on the waiting list"),
    gettext_lazy("Registered at"),
    gettext_lazy("Attended"),
]


def can_manage_participants(user, event):
    """Moderators and whoever may edit the event or a co-organizing center's page; nobody else."""
    if not user.is_authenticated:
        return False
    if event.permissions_for_user(user).can_edit():
        return True
    return any(center.permissions_for_user(user).can_edit() for center in event.co_organizers.all())


def managed_event(request, page_id):
    """The event if this user organizes it; anyone else gets a 403 that says who sees the participants."""
    event = get_object_or_404(EventPage, pk=page_id)
    if not can_manage_participants(request.user, event):
        raise AccessDenied(
            _("Only the coordinators of the event's centers and moderators see its participants.")
        )
    return event


def chosen_occurrence(event, request):
    occurrences = list(event.occurrences.all())
    wanted = request.GET.get("occurrence") or request.POST.get("occurrence")
    chosen = next((o for o in occurrences if str(o.pk) == wanted), None)
    if chosen is None:
        now = timezone.now()
        chosen = next((o for o in occurrences if o.end >= now), occurrences[-1] if occurrences else None)
    return occurrences, chosen


def registrations_of(occurrence):
    if occurrence is None:
        return Registration.objects.none()
    return Registration.objects.filter(occurrence=occurrence).order_by(
        "status", "waitlist_position", "created_at"
    )


def attended_label(registration):
    if registration.attended is None:
        return ""
    return _("yes") if registration.attended else _("no")


def rows(registrations):
    places = {}
    for registration in registrations:
        if registration.status == Registration.Status.WAITLISTED:
            places[registration.pk] = len(places) + 1
    for number, registration in enumerate(registrations, start=1):
        yield [
            number,
            registration.full_name,
            registration.position,
            registration.organization,
            registration.email,
            registration.phone,
            registration.get_status_display(),
            places.get(registration.pk, ""),
            registration.created_at,
            attended_label(registration),
        ]


def participants_view(request, page_id):
    event = managed_event(request, page_id)
    occurrences, occurrence = chosen_occurrence(event, request)
    registrations = list(registrations_of(occurrence))
    if request.method == "POST" and occurrence is not None:
        present = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
        for registration in registrations:
            if registration.status != Registration.Status.CONFIRMED:
                continue
            value = registration.pk in present
            if registration.attended != value:
                registration.attended = value
                registration.save(update_fields=["attended"])
        messages.success(request, _("Attendance saved."))
        return redirect(
            f"{reverse('centers_events:participants', args=[event.pk])}?occurrence={occurrence.pk}"
        )
    return TemplateResponse(
        request,
        "centers/events/participants.html",
        {
            "event": event,
            "occurrences": occurrences,
            "occurrence": occurrence,
            "registrations": registrations,
            "confirmed": sum(r.status == Registration.Status.CONFIRMED for r in registrations),
            "waiting": sum(r.status == Registration.Status.WAITLISTED for r in registrations),
            "attended": sum(bool(r.attended) for r in registrations),
            "feedback": feedback_overview(occurrence) if occurrence is not None else None,
        },
    )


def export_filename(event, occurrence, extension):
    day = timezone.localtime(occurrence.start).strftime("%Y-%m-%d") if occurrence else "all"
    return f"participants-{event.pk}-{day}.{extension}"


def export_csv_view(request, page_id):
    event = managed_event(request, page_id)
    _occurrences, occurrence = chosen_occurrence(event, request)
    table = [[str(column) for column in COLUMNS], *rows(list(registrations_of(occurrence)))]
    response = HttpResponse(csv_text(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(event, occurrence, "csv")}"'
    return response


def export_xlsx_view(request, page_id):
    event = managed_event(request, page_id)
    _occurrences, occurrence = chosen_occurrence(event, request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    append_text_row(sheet, [event.title])
    if occurrence is not None:
        append_text_row(sheet, [occurrence.start])
    append_text_row(sheet, COLUMNS)
    for row in rows(list(registrations_of(occurrence))):
        append_text_row(sheet, row)
    for number, width in enumerate([5, 36, 28, 28, 30, 18, 18, 12, 17, 10], start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    body = io.BytesIO()
    workbook.save(body)
    response = HttpResponse(
        body.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(event, occurrence, "xlsx")}"'
    return response
