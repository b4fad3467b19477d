"""An answered consultation request becomes a draft question-and-answer page, without who asked.

Only the topic, the question and the answer are copied: the requester's name, e-mail, phone and organization never
reach the page or its revisions. The draft then goes through the editor and the department's moderation.
"""

from django.db import transaction
from django.utils.html import escape

from centers.common.slugs import unique_child_slug
from centers.consultations.faq import QuestionIndexPage, QuestionPage
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


@transaction.atomic
def draft_question(consultation, user):
    """A draft under the center's section, prefilled with the topic, question and answer only."""
    section = questions_section(consultation.center, user)
    title = consultation.topic.strip()[:TITLE_LENGTH]
    page = QuestionPage(
        title=title,
        slug=unique_child_slug(section, title, fallback="question"),
        question=consultation.question.strip(),
        answer=plain_text_as_rich_text(consultation.answer),
        source_request=consultation,
        live=False,
        owner=user,
    )
    section.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


def unlink_questions(requests):
    """A teacher's erasure: pages keep their public text (the coordinator rewrote it) and forget the request, in
    every revision too, so publishing an older draft does not bring the link back."""
    pages = list(QuestionPage.objects.filter(source_request__in=requests).values_list("pk", flat=True))
    if not pages:
        return 0
    QuestionPage.objects.filter(pk__in=pages).update(source_request=None)
    for page in QuestionPage.objects.filter(pk__in=pages):
        for revision in page.revisions.all():
            if revision.content.get("source_request") is not None:
                revision.content["source_request"] = None
                revision.save(update_fields=["content"])
    return len(pages)
