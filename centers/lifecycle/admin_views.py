"""Admin side of the lifecycle: applications for experts and moderators, reviews, decisions, orders, the report."""

import datetime
import functools

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from centers.directory.models import CenterPage
from centers.lifecycle import reports
from centers.lifecycle.models import Application, ApprovalOrder, ExpertReview, ReviewCriterion
from centers.lifecycle.procedure import (
    LifecycleError,
    approve,
    extend_term,
    file_review,
    is_decider,
    is_expert,
    own_review,
    reject,
    score_summary,
    transition,
    visible_applications,
    visible_reviews,
)

__all__ = []

Status = Application.Status


@hooks.register("register_log_actions")
def register_lifecycle_actions(actions):
    actions.register_action("centers.register_order", _("Register order"), _("Approval order registered"))
    actions.register_action("centers.term_ended", _("Term ended"), _("The center's term has ended"))


class ReviewCriterionViewSet(SnippetViewSet):
    model = ReviewCriterion
    icon = "tasks"
    menu_label = _("Review criteria")
    list_display = ["name", "max_score", "sort_order", "active"]
    add_to_admin_menu = True
    menu_order = 270


register_snippet(ReviewCriterionViewSet)


# --- forms -------------------------------------------------------------------------------------------------


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=ExpertReview.Recommendation.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                help_text=criterion.description,
                min_value=0,
                max_value=criterion.max_score,
            )

    def scores(self):
        return {criterion: self.cleaned_data[f"score_{criterion.pk}"] for criterion in self.criteria}


class OrderForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=50)
    date = forms.DateField(label=_("Order date"), widget=forms.DateInput(attrs={"type": "date"}))
    term_start = forms.DateField(label=_("Term start"), widget=forms.DateInput(attrs={"type": "date"}))
    term_end = forms.DateField(label=_("Term end"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("term_start")
            and cleaned.get("term_end")
            and cleaned["term_end"] < cleaned["term_start"]
        ):
            raise forms.ValidationError(_("The term cannot end before it starts."))
        return cleaned


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}))


# --- access --------------------------------------------------------------------------------------------------


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


