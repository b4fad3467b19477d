"""Builders shared by the library tests: materials inside demo centers, documents with real file content."""

import io
import uuid
import zipfile

from django.core.files.base import ContentFile

from centers.models import (
    CenterDocument,
    CenterPage,
    MaterialAttachment,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
)


def material_section(center):
    section = MaterialIndexPage.objects.child_of(center).first()
    if section is None:
        section = MaterialIndexPage(title="Методические материалы", slug="materials")
        center.add_child(instance=section)
        section.save_revision().publish()
    return section


def add_material(
    title,
    center=None,
    abstract="Материал для педагогов школ города.",
    levels=(),
    subjects=(),
    documents=(),
    publish=True,
    year=2025,
):
    center = center or CenterPage.objects.order_by("pk").first()
    material = MaterialPage(
        title=title,
        slug=f"m-{uuid.uuid4().hex[:10]}",
        abstract=abstract,
        material_type=MaterialType.objects.get(slug="recommendations"),
        year=year,
        live=False,
    )
    material_section(center).add_child(instance=material)
    material.levels.set(levels)
    material.subjects.set(subjects)
    for document in documents:
        material.attachments.add(MaterialAttachment(document=document))
    revision = material.save_revision()
    if publish:
        revision.publish()
    material.refresh_from_db()
    return material


def docx_bytes(*paragraphs):
    from docx import Document

    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(*paragraphs):
    body = "".join(f"<text:p>{paragraph}</text:p>" for paragraph in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def pdf_bytes(*pages):
    """A small valid PDF with one line of (Latin) text per page, written by hand."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * number} 0 R" for number in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for number, text in enumerate(pages):
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * number} 0 R >>"
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def upload_document(title, name, content):
    document = CenterDocument(title=title, file=ContentFile(content, name=name))
    document.save()
    return document
