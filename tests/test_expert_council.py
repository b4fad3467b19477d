"""The expert council and the decision: reviews, who sees what, approval with an order that provisions the center."""

import datetime
import io
import zoneinfo
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission

from centers.lifecycle.applications import submit_application, transition
from centers.lifecycle.reviews import file_review
from centers.models import (
    Application,
    ApplicationPage,
    ApplicationTransition,
    ApprovalOrder,
    CenterPage,
    Direction,
    ExpertReview,
    Organization,
    ReviewCriterion,
)
from centers.roles.provisioning import EXPERT_COUNCIL_GROUP, coordinators_group
from tests.test_roles import form_data, sidebar_urls

# Before the real today, so the history (submitted in the past, reviewed now) reads in order.
INSIDE = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Yekaterinburg"))
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
Status = Application.Status
pytestmark = pytest.mark.django_db


def user(username):
    return get_user_model().objects.get(username=username)


def new_expert(username="expert3"):
    expert = get_user_model().objects.create_user(username, f"{username}@example.ru", first_name="Третий")
    expert.groups.add(Group.objects.get(name=EXPERT_COUNCIL_GROUP))
    return expert


def criteria():
    return list(ReviewCriterion.objects.filter(active=True))


def review_post(scores, recommendation="approve", comment=""):
    data = {"recommendation": recommendation, "comment": comment}
    data.update({f"score_{criterion.pk}": score for criterion, score in zip(criteria(), scores, strict=True)})
    return data


def make_application(status=Status.UNDER_REVIEW, **fields):
    values = {
        "organization": Organization.objects.get(short_name="СОШ № 5"),
        "direction": Direction.objects.get(slug="career"),
        "justification": "Опыт профориентационной работы.",
        "staff_resources": "Педагоги-психологи.",
        "methodological_resources": "Программы.",
        "material_resources": "Кабинет профориентации.",
        "information_resources": "Сайт.",
        "plan_of_work": "План.",
        "contact_name": "Орлова Наталья Петровна",
        "contact_email": "orlova@sosh5.example.ru",
        **fields,
    }
    with mock.patch("django.utils.timezone.now", return_value=INSIDE):
        application = submit_application(
            values,
            SimpleUploadedFile("scan.pdf", PDF_BYTES),
            consent_ip="127.0.0.1",
        )
    moderator = user("moderator")
    if status != Status.SUBMITTED:
        application = transition(application, Status.UNDER_REVIEW, moderator)
    if status in {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}:
        application = transition(application, status, moderator)
    mail.outbox.clear()
    return application


def detail_url(application):
    return reverse("centers_lifecycle:application_detail", args=[application.pk])


