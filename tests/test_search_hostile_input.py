"""Whatever a visitor puts in a query string or address (library, listings, feeds, the API), the answer is a page or
a 404, never a server error."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centers.content.models import MaterialIndexPage, MaterialPage, NewsIndexPage
from centers.library.query import MAX_QUERY_WORDS, parse_query
from centers.models import CenterPage

pytestmark = pytest.mark.django_db

NASTY = st.text(
    alphabet=st.sampled_from([*list("\"'&|!:*()<>-_\\/%ёЁ НОО мастер-класс\t\n;"), "\x00"]), max_size=60
)
PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "q": NASTY | st.text(max_size=80),
        "type": st.sampled_from(["material", "news", "center", "project", "community", "nonsense", "", "'"]),
        "center": st.text(max_size=10),
        "direction": st.sampled_from(["stem", "inclusive", "??", ""]),
        "subject": st.sampled_from(["mathematics", "x" * 200, ""]),
        "level": st.sampled_from(["primary", "НОО", "-1", ""]),
        "year": st.sampled_from(["2025", "-1", "abc", "99999999999999999999", "", "²", "٢٠٢٥", "2025²"]),
        "page": st.sampled_from(["-1", "0", "abc", "2", "999999", "1e9", ""]),
        "sort": st.sampled_from(["date", "relevance", "drop table", ""]),
        "keyword": NASTY | st.sampled_from(["логопедия", "x" * 300, "%", ""]),
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=PARAMS)
def test_any_query_string_gets_a_page_not_a_500(client, params):
    params = {name: value.replace("\x00", "") for name, value in params.items()}
    response = client.get("/library/", params)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    ['"', '""', "'", "&|!:*()", 'мастер-класс"', "a" * 10_000, "слово " * 2000, "NEAR(a b)", "* OR -", "\\"],
)
def test_known_troublemakers_get_a_page(client, query):
    assert client.get("/library/", {"q": query}).status_code == 200
    assert client.get("/search/autocomplete/", {"q": query}).status_code == 200
    assert client.get("/api/v2/pages/", {"search": query}).status_code == 200


@given(st.text(max_size=300))
def test_parsed_queries_hold_words_only(raw):
    parsed = parse_query(raw)
    assert len(parsed.words) <= MAX_QUERY_WORDS
    for word in parsed.words:
        assert not set(word) & set("\"'&|!:*()<>\\")


def test_ye_and_hyphen_and_abbreviations_are_read():
    parsed = parse_query("Учёт мастер-класс НОО до 15 мая")
    assert parsed.words == ["Учет", "мастер-класс", "до", "15", "мая"]
    assert parsed.level_abbreviations == ["primary"]


# Digits int() refuses although str.isdigit() accepts them (superscripts, circled), and digits of other scripts.
YEARS = st.text(
    alphabet=st.sampled_from([*"0123456789", "²", "³", "①", "٢", "५", "-", " ", "\x00"]), max_size=8
)
NUL_TEXT = st.text(alphabet=st.sampled_from([*"abc-/_ё", "\x00", "%", "?"]), min_size=1, max_size=20)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(year=YEARS)
def test_any_year_on_the_material_and_news_indexes_gets_a_page(client, year):
    for index in (MaterialIndexPage.objects.live().first(), NewsIndexPage.objects.live().first()):
        assert client.get(index.url, {"year": year}).status_code == (400 if "\x00" in year else 200)


def listed_pages(response, index):
    return set(re.findall(rf'href="({re.escape(index.url)}[^"?#]+/)"', response.content.decode()))


@pytest.mark.parametrize("year", ["²", "2025²", "①"])
def test_a_year_of_unusual_digits_shows_the_whole_listing(client, year):
    assert client.get("/library/", {"year": year}).status_code == 200
    for index in (MaterialIndexPage.objects.live().first(), NewsIndexPage.objects.live().first()):
        response = client.get(index.url, {"year": year})
        assert response.status_code == 200
        assert listed_pages(response, index) == listed_pages(client.get(index.url), index) != set()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slug=NUL_TEXT)
def test_any_center_slug_in_a_feed_address_gets_a_feed_or_a_404(client, slug):
    for kind in ("news", "materials"):
        assert client.get(f"/feeds/{quote(slug, safe='')}/{kind}/").status_code in (200, 400, 404)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=NUL_TEXT)
def test_any_path_given_to_the_api_find_gets_a_redirect_or_a_404(client, path):
    assert client.get("/api/v2/pages/find/", {"html_path": path}).status_code in (302, 400, 404)


def test_a_nul_byte_in_a_feed_or_the_api_find_is_a_400(client):
    center = CenterPage.objects.live().first()
    assert client.get(f"/feeds/{center.slug}%00/news/").status_code == 400
    assert client.get("/api/v2/pages/find/", {"html_path": f"/{center.slug}\x00/"}).status_code == 400
    material = MaterialPage.objects.live().public().first()
    assert client.get("/api/v2/pages/find/", {"html_path": material.url}).status_code == 302
