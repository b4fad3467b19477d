"""Whatever a visitor puts in the library's query string, the answer is a page, never a server error."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from centers.library.query import MAX_QUERY_WORDS, parse_query

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
        "year": st.sampled_from(["2025", "-1", "abc", "99999999999999999999", ""]),
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
