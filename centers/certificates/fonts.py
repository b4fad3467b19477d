"""The TrueType fonts certificates are set in: Cyrillic must be real text in the PDF, so a font is embedded."""

from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Debian's fonts-dejavu-core (installed by .ci/run); CENTERS_CERTIFICATE_FONT_DIR points elsewhere if needed.
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_FILES = {"CertificateSans": "DejaVuSans.ttf", "CertificateSans-Bold": "DejaVuSans-Bold.ttf"}
REGULAR, BOLD = FONT_FILES


class CertificateFontsMissing(Exception):
    """Raised instead of writing a certificate whose Cyrillic text would be unreadable."""


def font_dir():
    return Path(getattr(settings, "CENTERS_CERTIFICATE_FONT_DIR", DEFAULT_FONT_DIR))


def missing_font_files():
    return [str(font_dir() / name) for name in FONT_FILES.values() if not (font_dir() / name).is_file()]


def register_fonts():
    """Registers the fonts with ReportLab once a process; a missing file is a clear error, not a blank PDF."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    if registered.issuperset(FONT_FILES):
        return
    missing = missing_font_files()
    if missing:
        raise CertificateFontsMissing(
            "Certificate fonts not found: "
            + ", ".join(missing)
            + " (install Debian's fonts-dejavu-core or set CENTERS_CERTIFICATE_FONT_DIR)."
        )
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(font_dir() / filename)))
