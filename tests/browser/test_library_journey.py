"""A teacher finds a material in the library by an inflected Russian query, narrows it by a facet, downloads it."""

import re

import pytest

from centers.models import LibraryPage, MaterialPage

from .actions import follow

# Russian morphology comes from PostgreSQL's "russian" text search configuration.
pytestmark = pytest.mark.postgres

QUERY = "методических рекомендаций"  # genitive plural; the titles say "Методические рекомендации"
FILE_SIGNATURES = {"pdf": b"%PDF-", "docx": b"PK\x03\x04"}


def result_count(page):
    heading = page.locator("#library-results-heading").inner_text()
    return int(re.match(r"\d+", heading).group())


def result_titles(page):
    return page.locator(".library__list .result__title a").all_inner_texts()


def test_teacher_finds_material_by_word_form_narrows_by_facet_and_downloads_it(
    demo_server, browser_page, screenshot, tmp_path
):
    material = MaterialPage.objects.live().get(slug="mentoring-model")
    center = material.get_parent().get_parent().specific
    assert material.title.startswith("Методические рекомендации") and QUERY not in material.title.lower()
    page = browser_page

    page.goto(demo_server.url + LibraryPage.objects.live().get().url)
    page.get_by_label("Поиск по материалам, практикам и мероприятиям").fill(QUERY)
    follow(page, page.locator("form.library-search").get_by_role("button", name="Найти"))
    everywhere = result_count(page)
    assert material.title in result_titles(page)
    assert everywhere > 1, "the query should match materials of several centers"

    facets = page.get_by_role("complementary", name="Уточнить результаты")
    follow(page, facets.get_by_role("link", name=center.title, exact=True))
    assert result_count(page) < everywhere
    assert material.title in result_titles(page)
    centers_shown = page.locator(".library__list .result__meta a").all_inner_texts()
    assert centers_shown and set(centers_shown) == {center.title}
    assert facets.get_by_role("link", name=center.title).get_attribute("aria-current") == "true"
    assert (
        page.get_by_label("Поиск по материалам, практикам и мероприятиям").input_value() == QUERY
    )  # the query survives the facet
    screenshot(page, "results")

    follow(page, page.get_by_role("link", name=material.title, exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == material.title
    files = page.get_by_role("region", name="Файлы").get_by_role("link")
    assert files.count() == material.attachments.count() == 2
    screenshot(page, "material")
    kinds = set()
    for number in range(files.count()):
        with page.expect_download() as download_info:
            files.nth(number).click()
        download = download_info.value
        kind = download.suggested_filename.rsplit(".", 1)[-1].lower()
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        content = saved.read_bytes()
        assert content.startswith(FILE_SIGNATURES[kind]), download.suggested_filename
        assert len(content) > 500
        kinds.add(kind)
    assert kinds == {"pdf", "docx"}
