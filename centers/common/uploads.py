"""Checks uploaded files by their content, not their name: a renamed HTML or SVG never passes as a PDF.

Office files are ZIP archives: the check reads their directory from its declared sizes and at most a few bytes of
one member, so an archive bomb (a small file that unpacks to hundreds of megabytes) costs no memory, and is refused.
"""

import struct
import zipfile

from django.conf import settings
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

# An ODF "mimetype" member is ~45 bytes; more is never read.
MIMETYPE_READ_BYTES = 128
# The ZIP directory is read into memory whole (one object per member): real office files have hundreds of members.
MAX_ARCHIVE_MEMBERS = 10_000
MAX_ARCHIVE_DIRECTORY_BYTES = 4 * 1024 * 1024
# What the members of one upload may unpack to in all (setting CENTERS_UPLOAD_MAX_UNPACKED_BYTES).
DEFAULT_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
END_OF_DIRECTORY = b"PK\x05\x06"
END_OF_DIRECTORY_SIZE = 22
MAX_ZIP_COMMENT = 65_535


def max_unpacked_bytes():
    return getattr(settings, "CENTERS_UPLOAD_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)


def archive_too_large():
    return ValidationError(
        _("The file unpacks to more than %(limit)s (office documents are archives): it cannot be accepted."),
        code="archive_too_large",
        params={"limit": filesizeformat(max_unpacked_bytes())},
    )


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


def _zip_directory_size(uploaded):
    """Members and bytes of the ZIP directory, from its end record, before zipfile reads the directory whole."""
    size = uploaded.seek(0, 2)
    tail_size = min(size, END_OF_DIRECTORY_SIZE + MAX_ZIP_COMMENT)
    uploaded.seek(size - tail_size)
    tail = uploaded.read(tail_size)
    uploaded.seek(0)
    at = tail.rfind(END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < END_OF_DIRECTORY_SIZE:
        return None
    return struct.unpack("<HI", tail[at + 10 : at + 16])


def _refuse_archive_bombs(uploaded):
    """Refuses an archive whose directory or unpacked members are too large, reading declared sizes only."""
    directory = _zip_directory_size(uploaded)
    if directory is None:
        raise zipfile.BadZipFile("no end of directory record")
    members, directory_bytes = directory
    # 0xFFFF members or 0xFFFFFFFF bytes mean ZIP64, which no office file of an accepted size needs.
    if members >= min(MAX_ARCHIVE_MEMBERS, 0xFFFF) or directory_bytes > MAX_ARCHIVE_DIRECTORY_BYTES:
        raise ValidationError(
            _("The file is an archive of too many parts (at most %(limit)s): it cannot be accepted."),
            code="archive_too_many_members",
            params={"limit": f"{MAX_ARCHIVE_MEMBERS:,}".replace(",", " ")},
        )


def _detect_zip_kind(uploaded):
    try:
        _refuse_archive_bombs(uploaded)
        with zipfile.ZipFile(uploaded) as archive:
            # zipfile never unpacks a member past the size its header declares, so declared sizes are the bound.
            if sum(member.file_size for member in archive.infolist()) > max_unpacked_bytes():
                raise archive_too_large()
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(MIMETYPE_READ_BYTES)
                return OPEN_DOCUMENT_TYPES.get(mimetype.decode("ascii", "replace").strip())
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
