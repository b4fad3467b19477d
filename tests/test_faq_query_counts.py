"""Issue 20 for the questions and answers: the section and a question page render in a fixed number of queries
(at most 15), the same with 1 question as with 30. Counted on the second request, as in test_page_query_counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centers.models import CenterPage, EducationLevel, QuestionIndexPage, QuestionPage, Subject

from .faq_helpers import add_question

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15
EXPECTED = {
    # the subjects and levels offered, the total and the cards kept until a page changes, as on the other lists
    "questions index": {"postgresql": 5, "sqlite": 5},
    "question": {"postgresql": 6, "sqlite": 6},
}


def queries_for(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def center_with_one_question():
    """A demo center whose section holds exactly one published question."""
    center = CenterPage.objects.get(slug="stem-poisk")
    section = QuestionIndexPage.objects.child_of(center).get()
    assert QuestionPage.objects.child_of(section).live().count() == 1
    return center, section


def pages(section):
    return {
        "questions index": section.url,
        "question": QuestionPage.objects.child_of(section).live().order_by("path").first().url,
    }


@pytest.mark.parametrize("label", list(EXPECTED))
def test_a_faq_page_renders_in_its_exact_query_count_with_1_and_with_30_questions(client, label):
    center, section = center_with_one_question()
    url = pages(section)[label]
    few = queries_for(client, url)
    subjects, levels = list(Subject.objects.all()[:3]), list(EducationLevel.objects.all()[:2])
    for number in range(29):
        add_question(center, f"Вопрос № {number}", subjects=subjects, levels=levels)
    assert QuestionPage.objects.child_of(section).live().count() == 30
    many = queries_for(client, url)
    assert (few, many) == (EXPECTED[label][connection.vendor],) * 2
    assert few <= MAX_QUERIES
