"""Plain official documents as PDF (ReportLab, DejaVu embedded): a heading, then paragraphs and tables of text."""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import escapeOnce
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from centers.certificates.fonts import BOLD, REGULAR, register_fonts


def styles():
    """Body and heading styles in the embedded fonts, so Cyrillic is real, extractable text."""
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=11, leading=15, spaceAfter=6)
    heading = ParagraphStyle("heading", parent=body, fontName=BOLD, fontSize=14, leading=18, alignment=1)
    return body, heading


def document_pdf(title, blocks, *, author=""):
    """`blocks` are strings (paragraphs) or lists of rows (tables); returns the PDF's bytes."""
    body, heading = styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        title=title,
        author=author,
        initialFontName=REGULAR,  # else the canvas lists an unused, non-embedded Helvetica
    )
    story = [Paragraph(escapeOnce(title), heading), Spacer(1, 12)]
    for block in blocks:
        if isinstance(block, str):
            story.append(Paragraph(escapeOnce(block).replace("\n", "<br/>"), body))
            continue
        rows = [[Paragraph(escapeOnce(str(cell)), body) for cell in row] for row in block]
        table = Table(rows, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, (0.4, 0.4, 0.4)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # set in every cell, paragraphs or not
                ]
            )
        )
        story += [table, Spacer(1, 8)]
    document.build(story)
    return buffer.getvalue()
