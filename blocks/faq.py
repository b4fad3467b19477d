"""Frequently asked questions as an accordion that opens without JavaScript."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks

from . import searchable
from .content import RICH_TEXT_FEATURES


class QuestionBlock(searchable.StructBlock):
    question = wagtail_blocks.CharBlock(label=_("Question"), max_length=300)
    answer = wagtail_blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question and answer")


class FAQBlock(searchable.StructBlock):
    heading = wagtail_blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    items = wagtail_blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "blocks/faq.html"
