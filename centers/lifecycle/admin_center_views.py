"""Admin views around a center's term: returning an application for revision, renewal by the coordinators,
early closing by the department, and a closed center's history its former coordinators may still read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from centers.common.rate_limit import client_ip
from centers.directory.models import CenterPage
from centers.events.registration import site_root_url
from centers.lifecycle.admin_views import application_for, require_decider
from centers.lifecycle.applications import LifecycleError
from centers.lifecycle.closing import center_history, close_early, read_only_centers
from centers.lifecycle.forms import ClosingForm, RenewalForm, ReturnForm
from centers.lifecycle.renewals import apply_for_renewal, renewal_refusal
from centers.lifecycle.revisions import return_for_revision
from centers.roles.provisioning import coordinator_centers


def application_return(request, pk):
    """The department returns an application with what to fix and a deadline; the applicant gets a signed link."""
    require_decider(request)
    application = application_for(request, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return_for_revision(
                application,
                request_text=form.cleaned_data["request_text"],
                deadline=form.cleaned_data["deadline"],
                user=request.user,
                base_url=site_root_url(request),
            )
        except LifecycleError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The application has been returned; the applicant has been e-mailed.")
            )
    elif request.method == "POST":
        messages.error(request, _("Say what to fix and give the resubmission deadline."))
    return redirect("centers_lifecycle:application_detail", pk=pk)


def center_renewal(request, page_pk):
    """A coordinator applies for an extension of their center's term, with the report attached automatically."""
    center = get_object_or_404(coordinator_centers(request.user).select_related("organization"), pk=page_pk)
    refusal = renewal_refusal(center)
    form = RenewalForm(request.POST or None)
    status = 200
    if request.method == "POST" and not refusal:
        if form.is_valid():
            try:
                application = apply_for_renewal(
                    center, request.user, consent_ip=client_ip(request), **form.cleaned_data
                )
            except LifecycleError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(
                    request,
                    _("The application %(reference)s for an extension has been sent to the department.")
                    % {"reference": application.reference},
                )
                return redirect("wagtailadmin_home")
        else:
            status = 400
    elif request.method == "POST":
        status = 403
    return TemplateResponse(
        request,
        "centers/lifecycle/center_renewal.html",
        {"center": center, "form": form, "refusal": refusal},
        status=status,
    )


def center_closing(request, page_pk):
    """The department closes a center early by an order: number, date, closing date and reason."""
    require_decider(request)
    center = get_object_or_404(CenterPage, pk=page_pk)
    form = ClosingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            close_early(center, user=request.user, **form.cleaned_data)
        except LifecycleError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The center has been closed early; its coordinators can only read now.")
            )
            return redirect("centers_lifecycle:center_order", page_pk=center.pk)
    return TemplateResponse(
        request,
        "centers/lifecycle/center_closing.html",
        {"center": center, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def closed_center_history(request, page_pk):
    """What was published and done on a closed center: read-only, for its former coordinators and the department."""
    allowed = read_only_centers(request.user)
    if request.user.has_perm("centers.decide_application"):
        allowed = CenterPage.objects.filter(closed_early_on__isnull=False)
    center = allowed.filter(pk=page_pk).first()
    if center is None:
        raise PermissionDenied
    pages = center.get_descendants(inclusive=True).specific().order_by("path")
    return TemplateResponse(
        request,
        "centers/lifecycle/closed_center_history.html",
        {
            "center": center,
            "pages": pages,
            "entries": center_history(center),
            "orders": center.approval_orders.all(),
        },
    )
