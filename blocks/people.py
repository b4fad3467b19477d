"""The person card: an author or speaker as readers meet them, with name, position and organization."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.images.blocks import ImageChooserBlock

from . import searchable


class PersonBlock(searchable.StructBlock):
    name = wagtail_blocks.CharBlock(
        label=_("Full name"), max_length=200, help_text=_("E.g. Иванова Ольга Петровна.")
    )
    position = wagtail_blocks.CharBlock(label=_("Position"), required=False, max_length=200)
    organization = wagtail_blocks.CharBlock(label=_("Organization"), required=False, max_length=300)
    photo = ImageChooserBlock(
        label=_("Photo"),
        required=False,
        help_text=_(
            "Publish a photo only with the person's written consent to its distribution (152-FZ, art. 10.1)."
        ),
    )
    bio = wagtail_blocks.TextBlock(label=_("Short biography"), required=False, max_length=1000)

    class Meta:
        icon = "user"
        label = _("Person card")
        template = "blocks/person.html"
