"""Teachers send in a practice without an account: the form, the draft page it becomes, and the e-mails."""

import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection

from centers.common.email_addresses import NormalisedEmailField
from centers.common.rate_limit import client_ip, submission_limit_reached, take_submission_slot
from centers.common.slugs import unique_child_slug
from centers.common.uploads import DOCX, IMAGE, ODT, PDF, PPTX, UploadValidator
from centers.directory.models import EducationLevel, Subject
from centers.documents.models import CenterDocument
from centers.outbox.letters import (
    compose_text_letter,
    notify_coordinators,
    send_letter_now,
    send_letter_now_or_later,
)
from centers.practices.models import PracticeAttachment, PracticeAuthor, PracticePage
from centers.privacy.consent import consent_field, record_consents
from centers.privacy.models import ConsentRecord

RATE_LIMIT_SCOPE = "practice"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 30 * 1024 * 1024
MAX_FILES = 10
TEXT_LIMIT = 5000


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each file goes through the field's validators."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PracticeSubmissionForm(forms.Form):
    title = forms.CharField(label=_("Name of the practice"), max_length=255)
    problem = forms.CharField(label=_("Problem"), widget=forms.Textarea, max_length=TEXT_LIMIT)
    idea = forms.CharField(label=_("Idea of the practice"), widget=forms.Textarea, max_length=TEXT_LIMIT)
    method = forms.CharField(label=_("How it is done"), widget=forms.Textarea, max_length=TEXT_LIMIT)
    results = forms.CharField(label=_("Results and evidence"), widget=forms.Textarea, max_length=TEXT_LIMIT)
    resources = forms.CharField(
        label=_("Resources needed"), widget=forms.Textarea, max_length=TEXT_LIMIT, required=False
    )
    authors = forms.CharField(
        label=_("Authors"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("One author per line: surname, name and patronymic, then a comma and the position."),
    )
    author_organization = forms.CharField(label=_("Authors' organization"), max_length=500)
    levels = forms.ModelMultipleChoiceField(
        label=_("Education levels"),
        queryset=EducationLevel.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    subjects = forms.ModelMultipleChoiceField(
        label=_("Subjects"),
        queryset=Subject.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    video_url = forms.URLField(label=_("Link to a video"), required=False, assume_scheme="https")
    attachments = MultipleFileField(
        label=_("Files"),
        required=False,
        validators=[UploadValidator([PDF, DOCX, ODT, PPTX, IMAGE], MAX_FILE_BYTES)],
        help_text=_(
            "PDF, DOCX, ODT, PPTX or JPEG/PNG images; up to %(count)s files, %(file)s each, %(total)s in all."
        )
        % {
            "count": MAX_FILES,
            "file": filesizeformat(MAX_FILE_BYTES),
            "total": filesizeformat(MAX_TOTAL_BYTES),
        },
    )
    email = NormalisedEmailField(
        label=_("Your e-mail"), help_text=_("We send the receipt and the moderation result here.")
    )
    consent_personal_data = consent_field(
        ConsentRecord.Kind.PERSONAL_DATA,
        _("Without consent to the processing of personal data we cannot accept the practice."),
    )
    consent_publication = consent_field(
        ConsentRecord.Kind.PUBLICATION,
        _("Without consent to publish the authors' names we cannot publish the practice."),
    )
    # Left empty by people (it is off screen and its label asks to leave it); bots fill every field they see.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_title(self):
        """The page's address is made from the title: one of only emoji or invisible marks would give none."""
        title = self.cleaned_data["title"]
        if not slugify(title, allow_unicode=getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)):
            raise ValidationError(
                _("The name of the practice must contain letters or digits."), code="title_without_letters"
            )
        return title

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(
                _("The form was not sent: a field meant to stay empty was filled in."), code="honeypot"
            )
        return ""

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Too many files: at most %(count)s."), code="too_many_files", params={"count": MAX_FILES}
            )
        if sum(item.size for item in files) > MAX_TOTAL_BYTES:
            raise ValidationError(
                _("The files together exceed %(limit)s."),
                code="total_too_large",
                params={"limit": filesizeformat(MAX_TOTAL_BYTES)},
            )
        return files

    def clean_authors(self):
        authors = []
        for line in self.cleaned_data["authors"].splitlines():
            name, _comma, position = line.partition(",")
            if name.strip():
                authors.append((name.strip()[:200], position.strip()[:200]))
        if not authors:
            raise ValidationError(_("Name at least one author."), code="no_authors")
        return authors


def rich_text_from(plain):
    """Paragraphs of escaped text, as Wagtail rich text; the teacher's text never becomes markup."""
    return linebreaks(plain, autoescape=True) if plain else ""


def create_practice_draft(index, data, request):
    """A draft PracticePage under `index` (never live), its files in the center's collection (private until the page
    is published), the consents, and the moderation workflow started; e-mails go out once the transaction commits.
    If anything fails, no row stays and the files already written are deleted."""
    documents = []
    try:
        with transaction.atomic():
            return _create_practice_draft(index, data, request, documents)
    except Exception:
        for document in documents:
            document.file.delete(save=False)
        raise


def _store_attachments(uploads, collection, documents):
    """Writes each file and its row, listing each in `documents` at once, so a later failure finds it to delete."""
    for uploaded in uploads:
        document = CenterDocument(
            title=os.path.splitext(os.path.basename(uploaded.name))[0][:255] or uploaded.name,
            file=uploaded,
            collection=collection,
            # Nobody has reviewed it: served only once the practice is published (centers.documents.privacy).
            private_until_published=True,
        )
        document._set_document_file_metadata()
        document.save()
        documents.append(document)


def _create_practice_draft(index, data, request, documents):
    """The rows of create_practice_draft, inside its transaction."""
    center = index.center
    collection = getattr(center, "collection", None) or Collection.get_first_root_node()
    _store_attachments(data["attachments"], collection, documents)
    page = PracticePage(
        title=data["title"],
        slug=unique_child_slug(index, data["title"], fallback="practice"),
        live=False,
        problem=rich_text_from(data["problem"]),
        idea=rich_text_from(data["idea"]),
        method=rich_text_from(data["method"]),
        results=rich_text_from(data["results"]),
        resources=rich_text_from(data["resources"]),
        author_organization=data["author_organization"],
        video_url=data["video_url"],
        submitter_email=data["email"],
        submitted_at=timezone.now(),
        authors=[
            PracticeAuthor(name=name, position=position, organization=data["author_organization"])
            for name, position in data["authors"]
        ],
        attachments=[PracticeAttachment(document=document) for document in documents],
    )
    page.levels = data["levels"]
    page.subjects = data["subjects"]
    index.add_child(instance=page)
    page.save_revision(log_action=True)
    record_consents(
        [ConsentRecord.Kind.PERSONAL_DATA, ConsentRecord.Kind.PUBLICATION],
        email=data["email"],
        subject=page,
        ip_address=client_ip(request),
        name="; ".join(name for name, _position in data["authors"]),
    )
    workflow = page.get_workflow()
    if workflow is not None:
        # Nobody is logged in: the workflow state records no requesting user, which is what happened.
        workflow.start(page, None)
    send_practice_emails(page, center)
    return page


def send_practice_emails(page, center):
    """The receipt to the teacher and the notice to the coordinators, written to the outbox, sent after commit."""
    tell_the_sender(
        gettext("Your practice has been received: %(title)s") % {"title": page.title},
        gettext(
            "Hello!\n\nThe resource center “%(center)s” has received your practice “%(title)s”. "
            "It is now with the moderators; it appears on the site once they approve it, and we will write to you.\n\n"
            "This letter was sent automatically; please do not reply to it."
        )
        % {"center": center.title, "title": page.title},
        page,
    )
    edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_pages:edit", args=[page.pk])
    notify_coordinators(
        center,
        gettext("A practice was sent in for moderation: %(title)s") % {"title": page.title},
        gettext(
            "A teacher has sent the practice “%(title)s” to the resource center “%(center)s”.\n"
            "Authors: %(authors)s (%(organization)s).\n\nReview the draft: %(url)s"
        )
        % {
            "title": page.title,
            "center": center.title,
            "authors": ", ".join(author.name for author in page.authors.all()),
            "organization": page.author_organization,
            "url": edit_url,
        },
    )


def tell_the_sender(subject, body, page, send=send_letter_now_or_later):
    send(compose_text_letter(subject, body, [page.submitter_email]))


def send_published_notice(page):
    """Sent at once from the publishing signal; a refused letter waits in the outbox."""
    tell_the_sender(
        gettext("Your practice is published: %(title)s") % {"title": page.title},
        gettext(
            "Hello!\n\nYour practice “%(title)s” has passed moderation and is published: %(url)s\n\n"
            "Thank you for sharing your experience."
        )
        % {"title": page.title, "url": page.get_full_url() or page.url},
        page,
        send=send_letter_now,
    )


def send_rejection_notice(page, comment):
    body = gettext(
        "Hello!\n\nThe moderators have not published your practice “%(title)s” yet and returned it for changes."
    ) % {"title": page.title}
    if comment:
        body += "\n\n" + gettext("The moderator's comment: %(comment)s") % {"comment": comment}
    body += "\n\n" + gettext("You can reply to the center's coordinators at the contacts on its page.")
    tell_the_sender(
        gettext("Your practice was returned for changes: %(title)s") % {"title": page.title},
        body,
        page,
        send=send_letter_now,
    )


def too_many_submissions(request, index):
    return TemplateResponse(
        request, "centers/common/submission_refused.html", {"page": index, "self": index}, status=429
    )


def practice_submission_view(request, index):
    if not index.open_for_submissions:
        raise Http404
    status = 200
    if request.method == "POST":
        if submission_limit_reached(RATE_LIMIT_SCOPE, request, request.POST.get("email")):
            return too_many_submissions(request, index)
        form = PracticeSubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            if not take_submission_slot(RATE_LIMIT_SCOPE, request, form.cleaned_data["email"]):
                return too_many_submissions(request, index)
            try:
                create_practice_draft(index, form.cleaned_data, request)
            except ValidationError as error:  # the page itself refused (e.g. by a rule of the page tree)
                form.add_error(None, error.messages)
            else:
                return redirect(index.url + index.reverse_subpage("thanks"))
        status = 400
    else:
        form = PracticeSubmissionForm()
    return TemplateResponse(
        request,
        "centers/practices/practice_submission.html",
        {"page": index, "self": index, "form": form},
        status=status,
    )


def practice_received_view(request, index):
    return TemplateResponse(
        request, "centers/practices/practice_received.html", {"page": index, "self": index}
    )
