import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from centers.common import uploads
from centers.common.uploads import DOCX, IMAGE, ODT, PDF, PPTX, UploadValidator

from .archives import MEGABYTE, archive_with_a_large_member, peak_bytes_allocated

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


GOOD = {
    "plan.pdf": MINIMAL_PDF,
    "plan.docx": zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),
    "plan.odt": zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<c/>"}),
    "slides.pptx": zip_bytes({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}),
    "photo.png": png_bytes(),
}
BAD = {
    "page.pdf": b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    "drawing.pdf": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "archive.docx": zip_bytes({"readme.txt": "not a document"}),
    "program.pdf": b"MZ\x90\x00\x03\x00\x00\x00",
    "plan.txt": MINIMAL_PDF,
    "photo.pdf": png_bytes(),
}

validator = UploadValidator([PDF, DOCX, ODT, PPTX, IMAGE], max_bytes=1024 * 1024)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_real_documents_and_images_are_accepted(name):
    validator(SimpleUploadedFile(name, GOOD[name]))


@pytest.mark.parametrize("name", sorted(BAD))
def test_files_whose_content_does_not_match_an_accepted_kind_are_refused_in_russian(name):
    with pytest.raises(ValidationError) as error:
        validator(SimpleUploadedFile(name, BAD[name]))
    assert "Допустимые форматы" in str(error.value.messages[0])


def test_oversized_file_is_refused_with_its_size_and_the_limit():
    with pytest.raises(ValidationError) as error:
        UploadValidator([PDF], max_bytes=100)(SimpleUploadedFile("big.pdf", MINIMAL_PDF + b"0" * 200))
    assert "ограничение" in error.value.messages[0]


def test_decompression_bomb_image_gets_a_clear_error(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 4)
    with pytest.raises(ValidationError) as error:
        validator(SimpleUploadedFile("photo.png", png_bytes()))
    assert "слишком" in error.value.messages[0]


def test_an_odt_whose_mimetype_unpacks_to_64_mb_is_refused_within_a_few_megabytes():
    bomb = SimpleUploadedFile("bomb.odt", archive_with_a_large_member({}, "mimetype", 64))
    assert bomb.size < MEGABYTE

    def check():
        with pytest.raises(ValidationError) as error:
            validator(bomb)
        assert "Допустимые форматы" in error.value.messages[0]

    _result, peak = peak_bytes_allocated(check)
    assert peak < 4 * MEGABYTE


def test_an_office_file_that_unpacks_past_the_limit_is_refused_with_a_russian_message(settings):
    settings.CENTERS_UPLOAD_MAX_UNPACKED_BYTES = 8 * MEGABYTE
    entries = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}
    bomb = SimpleUploadedFile("plan.docx", archive_with_a_large_member(entries, "word/media/image1.png", 16))

    def check():
        with pytest.raises(ValidationError) as error:
            validator(bomb)
        assert "распаковке" in error.value.messages[0]
        assert "8,0" in error.value.messages[0]

    _result, peak = peak_bytes_allocated(check)
    assert peak < 4 * MEGABYTE
    validator(
        SimpleUploadedFile("plan.docx", archive_with_a_large_member(entries, "word/media/image1.png", 4))
    )


def test_an_archive_with_more_members_than_any_office_file_is_refused_before_its_directory_is_read(
    monkeypatch,
):
    monkeypatch.setattr(uploads, "MAX_ARCHIVE_MEMBERS", 50)
    entries = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}
    entries.update({f"word/part{number}.xml": "<p/>" for number in range(100)})
    with pytest.raises(ValidationError) as error:
        validator(SimpleUploadedFile("plan.docx", zip_bytes(entries)))
    assert "слишком много частей" in error.value.messages[0]
