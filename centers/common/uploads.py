"""Checks uploaded files by their content, not their name: a renamed HTML or SVG never passes as a PDF."""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

PDF = "pdf"
DOCX = "docx"
ODT = "odt"
PPTX = "pptx"
ODP = "odp"
XLSX = "xlsx"
IMAGE = "image"

# What a person sees in an error message for each kind, and the file name endings that may carry it.
KIND_LABELS = {
    PDF: "PDF",
    DOCX: "DOCX",
    ODT: "ODT",
    PPTX: "PPTX",
    ODP: "ODP",
    XLSX: "XLSX",
    IMAGE: "JPEG/PNG",
}
KIND_EXTENSIONS = {
    PDF: {"pdf"},
    DOCX: {"docx"},
    ODT: {"odt"},
    PPTX: {"pptx"},
    ODP: {"odp"},
    XLSX: {"xlsx"},
    IMAGE: {"jpg", "jpeg", "png", "webp"},
}
OPEN_DOCUMENT_TYPES = {
    "application/vnd.oasis.opendocument.text": ODT,
    "application/vnd.oasis.opendocument.presentation": ODP,
}
OFFICE_FOLDERS = {"word/": DOCX, "ppt/": PPTX, "xl/": XLSX}
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def detect_kind(uploaded):
    """The kind of file the bytes say it is, or None; the read position is restored."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        uploaded.seek(0)
        head = uploaded.read(8)
        uploaded.seek(0)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            return _detect_zip_kind(uploaded)
        return _detect_image_kind(uploaded)
    finally:
        uploaded.seek(position)


def _detect_zip_kind(uploaded):
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return OPEN_DOCUMENT_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                for folder, kind in OFFICE_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _detect_image_kind(uploaded):
    try:
        with Image.open(uploaded) as image:
            image.verify()
            return IMAGE if image.format in IMAGE_FORMATS else None
    except Image.DecompressionBombError as error:
        raise ValidationError(_("The image is too large to process."), code="decompression_bomb") from error
    except Exception:  # Pillow raises many kinds for non-images; any of them means "not an image we accept"
        return None


def extension_of(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


@deconstructible
class UploadValidator:
    """A form/model field validator: allowed kinds by content, the name's ending must match, and a size limit."""

    def __init__(self, kinds, max_bytes):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, uploaded):
        allowed = ", ".join(KIND_LABELS[kind] for kind in self.kinds)
        if uploaded.size > self.max_bytes:
            raise ValidationError(
                _("The file “%(name)s” is %(size)s; the limit is %(limit)s."),
                code="file_too_large",
                params={
                    "name": uploaded.name,
                    "size": filesizeformat(uploaded.size),
                    "limit": filesizeformat(self.max_bytes),
                },
            )
        kind = detect_kind(uploaded)
        if kind not in self.kinds or extension_of(uploaded.name) not in KIND_EXTENSIONS[kind]:
            raise ValidationError(
                _("The file “%(name)s” is not an accepted document. Accepted formats: %(allowed)s."),
                code="file_type",
                params={"name": uploaded.name, "allowed": allowed},
            )

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_bytes) == (
            other.kinds,
            other.max_bytes,
        )
