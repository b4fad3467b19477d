"""The document list: downloads named with their file type and size, so readers know what they will get."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.documents.blocks import DocumentChooserBlock

from . import searchable


class DocumentListBlock(searchable.StructBlock):
    heading = wagtail_blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    documents = wagtail_blocks.ListBlock(
        # The chooser resolves WAGTAILDOCS_DOCUMENT_MODEL itself (get_document_model), so blocks never imports centers.
        DocumentChooserBlock(label=_("Document")),
        label=_("Documents"),
        min_num=1,
        help_text=_("The document's title is the link text: make it say what the document is."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document list")
        template = "blocks/document_list.html"
