"""The pilot schools' public pages under a project: the request form (<project>/pilot/), the form of a school's
stage result opened by its own link (<project>/pilot/result/<token>/) and an approved result's file."""

import mimetypes

from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from centers.common.form_pages import form_page_context, form_page_response, never_cached
from centers.common.page_cache import path_pattern, purge_cached_urls
from centers.common.rate_limit import client_ip, submission_limit_reached, take_submission_slot
from centers.content.models import ProjectPage
from centers.piloting import letters
from centers.piloting.forms import PilotRequestForm, StageResultForm
from centers.piloting.models import PilotSchool, StageResult
from centers.privacy.consent import record_consents
from centers.privacy.models import ConsentRecord
from centers.privacy.person_links import LinkRefused, PersonLink, open_link

REQUEST_SCOPE = "pilot_request"
RESULT_SCOPE = "pilot_result"


def refused(request, project):
    return TemplateResponse(request, "centers/common/submission_refused.html", {"page": project}, status=429)


def purge_project_page(project):
    """The project page lists pilot schools and results: it leaves the page cache once the change is committed."""
    path = project.url
    if path:
        transaction.on_commit(lambda: purge_cached_urls([path_pattern(path)]))


@transaction.atomic
def receive_pilot_request(project, form, request):
    school = form.save(commit=False)
    school.project = project
    school.save()
    record_consents(
        [ConsentRecord.Kind.PERSONAL_DATA],
        email=school.email,
        subject=school,
        ip_address=client_ip(request),
        name=school.contact_name,
    )
    letters.request_received(school)
    return school


def pilot_request_view(request, project):
    """<project>/pilot/: «Стать пилотной площадкой» (never cached: it carries the CSRF token)."""
    status = 200
    if request.method == "POST":
        if submission_limit_reached(REQUEST_SCOPE, request, request.POST.get("email")):
            return refused(request, project)
        form = PilotRequestForm(request.POST, project=project)
        if form.is_valid():
            if not take_submission_slot(REQUEST_SCOPE, request, form.cleaned_data["email"]):
                return refused(request, project)
            try:
                receive_pilot_request(project, form, request)
            except IntegrityError:  # the same organization, sent twice at once
                form.add_error(
                    "organization", gettext("This organization has already asked to pilot this project.")
                )
            else:
                return redirect(project.url + project.reverse_subpage("pilot_sent"))
        status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    else:
        form = PilotRequestForm(project=project)
    return form_page_response(
        request,
        project,
        "centers/piloting/pilot_request.html",
        gettext("Become a pilot school"),
        status=status,
        form=form,
    )


def pilot_sent_view(request, project):
    context = form_page_context(project, gettext("The request has been sent"))
    return TemplateResponse(request, "centers/piloting/pilot_sent.html", context)


def accepted_school(project, pk):
    school = PilotSchool.objects.filter(pk=pk, project=project, status=PilotSchool.Status.ACCEPTED)
    found = school.select_related("organization", "project").first() if pk else None
    if found is None:
        raise Http404(gettext("This link is not valid: ask the center for a new one."))
    return found


def school_of_link(project, token):
    """The accepted school the link was made for, of this project; 404 for any other link. LinkRefused for an
    expired link, and for a valid one of the earlier kind («outdated», with the school it names)."""
    legacy = letters.legacy_school_id(token)
    if legacy is not None:
        refusal = LinkRefused("outdated")
        refusal.school = accepted_school(project, legacy)
        raise refusal
    try:
        link = open_link(token, PersonLink.Purpose.PILOT_RESULT)
    except LinkRefused as refusal:
        if refusal.reason != "expired":
            raise Http404(gettext("This link is not valid: ask the center for a new one.")) from refusal
        raise
    return accepted_school(project, link.object_id)


def link_refused(request, project, refusal):
    """410 for an expired or outdated link; an outdated one offers a button that mails the school a new link."""
    sent = refusal.reason == "outdated" and request.method == "POST"
    if sent:
        letters.send_new_result_link(refusal.school, request)
    return form_page_response(
        request,
        project,
        "centers/piloting/pilot_link_refused.html",
        gettext("Results of the pilot school"),
        status=200 if sent else 410,
        reason=refusal.reason,
        sent=sent,
    )


@transaction.atomic
def store_result(school, form):
    """One result per school and stage: sending again before approval replaces the earlier text (and file)."""
    stage = form.cleaned_data["stage"]
    result = StageResult.objects.select_for_update().filter(school=school, stage=stage).first()
    if result is None:
        result = StageResult(school=school, stage=stage)
    elif result.file and form.cleaned_data.get("file"):
        result.file.delete(save=False)
    result.summary = form.cleaned_data["summary"]
    if form.cleaned_data.get("file"):
        result.file = form.cleaned_data["file"]
    result.status = StageResult.Status.PENDING
    result.moderated_at = result.moderated_by = None
    result.save()
    letters.result_received(result)
    return result


def pilot_result_view(request, project, token):
    """The school's own page: its results so far and the form for a stage's result."""
    try:
        school = school_of_link(project, token)
    except LinkRefused as refusal:
        return link_refused(request, project, refusal)
    status, sent = 200, request.GET.get("sent") == "1"
    if request.method == "POST":
        if submission_limit_reached(RESULT_SCOPE, request):
            return refused(request, project)
        form = StageResultForm(request.POST, request.FILES, school=school)
        if form.is_valid():
            if not take_submission_slot(RESULT_SCOPE, request):
                return refused(request, project)
            store_result(school, form)
            return redirect(request.path + "?sent=1")
        status = 400
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    else:
        form = StageResultForm(school=school)
    results = school.results.select_related("stage").order_by("stage__sort_order")
    return form_page_response(
        request,
        project,
        "centers/piloting/pilot_result.html",
        gettext("Results of the pilot school"),
        status=status,
        form=form,
        school=school,
        results=results,
        sent=sent,
    )


def result_file_view(request, project, pk):
    """An approved result's file; anything else (pending, returned, of another project) is not found."""
    result = (
        StageResult.objects.filter(
            pk=pk,
            status=StageResult.Status.APPROVED,
            school__project=project,
            school__status=PilotSchool.Status.ACCEPTED,
        )
        .exclude(file="")
        .first()
    )
    if result is None:
        raise Http404(gettext("No such file."))
    content_type = mimetypes.guess_type(result.file_name)[0] or "application/octet-stream"
    response = FileResponse(result.file.open("rb"), as_attachment=True, filename=result.file_name)
    response["Content-Type"] = content_type
    response["X-Content-Type-Options"] = "nosniff"
    return never_cached(response)


def attach_to_project_pages():
    # The school's result page says "sent" after a submission (`?sent=1`): a page cache keys it on that.
    ProjectPage.cache_query_parameters = frozenset(
        {*getattr(ProjectPage, "cache_query_parameters", ()), "sent"}
    )
    ProjectPage.attach_route("pilot/", pilot_request_view, name="pilot_request")
    ProjectPage.attach_route("pilot/sent/", pilot_sent_view, name="pilot_sent")
    ProjectPage.attach_route("pilot/result/<str:token>/", pilot_result_view, name="pilot_result")
    ProjectPage.attach_route("pilot/files/<int:pk>/", result_file_view, name="pilot_result_file")
