"""A center's questions and answers (FAQ): consultation answers useful to every teacher, published as pages.

The section lives at <center>/faq/; each question is a page, so it goes through the department's moderation and the
center's page permissions like any page a coordinator edits. A question drafted from a request keeps a link to it
(never shown publicly; a teacher's erasure clears it).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, Panel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from centers.common.kept import kept_public_q
from centers.common.references import ChoosableReferencesPageForm
from centers.content.listing import ChoiceFilter, listing_context, listing_query_parameters
from centers.content.models.center_content import CenterContentPage
from centers.directory.models.reference import EducationLevel, Subject
from centers.directory.models.sections import CenterSectionPage

ANSWER_FEATURES = ["bold", "italic", "ol", "ul", "link"]
QUESTION_FILTERS = (
    ChoiceFilter("subject", Subject, "subjects", "questions"),
    ChoiceFilter("level", EducationLevel, "levels", "questions"),
)
ANONYMITY_HELP = _(
    "The page is public: word the question so that it names neither the person nor the school who asked."
)
# A draft made from a consultation request starts with these (centers.consultations.publishing): the person's own
# words never enter the page, its revisions or the search index; the editor shows the request beside the fields.
DRAFT_TITLE = _("Question from consultation request No. %(number)s")
QUESTION_PLACEHOLDER = _(
    "Write the question here in your own words, without the name of the person, their school, phone or pupils. "
    "The request's text is shown above."
)
ANSWER_PLACEHOLDER = _("Write the answer here for every teacher: the answer to the request is shown above.")


class QuestionPageForm(ChoosableReferencesPageForm):
    """Refuses a draft still holding the placeholders: the coordinator writes the public text themselves."""

    def clean_question(self):
        question = self.cleaned_data["question"]
        if question.strip() == gettext(QUESTION_PLACEHOLDER):
            raise ValidationError(
                gettext("Write the question in your own words instead of this hint."), code="placeholder"
            )
        return question

    def clean_answer(self):
        answer = self.cleaned_data["answer"]
        if gettext(ANSWER_PLACEHOLDER) in strip_tags(answer or ""):
            raise ValidationError(
                gettext("Write the answer for every teacher instead of this hint."), code="placeholder"
            )
        return answer


class SourceRequestPanel(Panel):
    """Beside a draft made from a request: the request's topic, question and answer, read from the request (never
    copied into the page), so the coordinator rewrites them; after the teacher's erasure there is nothing to show."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "centers/consultations/source_request_panel.html"

        @property
        def consultation(self):
            return getattr(self.instance, "source_request", None)

        def is_shown(self):
            return self.consultation is not None and bool(self.consultation.question)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["consultation"] = self.consultation
            return context


class QuestionIndexPage(CenterSectionPage):
    template = "centers/consultations/question_index_page.html"
    subpage_types = ["centers.QuestionPage"]
    section_slug = "faq"
    section_title = _("Questions and answers")
    cache_query_parameters = listing_query_parameters(QUESTION_FILTERS)

    class Meta:
        verbose_name = _("questions and answers section")
        verbose_name_plural = _("questions and answers sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        questions = QuestionPage.objects.child_of(self).live().filter(kept_public_q())
        # The subjects and levels offered and the totals are kept until a page changes (the cards too, in the
        # template's kept fragment), not read on every request.
        context.update(
            listing_context(
                request, listed_questions(questions), QUESTION_FILTERS, count_key=f"questions:{self.pk}"
            )
        )
        return context


def listed_questions(queryset):
    """Newest answers first; a card shows only the page's own columns, so a list costs the same at any length."""
    return queryset.order_by("-date", "-first_published_at", "-pk")


class QuestionPage(CenterContentPage):
    template = "centers/consultations/question_page.html"
    serve_select_related = ("center",)  # portal.routing: read with the page
    question = models.TextField(_("question"), max_length=5000, help_text=ANONYMITY_HELP)
    answer = RichTextField(_("answer"), features=ANSWER_FEATURES)
    date = models.DateField(_("date of the answer"), default=timezone.localdate)
    levels = ParentalManyToManyField(
        "centers.EducationLevel", verbose_name=_("education levels"), blank=True, related_name="questions"
    )
    subjects = ParentalManyToManyField(
        "centers.Subject", verbose_name=_("subjects"), blank=True, related_name="questions"
    )
    # The consultation request the draft was made from; never shown on the site, cleared by the teacher's erasure.
    source_request = models.ForeignKey(
        "centers.ConsultationRequest",
        verbose_name=_("consultation request"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="published_questions",
    )

    base_form_class = QuestionPageForm
    content_panels = [
        SourceRequestPanel(heading=_("The consultation request (not published)")),
        *Page.content_panels,
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("date"),
        FieldRowPanel([FieldPanel("levels"), FieldPanel("subjects")]),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("question"),
        index.SearchField("answer"),
        index.RelatedFields("subjects", [index.SearchField("name")]),
        index.RelatedFields("levels", [index.SearchField("name")]),
        index.FilterField("levels"),
        index.FilterField("subjects"),
        index.FilterField("center"),
        index.FilterField("date"),
    ]

    parent_page_types = ["centers.QuestionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        indexes = [models.Index(fields=["date"], name="centers_question_date")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(subjects=list(self.subjects.all()), levels=list(self.levels.all()))
        return context
