"""The text of attached files in the library: practices like materials, and a replaced file reindexes its pages
(on both engines, through the search page)."""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from centers.models import LibraryPage, PracticeAttachment, PracticeIndexPage, PracticePage

from .search_fixtures import add_material, docx_bytes, odt_bytes, upload_document

pytestmark = [pytest.mark.django_db]

OLD_TEXT = "Экологическая тропа в городском парке: маршрут наблюдений за лишайниками"
NEW_TEXT = "Квест по астрономии для пятиклассников: созвездия северного неба"


@pytest.fixture
def library_url(db):
    return LibraryPage.objects.get().url


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def titles_found(client, library_url, query):
    response = client.get(library_url, {"q": query})
    assert response.status_code == 200
    return re.findall(r'class="result__title"><a [^>]*>([^<]*)</a>', response.content.decode())


def add_practice(title, documents=()):
    exchange = PracticeIndexPage.objects.order_by("path").first()
    practice = PracticePage(
        title=title,
        slug=f"p-{uuid.uuid4().hex[:10]}",
        summary="Практика педагогов города.",
        problem="<p>Ученики теряют интерес к предмету.</p>",
        idea="<p>Занятия вне класса.</p>",
        method="<p>Работа в группах.</p>",
        results="<p>Интерес вырос.</p>",
        live=False,
    )
    exchange.add_child(instance=practice)
    for document in documents:
        practice.attachments.add(PracticeAttachment(document=document))
    practice.save_revision().publish()
    practice.refresh_from_db()
    return practice


def test_practice_is_found_by_a_word_only_in_its_attached_file(client, library_url):
    document = upload_document("Сценарий", "scenario.docx", docx_bytes(OLD_TEXT))
    add_practice("Уроки биологии под открытым небом", documents=[document])
    assert "лишайник" not in PracticePage.objects.get(title="Уроки биологии под открытым небом").summary
    assert "Уроки биологии под открытым небом" in titles_found(client, library_url, "лишайниками")


def test_replacing_the_file_in_the_admin_reindexes_the_material_that_attaches_it(client, library_url):
    document = upload_document("Приложение", "prilozhenie.docx", docx_bytes(OLD_TEXT))
    document.collection = Collection.get_first_root_node()
    document.save()
    add_material("Внеурочная деятельность в 5 классе", documents=[document])
    assert "Внеурочная деятельность в 5 классе" in titles_found(client, library_url, "лишайники")

    editor = get_user_model().objects.get(username="admin")
    client.force_login(editor)
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Приложение",
            "file": SimpleUploadedFile("prilozhenie-2.docx", docx_bytes(NEW_TEXT)),
            "collection": document.collection_id,
        },
    )
    assert response.status_code == 302
    client.logout()

    assert "Внеурочная деятельность в 5 классе" in titles_found(client, library_url, "созвездия")
    assert "Внеурочная деятельность в 5 классе" not in titles_found(client, library_url, "лишайники")


def test_saving_a_document_with_new_text_reindexes_the_practice_that_attaches_it(client, library_url):
    document = upload_document("Программа", "programma.odt", odt_bytes(OLD_TEXT))
    add_practice("Клуб юных натуралистов", documents=[document])
    assert "Клуб юных натуралистов" in titles_found(client, library_url, "тропа")

    document.file = ContentFile(odt_bytes(NEW_TEXT), name="programma-2.odt")
    document.save()

    assert "Клуб юных натуралистов" in titles_found(client, library_url, "астрономии")
    assert "Клуб юных натуралистов" not in titles_found(client, library_url, "тропа")


def test_deleting_a_document_takes_its_words_out_of_the_pages_that_attached_it(client, library_url):
    document = upload_document("Маршрут", "marshrut.docx", docx_bytes(OLD_TEXT))
    add_material("Летняя практика по биологии", documents=[document])
    add_practice("Тропа здоровья", documents=[document])
    assert {"Летняя практика по биологии", "Тропа здоровья"} <= set(
        titles_found(client, library_url, "лишайниками")
    )

    document.delete()

    assert titles_found(client, library_url, "лишайниками") == []
    assert "Летняя практика по биологии" in titles_found(client, library_url, "биологии")
