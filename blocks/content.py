"""Text blocks: headings, paragraphs and quotes, rendered as accessible HTML."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks

from . import searchable
from .choices import ChoiceBlock

RICH_TEXT_FEATURES = ["bold", "italic", "h3", "h4", "ol", "ul", "link", "document-link"]


class HeadingBlock(searchable.StructBlock):
    text = wagtail_blocks.CharBlock(label=_("Text"), max_length=200)
    level = ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subsection heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"


class ParagraphBlock(wagtail_blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        kwargs.setdefault("label", _("Text"))
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"


class QuoteBlock(searchable.StructBlock):
    text = wagtail_blocks.TextBlock(label=_("Quote"))
    source = wagtail_blocks.CharBlock(label=_("Source"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"
