"""An answered consultation request becomes a draft question-and-answer page, without who asked.

Nothing a person typed is copied: their question may name them, their phone or a pupil, and a page keeps every
version in its revisions, log and search index. The draft gets a neutral title and placeholders; the page editor
shows the request's topic, question and answer beside them (read from the request, so a teacher's erasure removes
them there too), and refuses to save until the coordinator has written the question and the answer in their own
words. The draft then goes through the department's moderation.
"""

from django.db import transaction
from django.utils.html import escape
from django.utils.translation import gettext

from centers.common.slugs import unique_child_slug
from centers.consultations.faq import (
    ANSWER_PLACEHOLDER,
    DRAFT_TITLE,
    QUESTION_PLACEHOLDER,
    QuestionIndexPage,
    QuestionPage,
)
from centers.consultations.models import ConsultationRequest

TITLE_LENGTH = 255


def plain_text_as_rich_text(text):
    """The coordinator's plain answer as Wagtail rich text: a paragraph per blank-line block, line breaks kept."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    return "".join(
        "<p>" + "<br/>".join(escape(line) for line in block.split("\n")) + "</p>" for block in blocks
    )


def questions_section(center, user=None):
    """The center's «Вопросы и ответы»: provisioning creates it; a center provisioned before gets it here."""
    section = QuestionIndexPage.objects.child_of(center).first()
    if section is not None:
        return section
    slug = QuestionIndexPage.section_slug
    if center.get_children().filter(slug=slug).exists():  # an editor's page holds the address
        slug = unique_child_slug(center, slug, fallback="faq")
    section = QuestionIndexPage(title=QuestionIndexPage.section_title, slug=slug, owner=user)
    center.add_child(instance=section)
    # Published as provisioning publishes sections: an empty list, structure rather than content; each question in
    # it still needs the department's approval.
    section.save_revision().publish()
    return section


def can_publish(consultation):
    return consultation.status == ConsultationRequest.Status.ANSWERED and bool(consultation.answer.strip())


def existing_question(consultation):
    return QuestionPage.objects.filter(source_request=consultation).order_by("pk").first()


def placeholders(consultation):
    title = (gettext(DRAFT_TITLE) % {"number": consultation.pk})[:TITLE_LENGTH]
    return {
        "title": title,
        "question": gettext(QUESTION_PLACEHOLDER),
        "answer": plain_text_as_rich_text(gettext(ANSWER_PLACEHOLDER)),
    }


@transaction.atomic
def draft_question(consultation, user):
    """A draft under the center's section with placeholders; nothing of the request is copied (see above)."""
    section = questions_section(consultation.center, user)
    fields = placeholders(consultation)
    page = QuestionPage(
        slug=unique_child_slug(section, f"question-{consultation.pk}", fallback="question"),
        source_request=consultation,
        **fields,
        live=False,
        owner=user,
    )
    section.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


def copied_from(consultation):
    """The request's texts as a draft made before placeholders would hold them, word for word."""
    return {
        "title": consultation.topic.strip()[:TITLE_LENGTH],
        "question": consultation.question.strip(),
        "answer": plain_text_as_rich_text(consultation.answer),
    }


def without_copies(values, copied, neutral):
    """`values` with every field still holding the request's text put back to its placeholder."""
    changed = {name: neutral[name] for name, text in copied.items() if text and values.get(name) == text}
    return {**values, **changed} if changed else values


def unlink_questions(requests):
    """A teacher's erasure: pages keep their public text (the coordinator rewrote it) and forget the request, in
    every revision too, so publishing an older draft does not bring the link back. A draft made before the
    placeholders that still holds the request's topic, question or answer word for word gets the placeholders
    instead, in every revision. Returns the pages touched, for the search index."""
    pages = list(QuestionPage.objects.filter(source_request__in=requests).select_related("source_request"))
    for page in pages:
        copied, neutral = copied_from(page.source_request), placeholders(page.source_request)
        fields = without_copies({name: getattr(page, name) for name in copied}, copied, neutral)
        if page.draft_title == copied["title"]:
            fields["draft_title"] = neutral["title"]
        if page.first_published_at is None and page.slug != f"question-{page.source_request_id}":
            section = page.get_parent()
            fields["slug"] = unique_child_slug(
                section, f"question-{page.source_request_id}", fallback="question"
            )
            fields["url_path"] = f"{section.url_path}{fields['slug']}/"
        QuestionPage.objects.filter(pk=page.pk).update(source_request=None, **fields)
        for revision in page.revisions.all():
            content = without_copies(revision.content, copied, neutral)
            if content.get("draft_title") == copied["title"]:
                content = {**content, "draft_title": neutral["title"]}
            content = {**content, "source_request": None}
            if "slug" in fields:
                content.update(slug=fields["slug"], url_path=fields["url_path"])
            if content != revision.content or revision.object_str == copied["title"]:
                revision.content = content
                revision.object_str = content.get("title", revision.object_str)
                revision.save(update_fields=["content", "object_str"])
    return [page.pk for page in pages]
