"""The document model of the add-on: Wagtail's document plus the text extracted from it for search."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index

from centers.documents.text_extraction import extract_text


class CenterDocument(AbstractDocument):
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_warning = models.CharField(
        _("text extraction warning"), max_length=300, blank=True, editable=False
    )
    # A file sent from a public form (no account): nobody has looked at it yet (centers.documents.privacy).
    private_until_published = models.BooleanField(
        _("private until a page using it is published"), default=False, editable=False
    )

    admin_form_fields = Document.admin_form_fields

    search_fields = [*AbstractDocument.search_fields, index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def save(self, *args, **kwargs):
        """A newly uploaded file (not yet in storage) has its text read before it is stored."""
        if self.file and not getattr(self.file, "_committed", True):
            self.extract_text()
        super().save(*args, **kwargs)

    def extract_text(self, uploaded=None):
        """Read the text of `uploaded`, or of this document's own file, and keep it with any warning."""
        source = (
            uploaded
            if uploaded is not None
            else (self.file.file if hasattr(self.file, "file") else self.file)
        )
        extraction = extract_text(source)
        self.extracted_text = extraction.text
        self.extraction_warning = extraction.warning[:300]
