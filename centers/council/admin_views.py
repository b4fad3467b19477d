"""The council's admin screens for the department: meetings, their agenda, decisions and the protocol."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from centers.council.forms import AgendaForm, DecisionForm, MeetingForm
from centers.council.meetings import agenda_candidates, has_quorum, put_on_agenda, quorum, record_decision
from centers.council.models import CouncilDecision, CouncilMeeting
from centers.council.protocol import store_protocol
from centers.lifecycle.applications import LifecycleError
from centers.lifecycle.reviews import is_decider


def require_decider(request):
    if not is_decider(request.user):
        raise PermissionDenied


def meeting_list(request):
    require_decider(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("The meeting has been created; put applications on its agenda."))
        return redirect("centers_council:meeting_detail", pk=meeting.pk)
    meetings = CouncilMeeting.objects.prefetch_related("members_present", "agenda")
    return TemplateResponse(
        request,
        "centers/council/meeting_list.html",
        {"meetings": meetings, "form": form, "quorum": quorum()},
        status=400 if form.errors else 200,
    )


def meeting_detail(request, pk):
    require_decider(request)
    meeting = get_object_or_404(CouncilMeeting, pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The meeting has been saved."))
        return redirect("centers_council:meeting_detail", pk=pk)
    items = meeting.agenda.select_related("application__organization", "application__direction")
    return TemplateResponse(
        request,
        "centers/council/meeting_detail.html",
        {
            "meeting": meeting,
            "form": form,
            "items": [
                (item, DecisionForm(initial=decision_initial(item), prefix=f"item{item.pk}"))
                for item in items
            ],
            "agenda_form": AgendaForm(candidates=agenda_candidates(meeting)),
            "quorum": quorum(),
            "has_quorum": has_quorum(meeting),
            "present": meeting.members_present.count(),
        },
    )


def decision_initial(item):
    if not item.outcome:
        return {"votes_for": 0, "votes_against": 0, "votes_abstained": 0}
    return {
        "outcome": item.outcome,
        "votes_for": item.votes_for,
        "votes_against": item.votes_against,
        "votes_abstained": item.votes_abstained,
    }


def meeting_agenda(request, pk):
    require_decider(request)
    meeting = get_object_or_404(CouncilMeeting, pk=pk)
    form = AgendaForm(request.POST or None, candidates=agenda_candidates(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            put_on_agenda(meeting, form.cleaned_data["application"])
        except LifecycleError as error:
            messages.error(request, str(error))
    elif request.method == "POST":
        messages.error(request, _("Choose an application submitted or under review."))
    return redirect("centers_council:meeting_detail", pk=pk)


def meeting_decision(request, pk, item_pk):
    require_decider(request)
    item = get_object_or_404(CouncilDecision.objects.select_related("meeting"), pk=item_pk, meeting_id=pk)
    if request.method != "POST":
        return redirect("centers_council:meeting_detail", pk=pk)
    form = DecisionForm(request.POST, prefix=f"item{item.pk}")
    if not form.is_valid():
        messages.error(request, _("The decision was not recorded: choose it and give the votes."))
        return redirect("centers_council:meeting_detail", pk=pk)
    try:
        record_decision(item, user=request.user, **form.cleaned_data)
    except LifecycleError as error:
        messages.error(request, str(error))
        return TemplateResponse(
            request,
            "centers/council/decision_refused.html",
            {"meeting": item.meeting, "error": error},
            status=409,
        )
    messages.success(
        request,
        _("The decision on %(reference)s has been recorded.") % {"reference": item.application.reference},
    )
    return redirect("centers_council:meeting_detail", pk=pk)


def meeting_protocol(request, pk):
    """POST generates (again) the protocol from the meeting as it stands; GET downloads the stored one."""
    require_decider(request)
    meeting = get_object_or_404(CouncilMeeting, pk=pk)
    if request.method == "POST":
        store_protocol(meeting)
        messages.success(request, _("The protocol has been generated."))
        return redirect("centers_council:meeting_detail", pk=pk)
    if not meeting.protocol:
        raise Http404
    return FileResponse(
        meeting.protocol.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"protokol-{meeting.number}.pdf",
    )
