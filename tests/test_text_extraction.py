"""Text of uploaded PDF, DOCX and ODT files, read within limits; broken files are stored with a warning."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from centers.documents import text_extraction
from centers.documents.text_extraction import Budget, extract_text
from centers.models import CenterDocument

from .archives import MEGABYTE, peak_bytes_allocated, with_member_replaced
from .search_fixtures import docx_bytes, odt_bytes, pdf_bytes, upload_document

pytestmark = pytest.mark.django_db


def test_pdf_text_is_extracted_on_upload():
    document = upload_document("Programma", "programma.pdf", pdf_bytes("Robotics practicum for teachers"))
    assert "Robotics practicum for teachers" in document.extracted_text
    assert document.extraction_warning == ""


def test_docx_text_with_russian_words_is_extracted_on_upload():
    document = upload_document(
        "Положение", "polozhenie.docx", docx_bytes("Положение о ресурсном центре", "Цели и задачи центра")
    )
    assert "Положение о ресурсном центре" in document.extracted_text
    assert "Цели и задачи центра" in document.extracted_text


def test_odt_text_is_extracted_on_upload():
    document = upload_document("План", "plan.odt", odt_bytes("План работы на 2025/2026 учебный год"))
    assert "План работы на 2025/2026 учебный год" in document.extracted_text


def test_damaged_pdf_is_stored_with_empty_text_and_a_warning():
    document = upload_document("Сломанный", "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R")
    assert CenterDocument.objects.filter(pk=document.pk).exists()
    assert document.extracted_text == ""
    assert document.extraction_warning


def test_pages_beyond_the_limit_are_not_read(monkeypatch):
    monkeypatch.setattr(text_extraction, "MAX_PAGES", 2)
    document = upload_document("Сборник", "sbornik.pdf", pdf_bytes("First page", "Second page", "Third page"))
    assert "Second page" in document.extracted_text
    assert "Third page" not in document.extracted_text
    assert "2" in document.extraction_warning


def test_characters_beyond_the_limit_are_not_kept():
    content = SimpleUploadedFile("long.docx", docx_bytes("слово " * 5000))
    extraction = extract_text(content, budget=Budget(max_chars=1000))
    assert len(extraction.text) == 1000
    assert extraction.warning


def test_time_budget_stops_a_slow_extraction():
    content = SimpleUploadedFile("many.pdf", pdf_bytes(*[f"Page {number}" for number in range(20)]))
    extraction = extract_text(content, budget=Budget(seconds=-1))
    assert extraction.text == ""
    assert extraction.warning


def test_too_large_file_is_not_read(monkeypatch):
    monkeypatch.setattr(text_extraction, "MAX_FILE_BYTES", 100)
    document = upload_document("Большой", "big.docx", docx_bytes("Текст большого файла"))
    assert document.extracted_text == ""
    assert "MB" in document.extraction_warning or "МБ" in document.extraction_warning


def test_admin_upload_of_a_damaged_file_succeeds_and_the_edit_view_shows_the_warning(client):
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    upload = SimpleUploadedFile("broken.pdf", b"%PDF-1.7\nnot really a pdf", content_type="application/pdf")
    response = client.post("/admin/documents/add/", {"title": "Битый файл", "file": upload, "collection": 1})
    assert response.status_code in (200, 302)
    document = CenterDocument.objects.get(title="Битый файл")
    assert document.extraction_warning
    edit = client.get(f"/admin/documents/edit/{document.pk}/")
    assert edit.status_code == 200
    assert document.extraction_warning in edit.content.decode()


def docx_with_picture(text):
    from docx import Document
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(picture, "PNG")
    document = Document()
    document.add_paragraph(text)
    document.add_picture(picture)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_text_is_read_without_unpacking_its_64_mb_image_part():
    original = docx_with_picture("Программа курса робототехники")
    image = next(name for name in zipfile.ZipFile(io.BytesIO(original)).namelist() if "media/" in name)
    content = SimpleUploadedFile("kurs.docx", with_member_replaced(original, image, 64))
    assert content.size < MEGABYTE
    extraction, peak = peak_bytes_allocated(lambda: extract_text(content))
    assert "Программа курса робототехники" in extraction.text
    assert peak < 8 * MEGABYTE


def test_odt_text_of_20_mb_is_streamed_within_a_few_megabytes():
    paragraph = b"<text:p>" + "Методическая разработка урока. ".encode() * 20 + b"</text:p>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        with archive.open("content.xml", "w") as content:
            content.write(
                b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            )
            for _ in range(20 * MEGABYTE // len(paragraph)):
                content.write(paragraph)
            content.write(b"</office:text></office:body></office:document-content>")
    upload = SimpleUploadedFile("plan.odt", buffer.getvalue())
    extraction, peak = peak_bytes_allocated(lambda: extract_text(upload, budget=Budget(max_chars=50_000)))
    assert extraction.text.startswith("Методическая разработка урока.")
    assert 50_000 <= len(extraction.text) < 51_000 and extraction.warning
    assert peak < 8 * MEGABYTE
