"""The image block: a picture with the alternative text that blind readers hear instead of seeing it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from . import searchable

# "IMG_2041.jpg" says nothing to a listener; editors sometimes paste the file name to get past the check.
FILE_NAME = re.compile(r"\.(jpe?g|png|gif|webp|avif|heic|bmp|tiff?|svg)$", re.IGNORECASE)


class ImageFigureBlock(searchable.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = wagtail_blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=250,
        help_text=_(
            "Describes the image for blind readers: their screen reader reads this text aloud instead of the "
            "picture. Say what the image shows and why it matters here, e.g. “Teachers assemble a robot at the "
            "practicum”. Required unless the image is decorative."
        ),
    )
    decorative = wagtail_blocks.BooleanBlock(
        label=_("Decorative image"),
        required=False,
        help_text=_(
            "Tick only if the image carries no information (an ornament, a background): screen readers skip it."
        ),
    )
    caption = wagtail_blocks.CharBlock(
        label=_("Caption"),
        required=False,
        max_length=300,
        help_text=_("Shown under the image to every reader: what, where, when; the author of the photo."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation or value.get("decorative"):
            return value
        alt_text = (value.get("alt_text") or "").strip()
        if not alt_text:
            message = _("Describe the image for readers who cannot see it, or mark it as decorative.")
        elif FILE_NAME.search(alt_text):
            message = _("A file name tells a blind reader nothing: describe what the image shows.")
        else:
            return value
        raise StructBlockValidationError(block_errors={"alt_text": ValidationError(message)})