def forbidden_is_403(view):
    """Wagtail's admin turns PermissionDenied into a redirect home; applications answer a plain 403 instead."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return permission_denied(request, error)

    return wrapper


def review_criteria():
    return list(ReviewCriterion.objects.filter(active=True))


# --- views ---------------------------------------------------------------------------------------------------


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
        )
    return TemplateResponse(request, "centers/lifecycle/application_detail.html", context)


def application_scan(request, pk):
    application = application_for(request, pk)
    if not application.signed_scan:
        raise Http404
    return FileResponse(
        application.signed_scan.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{application.reference}.pdf",
    )


def application_review(request, pk):
    application = application_for(request, pk)
    if request.method != "POST":
        return redirect("centers_application_detail", pk=pk)
    if not is_expert(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST, criteria=review_criteria())
    if not form.is_valid():
        messages.error(request, _("The review was not saved: check the scores."))
        return redirect("centers_application_detail", pk=pk)
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
    return redirect("centers_application_detail", pk=pk)


def application_transition(request, pk):
    """The moderator sends an application to the council or records its withdrawal."""
    require_decider(request)
    application = application_for(request, pk)
    if request.method != "POST":
        return redirect("centers_application_detail", pk=pk)
    target = {"review": Status.UNDER_REVIEW, "withdraw": Status.WITHDRAWN}.get(request.POST.get("action"))
    if target is None:
        return HttpResponse(status=400)
    try:
        transition(application, target, request.user, request.POST.get("comment", ""))
    except LifecycleError as error:
        messages.error(request, str(error))
    return redirect("centers_application_detail", pk=pk)


def application_approve(request, pk):
    require_decider(request)
    application = application_for(request, pk)
    form = OrderForm(request.POST or None)
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
        return redirect("centers_application_detail", pk=pk)
    messages.error(request, _("The order was not registered: check its number and dates."))
    return redirect("centers_application_detail", pk=pk)


def application_reject(request, pk):
    require_decider(request)
    application = application_for(request, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reject(application, form.cleaned_data["reason"], request.user)
        except LifecycleError as error:
            messages.error(request, str(error))
        return redirect("centers_application_detail", pk=pk)
    messages.error(request, _("Give the reason for the rejection; the applicant receives it."))
    return redirect("centers_application_detail", pk=pk)


def default_order_dates():
    today = timezone.localdate()
    start = datetime.date(today.year if today.month < 9 else today.year + 1, 9, 1)
    return {"date": today, "term_start": start, "term_end": datetime.date(start.year + 3, 8, 31)}


def center_order(request, page_pk):
    """A new order for an existing center: extends (or changes) its term."""
    require_decider(request)
    center = get_object_or_404(CenterPage, pk=page_pk)
    form = OrderForm(request.POST or None, initial=default_order_dates())
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
            return redirect("centers_center_order", page_pk=center.pk)
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
    return TemplateResponse(
        request,
        "centers/lifecycle/department_report.html",
        {
            "report": report,
            "chart": reports.bar_chart(report, request.GET.get("chart", "")),
            "years": [(y, f"{y}/{str(y + 1)[-2:]}") for y in range(current, current - 6, -1)],
        },
    )


@hooks.register("register_admin_urls")
def lifecycle_urls():
    return [
        path("applications/", forbidden_is_403(application_list), name="centers_application_list"),
        path(
            "applications/<int:pk>/", forbidden_is_403(application_detail), name="centers_application_detail"
        ),
        path(
            "applications/<int:pk>/scan/", forbidden_is_403(application_scan), name="centers_application_scan"
        ),
        path(
            "applications/<int:pk>/review/",
            forbidden_is_403(application_review),
            name="centers_application_review",
        ),
        path(
            "applications/<int:pk>/transition/", application_transition, name="centers_application_transition"
        ),
        path(
            "applications/<int:pk>/approve/",
            forbidden_is_403(application_approve),
            name="centers_application_approve",
        ),
        path(
            "applications/<int:pk>/reject/",
            forbidden_is_403(application_reject),
            name="centers_application_reject",
        ),
        path("centers/<int:page_pk>/order/", forbidden_is_403(center_order), name="centers_center_order"),
        path("department-report/", forbidden_is_403(department_report), name="centers_department_report"),
    ]


class LifecycleMenuItem(MenuItem):
    def __init__(self, *args, shown_to, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)


@hooks.register("register_admin_menu_item")
def applications_menu_item():
    return LifecycleMenuItem(
        _("Applications"),
        reverse("centers_application_list"),
        icon_name="form",
        order=250,
        shown_to=lambda user: is_expert(user) or is_decider(user),
    )


@hooks.register("register_admin_menu_item")
def report_menu_item():
    return LifecycleMenuItem(
        _("Department report"),
        reverse("centers_department_report"),
        icon_name="table",
        order=260,
        shown_to=is_decider,
    )


class CenterOrdersButton(PageMenuItem):
    label = _("Orders and term")
    icon_name = "doc-full"

    def is_shown(self, user):
        return is_decider(user)


@hooks.register("register_page_header_buttons")
def center_orders_button(page, user, view_name, next_url=None):
    """On a center's admin pages: the department's way to its orders and to register a new one."""
    if page.specific_class is CenterPage:
        yield CenterOrdersButton(url=reverse("centers_center_order", args=[page.pk]), page=page, priority=68)


class ApplicationsPanel(Component):
    """Experts: applications awaiting their review; moderators: applications by state."""

    name = "centers_applications"
    template_name = "centers/lifecycle/applications_panel.html"
    order = 140

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        under_review = Application.objects.filter(status=Status.UNDER_REVIEW).select_related("organization")
        return {
            "awaiting": under_review.exclude(reviews__expert=self.user)[:10] if is_expert(self.user) else [],
            "submitted": Application.objects.filter(status=Status.SUBMITTED).count()
            if is_decider(self.user)
            else None,
            "under_review": under_review.count(),
        }


@hooks.register("construct_homepage_panels")
def add_applications_panel(request, panels):
    if is_expert(request.user) or is_decider(request.user):
        panels.append(ApplicationsPanel(request.user))
