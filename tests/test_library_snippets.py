"""Result snippets a teacher can read: the sentence where the words occur, or the passage of the attached file that
holds them, named, with the page of a PDF; never the indexed metadata. On both engines."""

import re
import uuid

import pytest

from centers.models import LibraryPage

from .search_fixtures import add_material, docx_bytes, pdf_bytes, upload_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryPage.objects.get()


def snippet_of(client, library, query, title):
    html = client.get(library.url, {"q": query}).content.decode()
    for item in html.split('<li class="result">')[1:]:
        if f">{title}</a>" in item:
            found = re.search(r'<p class="result__snippet">(.*?)</p>', item, re.S)
            return found.group(1) if found else ""
    raise AssertionError(f"{title} not found for {query}")


def test_the_snippet_is_the_sentence_of_the_description_with_the_words_marked(client, library):
    add_material(
        "Сопровождение молодых педагогов",
        abstract="Сборник подготовлен методистами центра. В нём описана система наставничества для молодых "
        "педагогов первого года работы. Приложены анкеты.",
    )
    snippet = snippet_of(client, library, "наставничеству", "Сопровождение молодых педагогов")
    assert snippet == (
        "В нём описана система <mark>наставничества</mark> для молодых педагогов первого года работы."
    )


def test_words_only_in_an_attached_file_show_that_passage_and_the_file_name(client, library):
    name = f"polozhenie-{uuid.uuid4().hex[:6]}.docx"
    document = upload_document(
        "Положение",
        name,
        docx_bytes(
            "Общие положения.", "Конкурс проектов по квиллингу для воспитанников подготовительных групп."
        ),
    )
    add_material("Положение о городском конкурсе", documents=[document])
    snippet = snippet_of(client, library, "квиллинга", "Положение о городском конкурсе")
    assert snippet.startswith(f'<span class="result__source">в файле „{name}“:</span> ')
    assert snippet.endswith(
        "Конкурс проектов по <mark>квиллингу</mark> для воспитанников подготовительных групп."
    )


def test_a_passage_from_a_pdf_names_its_page(client, library):
    name = f"rules-{uuid.uuid4().hex[:6]}.pdf"
    document = upload_document(
        "Rules", name, pdf_bytes("General provisions", "Jury and schedule", "Robotics contest for pupils")
    )
    add_material("Правила городского конкурса", documents=[document])
    snippet = snippet_of(client, library, "robotics", "Правила городского конкурса")
    assert snippet.startswith(f'<span class="result__source">в файле „{name}“, страница 3:</span> ')
    assert "<mark>Robotics</mark> contest for pupils" in snippet


def test_the_snippet_never_shows_the_indexed_metadata(client, library):
    add_material("Цифровая образовательная среда", abstract="Как школе выстроить цифровую среду урока.")
    snippet = snippet_of(client, library, "цифровая среда", "Цифровая образовательная среда")
    assert snippet == "Как школе выстроить <mark>цифровую</mark> <mark>среду</mark> урока."
