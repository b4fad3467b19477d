"""Consultation requests in the admin: a center's coordinators see and answer only their own center's requests.

Who may see a request follows Wagtail's page permissions: whoever may change the center's page (its coordinators
through their group, the department's moderators through an ancestor, superusers) handles its requests.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from centers.common.mail import MAIL_ERRORS
from centers.consultations.models import ConsultationRequest
from centers.consultations.views import send_consultation_answer
from centers.directory.models import CenterPage
from centers.privacy.panels import ConsentRecordsPanel

__all__ = ["add_new_requests_panel", "register_consultation_requests"]

PANEL_ROWS = 5

HANDLING_ACTIONS = {"change", "view", "delete"}


def centers_user_handles(user):
    """The center pages the user may change, as Wagtail's page permissions say (inherited down the tree)."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return CenterPage.objects.filter(pk__in=pages.values("pk"))


class ConsultationPermissionPolicy(BasePermissionPolicy):
    """Requests are never created in the admin; they may be seen, answered and deleted by the center's editors."""

    def user_has_permission(self, user, action):
        if not (user.is_active and action in HANDLING_ACTIONS):
            return False
        return user.is_superuser or centers_user_handles(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if not (user.is_active and action in HANDLING_ACTIONS):
            return False
        return user.is_superuser or centers_user_handles(user).filter(pk=instance.center_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not (user.is_active and HANDLING_ACTIONS & set(actions)):
            return self.model.objects.none()
        if user.is_superuser:
            return self.model.objects.all()
        return self.model.objects.filter(center__in=centers_user_handles(user))

    def users_with_any_permission(self, actions):
        raise NotImplementedError("not needed: requests are never assigned to users")


class OwnRequestsOnlyMixin:
    """Any single-request view answers 404 for a request of a center the user does not handle."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, HANDLING_ACTIONS, instance
        ):
            raise Http404
        return instance


class ConsultationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, HANDLING_ACTIONS
        ).select_related("center")


class AnswerNotSent(Exception):
    pass


class ConsultationEditView(OwnRequestsOnlyMixin, generic.EditView):
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except AnswerNotSent:
            self.produced_error_message = _(
                "The answer could not be e-mailed, so it was not saved. Please try again later."
            )
            return self.form_invalid(form)

    def save_instance(self):
        """Runs in the view's transaction: if the answer cannot be e-mailed, nothing is saved."""
        previous = ConsultationRequest.objects.get(pk=self.object.pk)
        instance = self.form.save(commit=False)
        newly_answered = instance.status == ConsultationRequest.Status.ANSWERED and (
            previous.status != instance.status or previous.answer != instance.answer
        )
        if newly_answered:
            instance.answered_by = self.request.user
            instance.answered_at = timezone.now()
        instance.save()
        self.has_content_changes = self.form.has_changed()
        if newly_answered:
            try:
                send_consultation_answer(instance)
            except MAIL_ERRORS as error:
                raise AnswerNotSent from error
        return instance


class ConsultationDeleteView(OwnRequestsOnlyMixin, generic.DeleteView):
    pass


class ConsultationHistoryView(OwnRequestsOnlyMixin, HistoryView):
    pass


class ConsultationUsageView(OwnRequestsOnlyMixin, UsageView):
    pass


class ConsultationAnswerForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == ConsultationRequest.Status.ANSWERED
            and not (cleaned.get("answer") or "").strip()
        ):
            raise ValidationError({"answer": _("Write the answer before marking the request as answered.")})
        return cleaned


class ConsultationRequestViewSet(ModelViewSet):
    model = ConsultationRequest
    icon = "help"
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = ConsultationIndexView
    edit_view_class = ConsultationEditView
    delete_view_class = ConsultationDeleteView
    history_view_class = ConsultationHistoryView
    usage_view_class = ConsultationUsageView
    list_display = ["topic", "center", "name", "organization", "status", "created_at"]
    list_filter = ["status"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("center", read_only=True),
                    FieldPanel("topic", read_only=True),
                    FieldPanel("question", read_only=True),
                    FieldRowPanel(
                        [FieldPanel("name", read_only=True), FieldPanel("organization", read_only=True)]
                    ),
                    FieldRowPanel([FieldPanel("email", read_only=True), FieldPanel("phone", read_only=True)]),
                    FieldPanel("created_at", read_only=True),
                ],
                heading=_("Request"),
            ),
            ConsentRecordsPanel(heading=_("Consents")),
            FieldPanel("status"),
            FieldPanel(
                "answer", help_text=_("Sent to the requester by e-mail when the status is “Answered”.")
            ),
        ],
        base_form_class=ConsultationAnswerForm,
    )

    @cached_property
    def permission_policy(self):
        return ConsultationPermissionPolicy(self.model)


consultation_request_viewset = ConsultationRequestViewSet("consultation_requests")


@hooks.register("register_admin_viewset")
def register_consultation_requests():
    return consultation_request_viewset


class NewConsultationRequestsPanel(Component):
    """On the dashboard of whoever handles requests: the newest unanswered ones of their centers."""

    name = "new_consultation_requests"
    template_name = "centers/consultations/consultation_requests_panel.html"
    order = 155

    def __init__(self, requests):
        self.requests = requests

    def get_context_data(self, parent_context):
        return {
            "requests": list(self.requests.select_related("center")[:PANEL_ROWS]),
            "total": self.requests.count(),
        }


@hooks.register("construct_homepage_panels")
def add_new_requests_panel(request, panels):
    policy = consultation_request_viewset.permission_policy
    if policy.user_has_permission(request.user, "change"):
        new = policy.instances_user_has_any_permission_for(request.user, HANDLING_ACTIONS).filter(
            status=ConsultationRequest.Status.NEW
        )
        panels.append(NewConsultationRequestsPanel(new))
