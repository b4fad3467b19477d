"""Text of uploaded PDF, DOCX and ODT files for search, read within limits so no file can stall an upload.

DOCX and ODT text is streamed out of the one XML member that holds it, element by element, each element dropped
once read: memory stays small whatever the archive holds (a 300 MB image part is never unpacked).
"""

import logging
import time
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from centers.common.uploads import DOCX, ODT, PDF, detect_kind

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PAGES = 200
MAX_CHARS = 200_000
MAX_XML_BYTES = 30 * 1024 * 1024  # uncompressed document.xml / content.xml: a zip bomb stops here
TIME_BUDGET_SECONDS = 10.0

ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_PARAGRAPHS = {f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"}
WORD_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WORD_PARAGRAPHS = {f"{{{WORD_MAIN}}}p"}
WORD_TEXT = f"{{{WORD_MAIN}}}t"


@dataclass
class Extraction:
    text: str = ""
    warning: str = ""


class Budget:
    """The limits one extraction runs under: characters collected and a deadline on the clock."""

    def __init__(self, max_chars=MAX_CHARS, seconds=TIME_BUDGET_SECONDS):
        self.max_chars = max_chars
        self.deadline = time.monotonic() + seconds
        self.parts = []
        self.chars = 0
        self.stopped = ""

    def add(self, text, keep_empty=False):
        """One part of the text (a paragraph; a PDF's page, kept even when empty so line n is page n)."""
        text = " ".join((text or "").split())
        if (not text and not keep_empty) or self.full:
            return
        room = self.max_chars - self.chars
        self.parts.append(text[:room])
        self.chars += min(len(text), room)
        if self.chars >= self.max_chars:
            self.stopped = _("Only the first %(count)s characters of the text are searchable.") % {
                "count": f"{self.max_chars:,}".replace(",", " ")
            }

    @property
    def out_of_time(self):
        if time.monotonic() > self.deadline:
            self.stopped = _(
                "The text could not be read completely in the time allowed; only a part is searchable."
            )
            return True
        return False

    @property
    def full(self):
        return self.chars >= self.max_chars

    def text(self):
        return "\n".join(self.parts) if any(self.parts) else ""


def extract_text(uploaded, size=None, budget=None):
    """The searchable text of a file and a warning for the editor when it could not be read (fully)."""
    budget = budget or Budget()
    size = size if size is not None else getattr(uploaded, "size", 0)
    if size and size > MAX_FILE_BYTES:
        return Extraction(
            warning=_("The file is larger than %(limit)s MB: its text is not searchable.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    try:
        kind = detect_kind(uploaded)
    except Exception:  # a broken image header etc.: not a document we read
        kind = None
    if kind not in READERS:
        return Extraction()
    try:
        uploaded.seek(0)
        READERS[kind](uploaded, budget)
    except Exception as error:  # any parser failure on a hostile or broken file must not fail the upload
        logger.warning("Text extraction failed: %s", error)
        return Extraction(
            text=budget.text(),
            warning=_("The text of this file could not be read (the file may be damaged or protected)."),
        )
    finally:
        try:
            uploaded.seek(0)
        except Exception:
            pass
    return Extraction(text=budget.text(), warning=budget.stopped)


def read_pdf(uploaded, budget):
    from pypdf import PdfReader

    reader = PdfReader(uploaded)
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted PDF")
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES:
            budget.stopped = _("Only the first %(count)s pages of the file are searchable.") % {
                "count": MAX_PAGES
            }
            break
        if budget.full or budget.out_of_time:
            break
        budget.add(page.extract_text(), keep_empty=True)


def read_docx(uploaded, budget):
    # Only the runs' text (w:t), as Word shows it; field codes and deleted text are left out.
    read_paragraphs(
        uploaded,
        "word/document.xml",
        WORD_PARAGRAPHS,
        lambda paragraph: "".join(node.text or "" for node in paragraph.iter(WORD_TEXT)),
        budget,
    )


def read_odt(uploaded, budget):
    read_paragraphs(
        uploaded, "content.xml", ODF_PARAGRAPHS, lambda paragraph: "".join(paragraph.itertext()), budget
    )


def read_paragraphs(uploaded, member, paragraph_tags, text_of, budget):
    """Adds the text of each paragraph of one archive member to the budget, streaming, until the budget stops."""
    with zipfile.ZipFile(uploaded) as archive:
        if archive.getinfo(member).file_size > MAX_XML_BYTES:
            raise ValueError(f"{member} is too large")
        with archive.open(member) as stream:
            for paragraph in streamed_paragraphs(stream, paragraph_tags):
                if budget.full or budget.out_of_time:
                    return
                budget.add(text_of(paragraph))


def streamed_paragraphs(stream, paragraph_tags):
    """Yields each paragraph element once parsed, then drops it (and everything outside paragraphs) from the tree."""
    open_elements = []
    paragraph_depth = 0
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        if event == "start":
            open_elements.append(element)
            paragraph_depth += element.tag in paragraph_tags
            continue
        open_elements.pop()
        if element.tag in paragraph_tags:
            paragraph_depth -= 1
            yield element
        if paragraph_depth == 0 and open_elements:
            open_elements[-1].remove(element)


READERS = {PDF: read_pdf, DOCX: read_docx, ODT: read_odt}
