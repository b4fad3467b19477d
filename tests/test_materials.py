import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader
from wagtail.models import PageViewRestriction

from centers.models import (
    CenterPage,
    EducationLevel,
    MaterialAuthor,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    Subject,
)

from .bulk_pages import bulk_add_children

pytestmark = pytest.mark.django_db


@pytest.fixture
def center():
    return CenterPage.objects.get(slug="stem-poisk")


@pytest.fixture
def index(center):
    return MaterialIndexPage.objects.child_of(center).get()


def add_material(index, title, type_slug, subjects=(), levels=(), year=2025, live=True):
    page = MaterialPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        abstract=f"Аннотация: {title}",
        material_type=MaterialType.objects.get(slug=type_slug),
        year=year,
        live=live,
    )
    page.subjects = list(Subject.objects.filter(slug__in=subjects))
    page.levels = list(EducationLevel.objects.filter(slug__in=levels))
    page.authors = [MaterialAuthor(name="Петрова Анна Ивановна", position="учитель")]
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return page


def test_every_center_has_demo_materials_with_authors_subjects_and_real_files():
    for center in CenterPage.objects.live():
        materials = list(
            MaterialPage.objects.live().filter(center=center).prefetch_related("attachments__document")
        )
        assert 3 <= len(materials) <= 5, center.slug
        for material in materials:
            assert material.authors.exists() and material.subjects.exists() and material.levels.exists()
            documents = [attachment.document for attachment in material.attachments.all()]
            assert documents
            for document in documents:
                with document.open_file() as handle:
                    data = handle.read()
                if document.file_extension == "pdf":
                    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
                    assert material.title.split()[0] in text
                else:
                    assert data.startswith(b"PK")


