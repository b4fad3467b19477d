"""A center's questions and answers: the public section, drafting one from an answered consultation request in
the admin (never copying who asked), the teacher's erasure, and the library finding published ones."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtailcache.cache import clear_cache

from centers.models import (
    CenterPage,
    ConsultationRequest,
    Direction,
    EducationLevel,
    LibraryPage,
    QuestionIndexPage,
    QuestionPage,
    Subject,
)
from centers.records.erasure import erase_person
from centers.roles.provisioning import WORKFLOW_NAME, coordinators_group, provision_center

from .faq_helpers import add_question

pytestmark = pytest.mark.django_db

REQUESTER = {
    "name": "Орлова Светлана Игоревна",
    "email": "orlova.faq@example.ru",
    "phone": "+7 (3463) 22-33-44",
    "organization": "МБОУ «СОШ № 13»",
}


@pytest.fixture
def center():
    return CenterPage.objects.get(slug="inclusive-sosh5")


@pytest.fixture
def other_center():
    return CenterPage.objects.get(slug="literacy-lyceum1")


def coordinator_of(center):
    return coordinators_group(center).user_set.order_by("pk").first()


@pytest.fixture
def answered(center):
    return ConsultationRequest.objects.create(
        center=center,
        topic="Оценивание диктантов у ученика с дисграфией",
        question="Как оценивать диктанты ученика 3 класса с дисграфией, если он обучается по АООП 7.1?",
        status=ConsultationRequest.Status.ANSWERED,
        answer="Специфические ошибки считайте одной ошибкой.\n\nОценку ставьте по критериям АООП.",
        **REQUESTER,
    )


def titles(response):
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', response.content.decode())


def publish_url(consultation):
    return reverse("consultation_requests:publish_question", args=[consultation.pk])


# The public section


def test_a_provisioned_center_has_its_questions_section_linked_from_its_page(client, center):
    section = QuestionIndexPage.objects.child_of(center).get()
    assert (section.slug, section.title, section.live) == ("faq", "Вопросы и ответы", True)
    html = client.get(center.url).content.decode()
    assert f'<a href="{section.url}">Вопросы и ответы</a>' in html


def test_a_new_center_gets_the_section_when_provisioned(center):
    direction = Direction.objects.create(name="Одарённые дети", slug="gifted")
    new = provision_center(center.organization, direction)
    assert QuestionIndexPage.objects.child_of(new).live().filter(slug="faq").exists()


def test_the_section_lists_published_questions_newest_first_twenty_a_page(client, center):
    QuestionPage.objects.child_of(QuestionIndexPage.objects.child_of(center).get()).delete()
    for day in range(1, 22):
        add_question(center, f"Вопрос от {day:02d} октября", date=datetime.date(2026, 10, day))
    add_question(center, "Черновик вопроса", date=datetime.date(2026, 11, 1), publish=False)
    url = QuestionIndexPage.objects.child_of(center).get().url
    first_page = titles(client.get(url))
    assert first_page == [f"Вопрос от {day:02d} октября" for day in range(21, 1, -1)]
    assert titles(client.get(url, {"page": 2})) == ["Вопрос от 01 октября"]


def test_the_section_filters_by_subject_and_level(client, center):
    algebra, primary = Subject.objects.get(slug="algebra"), EducationLevel.objects.get(slug="primary")
    add_question(center, "Задачи на проценты в 8 классе", subjects=[algebra])
    add_question(center, "Чтение в 1 классе", levels=[primary])
    url = QuestionIndexPage.objects.child_of(center).get().url
    assert titles(client.get(url, {"subject": "algebra"})) == ["Задачи на проценты в 8 классе"]
    primary_titles = titles(client.get(url, {"level": "primary"}))
    assert "Чтение в 1 классе" in primary_titles and "Задачи на проценты в 8 классе" not in primary_titles


def test_a_question_page_shows_the_question_the_answer_its_subjects_and_levels(client, center, answered):
    page = add_question(
        center,
        "Как оценивать диктанты при дисграфии",
        question="Как оценивать диктанты ученика с дисграфией?",
        answer="<p>Специфические ошибки считайте <b>одной</b> ошибкой.</p>",
        subjects=[Subject.objects.get(slug="russian")],
        levels=[EducationLevel.objects.get(slug="primary")],
        source_request=answered,
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Как оценивать диктанты при дисграфии</h1>" in html
    assert "Как оценивать диктанты ученика с дисграфией?" in html
    assert "Специфические ошибки считайте <b>одной</b> ошибкой." in html
    assert "Русский язык" in html and "Начальное общее образование" in html
    assert "1 октября 2026" in html
    for value in REQUESTER.values():
        assert value not in html


def test_a_draft_question_is_not_public(client, center):
    draft = add_question(center, "Вопрос ещё на модерации", publish=False)
    assert client.get(draft.url).status_code == 404
    index = QuestionIndexPage.objects.child_of(center).get()
    assert "Вопрос ещё на модерации" not in titles(client.get(index.url))


# Drafting from an answered request


def test_an_answered_request_offers_publication_in_its_edit_view_and_listing(client, center, answered):
    client.force_login(coordinator_of(center))
    edit = client.get(reverse("consultation_requests:edit", args=[answered.pk])).content.decode()
    assert "Опубликовать как вопрос-ответ" in edit and publish_url(answered) in edit
    assert "опубликуйте его в разделе «Вопросы и ответы» центра" in edit
    listing = client.get(reverse("consultation_requests:index")).content.decode()
    assert publish_url(answered) in listing


def test_the_coordinator_gets_a_draft_to_write_beside_the_request_in_the_page_editor(
    client, center, answered
):
    client.force_login(coordinator_of(center))
    confirm = client.get(publish_url(answered))
    assert confirm.status_code == 200
    assert "ФИО, e-mail, телефон и организация автора запроса не копируются" in confirm.content.decode()
    response = client.post(publish_url(answered))
    page = QuestionPage.objects.get(source_request=answered)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.get_parent().specific_class is QuestionIndexPage
    assert page.get_parent().get_parent().pk == center.pk
    assert (page.title, page.live, page.has_unpublished_changes) == (
        f"Вопрос из запроса на консультацию № {answered.pk}",
        False,
        True,
    )
    assert answered.question not in page.question and "своими словами" in page.question
    assert "Специфические ошибки" not in page.answer, "nothing of the request is copied"
    editor = client.get(response["Location"]).content.decode()
    assert "сформулируйте вопрос так, чтобы в нём не были названы ни человек, ни школа" in editor
    assert answered.question in editor and "Специфические ошибки считайте одной ошибкой." in editor, (
        "the request is shown beside the fields"
    )
    again = client.post(publish_url(answered))  # a second click opens the same draft
    assert again["Location"] == response["Location"]
    edit = client.get(reverse("consultation_requests:edit", args=[answered.pk])).content.decode()
    assert response["Location"] in edit  # the request links to its draft
    assert QuestionPage.objects.filter(source_request=answered).count() == 1


def test_the_draft_copies_nothing_of_who_asked_into_the_page_or_its_revision(client, center, answered):
    client.force_login(coordinator_of(center))
    client.post(publish_url(answered))
    page = QuestionPage.objects.get(source_request=answered)
    stored = [str(getattr(page, field.attname)) for field in QuestionPage._meta.concrete_fields]
    revisions = [json.dumps(revision.content, ensure_ascii=False) for revision in page.revisions.all()]
    assert revisions
    for value in REQUESTER.values():
        assert not any(value in text for text in stored + revisions), value


def test_the_draft_goes_through_the_departments_moderation(client, center, answered):
    coordinator = coordinator_of(center)
    client.force_login(coordinator)
    client.post(publish_url(answered))
    page = QuestionPage.objects.get(source_request=answered)
    assert page.get_workflow().name == WORKFLOW_NAME
    assert not page.permissions_for_user(coordinator).can_publish()
    assert page.permissions_for_user(coordinator).can_edit()


def test_another_centers_coordinator_cannot_publish_the_request(client, other_center, answered):
    client.force_login(coordinator_of(other_center))
    assert client.get(publish_url(answered)).status_code == 404
    assert client.post(publish_url(answered)).status_code == 404
    assert not QuestionPage.objects.filter(source_request=answered).exists()


def test_an_unanswered_request_is_refused_with_a_russian_message(client, center, answered):
    ConsultationRequest.objects.filter(pk=answered.pk).update(status=ConsultationRequest.Status.IN_PROGRESS)
    client.force_login(coordinator_of(center))
    response = client.post(publish_url(answered))
    assert response.status_code == 409
    assert "Опубликовать можно только запрос со статусом «Дан ответ» и написанным ответом." in (
        response.content.decode()
    )
    assert not QuestionPage.objects.filter(source_request=answered).exists()
    edit = client.get(reverse("consultation_requests:edit", args=[answered.pk])).content.decode()
    assert publish_url(answered) not in edit
    assert "Когда на запрос будет дан ответ, его можно будет опубликовать" in edit


def test_a_center_without_the_section_gets_it_on_the_first_publication(client, center, answered):
    QuestionIndexPage.objects.child_of(center).get().delete()
    client.force_login(coordinator_of(center))
    client.post(publish_url(answered))
    section = QuestionIndexPage.objects.child_of(center).get()
    assert (section.slug, section.live) == ("faq", True)
    assert QuestionPage.objects.child_of(section).filter(source_request=answered).exists()


# The teacher's erasure


def test_erasure_clears_the_link_to_the_request_and_keeps_the_public_text(client, center, answered):
    client.force_login(coordinator_of(center))
    client.post(publish_url(answered))
    page = QuestionPage.objects.get(source_request=answered)
    page.question = "Как оценивать диктанты ученика начальной школы с дисграфией?"
    page.save_revision().publish()
    erase_person(REQUESTER["email"], "http://testserver")
    page = QuestionPage.objects.get(pk=page.pk)
    assert page.source_request is None
    assert all(revision.content.get("source_request") is None for revision in page.revisions.all())
    page.get_latest_revision().publish()  # an older draft published again does not bring the link back
    page = QuestionPage.objects.get(pk=page.pk)
    assert (page.source_request, page.live) == (None, True)
    assert page.question == "Как оценивать диктанты ученика начальной школы с дисграфией?"
    assert client.get(page.url).status_code == 200


def test_erasure_puts_placeholders_back_into_a_draft_that_copied_the_request_word_for_word(center, answered):
    """Drafts made before the placeholders copied the topic, the question and the answer."""
    section = QuestionIndexPage.objects.child_of(center).get()
    draft = QuestionPage(
        title=answered.topic,
        slug="ocenivanie-diktantov",
        question=answered.question,
        answer="<p>Специфические ошибки считайте одной ошибкой.</p><p>Оценку ставьте по критериям АООП.</p>",
        source_request=answered,
        live=False,
    )
    section.add_child(instance=draft)
    draft.save_revision()
    erase_person(REQUESTER["email"], "http://testserver")
    draft = QuestionPage.objects.get(pk=draft.pk)
    stored = [draft.title, draft.draft_title, draft.slug, draft.question, draft.answer]
    for revision in draft.revisions.all():
        stored += [revision.object_str, json.dumps(revision.content, ensure_ascii=False)]
    for text in (answered.topic, answered.question, "Специфические ошибки", "ocenivanie"):
        assert not any(text in value for value in stored), text
    assert draft.slug == f"question-{answered.pk}" and draft.url_path.endswith(f"/question-{answered.pk}/")


# The library


def library_results(client, **params):
    response = client.get(LibraryPage.objects.get().url, params)
    return response, re.findall(r'class="result__title"><a [^>]*>([^<]*)</a>', response.content.decode())


def facet_counts(response, facet):
    html = response.content.decode()
    return {
        label.removesuffix(" ✕"): int(count)
        for count, label in re.findall(rf'data-facet="{facet}" data-count="(\d+)">([^<]+)</a>', html)
    }


def test_the_library_finds_a_published_question_by_its_question_and_its_answer(client, center):
    add_question(
        center,
        "Сколько наборов конструкторов нужно на группу",
        question="Какие наборы закупить для факультатива по мехатронике?",
        answer="<p>Рассчитывайте один набор на двоих обучающихся, плюс набор наставника.</p>",
        subjects=[Subject.objects.get(slug="technology")],
        levels=[EducationLevel.objects.get(slug="primary")],
    )
    add_question(center, "Черновик про конструкторы и наставника", publish=False)
    response, by_question = library_results(client, q="факультатива мехатроники")
    assert by_question == ["Сколько наборов конструкторов нужно на группу"]
    _, by_answer = library_results(client, q="наставника обучающихся")
    assert by_answer == ["Сколько наборов конструкторов нужно на группу"]
    assert facet_counts(response, "type")["Вопросы и ответы"] == 1
    assert facet_counts(response, "subject")["Труд (технология)"] == 1
    assert facet_counts(response, "level")["Начальное общее образование"] == 1
    _, only_faq = library_results(client, q="мехатроника", type="faq")
    assert only_faq == ["Сколько наборов конструкторов нужно на группу"]


def test_the_library_does_not_find_a_draft_question(client, center):
    add_question(
        center, "Черновик о сенсорной комнате", answer="<p>Оборудование сенсорной комнаты.</p>", publish=False
    )
    _, found = library_results(client, q="сенсорной комнаты")
    assert "Черновик о сенсорной комнате" not in found
    assert not Page.objects.filter(title="Черновик о сенсорной комнате", live=True).exists()


def test_an_approved_question_shows_at_once_in_the_cached_library_and_section(
    settings, center, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_CACHE = True
    settings.WAGTAIL_CACHE_KEYRING = True
    clear_cache()
    library = LibraryPage.objects.get().url + "?type=faq"
    section = QuestionIndexPage.objects.child_of(center).get().url
    for url in (library, section):
        Client().get(url)
        assert Client().get(url)["X-Wagtail-Cache"] == "hit", url
    with django_capture_on_commit_callbacks(execute=True):
        add_question(center, "Как вести дневник наблюдений тьютора")
    for url in (library, section):
        response = Client().get(url)
        assert "Как вести дневник наблюдений тьютора" in response.content.decode(), url
    clear_cache()
