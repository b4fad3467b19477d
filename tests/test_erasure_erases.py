"""A teacher's erasure at /my/ leaves nothing that names them in any table but the consent proof.

The person goes through every form that keeps something of them (an event registration, a consultation request
naming themselves, their phone and a pupil, a practice, a subscription); the coordinator answers the request and
drafts a question and answer from it; then the person erases themselves through the link /my/ mails them.
"""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from centers.models import (
    CenterPage,
    ConsentRecord,
    ConsultationRequest,
    EducationLevel,
    PracticeIndexPage,
    PracticePage,
    QuestionPage,
)
from centers.roles.provisioning import coordinators_group

from .erasure_scan import rows_holding, search_hits
from .events_helpers import FORM, make_event

pytestmark = pytest.mark.django_db

NAME = "Ястребцева Вилора Фаридовна"
EMAIL = "v.yastrebtseva@example.ru"
PHONE = "+7 (922) 417-58-03"
PUPIL = "Тимофей Горностаев"
# A search index keeps words lower-cased and stemmed: the surname's stem finds them there too.
NEEDLES = [NAME, "ястребцев", "Вилор", EMAIL, "yastrebtseva", PHONE, "417-58-03", PUPIL, "горноста"]
# The proof of consent the law requires to keep (152-FZ art. 9 p. 3): who consented, to what, when, from where.
CONSENT_PROOF = {"centers_consentrecord.name", "centers_consentrecord.email"}
ADDRESS = "198.51.100.23"


@pytest.fixture(autouse=True)
def fresh_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    yield
    cache.clear()


def the_person_uses_every_form(client, center):
    event = make_event(
        center_slug=center.slug, slug="erasure-seminar", title="Семинар «Инклюзия»", capacity=5
    )
    person = {"full_name": NAME, "email": EMAIL, "phone": PHONE}
    assert client.post(event.url + "register/", {**FORM, **person}, REMOTE_ADDR=ADDRESS).status_code == 302
    consultation = {
        "topic": "Адаптированная программа по чтению",
        "question": f"Я, {NAME}, тел. {PHONE}: мой ученик {PUPIL} (3 класс) не успевает читать. Что делать?",
        "organization": "МБОУ «СОШ № 13»",
        "name": NAME,
        "email": EMAIL,
        "phone": PHONE,
        "consent_personal_data": "on",
        "website": "",
    }
    assert client.post(center.url + "consultation/", consultation, REMOTE_ADDR=ADDRESS).status_code == 302
    index = PracticeIndexPage.objects.child_of(center).get()
    practice = {
        "title": "Читаем вместе с родителями",
        "problem": "Дети не читают дома.",
        "idea": "Семейные чтения.",
        "method": "Раз в неделю.",
        "results": "Читают больше.",
        "authors": f"{NAME}, учитель начальных классов",
        "author_organization": "МБОУ «СОШ № 13»",
        "levels": [EducationLevel.objects.first().pk],
        "email": EMAIL,
        "consent_personal_data": "on",
        "consent_publication": "on",
        "website": "",
    }
    sent = client.post(index.url + index.reverse_subpage("send"), practice, REMOTE_ADDR=ADDRESS)
    assert sent.status_code == 302, sent.content.decode()[:2000]
    subscribe = {"email": EMAIL, "kinds": ["materials", "events"], "consent": "on"}
    assert client.post(reverse("centers_subscribe"), subscribe, REMOTE_ADDR=ADDRESS).status_code == 302


def the_coordinator_answers_and_drafts_a_question(client, center):
    coordinator = coordinators_group(center).user_set.order_by("pk").first()
    client.force_login(coordinator)
    request = ConsultationRequest.objects.get(email=EMAIL)
    answer = {"status": "answered", "answer": f"Вилора Фаридовна, для {PUPIL} подойдёт АООП 7.1."}
    client.post(reverse("consultation_requests:edit", args=[request.pk]), answer)
    response = client.post(reverse("consultation_requests:publish_question", args=[request.pk]))
    editor = client.get(response["Location"]).content.decode()
    client.logout()
    return QuestionPage.objects.get(source_request=request), editor


def erase_through_the_mailed_link(client, capture):
    mail.outbox.clear()
    with capture(execute=True):
        client.post(reverse("centers_record_request"), {"email": EMAIL}, REMOTE_ADDR="198.51.100.99")
    [letter] = [letter for letter in mail.outbox if letter.to == [EMAIL]]
    record = re.search(r"https?://[^/\s]+(/my/\S+/)", letter.body).group(1)
    with capture(execute=True):
        erased = client.post(record + "erase/")
    assert erased.status_code == 302


def test_after_erasure_no_table_names_the_person_but_the_consent_proof(
    client, django_capture_on_commit_callbacks
):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    with django_capture_on_commit_callbacks(execute=True):
        the_person_uses_every_form(client, center)
        draft, editor = the_coordinator_answers_and_drafts_a_question(client, center)
    before = rows_holding(NEEDLES, allowed=CONSENT_PROOF)
    for kind in ("centers_registration", "centers_consultationrequest", "centers_outgoingletter"):
        assert any(found.startswith(kind) for found in before), f"the scan finds the person in {kind}"
    assert search_hits(["Ястребцева"], [PracticePage]), "the practice draft is found by its author before"
    assert PUPIL in editor and "417-58-03" in editor, "the editor shows the request beside the draft"
    assert NAME not in draft.question + draft.title + draft.answer, (
        "the draft copies none of the person's words"
    )

    erase_through_the_mailed_link(client, django_capture_on_commit_callbacks)

    left = rows_holding(NEEDLES, allowed=CONSENT_PROOF)
    assert left == [], "\n".join(left)
    assert search_hits(["Ястребцева", "Вилора", EMAIL], [PracticePage, QuestionPage]) == []
    proofs = ConsentRecord.objects.filter(email=EMAIL)
    assert proofs.exists() and all(proof.withdrawn_at for proof in proofs)
    practice = PracticePage.objects.get(title="Читаем вместе с родителями")
    assert (list(practice.authors.all()), practice.author_organization) == ([], "")
    draft = QuestionPage.objects.get(pk=draft.pk)
    assert draft.source_request is None and not draft.live


def test_a_draft_from_a_request_is_refused_until_the_coordinator_rewrites_it(
    client, django_capture_on_commit_callbacks
):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    with django_capture_on_commit_callbacks(execute=True):
        the_person_uses_every_form(client, center)
        draft, _editor = the_coordinator_answers_and_drafts_a_question(client, center)
    client.force_login(coordinators_group(center).user_set.order_by("pk").first())
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    form = {
        "title": draft.title,
        "slug": draft.slug,
        "question": draft.question,
        "answer": rich_text("<p>Ответ для всех: читайте вслух вместе.</p>"),
        "date": "2026-01-15",
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    }
    refused = client.post(url, nested_form_data(form))
    assert refused.status_code == 200
    errors = re.findall(r'class="error-message"[^>]*>(.*?)</', refused.content.decode(), re.S)
    assert any("Напишите вопрос своими словами" in error for error in errors), errors
    form["question"] = "Как помочь третьекласснику, который не успевает читать?"
    saved = client.post(url, nested_form_data(form))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert QuestionPage.objects.get(pk=draft.pk).get_latest_revision_as_object().question == form["question"]