def test_material_page_shows_its_description_authors_and_files_to_anonymous_visitors(client):
    material = MaterialPage.objects.live().get(slug="robotics-program")
    response = client.get(material.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert material.title in html
    assert (
        "Ахмедов Тимур Рашидович" in html and "Информатика" in html and "Дополнительное образование" in html
    )
    assert "Программа дополнительного образования" in html
    for attachment in material.attachments.all():
        assert attachment.document.url in html
    assert "(PDF," in html and "(DOCX," in html
    assert client.get(attachment.document.url).status_code == 200


def test_a_material_knows_its_center_and_is_listed_in_the_center_index(client, index, center):
    material = add_material(index, "Fresh robotics guide", "recommendations", ["physics"], ["basic"])
    assert material.center_id == center.pk
    listing = client.get(index.url)
    titles = [page.title for page in listing.context["items_page"].object_list]
    assert titles[0] == "Fresh robotics guide"


def test_filters_narrow_the_list_by_type_subject_level_and_year(client, index):
    add_material(index, "Physics one", "didactic", ["physics"], ["secondary"], year=2019)
    add_material(index, "Physics two", "didactic", ["physics"], ["basic"], year=2019)
    add_material(index, "Chemistry one", "assessment", ["chemistry"], ["secondary"], year=2018)

    def count(**params):
        response = client.get(index.url, params)
        assert response.status_code == 200
        return response.context["items_page"].paginator.count

    total = count()
    assert total == 6
    assert count(type="didactic") == 2
    assert count(subject="physics") == 3  # two new ones and the demo's sensors practicum
    assert count(subject="physics", level="secondary") == 2
    assert count(subject="physics", level="secondary", year="2019") == 1
    assert count(year="2018") == 1
    assert count(type="assessment", subject="physics") == 0
    html = client.get(index.url, {"type": "didactic"}).content.decode()
    assert "Physics one" in html and "Chemistry one" not in html
    assert 'value="didactic" selected' in html


def test_unknown_filter_values_are_ignored_never_an_error(client, index):
    total = client.get(index.url).context["items_page"].paginator.count
    for params in (
        {"type": "no-such-type"},
        {"subject": "<script>"},
        {"level": "x" * 500},
        {"year": "20x5"},
        {"year": "-1"},
        {"page": "9999"},
        {"page": "abc"},
        {"type": "chemistry"},  # a subject's slug given as a type
    ):
        response = client.get(index.url, params)
        assert response.status_code == 200, params
        assert response.context["items_page"].paginator.count == total, params


def test_filter_options_offer_only_what_the_index_holds(client, index):
    response = client.get(index.url)
    subjects = {option.slug for option in response.context["filters"]["subject"].options}
    assert "physics" in subjects and "literature" not in subjects
    assert response.context["filters"]["year"].options == sorted(
        response.context["filters"]["year"].options, reverse=True
    )


def test_draft_materials_are_not_listed_on_the_index_the_center_or_the_home_page(client, index, center, home):
    add_material(index, "Unpublished draft material", "didactic", ["physics"], live=False)
    for url in (index.url, center.url, home.url, index.url + "?subject=physics"):
        assert "Unpublished draft material" not in client.get(url).content.decode(), url


def test_home_page_shows_the_six_newest_materials_across_centers(client, home, index):
    add_material(index, "Newest of all", "didactic")
    response = client.get(home.url)
    html = response.content.decode()
    assert "Новые материалы" in html
    latest = list(response.context["latest_materials"])
    assert len(latest) == 6 and latest[0].title == "Newest of all"
    assert len({material.center_id for material in latest}) > 1


def test_material_search_finds_russian_word_forms_and_filters_by_center(center):
    results = MaterialPage.objects.live().filter(center=center).search("робототехника")
    assert "robotics-program" in {page.slug for page in results}


def queries_for(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def bulk_materials(index, center, start, count):
    types = list(MaterialType.objects.all()[:3])
    pages = [
        MaterialPage(
            title=f"Материал {n}",
            slug=f"bulk-material-{n}",
            abstract="Аннотация",
            material_type=types[n % 3],
            year=2000 + n % 20,
            center=center,
        )
        for n in range(start, start + count)
    ]
    bulk_add_children(index, pages)
    physics, basic = Subject.objects.get(slug="physics"), EducationLevel.objects.get(slug="basic")
    MaterialPage.subjects.through.objects.bulk_create(
        [MaterialPage.subjects.through(materialpage_id=page.pk, subject_id=physics.pk) for page in pages]
    )
    MaterialPage.levels.through.objects.bulk_create(
        [MaterialPage.levels.through(materialpage_id=page.pk, educationlevel_id=basic.pk) for page in pages]
    )
    MaterialAuthor.objects.bulk_create([MaterialAuthor(page=page, name=f"Автор {page.pk}") for page in pages])


@pytest.mark.parametrize("query", ["", "?subject=physics&level=basic&page=2"])
def test_material_index_costs_the_same_queries_with_10_and_1000_materials(client, index, center, query):
    bulk_materials(index, center, 0, 7)
    assert MaterialPage.objects.child_of(index).count() == 10
    small = queries_for(client, index.url + query)
    bulk_materials(index, center, 7, 990)
    assert MaterialPage.objects.child_of(index).count() == 1000
    assert client.get(index.url).context["items_page"].paginator.count == 1000
    assert queries_for(client, index.url + query) == small


def test_center_and_home_pages_cost_the_same_queries_with_10_and_1000_materials(client, index, center, home):
    bulk_materials(index, center, 0, 7)
    small = [queries_for(client, center.url), queries_for(client, home.url)]
    bulk_materials(index, center, 7, 990)
    assert [queries_for(client, center.url), queries_for(client, home.url)] == small


def test_bench_seeding_tops_up_materials_and_news_into_center_sections(client):
    from django.core.management import call_command

    before = MaterialPage.objects.count()
    call_command("seed_bench", materials=before + 25, news=40, verbosity=0, stdout=io.StringIO())
    assert MaterialPage.objects.count() == before + 25
    call_command("seed_bench", materials=before + 25, verbosity=0, stdout=io.StringIO())
    assert MaterialPage.objects.count() == before + 25
    synthetic = MaterialPage.objects.filter(slug__startswith="bench-").select_related("center")
    assert all(page.center_id == page.get_parent().get_parent().pk for page in synthetic[:5])
    index = synthetic.first().get_parent()
    response = client.get(index.url, {"type": synthetic.first().material_type.slug})
    assert response.status_code == 200 and response.context["items_page"].paginator.count >= 1


def test_running_the_demo_seed_again_adds_no_materials_files_or_communities():
    from django.core.management import call_command

    from centers.models import CenterDocument, CommunityPage, MaterialAttachment, NewsPage

    models = [MaterialPage, MaterialAttachment, MaterialAuthor, CenterDocument, NewsPage, CommunityPage]
    before = {model.__name__: model.objects.count() for model in models}
    call_command("seed_demo", stdout=io.StringIO())
    assert {model.__name__: model.objects.count() for model in models} == before


def test_text_extracted_from_an_attached_file_finds_the_material():
    from wagtail.search.backends import get_search_backend

    material = MaterialPage.objects.live().get(slug="physics-sensors")
    document = material.attachments.first().document
    document.extracted_text = "Лабораторные работы с цифровым осциллографом"
    document.save()
    get_search_backend().add(material)
    found = MaterialPage.objects.live().search("осциллографом")
    assert [page.slug for page in found] == ["physics-sensors"]


def test_material_index_costs_the_same_queries_with_few_and_many_materials(client, index):
    def cost(params):
        client.get(index.url, params)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(index.url, params).status_code == 200
        return len(captured)

    filtered = {"type": "didactic", "year": "2025"}
    few, few_filtered = cost({}), cost(filtered)
    for number in range(25):
        add_material(index, f"Additional material {number}", "didactic", ["physics"])
    assert (cost({}), cost(filtered)) == (few, few_filtered)


def announced(client, url, params=None):
    """The total the index announces to the visitor and the titles of its first page."""
    response = client.get(url, params or {})
    assert response.status_code == 200
    total = int(re.search(r'<p role="status">\D*(\d+)', response.content.decode()).group(1))
    assert total == response.context["items_page"].paginator.count
    return total, [page.title for page in response.context["items_page"].object_list]


def test_material_index_total_follows_every_change_of_its_materials_at_once(client, index):
    other_index = MaterialIndexPage.objects.exclude(pk=index.pk).first()
    total, _titles = announced(client, index.url)
    recommended, _titles = announced(client, index.url, {"type": "recommendations"})
    other, _titles = announced(client, other_index.url)
    add_material(index, "Draft set", "recommendations", live=False)
    material = add_material(index, "Fresh guide", "recommendations", ["physics"])
    shown, titles = announced(client, index.url)
    assert shown == total + 1 and titles[0] == "Fresh guide" and "Draft set" not in titles
    assert announced(client, index.url, {"type": "recommendations"})[0] == recommended + 1
    material.unpublish()
    assert announced(client, index.url)[0] == total
    assert announced(client, index.url, {"type": "recommendations"})[0] == recommended
    material.save_revision().publish()
    assert announced(client, index.url)[0] == total + 1
    restriction = PageViewRestriction.objects.create(
        page=material, restriction_type=PageViewRestriction.PASSWORD, password="секрет"
    )
    assert announced(client, index.url)[0] == total
    restriction.delete()
    assert announced(client, index.url)[0] == total + 1
    material.move(other_index, pos="last-child")
    assert announced(client, index.url)[0] == total
    shown, titles = announced(client, other_index.url)
    assert shown == other + 1 and "Fresh guide" in titles
    MaterialPage.objects.get(pk=material.pk).delete()
    assert announced(client, other_index.url)[0] == other


def test_material_index_counts_its_total_once_until_a_page_changes(client, index):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(index.url).status_code == 200
        return [query["sql"] for query in captured if query["sql"].startswith("SELECT COUNT(")]

    client.get(index.url)
    assert count_queries() == []
    add_material(index, "Another guide", "recommendations")
    assert len(count_queries()) == 1
    assert count_queries() == []


def test_material_index_lists_exactly_the_sections_live_public_materials_newest_first(client, index, center):
    bulk_materials(index, center, 0, 25)  # published at one instant: the newer page (higher id) comes first
    add_material(index, "Not yet published", "didactic", live=False)
    expected = [
        page.title
        for page in MaterialPage.objects.child_of(index)
        .live()
        .public()
        .order_by("-first_published_at", "-pk")
    ]
    first = client.get(index.url).context["items_page"]
    second = client.get(index.url, {"page": 2}).context["items_page"]
    assert [page.title for page in [*first.object_list, *second.object_list]] == expected
    assert first.paginator.count == len(expected) and first.paginator.num_pages == 2


def test_newest_materials_of_the_site_and_of_a_center_come_in_order_of_publication(
    client, home, index, center
):
    from .test_feeds import rss_items

    bulk_materials(index, center, 0, 8)  # published at one instant: the newer page (higher id) comes first
    add_material(MaterialIndexPage.objects.exclude(pk=index.pk).first(), "Newest elsewhere", "didactic")
    newest = MaterialPage.objects.live().public().order_by("-first_published_at", "-pk")
    site = [page.title for page in newest]
    assert [page.title for page in client.get(home.url).context["latest_materials"]] == site[:6]
    assert [item["title"] for item in rss_items(client, "/feeds/materials/")[1]] == site[:30]
    own = [page.title for page in newest.filter(center=center)[:5]]
    assert [page.title for page in client.get(center.url).context["materials"]] == own
    assert [item["title"] for item in rss_items(client, f"/feeds/{center.slug}/materials/")[1]] == list(
        newest.filter(center=center).values_list("title", flat=True)
    )


def test_a_file_label_names_its_type_once(client):
    """«Текст материала (PDF)» beside «(PDF, 3,1 КБ)» read «Текст материала (PDF) (PDF, 3,1 КБ)»."""
    material = MaterialPage.objects.live().get(slug="robotics-program")
    captions = set(material.attachments.values_list("caption", flat=True))
    assert {"Текст материала (PDF)", "Редактируемая версия (DOCX)"} <= captions
    html = client.get(material.url).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert re.search(r"Текст материала \(PDF, [\d,]+ КБ\)", text)
    assert re.search(r"Редактируемая версия \(DOCX, [\d,]+ КБ\)", text)
    assert "(PDF) (PDF" not in text and "(DOCX) (DOCX" not in text


def test_the_document_list_block_names_the_type_once(client):
    from django.template.loader import render_to_string

    from centers.models import CenterDocument

    document = CenterDocument.objects.filter(file__endswith=".pdf").first()
    document.title = "Положение о ресурсном центре (PDF)"
    html = render_to_string("blocks/document_list.html", {"value": {"heading": "", "documents": [document]}})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
    assert re.search(r"Положение о ресурсном центре \(PDF, [\d,]+ (КБ|байт)", text), text
