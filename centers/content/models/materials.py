"""Methodological materials and recommendations a center publishes, with authors, files and keywords."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from blocks.stream import body_blocks
from centers.common.api_fields import AttachedFilesField, NameField, NamesField
from centers.common.kept import kept_public_q
from centers.common.pagetree import live_children_newest_first
from centers.common.same_center import SameCenterChoicePanel, link_to_plan_item
from centers.content.listing import MATERIAL_FILTERS, listing_context, listing_query_parameters
from centers.content.models.authors import PageAuthor
from centers.content.models.center_content import CenterContentPage
from centers.directory.models.sections import CenterSectionPage

FIRST_YEAR = 1990
RELATED_MATERIALS = 4
LAST_YEAR = 2100


class MaterialIndexPage(CenterSectionPage):
    template = "centers/content/material_index_page.html"
    subpage_types = ["centers.MaterialPage"]
    section_slug = "materials"
    section_title = _("Methodological materials")
    cache_query_parameters = listing_query_parameters(MATERIAL_FILTERS)

    class Meta:
        verbose_name = _("materials section")
        verbose_name_plural = _("materials sections")

    def get_parent_center_id(self):
        """The center above the section, as a subquery (no query of its own): the parent's path is ours minus a step."""
        return Page.objects.filter(path=self.path[: -self.steplen]).values("pk")[:1]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The newest 20 are read in order off the index of children by first publication (centers.pagetree), and the
        # total is counted once per state of the pages and kept (listing.cached_count), not over the whole section.
        materials = live_children_newest_first(MaterialPage.objects.all(), self).filter(kept_public_q())
        # The filters' options come from the center's live materials by the indexed center column (the section is
        # the center's only one), not from a pass over the section's page-tree rows: constant cost at any size.
        scope = MaterialPage.objects.filter(center_id=self.get_parent_center_id())
        context.update(
            listing_context(
                request,
                listed_materials(materials),
                MATERIAL_FILTERS,
                scope,
                count_key=f"materials:{self.pk}",
            )
        )
        return context


def newest_materials(queryset):
    """Materials of many sections, newest first, read in order off the index of pages by type (migration 0017)."""
    # Only materials are MaterialPage rows, so the content type changes nothing but the plan.
    return listed_materials(queryset.exact_type(MaterialPage))


def listed_materials(queryset):
    """Materials with everything a card shows, in a constant number of queries, newest first."""
    return (
        queryset.select_related("material_type", "center", "cover_image")
        .prefetch_related("subjects", "levels", "authors", "cover_image__renditions")
        .order_by("-first_published_at", "-pk")
    )


class MaterialPage(CenterContentPage):
    template = "centers/content/material_page.html"
    # portal.routing: read with the page (its heading names the type and the center, the RSS links the center).
    serve_select_related = ("center", "material_type", "cover_image")
    abstract = models.TextField(_("abstract"), max_length=2000)
    material_type = models.ForeignKey(
        "centers.MaterialType",
        verbose_name=_("material type"),
        on_delete=models.PROTECT,
        related_name="materials",
    )
    subjects = ParentalManyToManyField(
        "centers.Subject", verbose_name=_("subjects"), blank=True, related_name="materials"
    )
    levels = ParentalManyToManyField(
        "centers.EducationLevel", verbose_name=_("education levels"), blank=True, related_name="materials"
    )
    audience = models.CharField(
        _("audience"),
        max_length=300,
        blank=True,
        help_text=_("Who the material is for, e.g. primary school teachers, deputy heads."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(body_blocks(), verbose_name=_("text"), blank=True)
    keywords = ClusterTaggableManager(verbose_name=_("keywords"), through="centers.MaterialTag", blank=True)
    plan_item = link_to_plan_item("linked_materials")

    content_panels = [
        *Page.content_panels,
        FieldPanel("abstract"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("material_type"), FieldPanel("year")]),
                FieldPanel("subjects"),
                FieldPanel("levels"),
                FieldPanel("audience"),
                FieldPanel("keywords"),
            ],
            heading=_("Description"),
        ),
        InlinePanel("authors", label=_("Authors"), min_num=0),
        InlinePanel("attachments", label=_("Files"), min_num=1),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        SameCenterChoicePanel("plan_item"),
    ]

    # Wagtail's API v2 (/api/v2/pages/?type=centers.MaterialPage&fields=*): what a school's site would show.
    api_fields = [
        APIField("abstract"),
        APIField("material_type", serializer=NameField()),
        APIField("subjects", serializer=NamesField()),
        APIField("levels", serializer=NamesField()),
        APIField("audience"),
        APIField("year"),
        APIField("center", serializer=NameField("title")),
        APIField("attachments", serializer=AttachedFilesField()),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("abstract"),
        index.SearchField("body"),
        index.SearchField("audience"),
        index.RelatedFields("authors", [index.SearchField("name"), index.SearchField("organization")]),
        index.RelatedFields("keywords", [index.SearchField("name")]),
        index.RelatedFields("material_type", [index.SearchField("name")]),
        index.RelatedFields("subjects", [index.SearchField("name")]),
        index.RelatedFields("levels", [index.SearchField("name")]),
        index.RelatedFields(
            "attachments", [index.RelatedFields("document", [index.SearchField("extracted_text")])]
        ),
        index.FilterField("center"),
        index.FilterField("material_type"),
        index.FilterField("year"),
        index.FilterField("subjects"),
        index.FilterField("levels"),
    ]

    parent_page_types = ["centers.MaterialIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        indexes = [
            # The materials section's filter options: which types a center has (EXISTS), its years (MIN/MAX).
            models.Index(fields=["center", "material_type"], name="centers_material_center_type"),
            models.Index(fields=["center", "year"], name="centers_material_center_year"),
        ]

    def attachments_with_documents(self):
        """The files with their documents in one query, not one more per file."""
        return self.attachments.select_related("document")

    def author_names(self):
        return ", ".join(author.name for author in self.authors.all())

    def related_materials(self):
        """A few other public materials sharing a keyword (first) or a subject, newest first; three queries, read
        only when the page's kept block is rendered again (after a publication)."""
        subject_ids = [subject.pk for subject in self.subjects.all()]
        tag_ids = [tag.pk for tag in self.keywords.all()]
        if not subject_ids and not tag_ids:
            return []
        same_keyword = MaterialTag.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
        same_subject = MaterialPage.subjects.through.objects.filter(
            materialpage_id=OuterRef("pk"), subject_id__in=subject_ids
        )
        return list(
            MaterialPage.objects.live()
            .filter(kept_public_q())
            .exclude(pk=self.pk)
            .annotate(by_keyword=Exists(same_keyword))
            .filter(Q(by_keyword=True) | Exists(same_subject))
            .select_related("center", "material_type")
            .order_by("-by_keyword", "-first_published_at", "-pk")[:RELATED_MATERIALS]
        )


class MaterialAuthor(PageAuthor):
    page = ParentalKey(MaterialPage, on_delete=models.CASCADE, related_name="authors")


class MaterialAttachment(Orderable):
    page = ParentalKey(MaterialPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "centers.CenterDocument", verbose_name=_("file"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.caption or self.document.title


class MaterialTag(TaggedItemBase):
    content_object = ParentalKey(MaterialPage, on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("material keyword")
        verbose_name_plural = _("material keywords")
