"""Practice exchange: a center's index of teachers' practices and the practice page itself (regulation 3.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from centers.common.api_fields import AttachedFilesField, NameField, NamesField
from centers.common.kept import kept
from centers.common.pagination import KnownCountPaginator
from centers.common.same_center import SameCenterChoicePanel, link_to_plan_item
from centers.content.listing import cached_count
from centers.content.models.authors import PageAuthor
from centers.content.models.center_content import CenterContentPage
from centers.directory.models.center import CenterPage
from centers.directory.models.reference import EducationLevel, Subject
from centers.directory.models.sections import CenterSectionPage
from centers.privacy.panels import ConsentRecordsPanel

PRACTICES_PER_PAGE = 20
PRACTICE_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


def practice_filter_choices():
    """The levels and subjects practices are filtered by: snippets, kept until one changes (centers.common.kept)."""
    return list(EducationLevel.objects.all()), list(Subject.objects.all())


class PracticeIndexPage(RoutablePageMixin, CenterSectionPage):
    template = "centers/practices/practice_index_page.html"
    section_slug = "practices"
    section_title = _("Practice exchange")
    cache_query_parameters = frozenset({"level", "subject", "page"})  # what get_context reads

    accepts_submissions = models.BooleanField(
        _("teachers may send in practices"),
        default=True,
        help_text=_("Shows the public form for sending a practice to the center."),
    )

    content_panels = [*CenterSectionPage.content_panels, FieldPanel("accepts_submissions")]

    subpage_types = ["centers.PracticePage"]

    class Meta:
        verbose_name = _("practice exchange")
        verbose_name_plural = _("practice exchanges")

    @property
    def center(self):
        """The center above, kept until a page changes (centers.common.kept): the list and the form ask for it."""
        return kept(None, f"center-above:{self.pk}", lambda: CenterPage.objects.ancestor_of(self).first())

    @property
    def open_for_submissions(self):
        """A center whose term has ended keeps its practices readable but takes no new ones."""
        center = self.center
        return self.accepts_submissions and not (center and center.term_has_ended)

    def practices(self):
        return (
            PracticePage.objects.child_of(self)
            .live()
            .order_by("-first_published_at", "-pk")
            .prefetch_related("levels", "subjects", "authors")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        practices = self.practices()
        levels, subjects = kept(request, "practice-filter-choices", practice_filter_choices)
        level = next((item for item in levels if item.slug == request.GET.get("level")), None)
        subject = next((item for item in subjects if item.slug == request.GET.get("subject")), None)
        if level:
            practices = practices.filter(levels=level)
        if subject:
            practices = practices.filter(subjects=subject)
        # The filters as validated, never the raw query string: what the kept total and list fragment vary with.
        selection = f"level={level.slug if level else ''}&subject={subject.slug if subject else ''}"
        paginator = KnownCountPaginator(
            practices,
            PRACTICES_PER_PAGE,
            lambda: cached_count(f"practices:{self.pk}?{selection}", practices.count),
        )
        context.update(
            levels=levels,
            subjects=subjects,
            selected_level=level,
            selected_subject=subject,
            selection=selection,
            practices_page=paginator.get_page(request.GET.get("page")),
        )
        return context

    @path("send/", name="send")
    def send_practice(self, request):
        from centers.practices.submission import practice_submission_view  # it imports these models

        return practice_submission_view(request, self)

    @path("send/thanks/", name="thanks")
    def practice_received(self, request):
        from centers.practices.submission import practice_received_view

        return practice_received_view(request, self)


class PracticePage(CenterContentPage):
    template = "centers/practices/practice_page.html"
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    problem = RichTextField(_("problem"), features=PRACTICE_TEXT_FEATURES)
    idea = RichTextField(_("idea of the practice"), features=PRACTICE_TEXT_FEATURES)
    method = RichTextField(_("how it is done"), features=PRACTICE_TEXT_FEATURES)
    results = RichTextField(_("results and evidence"), features=PRACTICE_TEXT_FEATURES)
    resources = RichTextField(_("resources needed"), features=PRACTICE_TEXT_FEATURES, blank=True)
    author_organization = models.CharField(_("authors' organization"), max_length=500, blank=True)
    levels = ParentalManyToManyField("centers.EducationLevel", verbose_name=_("education levels"), blank=True)
    subjects = ParentalManyToManyField("centers.Subject", verbose_name=_("subjects"), blank=True)
    video_url = models.URLField(_("video"), blank=True, help_text=_("A link to a recording of the practice."))
    keywords = ClusterTaggableManager(verbose_name=_("keywords"), through="centers.PracticeTag", blank=True)
    # Who sent the practice in from the public form; never shown on the site.
    submitter_email = models.EmailField(_("sender's e-mail"), blank=True)
    submitted_at = models.DateTimeField(_("sent in at"), null=True, blank=True)
    plan_item = link_to_plan_item("linked_practices")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("problem"),
        FieldPanel("idea"),
        FieldPanel("method"),
        FieldPanel("results"),
        SameCenterChoicePanel("plan_item"),
        FieldPanel("resources"),
        MultiFieldPanel(
            [InlinePanel("authors", label=_("Authors")), FieldPanel("author_organization")],
            heading=_("Authors"),
        ),
        FieldRowPanel([FieldPanel("levels"), FieldPanel("subjects")]),
        FieldPanel("keywords"),
        InlinePanel("attachments", label=_("Attachments")),
        FieldPanel("video_url"),
    ]
    submission_panels = [
        FieldPanel("submitter_email", read_only=True),
        FieldPanel("submitted_at", read_only=True),
        ConsentRecordsPanel(heading=_("Consents")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
            ObjectList(submission_panels, heading=_("Submission")),
        ]
    )

    api_fields = [
        APIField("summary"),
        APIField("subjects", serializer=NamesField()),
        APIField("levels", serializer=NamesField()),
        APIField("video_url"),
        APIField("center", serializer=NameField("title")),
        APIField("attachments", serializer=AttachedFilesField()),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("idea"),
        index.SearchField("method"),
        index.SearchField("results"),
        index.SearchField("author_organization"),
        index.RelatedFields("authors", [index.SearchField("name")]),
        index.RelatedFields("subjects", [index.SearchField("name")]),
        index.RelatedFields("levels", [index.SearchField("name")]),
        index.RelatedFields("keywords", [index.SearchField("name")]),
        # Like a material, a practice is found by the words of its attached files.
        index.RelatedFields(
            "attachments", [index.RelatedFields("document", [index.SearchField("extracted_text")])]
        ),
        index.FilterField("levels"),
        index.FilterField("subjects"),
    ]

    parent_page_types = ["centers.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document")
        return context


class PracticeTag(TaggedItemBase):
    """A keyword of a practice: taggit's shared tags, so the editor's autocomplete offers those materials use."""

    content_object = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("practice keyword")
        verbose_name_plural = _("practice keywords")


class PracticeAuthor(PageAuthor):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="authors")


class PracticeAttachment(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "centers.CenterDocument", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
