"""The program of an event: one item per talk or part, with its time and speaker."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks


class ProgramItemBlock(wagtail_blocks.StructBlock):
    time = wagtail_blocks.CharBlock(
        label=_("Time"), max_length=30, required=False, help_text=_("e.g. 10:00–10:20")
    )
    title = wagtail_blocks.CharBlock(label=_("Item"), max_length=300)
    speaker = wagtail_blocks.CharBlock(label=_("Speaker"), max_length=300, required=False)

    class Meta:
        icon = "time"
        label = _("Program item")
        template = "blocks/program_item.html"
