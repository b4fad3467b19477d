"""Consultation requests in the admin: a center's coordinators see and answer only their own center's requests.

Wagtail's ModelViewSet does the access checks through the permission policy in permissions.py; any single-request
view answers 404 for a request of a center the user does not handle.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from centers.common.admin_access import forbidden_is_403
from centers.consultations import permissions, publishing
from centers.consultations.forms import ConsultationAnswerForm
from centers.consultations.models import ConsultationRequest
from centers.consultations.panels import PublishAsQuestionPanel
from centers.consultations.permissions import HANDLING_ACTIONS
from centers.consultations.views import send_consultation_answer
from centers.privacy.panels import ConsentRecordsPanel


class OwnRequestsOnlyMixin:
    """Any single-request view answers 404 for a request of a center the user does not handle."""

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, HANDLING_ACTIONS, instance
        ):
            raise Http404
        return instance


PUBLISH_LABEL = _("Publish as a question and answer")


def publish_url(consultation):
    return reverse("consultation_requests:publish_question", args=[consultation.pk])


class ConsultationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, HANDLING_ACTIONS
        ).select_related("center")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if publishing.can_publish(instance):
            buttons.append(MenuItem(PUBLISH_LABEL, url=publish_url(instance), icon_name="help", priority=30))
        return buttons


class ConsultationEditView(OwnRequestsOnlyMixin, generic.EditView):
    def save_instance(self):
        """Runs in the view's transaction: the answer and its letter (outbox, retried if mail fails) are saved together."""
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
            send_consultation_answer(instance)
        return instance

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if publishing.can_publish(self.object):
            buttons.append(Button(PUBLISH_LABEL, url=publish_url(self.object), icon_name="help", priority=5))
        return buttons


def publish_as_question(request, pk):
    """GET: what will be copied and what will not; POST: the draft, opened in Wagtail's page editor."""
    handled = permissions.permission_policy.instances_user_has_any_permission_for(request.user, {"change"})
    consultation = get_object_or_404(handled.select_related("center"), pk=pk)
    existing = publishing.existing_question(consultation)
    context = {"consultation": consultation, "existing": existing, "refusal": None}
    if not publishing.can_publish(consultation):
        context["refusal"] = _("Only an answered request with a written answer can be published.")
        return TemplateResponse(request, "centers/consultations/publish_question.html", context, status=409)
    if not consultation.center.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        page = existing or publishing.draft_question(consultation, request.user)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(request, "centers/consultations/publish_question.html", context)


class ConsultationDeleteView(OwnRequestsOnlyMixin, generic.DeleteView):
    pass


class ConsultationHistoryView(OwnRequestsOnlyMixin, HistoryView):
    pass


class ConsultationUsageView(OwnRequestsOnlyMixin, UsageView):
    pass


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
            PublishAsQuestionPanel(heading=_("Questions and answers")),
        ],
        base_form_class=ConsultationAnswerForm,
    )

    permission_policy = permissions.permission_policy

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("publish/<int:pk>/", forbidden_is_403(publish_as_question), name="publish_question"),
        ]