def test_full_cycle_from_submission_to_a_center_its_coordinator_can_edit(
    client, django_capture_on_commit_callbacks
):
    page = ApplicationPage.objects.get()
    organization = Organization.objects.get(short_name="СОШ № 13")
    direction = Direction.objects.get(slug="inclusive")
    data = {
        "organization": organization.pk,
        "direction": direction.pk,
        "justification": "Инклюзивные классы с 2019 года.",
        "staff_resources": "Тьюторы, дефектологи, логопеды.",
        "methodological_resources": "Адаптированные программы.",
        "material_resources": "Сенсорная комната.",
        "information_resources": "Раздел сайта об инклюзии.",
        "plan_of_work": "Семинары для педагогов города.",
        "contact_name": "Зайцева Мария Андреевна",
        "contact_email": "zaitseva@sosh13.example.ru",
        "consent": "on",
        "signed_scan": SimpleUploadedFile("zayavlenie.pdf", PDF_BYTES),
    }
    with (
        mock.patch("django.utils.timezone.now", return_value=INSIDE),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert client.post(page.url, data).status_code == 302
    application = Application.objects.get(contact_email="zaitseva@sosh13.example.ru")

    client.force_login(user("moderator"))
    client.post(
        reverse("centers_lifecycle:application_transition", args=[application.pk]), {"action": "review"}
    )
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW

    for expert, scores in [(user("expert"), [5, 4, 4, 5]), (new_expert(), [3, 4, 3, 4])]:
        client.force_login(expert)
        assert (
            client.get(reverse("centers_lifecycle:application_scan", args=[application.pk])).status_code
            == 200
        )
        response = client.post(
            reverse("centers_lifecycle:application_review", args=[application.pk]), review_post(scores)
        )
        assert response.status_code == 302
    assert application.reviews.count() == 2

    client.force_login(user("moderator"))
    html = client.get(detail_url(application)).content.decode()
    assert "Заключений: 2; сумма баллов 32; средний балл заключения 16" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("centers_lifecycle:application_approve", args=[application.pk]),
            {"number": "412-п", "date": "2027-06-01", "term_start": "2027-09-01", "term_end": "2030-08-31"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED
    center = application.center
    assert (center.organization, center.direction) == (organization, direction)
    assert (center.order_number, center.term_end) == ("412-п", datetime.date(2030, 8, 31))
    assert center.live
    order = ApprovalOrder.objects.get(application=application)
    assert order.center.pk == center.pk
    assert [t.to_status for t in application.transitions.all()] == ["submitted", "under_review", "approved"]
    assert application.transitions.last().user == user("moderator")
    assert client.get(center.url).status_code == 200  # the center's public page
    group = coordinators_group(center)
    assert group is not None
    assert GroupCollectionPermission.objects.filter(group=group, collection=center.collection).exists()
    assert Collection.objects.filter(pk=center.collection_id).exists()
    receipt, letter = [m for m in mail.outbox if m.to == ["zaitseva@sosh13.example.ru"]]
    assert "получена" in receipt.subject
    assert "одобрена" in letter.subject and "412-п" in letter.body

    coordinator = get_user_model().objects.create_user("coordinator-inclusive13", "k@example.ru")
    coordinator.set_password("Надёжный-пароль-2027")
    coordinator.save()
    coordinator.groups.add(group)
    client.logout()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": coordinator.username, "password": "Надёжный-пароль-2027"}
    )
    assert response.status_code == 302
    edit_url = reverse("wagtailadmin_pages:edit", args=[center.pk])
    form = form_data(client.get(edit_url).content.decode())
    form["short_description"] = ["Описание от координатора центра."]
    form.setdefault("goals-count", ["0"])  # the StreamField's editor is drawn by JavaScript
    assert client.post(edit_url, form).status_code == 302
    latest = CenterPage.objects.get(pk=center.pk).get_latest_revision_as_object()
    assert latest.short_description == "Описание от координатора центра."


def test_an_expert_sees_other_reviews_only_after_filing_their_own(client):
    application = make_application()
    file_review(
        application,
        new_expert("expert-first"),
        dict(zip(criteria(), [1, 2, 3, 4], strict=True)),
        "reject",
        "Секретный комментарий первого эксперта",
    )
    client.force_login(user("expert"))
    html = client.get(detail_url(application)).content.decode()
    assert "Секретный комментарий первого эксперта" not in html
    assert "скрыто, пока вы не подадите своё" in html
    client.post(
        reverse("centers_lifecycle:application_review", args=[application.pk]), review_post([5, 5, 5, 5])
    )
    html = client.get(detail_url(application)).content.decode()
    assert "Секретный комментарий первого эксперта" in html


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN])
def test_an_expert_cannot_open_an_application_outside_review(client, status):
    application = make_application(status)
    client.force_login(user("expert"))
    assert client.get(detail_url(application)).status_code == 403
    assert client.get(reverse("centers_lifecycle:application_scan", args=[application.pk])).status_code == 403
    listing = client.get(reverse("centers_lifecycle:application_list")).content.decode()
    assert application.reference not in listing


def test_an_expert_cannot_change_a_review_after_the_decision(client):
    application = make_application()
    expert = user("expert")
    file_review(
        application, expert, dict(zip(criteria(), [2, 2, 2, 2], strict=True)), "approve", "До решения"
    )
    transition(application, Status.REJECTED, user("moderator"))
    client.force_login(expert)
    response = client.post(
        reverse("centers_lifecycle:application_review", args=[application.pk]),
        review_post([5, 5, 5, 5], comment="После"),
    )
    assert response.status_code == 403
    review = ExpertReview.objects.get(application=application, expert=expert)
    assert (review.comment, review.total) == ("До решения", 8)


