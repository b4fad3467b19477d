"""Small real files for demo materials: a one-page PDF and a DOCX with Russian text, made without a word processor."""

import io

from docx import Document as WordDocument
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from centers.certificates.fonts import BOLD, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4  # points
MARGIN = 56
TITLE_SIZE, TEXT_SIZE = 14, 11


def build_pdf(title, paragraphs):
    """A4 pages: the title in bold, then the paragraphs, in DejaVu Sans embedded (the certificates' fonts), so every
    viewer draws the Cyrillic text and text extraction (the library's index, pdftotext) reads it back."""
    register_fonts()
    output = io.BytesIO()
    pdf = canvas.Canvas(
        output, pagesize=A4, pageCompression=1, initialFontName=REGULAR, initialFontSize=TEXT_SIZE
    )
    pdf.setTitle(title)
    pdf.setCreator("Resource centers demo")
    width = PAGE_WIDTH - 2 * MARGIN
    lines = [(BOLD, TITLE_SIZE, line) for line in simpleSplit(title, BOLD, TITLE_SIZE, width)]
    for paragraph in paragraphs:
        lines.append((REGULAR, TEXT_SIZE, ""))
        lines.extend((REGULAR, TEXT_SIZE, line) for line in simpleSplit(paragraph, REGULAR, TEXT_SIZE, width))
    y = PAGE_HEIGHT - MARGIN
    for font, size, line in lines:
        if y < MARGIN:
            pdf.showPage()
            y = PAGE_HEIGHT - MARGIN
        pdf.setFont(font, size)
        pdf.drawString(MARGIN, y, line)
        y -= size + 4
    pdf.save()
    return output.getvalue()


def build_docx(title, paragraphs):
    document = WordDocument()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
