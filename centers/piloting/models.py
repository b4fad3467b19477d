"""Pilot schools of a piloting project (regulation 3.2, апробация): who asked to try the method, whom the center
accepted, what each found at each stage, and the council's recommendation to bring the method into the city's
practice.

A school's result is sent through a signed link the school receives when it is accepted; its file stays in the
private storage and is served only once the center (or the department) has approved the result.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import PageChooserPanel
from wagtail.models import Orderable

from centers.common.private_files import PrivateStorage
from centers.common.uploads import DOCX, IMAGE, ODP, ODT, PDF, PPTX, XLSX, UploadValidator

RESULT_FILE_MAX_BYTES = 15 * 1024 * 1024


def private_storage():
    return PrivateStorage()


class PilotSchool(models.Model):
    """An organization's request to be a pilot school of one project, and the center's decision on it."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("pilot school", "Awaiting decision")
        ACCEPTED = "accepted", pgettext_lazy("pilot school", "Accepted")
        DECLINED = "declined", pgettext_lazy("pilot school", "Declined")

    project = models.ForeignKey(
        "centers.ProjectPage",
        verbose_name=_("piloting project"),
        on_delete=models.CASCADE,
        related_name="pilot_schools",
    )
    organization = models.ForeignKey(
        "centers.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="pilot_projects",
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    plans = models.TextField(_("what the school will try"), max_length=3000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pilot school")
        verbose_name_plural = _("pilot schools")
        constraints = [
            # A declined school may ask again; a pending or accepted one has one request per project.
            models.UniqueConstraint(
                fields=["project", "organization"],
                condition=~Q(status="declined"),
                name="centers_one_open_pilot_request",
            )
        ]
        indexes = [models.Index(fields=["project", "status"], name="centers_pilot_project_status")]

    def __str__(self):
        return str(self.organization)


class StageResult(models.Model):
    """What a pilot school found at one stage: a short text and a file, shown once moderated."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("stage result", "Awaiting moderation")
        APPROVED = "approved", pgettext_lazy("stage result", "Approved")
        REJECTED = "rejected", pgettext_lazy("stage result", "Returned")

    school = models.ForeignKey(
        PilotSchool, verbose_name=_("pilot school"), on_delete=models.CASCADE, related_name="results"
    )
    stage = models.ForeignKey(
        "centers.ProjectStage",
        verbose_name=_("stage"),
        on_delete=models.CASCADE,
        related_name="pilot_results",
    )
    summary = models.TextField(_("result"), max_length=2000)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to="piloting/%Y/",
        validators=[
            UploadValidator([PDF, DOCX, ODT, PPTX, ODP, XLSX, IMAGE], max_bytes=RESULT_FILE_MAX_BYTES)
        ],
        max_length=255,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    submitted_at = models.DateTimeField(_("sent at"), auto_now=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["stage__sort_order", "school__organization__short_name"]
        verbose_name = _("stage result")
        verbose_name_plural = _("stage results")
        constraints = [
            models.UniqueConstraint(fields=["school", "stage"], name="centers_one_result_per_school_stage")
        ]

    def __str__(self):
        return f"{self.school} — {self.stage}"

    @property
    def file_name(self):
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class ProjectLinkedPage(Orderable):
    """A material or practice that grew out of a piloting project: it carries the project's recommendation."""

    project = ParentalKey("centers.ProjectPage", on_delete=models.CASCADE, related_name="linked_pages")
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("material or practice"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("page", ["centers.MaterialPage", "centers.PracticePage"])]

    class Meta(Orderable.Meta):
        verbose_name = _("material or practice of the project")
        verbose_name_plural = _("materials and practices of the project")
        constraints = [models.UniqueConstraint(fields=["project", "page"], name="centers_project_page_once")]


class ImplementationRecommendation(models.Model):
    """«Рекомендовано к внедрению»: the expert council's decision on a project, at a meeting, in its protocol."""

    project = models.OneToOneField(
        "centers.ProjectPage",
        verbose_name=_("piloting project"),
        on_delete=models.CASCADE,
        related_name="recommendation",
    )
    meeting = models.ForeignKey(
        "centers.CouncilMeeting",
        verbose_name=_("council meeting"),
        on_delete=models.PROTECT,
        related_name="implementation_recommendations",
    )
    protocol_item = models.CharField(
        _("item of the protocol"),
        max_length=50,
        blank=True,
        help_text=_("The item of the meeting's protocol that records the decision, e.g. 3.2."),
    )
    decision = models.TextField(_("wording of the decision"), max_length=2000, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("recommendation for implementation")
        verbose_name_plural = _("recommendations for implementation")

    def __str__(self):
        return _("Recommended for implementation: %(project)s") % {"project": self.project.title}
