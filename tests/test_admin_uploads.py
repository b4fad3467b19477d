import errno

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from centers.models import CenterDocument

from .archives import MEGABYTE, archive_with_a_large_member
from .test_uploads import BAD, GOOD, MINIMAL_PDF, png_bytes

pytestmark = pytest.mark.django_db
Image = get_image_model()


class FullDiskStorage(FileSystemStorage):
    """A disk that has run out of space: every write fails the way the operating system reports it."""

    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def editor_client(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def full_disk(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.FullDiskStorage"}}


def upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Методические рекомендации",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Фотография семинара",
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def form_errors(response):
    return " ".join(str(message) for message in response.context["form"].errors.get("file", []))


@pytest.mark.parametrize("name", sorted(GOOD))
def test_editor_uploads_real_documents(editor_client, name, tmp_path):
    response = upload_document(editor_client, name, GOOD[name])
    assert response.status_code == 302
    document = CenterDocument.objects.get(title="Методические рекомендации")
    assert document.file.read() == GOOD[name]
    assert document.file_size == len(GOOD[name])
    assert (tmp_path / document.file.name).exists()


@pytest.mark.parametrize("name", sorted(BAD))
def test_renamed_html_svg_programs_and_wrong_endings_are_refused_in_the_admin(editor_client, name, tmp_path):
    response = upload_document(editor_client, name, BAD[name])
    assert response.status_code == 200
    assert "Допустимые форматы" in form_errors(response) or "расширение" in form_errors(response).lower()
    assert not CenterDocument.objects.filter(title="Методические рекомендации").exists()
    assert not any(tmp_path.rglob("*.*"))


def test_document_over_the_size_limit_is_refused(editor_client, settings):
    settings.CENTERS_DOCUMENT_MAX_UPLOAD_SIZE = 100
    response = upload_document(editor_client, "plan.pdf", MINIMAL_PDF + b"0" * 200)
    assert "ограничение" in form_errors(response)
    assert not CenterDocument.objects.filter(title="Методические рекомендации").exists()


def test_full_disk_on_document_upload_is_a_russian_form_error_and_no_row(editor_client, settings):
    full_disk(settings)
    response = upload_document(editor_client, "plan.pdf", MINIMAL_PDF)
    assert response.status_code == 200
    assert "Не удалось сохранить файл" in form_errors(response)
    assert not CenterDocument.objects.filter(title="Методические рекомендации").exists()


def test_full_disk_when_replacing_a_document_keeps_the_old_file_and_row(editor_client, settings, tmp_path):
    document = CenterDocument(title="План работы", collection=Collection.get_first_root_node())
    document.file.save("plan.pdf", ContentFile(MINIMAL_PDF), save=False)
    document.save()
    old_name = document.file.name
    full_disk(settings)
    response = editor_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "План работы",
            "file": SimpleUploadedFile("plan-2.pdf", MINIMAL_PDF + b"% second version\n"),
            "collection": document.collection_id,
        },
    )
    assert "Не удалось сохранить файл" in form_errors(response)
    document.refresh_from_db()
    assert document.file.name == old_name
    assert (tmp_path / old_name).read_bytes() == MINIMAL_PDF


def test_full_disk_on_image_upload_is_a_russian_form_error_and_no_row(editor_client, settings):
    full_disk(settings)
    response = upload_image(editor_client, "photo.png", png_bytes())
    assert response.status_code == 200
    assert "Не удалось сохранить файл" in form_errors(response)
    assert not Image.objects.filter(title="Фотография семинара").exists()


def test_decompression_bomb_image_is_refused_in_russian_not_a_server_error(editor_client, monkeypatch):
    monkeypatch.setattr(PillowImage, "MAX_IMAGE_PIXELS", 4)
    response = upload_image(editor_client, "photo.png", png_bytes())
    assert response.status_code == 200
    assert "слишком большое" in form_errors(response)
    assert not Image.objects.filter(title="Фотография семинара").exists()


def test_editor_uploads_a_real_image(editor_client):
    response = upload_image(editor_client, "photo.png", png_bytes())
    assert response.status_code == 302
    assert Image.objects.get(title="Фотография семинара").width == 4


def test_an_archive_bomb_uploaded_in_the_admin_is_refused_with_a_form_error_and_nothing_stored(
    editor_client, settings, tmp_path
):
    settings.CENTERS_UPLOAD_MAX_UNPACKED_BYTES = 4 * MEGABYTE
    entries = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}
    before = CenterDocument.objects.count()
    response = upload_document(
        editor_client, "plan.docx", archive_with_a_large_member(entries, "word/media/image1.png", 8)
    )
    assert response.status_code == 200
    assert "При распаковке файл занимает больше 4,0" in response.content.decode()
    assert CenterDocument.objects.count() == before
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
