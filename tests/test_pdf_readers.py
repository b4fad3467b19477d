"""The site's PDFs open in Ghostscript as they do in poppler: a certificate, a council protocol and an order render
without a single warning, declare only embedded fonts, and Ghostscript reads their Russian text back."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from centers.certificates.pdf import certificate_pdf
from centers.council.protocol import protocol_pdf
from centers.lifecycle.order_documents import order_draft_pdf
from centers.models import ApprovalOrder, Certificate, CouncilMeeting

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("gs"), reason="Ghostscript is missing: apt-get install ghostscript"),
]

# Not -q: it would also silence the repairs and font substitutions Ghostscript reports.
GHOSTSCRIPT = ["gs", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR", "-r50"]
PROGRESS = re.compile(
    r"GPL Ghostscript .*|Copyright \(C\) .*|This software is supplied under .*|see the file COPYING for details\."
    r"|Processing pages \d+ through \d+\.|Page \d+"
)


def ghostscript(path, device, output):
    """What Ghostscript says besides its banner and progress (a repair, a substituted font...) writing `output`."""
    run = subprocess.run(
        [*GHOSTSCRIPT, f"-sDEVICE={device}", f"-sOutputFile={output}", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    said = (run.stdout + run.stderr).splitlines()
    return "\n".join(line for line in said if line.strip() and not PROGRESS.fullmatch(line.strip()))


def read_with_ghostscript(body, tmp_path):
    """The page rendered (no warning) and the text Ghostscript extracts, words separated by single spaces."""
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(body)
    assert ghostscript(pdf, "png16m", tmp_path / "page-%d.png") == ""
    assert (tmp_path / "page-1.png").stat().st_size > 0
    assert ghostscript(pdf, "txtwrite", tmp_path / "text.txt") == ""
    return " ".join((tmp_path / "text.txt").read_text(encoding="utf-8").split())


def declared_fonts(body):
    """{font name: embedded?} of every font the pages' resources declare."""
    fonts = {}
    for page in PdfReader(io.BytesIO(body)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object() if "/FontDescriptor" in font else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


@pytest.mark.parametrize("kind", ["certificate", "protocol", "order"])
def test_ghostscript_renders_the_pdf_without_a_warning_and_reads_its_russian_text(kind, tmp_path):
    if kind == "certificate":
        certificate = Certificate.objects.filter(revoked_at__isnull=True).order_by("pk").first()
        body = certificate_pdf(certificate, "http://testserver")
        expected = ["СЕРТИФИКАТ", certificate.full_name]
    elif kind == "protocol":
        meeting = CouncilMeeting.objects.filter(agenda__isnull=False).order_by("pk").first()
        body = protocol_pdf(meeting)
        expected = [f"Протокол № {meeting.number}", meeting.agenda.first().application.organization_name]
    else:
        order = ApprovalOrder.objects.filter(center__isnull=False).order_by("pk").first()
        body = order_draft_pdf(order)
        expected = [f"Приказ № {order.number}", order.center.organization.full_name]
    text = read_with_ghostscript(body, tmp_path)
    for words in expected:
        assert " ".join(words.split()) in text, (words, text)
    fonts = declared_fonts(body)
    assert fonts and all(fonts.values()), fonts
