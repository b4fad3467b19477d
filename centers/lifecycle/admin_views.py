"""The lifecycle's admin views: applications for the experts and the department, orders of a center, the report.

Each view raises PermissionDenied for whoever may not see it; admin_urls puts them all behind forbidden_is_403.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.directory.models import CenterPage
from centers.lifecycle import reports
from centers.lifecycle.applications import LifecycleError, transition
from centers.lifecycle.forms import OrderForm, RejectForm, ReturnForm, ReviewForm
from centers.lifecycle.models import Application, ApprovalOrder, ExpertReview, ReviewCriterion
from centers.lifecycle.orders import approve, extend_term, reject
from centers.lifecycle.reviews import (
    file_review,
    is_decider,
    is_expert,
    own_review,
    score_summary,
    visible_applications,
    visible_reviews,
)

Status = Application.Status


def require_lifecycle_access(request):
    if not (is_expert(request.user) or is_decider(request.user)):
        raise PermissionDenied


def require_decider(request):
    if not is_decider(request.user):
        raise PermissionDenied


def application_for(request, pk):
    """The application if this user may see it: 404 when absent, 403 when outside their view."""
    require_lifecycle_access(request)
    application = get_object_or_404(Application.objects.select_related("organization", "direction"), pk=pk)
    if not visible_applications(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return application


def review_criteria():
    return list(ReviewCriterion.objects.filter(active=True))


def application_list(request):
    require_lifecycle_access(request)
    applications = visible_applications(request.user).select_related("organization", "direction")
    status = request.GET.get("status")
    if status in Status.values:
        applications = applications.filter(status=status)
    reviewed = set(
        ExpertReview.objects.filter(expert=request.user, application__in=applications).values_list(
            "application_id", flat=True
        )
    )
    return TemplateResponse(
        request,
        "centers/lifecycle/application_list.html",
        {
            "applications": applications,
            "reviewed": reviewed,
            "statuses": Status.choices if is_decider(request.user) else [],
            "status": status,
            "is_decider": is_decider(request.user),
        },
    )


def application_detail(request, pk):
    application = application_for(request, pk)
    user = request.user
    mine = own_review(application, user)
    context = {
        "application": application,
        "transitions": application.transitions.select_related("user"),
        "reviews": visible_reviews(application, user),
        "own_review": mine,
        "is_decider": is_decider(user),
        "can_review": is_expert(user) and application.status == Status.UNDER_REVIEW,
        "hidden_reviews": application.reviews.exclude(expert=user).count() if mine is None else 0,
        "order": ApprovalOrder.objects.filter(application=application).first(),
    }
    if context["can_review"]:
        initial = {}
        if mine is not None:
            initial = {"recommendation": mine.recommendation, "comment": mine.comment}
            initial.update({f"score_{s.criterion_id}": s.score for s in mine.scores.all()})
        context["review_form"] = ReviewForm(initial=initial, criteria=review_criteria())
    if is_decider(user):
        context.update(
            summary=score_summary(application),
            order_form=OrderForm(initial=default_order_dates()),
            reject_form=RejectForm(),
            return_form=ReturnForm(),
        )
    return TemplateResponse(request, "centers/lifecycle/application_detail.html", context)


def application_scan(request, pk):
    application = application_for(request, pk)
    stored = application.signed_scan
    if not stored or not stored.storage.exists(stored.name):
        raise Http404  # no file, or one lost with the private folder (an archive made before backups held it)
    return FileResponse(
        application.signed_scan.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{application.reference}.pdf",
    )


def application_report(request, pk):
    """A renewal's attached center report, for whoever may see the application (private storage, no URL)."""
    application = application_for(request, pk)
    stored = application.center_report
    if not stored or not stored.storage.exists(stored.name):
        raise Http404  # no file, or one lost with the private folder (an archive made before backups held it)
    return FileResponse(
        application.center_report.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{application.reference}-otchet.pdf",
    )


