"""The document model of the add-on: Wagtail's document plus the text extracted from it for search."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtail.search import index


class CenterDocument(AbstractDocument):
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    search_fields = [*AbstractDocument.search_fields, index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
