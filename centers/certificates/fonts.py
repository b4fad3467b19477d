"""The TrueType fonts certificates are set in: Cyrillic must be real text in the PDF, so a font is embedded."""

import functools
import re
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

# Debian's fonts-dejavu-core (installed by .ci/run); CENTERS_CERTIFICATE_FONT_DIR points elsewhere if needed.
DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_FILES = {"CertificateSans": "DejaVuSans.ttf", "CertificateSans-Bold": "DejaVuSans-Bold.ttf"}
REGULAR, BOLD = FONT_FILES
# The CMap format allows at most 100 mappings between one "beginbfchar" and its "endbfchar".
BFCHAR_LIMIT = 100
BFCHAR_START = re.compile(r"\d+ beginbfchar")


class CertificateFontsMissing(Exception):
    """Raised instead of writing a certificate whose Cyrillic text would be unreadable."""


def font_dir():
    return Path(getattr(settings, "CENTERS_CERTIFICATE_FONT_DIR", DEFAULT_FONT_DIR))


def missing_font_files():
    return [str(font_dir() / name) for name in FONT_FILES.values() if not (font_dir() / name).is_file()]


def bfchar_in_blocks(make_cmap):
    """ReportLab writes each font subset's ToUnicode CMap as one bfchar block of up to 256 mappings. Ghostscript holds
    to the limit of 100 and drops the whole map: its text extraction (and every tool built on it) then reads control
    codes instead of the Cyrillic letters. This gives the same mappings in blocks of at most 100."""

    @functools.wraps(make_cmap)
    def in_blocks(*args, **kwargs):
        lines, block = [], None
        for line in make_cmap(*args, **kwargs).split("\n"):
            if BFCHAR_START.fullmatch(line):
                block = []
            elif block is not None and line == "endbfchar":
                for start in range(0, len(block), BFCHAR_LIMIT):
                    chunk = block[start : start + BFCHAR_LIMIT]
                    lines += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
                block = None
            elif block is not None:
                block.append(line)
            else:
                lines.append(line)
        return "\n".join(lines)

    in_blocks.bfchar_in_blocks = True
    return in_blocks


def register_fonts():
    """Registers the fonts with ReportLab once a process; a missing file is a clear error, not a blank PDF."""
    if not getattr(ttfonts.makeToUnicodeCMap, "bfchar_in_blocks", False):
        ttfonts.makeToUnicodeCMap = bfchar_in_blocks(ttfonts.makeToUnicodeCMap)
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
