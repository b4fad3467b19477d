"""The program of an event: what happens when, and who speaks."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from . import searchable


class ProgramItemBlock(searchable.StructBlock):
    start = wagtail_blocks.TimeBlock(label=_("Start"), format="%H:%M")
    end = wagtail_blocks.TimeBlock(label=_("End"), required=False, format="%H:%M")
    title = wagtail_blocks.CharBlock(label=_("Item"), max_length=300)
    speaker = wagtail_blocks.CharBlock(
        label=_("Speaker"),
        required=False,
        max_length=300,
        help_text=_("Name, position, organization, e.g. Петров А. С., учитель физики СОШ № 13."),
    )
    description = wagtail_blocks.TextBlock(label=_("Description"), required=False)

    class Meta:
        icon = "time"
        label = _("Program item")

    def clean(self, value):
        value = super().clean(value)
        start, end = value.get("start"), value.get("end")
        if start and end and end <= start:
            raise StructBlockValidationError(
                block_errors={"end": ValidationError(_("The item must end after it starts."))}
            )
        return value


class ProgramBlock(searchable.StructBlock):
    heading = wagtail_blocks.CharBlock(
        label=_("Heading"),
        required=False,
        max_length=200,
        help_text=_("E.g. “Program” or, for a two-day event, “Day 1, 12 March”."),
    )
    items = wagtail_blocks.ListBlock(ProgramItemBlock(), label=_("Items"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Program")
        template = "blocks/program.html"
