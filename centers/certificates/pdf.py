"""The certificate as a one-page PDF (ReportLab): embedded DejaVu fonts, so its Cyrillic text can be copied."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from centers.certificates.fonts import BOLD, REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 50
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN - 40
QR_SIZE = 110
ACCENT = (0.043, 0.31, 0.54)


def verification_url(certificate, base_url):
    return base_url + reverse("centers_certificate", args=[certificate.number])


def department_name():
    return getattr(settings, "CENTERS_DEPARTMENT_NAME", "")


def held_dates(certificate):
    """«12 марта 2026», or «12 марта 2026 – 13 марта 2026» for a meeting over several days."""
    first = dateformat.format(certificate.held_from, "j E Y")
    if certificate.held_until == certificate.held_from:
        return first
    return f"{first} – {dateformat.format(certificate.held_until, 'j E Y')}"


class CertificateCanvas:
    """Writes lines centred down the page, wrapping long ones; y is where the next line's baseline goes."""

    def __init__(self, buffer):
        # ReportLab's canvas starts in Helvetica and lists it in the PDF even unused, not embedded: Ghostscript and
        # strict readers then look for a font the reader may not have. Starting in the embedded font avoids it.
        self.pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=REGULAR)
        self.y = PAGE_HEIGHT - MARGIN - 20

    def lines(self, text, font=REGULAR, size=12, gap=4, colour=(0, 0, 0)):
        self.pdf.setFont(font, size)
        self.pdf.setFillColorRGB(*colour)
        for line in simpleSplit(text, font, size, TEXT_WIDTH):
            self.y -= size  # the line hangs from y: a large title does not rise into the line above
            self.pdf.drawCentredString(PAGE_WIDTH / 2, self.y, line)
            self.y -= gap

    def skip(self, points):
        self.y -= points


def draw_frame(pdf):
    pdf.setStrokeColorRGB(*ACCENT)
    pdf.setLineWidth(3)
    pdf.rect(MARGIN / 2, MARGIN / 2, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN)
    pdf.setLineWidth(0.8)
    pdf.rect(MARGIN / 2 + 6, MARGIN / 2 + 6, PAGE_WIDTH - MARGIN - 12, PAGE_HEIGHT - MARGIN - 12)


def draw_qr(pdf, url):
    """The verification link as a QR code in the lower right corner (ReportLab's own QR encoder)."""
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        QR_SIZE,
        QR_SIZE,
        transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0],
        initialFontName=REGULAR,  # the renderer sets a font even for a drawing without text: Helvetica by default
    )
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, PAGE_WIDTH - MARGIN - QR_SIZE, MARGIN)


def draw_body(page, certificate):
    """Who issued it, what it certifies, to whom: the text a reader and a text extractor both see."""
    if department_name():
        page.lines(department_name(), size=11, colour=ACCENT)
    for organizer in certificate.organizer_lines():
        page.lines(organizer, size=11, colour=ACCENT)
    page.skip(24)
    page.lines(_("CERTIFICATE"), font=BOLD, size=34, gap=8, colour=ACCENT)
    kind = _("of a speaker") if certificate.kind == certificate.Kind.SPEAKER else _("of a participant")
    page.lines(kind, font=BOLD, size=16, gap=6, colour=ACCENT)
    page.lines(_("No. %(number)s") % {"number": certificate.number}, size=11)
    page.skip(20)
    page.lines(_("This is to certify that"), size=13)
    page.skip(8)
    page.lines(certificate.full_name, font=BOLD, size=24, gap=14)
    if certificate.kind == certificate.Kind.SPEAKER:
        page.lines(_("spoke as a speaker at the event"), size=13)
    else:
        page.lines(_("took part in the event"), size=13)
    page.skip(6)
    page.lines(certificate.event_name, font=BOLD, size=15, gap=5)
    page.skip(14)
    page.lines(_("Held on: %(dates)s") % {"dates": held_dates(certificate)}, size=12)
    page.lines(_("Volume, academic hours: %(hours)s") % {"hours": certificate.academic_hours}, size=12)


def certificate_pdf(certificate, base_url):
    """The PDF's bytes; raises CertificateFontsMissing rather than writing one with unreadable Cyrillic."""
    register_fonts()
    buffer = io.BytesIO()
    page = CertificateCanvas(buffer)
    pdf = page.pdf
    pdf.setTitle(_("Certificate No. %(number)s") % {"number": certificate.number})
    pdf.setAuthor(department_name())
    draw_frame(pdf)
    draw_body(page, certificate)
    url = verification_url(certificate, base_url)
    draw_qr(pdf, url)
    pdf.setFont(REGULAR, 9)
    pdf.setFillColorRGB(0.2, 0.2, 0.2)
    pdf.drawString(MARGIN + 10, MARGIN + 26, _("Check this certificate: scan the code or open"))
    pdf.drawString(MARGIN + 10, MARGIN + 14, url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
