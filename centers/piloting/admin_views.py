"""Pilot schools and their stage results in the admin: a center's coordinators (and the department) accept or decline
the schools of their own projects and approve the results before they show; nothing of another center is listed,
and any single-object view answers 404 for it."""

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from centers.common.admin_access import forbidden_is_403
from centers.piloting import letters
from centers.piloting.models import PilotSchool, StageResult
from centers.piloting.permissions import HANDLING_ACTIONS, ProjectScopedPolicy
from centers.piloting.views import purge_project_page
from centers.privacy.panels import ConsentRecordsPanel


class OwnOnlyMixin:
    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, HANDLING_ACTIONS, instance
        ):
            raise Http404
        return instance


class ScopedIndexView(generic.IndexView):
    related = ()

    def get_base_queryset(self):
        handled = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, HANDLING_ACTIONS
        )
        return handled.select_related(*self.related)


class PilotSchoolIndexView(ScopedIndexView):
    related = ("project", "organization")


class PilotSchoolEditView(OwnOnlyMixin, generic.EditView):
    def save_instance(self):
        """Runs in the view's transaction: the decision and its letter (with the school's link) are saved together."""
        previous = PilotSchool.objects.get(pk=self.object.pk).status
        instance = self.form.save(commit=False)
        decided = instance.status != previous and instance.status != PilotSchool.Status.PENDING
        if decided:
            instance.decided_at = timezone.now()
            instance.decided_by = self.request.user
        instance.save()
        self.has_content_changes = self.form.has_changed()
        if decided:
            letters.decision_made(instance, self.request)
        if instance.status != previous:
            purge_project_page(instance.project)
        return instance


class StageResultIndexView(ScopedIndexView):
    related = ("school__organization", "school__project", "stage")


class StageResultEditView(OwnOnlyMixin, generic.EditView):
    def save_instance(self):
        previous = StageResult.objects.get(pk=self.object.pk).status
        instance = self.form.save(commit=False)
        if instance.status != previous:
            instance.moderated_at = timezone.now()
            instance.moderated_by = self.request.user
        instance.save(update_fields=["status", "moderated_at", "moderated_by"])
        self.has_content_changes = self.form.has_changed()
        if instance.status != previous:
            purge_project_page(instance.school.project)
        return instance


def result_file(request, pk):
    """The file of a result, for whoever moderates it (pending files have no public address)."""
    handled = StageResultViewSet.permission_policy.instances_user_has_any_permission_for(
        request.user, HANDLING_ACTIONS
    )
    result = get_object_or_404(handled.exclude(file=""), pk=pk)
    content_type = mimetypes.guess_type(result.file_name)[0] or "application/octet-stream"
    response = FileResponse(result.file.open("rb"), as_attachment=True, filename=result.file_name)
    response["Content-Type"] = content_type
    return response


class ResultFilePanel(HelpPanel):
    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.instance is not None and self.instance.file:
                url = reverse("pilot_results:file", args=[self.instance.pk])
                self.content = format_html('<p><a href="{}">{}</a></p>', url, self.instance.file_name)
            else:
                self.content = format_html("<p>{}</p>", _("No file was sent."))


class PilotSchoolViewSet(ModelViewSet):
    model = PilotSchool
    icon = "tasks"
    menu_label = _("Pilot schools")
    menu_order = 252
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = PilotSchoolIndexView
    edit_view_class = PilotSchoolEditView
    list_display = ["organization", "project", "contact_name", "status", "created_at"]
    list_filter = ["status"]
    permission_policy = ProjectScopedPolicy(PilotSchool, "project")
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("project", read_only=True),
                    FieldPanel("organization", read_only=True),
                    FieldRowPanel(
                        [FieldPanel("contact_name", read_only=True), FieldPanel("email", read_only=True)]
                    ),
                    FieldPanel("phone", read_only=True),
                    FieldPanel("plans", read_only=True),
                    FieldPanel("created_at", read_only=True),
                ],
                heading=_("Request"),
            ),
            ConsentRecordsPanel(heading=_("Consents")),
            FieldPanel(
                "status",
                help_text=_(
                    "An accepted school gets a letter with its own link for sending stage results and is listed "
                    "on the project's page; a declined one gets a letter too."
                ),
            ),
        ]
    )


class StageResultViewSet(ModelViewSet):
    model = StageResult
    icon = "doc-full"
    menu_label = _("Pilot results")
    menu_order = 253
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = StageResultIndexView
    edit_view_class = StageResultEditView
    list_display = ["school", "stage", "status", "submitted_at"]
    list_filter = ["status"]
    permission_policy = ProjectScopedPolicy(StageResult, "school__project")
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("school", read_only=True),
                    FieldPanel("stage", read_only=True),
                    FieldPanel("summary", read_only=True),
                    FieldPanel("submitted_at", read_only=True),
                ],
                heading=_("Result"),
            ),
            ResultFilePanel(heading=_("File")),
            FieldPanel(
                "status",
                help_text=_("An approved result (its text and file) shows on the project's page."),
            ),
        ]
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("file/<int:pk>/", forbidden_is_403(result_file), name="file"),
        ]
