"""The center lifecycle: the application page, applications and their history, expert reviews, approval orders."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from centers.common.private_files import PrivateStorage
from centers.common.references import ChoosableReferencesPageForm
from centers.common.uploads import PDF, UploadValidator
from centers.directory.models.center import SECTION_PARENT_PAGE_TYPES

SCAN_MAX_BYTES = 15 * 1024 * 1024


def private_storage():
    """Applications are not public: their files live under CENTERS_PRIVATE_MEDIA_ROOT, which no URL serves."""
    return PrivateStorage()


class ApplicationPage(Page):
    """The public form through which an organization applies to open a resource center."""

    base_form_class = ChoosableReferencesPageForm

    template = "centers/lifecycle/application_page.html"

    intro = RichTextField(_("introduction"), blank=True)
    # The consent text and its version come from centers/consent.py (as for every public form), no longer from
    # the page: an editor's change of wording could not be tied to the version stored with each consent. The
    # words earlier applications were given under stay in this page's revision history.

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = SECTION_PARENT_PAGE_TYPES
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("application page")
        verbose_name_plural = _("application pages")

    cache_query_parameters = frozenset({"received"})  # the confirmation after a sent application

    def serve(self, request, *args, **kwargs):
        from centers.lifecycle.views import serve_application_page  # the view imports these models

        return serve_application_page(self, request)


class Application(models.Model):
    """An organization's application to host a resource center (regulation, section 4.3)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        RETURNED = "returned", _("Returned for revision")

    class Kind(models.TextChoices):
        NEW = "new", _("New center")
        RENEWAL = "renewal", _("Renewal of a term")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number in the year"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    organization = models.ForeignKey(
        "centers.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organization_full_name = models.CharField(_("organization's full name"), max_length=500, blank=True)
    organization_short_name = models.CharField(_("organization's short name"), max_length=150, blank=True)
    direction = models.ForeignKey(
        "centers.Direction",
        verbose_name=_("proposed direction"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    justification = models.TextField(_("justification"))
    staff_resources = models.TextField(_("staff resources"))
    methodological_resources = models.TextField(_("methodological resources"))
    material_resources = models.TextField(_("material and technical resources"))
    information_resources = models.TextField(_("information resources"))
    plan_of_work = models.TextField(_("proposed plan of work"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_position = models.CharField(_("position"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    signed_scan = models.FileField(
        _("application signed by the director (PDF)"),
        storage=private_storage,
        upload_to="applications/%Y/",
        validators=[UploadValidator([PDF], max_bytes=SCAN_MAX_BYTES)],
        max_length=255,
    )
    # 152-FZ: the contact person's consent, its own checkbox, with time, IP and the text's version.
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_ip = models.GenericIPAddressField(_("consent IP address"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=50)
    submitted_at = models.DateTimeField(_("submitted at"))
    decision_reason = models.TextField(_("reason for rejection"), blank=True)
    revision_request = models.TextField(_("what to fix"), blank=True)
    resubmission_deadline = models.DateField(_("resubmission deadline"), null=True, blank=True)
    center_report = models.FileField(
        _("center's report (PDF)"),
        storage=private_storage,
        upload_to="applications/reports/%Y/",
        blank=True,
        max_length=255,
    )
    center = models.ForeignKey(
        "centers.CenterPage",
        verbose_name=_("center"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="application_number_per_year")]
        permissions = [
            ("review_application", _("Can review applications under review")),
            ("decide_application", _("Can decide on applications and register orders")),
        ]

    def __str__(self):
        return f"{self.reference} — {self.organization_name}"

    @property
    def reference(self):
        return f"РЦ-{self.year}-{self.number:04d}"

    @property
    def organization_name(self):
        return self.organization.short_name if self.organization_id else self.organization_short_name

    @property
    def is_decided(self):
        return self.status in {self.Status.APPROVED, self.Status.REJECTED, self.Status.WITHDRAWN}


class ApplicationTransition(models.Model):
    """One step of an application's history: who moved it from which state to which, and when."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application transition")
        verbose_name_plural = _("application transitions")

    def __str__(self):
        return f"{self.application.reference}: {self.from_status or '—'} → {self.to_status}"

    def to_label(self):
        return Application.Status(self.to_status).label


class ReviewCriterion(models.Model):
    """What the expert council scores (the department edits the list)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("max_score"),
        FieldPanel("sort_order"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")

    def __str__(self):
        return self.name


class ExpertReview(models.Model):
    """One expert's assessment of one application."""

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REVISE = "revise", _("Approve after revision")
        REJECT = "reject", _("Reject")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="+"
    )
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices)
    comment = models.TextField(_("comment"), blank=True)
    filed_at = models.DateTimeField(_("filed at"))

    class Meta:
        ordering = ["filed_at"]
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="one_review_per_expert")
        ]

    def __str__(self):
        return f"{self.application.reference}: {self.expert}"

    @property
    def total(self):
        return sum(score.score for score in self.scores.all())


class ReviewScore(models.Model):
    review = models.ForeignKey(ExpertReview, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReviewCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        ordering = ["criterion__sort_order", "criterion__name"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class ApprovalOrder(models.Model):
    """The department director's order approving a center for a term; a later order extends or ends the term."""

    forgets_site_structure = True  # saved, the center pages' kept links to orders are read again

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Approval")
        EXTENSION = "extension", _("Extension of the term")
        EARLY_CLOSING = "closing", _("Early closing")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.APPROVAL)
    number = models.CharField(_("order number"), max_length=50)
    date = models.DateField(_("order date"))
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"))
    center = models.ForeignKey(
        "centers.CenterPage",
        verbose_name=_("center"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="approval_orders",
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"))
    closing_reason = models.TextField(_("reason for closing"), blank=True)
    # The signed scan, or the draft the site generates; public once the order is registered and its center live.
    document = models.FileField(
        _("order document (PDF)"),
        storage=private_storage,
        upload_to="orders/%Y/",
        blank=True,
        validators=[UploadValidator([PDF], max_bytes=SCAN_MAX_BYTES)],
        max_length=255,
    )
    document_is_draft = models.BooleanField(_("generated draft"), default=False)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("approval order")
        verbose_name_plural = _("approval orders")

    def __str__(self):
        return _("Order No. %(number)s of %(date)s") % {
            "number": self.number,
            "date": self.date.strftime("%d.%m.%Y"),
        }