def test_a_coordinator_cannot_open_applications_at_all(client):
    application = make_application()
    client.force_login(user("coordinator1"))
    assert client.get(reverse("centers_lifecycle:application_list")).status_code == 403
    assert client.get(detail_url(application)).status_code == 403
    assert client.get(reverse("centers_lifecycle:application_scan", args=[application.pk])).status_code == 403
    assert client.get(reverse("centers_lifecycle:department_report")).status_code == 403


def test_an_expert_cannot_decide(client):
    application = make_application()
    client.force_login(user("expert"))
    response = client.post(
        reverse("centers_lifecycle:application_approve", args=[application.pk]),
        {"number": "1", "date": "2027-06-01", "term_start": "2027-09-01", "term_end": "2030-08-31"},
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW


def test_moderators_see_every_application_and_experts_only_those_under_review(client):
    submitted, under_review = (
        make_application(Status.SUBMITTED),
        make_application(contact_email="b@example.ru"),
    )
    client.force_login(user("moderator"))
    listing = client.get(reverse("centers_lifecycle:application_list")).content.decode()
    assert submitted.reference in listing and under_review.reference in listing
    client.force_login(user("expert"))
    listing = client.get(reverse("centers_lifecycle:application_list")).content.decode()
    assert submitted.reference not in listing and under_review.reference in listing


def test_a_rejection_records_the_reason_and_tells_the_applicant(client, django_capture_on_commit_callbacks):
    application = make_application()
    client.force_login(user("moderator"))
    url = reverse("centers_lifecycle:application_reject", args=[application.pk])
    client.post(url, {"reason": ""})
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Не представлен план работы на учебный год."})
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.decision_reason == "Не представлен план работы на учебный год."
    step = application.transitions.last()
    assert (step.to_status, step.user) == ("rejected", user("moderator"))
    [letter] = mail.outbox
    assert "отклонена" in letter.subject and "Не представлен план работы" in letter.body


def test_the_demo_has_applications_in_every_state_with_two_reviews_and_an_order():
    assert set(Application.objects.values_list("status", flat=True)) >= set(Status.values)
    under_review = Application.objects.get(
        status=Status.UNDER_REVIEW, contact_email="metod@lyceum1.example.ru"
    )
    assert under_review.reviews.count() == 2
    approved = Application.objects.get(status=Status.APPROVED, contact_email="metod@ds26.example.ru")
    assert approved.center.slug == "preschool-ds26" and approved.order.number == approved.center.order_number
    assert Application.objects.get(status=Status.REJECTED).decision_reason
    assert ReviewCriterion.objects.count() >= 4


def test_seeding_the_demo_again_adds_no_applications_reviews_or_orders():
    models = [Application, ExpertReview, ApprovalOrder, ReviewCriterion, ApplicationTransition]
    before = {m.__name__: m.objects.count() for m in models}
    call_command("seed_demo", stdout=io.StringIO())
    assert {m.__name__: m.objects.count() for m in models} == before


def test_the_admin_menu_offers_applications_to_experts_and_moderators_only(client):
    applications, report = (
        reverse("centers_lifecycle:application_list"),
        reverse("centers_lifecycle:department_report"),
    )
    client.force_login(user("moderator"))
    assert {applications, report} <= sidebar_urls(client)
    client.force_login(user("expert"))
    menu = sidebar_urls(client)
    assert applications in menu and report not in menu
    client.force_login(user("coordinator1"))
    assert not {applications, report} & sidebar_urls(client)


def test_a_scan_lost_from_the_private_folder_answers_404_not_a_server_error(client):
    application = make_application()
    client.force_login(user("moderator"))
    url = reverse("centers_lifecycle:application_scan", args=[application.pk])
    assert client.get(url).status_code == 200
    application.signed_scan.storage.delete(application.signed_scan.name)  # restored from an older archive
    assert client.get(url).status_code == 404
