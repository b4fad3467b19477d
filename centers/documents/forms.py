"""The admin's document and image forms: content checks, decompression bombs and a full disk end in a form error.

Wagtail saves the file while it saves the row, so a storage failure there is a server error, and on replacing a file
it deletes the old one first. These forms write the new file during validation instead: if the storage refuses it,
the editor sees why, no row is written and the old file is still there.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from centers.common.uploads import DOCX, IMAGE, ODP, ODT, PDF, PPTX, XLSX, UploadValidator

logger = logging.getLogger(__name__)

DOCUMENT_KINDS = [PDF, DOCX, ODT, PPTX, ODP, XLSX, IMAGE]
DEFAULT_DOCUMENT_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
STORAGE_FAILED = _(
    "The file could not be saved on the server (no space left or no permission). Nothing was saved; please try again later or tell the site administrator."
)


def store_file_before_saving_row(form, field_name="file"):
    """Write the uploaded file to storage now; on failure add a form error, and nothing is left half-stored."""
    uploaded = form.cleaned_data.get(field_name)
    if not uploaded or field_name not in form.changed_data or form.errors:
        return
    # Not through instance.file: Wagtail's forms keep that object as "the original file" and delete its name.
    model_field = form.instance._meta.get_field(field_name)
    try:
        name = model_field.generate_filename(form.instance, uploaded.name)
        stored_name = model_field.storage.save(name, uploaded, max_length=model_field.max_length)
    except OSError:
        logger.exception("Storing the upload %s failed", uploaded.name)
        form.add_error(field_name, STORAGE_FAILED)
        return
    # The stored name replaces the upload, so saving the row writes nothing more to the disk.
    form.cleaned_data[field_name] = stored_name


class CenterDocumentForm(BaseDocumentForm):
    """Documents are accepted by what their bytes are (PDF, office formats, images), within a size limit."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            limit = getattr(settings, "CENTERS_DOCUMENT_MAX_UPLOAD_SIZE", DEFAULT_DOCUMENT_MAX_UPLOAD_SIZE)
            UploadValidator(DOCUMENT_KINDS, max_bytes=limit)(uploaded)
        return uploaded

    def clean(self):
        cleaned_data = super().clean()
        uploaded = cleaned_data.get("file")
        if uploaded and "file" in self.changed_data and not self.errors:
            # Read the text now: once stored below, the model no longer sees a new upload to read.
            self.instance.extract_text(uploaded)
        store_file_before_saving_row(self)
        return cleaned_data


class ImageFieldRefusingBombs(WagtailImageField):
    """Wagtail's image field, with Pillow's decompression-bomb refusal turned into a form error."""

    def to_python(self, data):
        try:
            return super().to_python(data)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(
                _("The image is too large to process."), code="decompression_bomb"
            ) from error


class CenterImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.fields.get("file"), WagtailImageField):
            # Same field, same configuration (limits, messages, widget), one more refusal.
            self.fields["file"].__class__ = ImageFieldRefusingBombs

    def clean(self):
        cleaned_data = super().clean()
        store_file_before_saving_row(self)
        return cleaned_data