def application_review(request, pk):
    application = application_for(request, pk)
    if request.method != "POST":
        return redirect("centers_lifecycle:application_detail", pk=pk)
    if not is_expert(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST, criteria=review_criteria())
    if not form.is_valid():
        messages.error(request, _("The review was not saved: check the scores."))
        return redirect("centers_lifecycle:application_detail", pk=pk)
    try:
        file_review(
            application,
            request.user,
            form.scores(),
            form.cleaned_data["recommendation"],
            form.cleaned_data["comment"],
        )
    except LifecycleError as error:
        raise PermissionDenied(str(error)) from error
    messages.success(request, _("Your review has been saved."))
    return redirect("centers_lifecycle:application_detail", pk=pk)


def application_transition(request, pk):
    """The moderator sends an application to the council or records its withdrawal."""
    require_decider(request)
    application = application_for(request, pk)
    if request.method != "POST":
        return redirect("centers_lifecycle:application_detail", pk=pk)
    target = {"review": Status.UNDER_REVIEW, "withdraw": Status.WITHDRAWN}.get(request.POST.get("action"))
    if target is None:
        return HttpResponse(status=400)
    try:
        transition(application, target, request.user, request.POST.get("comment", ""))
    except LifecycleError as error:
        messages.error(request, str(error))
    return redirect("centers_lifecycle:application_detail", pk=pk)


def application_approve(request, pk):
    require_decider(request)
    application = application_for(request, pk)
    form = OrderForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = approve(application, user=request.user, **form.cleaned_data)
        except LifecycleError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Approved. The center has been provisioned: %(center)s") % {"center": order.center.title},
            )
        return redirect("centers_lifecycle:application_detail", pk=pk)
    messages.error(request, _("The order was not registered: check its number and dates."))
    return redirect("centers_lifecycle:application_detail", pk=pk)


def application_reject(request, pk):
    require_decider(request)
    application = application_for(request, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reject(application, form.cleaned_data["reason"], request.user)
        except LifecycleError as error:
            messages.error(request, str(error))
        return redirect("centers_lifecycle:application_detail", pk=pk)
    messages.error(request, _("Give the reason for the rejection; the applicant receives it."))
    return redirect("centers_lifecycle:application_detail", pk=pk)


def default_order_dates():
    today = timezone.localdate()
    start = datetime.date(today.year if today.month < 9 else today.year + 1, 9, 1)
    return {"date": today, "term_start": start, "term_end": datetime.date(start.year + 3, 8, 31)}


def center_order(request, page_pk):
    """A new order for an existing center: extends (or changes) its term."""
    require_decider(request)
    center = get_object_or_404(CenterPage, pk=page_pk)
    form = OrderForm(request.POST or None, request.FILES or None, initial=default_order_dates())
    if request.method == "POST" and form.is_valid():
        try:
            extend_term(center, user=request.user, **form.cleaned_data)
        except LifecycleError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The order has been registered; the center's term now ends on %(date)s.")
                % {"date": form.cleaned_data["term_end"].strftime("%d.%m.%Y")},
            )
            return redirect("centers_lifecycle:center_order", page_pk=center.pk)
    return TemplateResponse(
        request,
        "centers/lifecycle/center_order.html",
        {"center": center, "form": form, "orders": center.approval_orders.select_related("registered_by")},
    )


def department_report(request):
    require_decider(request)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or reports.academic_year_of(today))
    except ValueError:
        year = reports.academic_year_of(today)
    if not 2000 <= year <= 2100:
        return HttpResponse(_("Unknown academic year."), status=400)
    report = reports.department_report(year)
    filename = f"report-{year}-{year + 1}"
    output = request.GET.get("format")
    if output == "csv":
        response = HttpResponse(reports.as_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    if output == "xlsx":
        response = HttpResponse(
            reports.as_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    current = reports.academic_year_of(today)
    chart = reports.bar_chart(
        report, request.GET.get("chart") or "events"
    )  # what the centers did, by default
    return TemplateResponse(
        request,
        "centers/lifecycle/department_report.html",
        {
            "report": report,
            "chart": chart,
            "chart_biggest": max((bar["value"] for bar in chart["bars"]), default=0) or 1,
            # the figures shown beside the chart: the totals that add up, without the per-format breakdown
            "main_figures": [
                (row, total)
                for row, total in zip(report["rows"], report["totals"], strict=True)
                if total is not None and not row.key.startswith("events_format_")
            ],
            "years": [(y, reports.year_title(y)) for y in range(current, current - 6, -1)],
        },
    )
