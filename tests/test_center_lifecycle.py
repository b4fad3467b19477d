"""Issue 17, items 4-5: renewal in a term's last 60 days, early closing by order, "returned for revision" with a
signed link, and the approval order as a public document."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import PageLogEntry

from centers.lifecycle import renewals
from centers.lifecycle.letters import lifecycle_message
from centers.lifecycle.revisions import revision_token
from centers.models import Application, ApprovalOrder, CenterPage, MaterialPage
from centers.reports.pdf import center_report_pdf
from centers.roles.provisioning import coordinators_group
from tests.test_expert_council import PDF_BYTES, make_application, user

pytestmark = pytest.mark.django_db
Status = Application.Status


def coordinator_of(slug):
    center = CenterPage.objects.get(slug=slug)
    return center, get_user_model().objects.filter(groups=coordinators_group(center)).first()


def pdf_text(data):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def report_source(monkeypatch):
    """The reports capability's PDF, recording which center and year it was asked for."""
    calls = []

    def recorded_center_report_pdf(center, academic_year):
        calls.append((center.slug, academic_year))
        return center_report_pdf(center, academic_year)

    monkeypatch.setattr(renewals, "center_report_pdf", recorded_center_report_pdf)
    # The demo's renewal of this center stands for the one the test makes.
    Application.objects.filter(kind=Application.Kind.RENEWAL).delete()
    return calls


def returned_application(client, capture, deadline=None):
    application = make_application()
    client.force_login(user("moderator"))
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=14)
    with capture(execute=True):
        response = client.post(
            reverse("centers_lifecycle:application_return", args=[application.pk]),
            {"request_text": "Приложите опись оборудования лаборатории.", "deadline": deadline.isoformat()},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    return application


def link_in(letter):
    return re.search(r"https?://\S+/applications/revise/\S+/", letter.body).group(0)


def test_returned_application_is_resubmitted_through_the_signed_link_keeping_its_number(
    client, django_capture_on_commit_callbacks
):
    application = returned_application(client, django_capture_on_commit_callbacks)
    assert application.status == Status.RETURNED
    [letter] = mail.outbox
    assert letter.to == ["orlova@sosh5.example.ru"]
    assert "возвращена на доработку" in letter.subject
    assert "Приложите опись оборудования" in letter.body
    client.logout()
    link = link_in(letter)
    form_page = client.get(link)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert "Опыт профориентационной работы." in html and "Приложите опись оборудования" in html
    data = {
        "organization": application.organization_id,
        "direction": application.direction_id,
        "justification": "Опыт профориентационной работы. Опись оборудования приложена.",
        "staff_resources": "Педагоги-психологи.",
        "methodological_resources": "Программы.",
        "material_resources": "Кабинет профориентации; опись оборудования.",
        "information_resources": "Сайт.",
        "plan_of_work": "План.",
        "contact_name": "Орлова Наталья Петровна",
        "contact_email": "orlova@sosh5.example.ru",
        "consent": "on",
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, data)
    assert response.status_code == 200
    assert "отправлена в департамент" in response.content.decode()
    resubmitted = Application.objects.get(pk=application.pk)
    assert resubmitted.reference == application.reference
    assert resubmitted.status == Status.SUBMITTED
    assert resubmitted.material_resources.endswith("опись оборудования.")
    assert resubmitted.signed_scan.name == application.signed_scan.name  # the scan stays when none is sent
    assert [t.to_status for t in resubmitted.transitions.all()][-2:] == ["returned", "submitted"]
    [receipt] = mail.outbox
    assert application.reference in receipt.subject
    assert client.get(link).status_code == 410  # used: the application is no longer awaiting revision


def test_after_the_deadline_the_link_says_it_expired_and_stores_nothing(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    application = returned_application(client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    later = timezone.now() + datetime.timedelta(days=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(link)
    assert response.status_code == 410
    assert "срок" in response.content.decode().lower() and "истёк" in response.content.decode()
    response = client.post(link, {"justification": "Поздно."})
    assert response.status_code == 410
    assert Application.objects.get(pk=application.pk).status == Status.RETURNED


def test_a_tampered_link_is_a_russian_400(client, django_capture_on_commit_callbacks):
    application = returned_application(client, django_capture_on_commit_callbacks)
    token = revision_token(application)
    response = client.get(reverse("centers_application_revision", args=[token[:-3] + "abc"]))
    assert response.status_code == 400
    assert "недействительна" in response.content.decode()


def test_returning_without_what_to_fix_or_with_a_past_deadline_is_refused(client):
    application = make_application()
    client.force_login(user("moderator"))
    url = reverse("centers_lifecycle:application_return", args=[application.pk])
    client.post(url, {"request_text": "", "deadline": "2100-01-01"})
    client.post(url, {"request_text": "Исправить.", "deadline": "2001-01-01"})
    application.refresh_from_db()
    assert application.status == Status.UNDER_REVIEW
    assert mail.outbox == []


def test_lifecycle_letters_are_plain_text_with_an_html_alternative():
    application = make_application()
    message = lifecycle_message(application, "Тема", "Строка 1\nСсылка: https://rc.example.ru/a/<b>/")
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "<br>" in html and "&lt;b&gt;" in html and 'href="https://rc.example.ru/a/' in html


def test_a_coordinator_applies_for_renewal_in_the_last_60_days_with_the_report_attached(
    client, report_source, django_capture_on_commit_callbacks
):
    center, coordinator = coordinator_of("career-ds9")  # the demo's term ends in 45 days
    client.force_login(coordinator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    url = reverse("centers_lifecycle:center_renewal", args=[center.pk])
    assert url in dashboard
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"justification": "Спрос на направление растёт: 14 школ города.", "plan_of_work": "Семинары."},
        )
    assert response.status_code == 302  # outside the spring window, and still accepted
    application = Application.objects.get(center=center, kind=Application.Kind.RENEWAL)
    assert application.status == Status.SUBMITTED
    assert application.organization == center.organization and application.direction == center.direction
    attached = application.center_report.read()
    assert "Отчёт о деятельности ресурсного центра" in pdf_text(attached) and center.title in pdf_text(
        attached
    )
    today = timezone.localdate()
    assert report_source == [("career-ds9", today.year if today.month >= 9 else today.year - 1)]
    with pytest.raises(ValueError):
        application.center_report.url  # noqa: B018  private storage: no public address
    [receipt] = mail.outbox
    assert "продлении" in receipt.body and application.reference in receipt.subject
    assert client.post(url, {"justification": "Ещё раз", "plan_of_work": "План"}).status_code == 403

    client.force_login(user("moderator"))
    report = client.get(reverse("centers_lifecycle:application_report", args=[application.pk]))
    assert report.status_code == 200 and b"".join(report.streaming_content) == attached
    client.post(
        reverse("centers_lifecycle:application_transition", args=[application.pk]), {"action": "review"}
    )
    centers_before = CenterPage.objects.count()
    new_end = center.term_end + datetime.timedelta(days=3 * 365)
    response = client.post(
        reverse("centers_lifecycle:application_approve", args=[application.pk]),
        {
            "number": "501-п",
            "date": today.isoformat(),
            "term_start": center.term_start.isoformat(),
            "term_end": new_end.isoformat(),
        },
    )
    assert response.status_code == 302
    assert CenterPage.objects.count() == centers_before  # no new center: the same one is extended
    center.refresh_from_db()
    assert (center.term_end, center.order_number) == (new_end, "501-п")
    order = ApprovalOrder.objects.get(application=application)
    assert (order.kind, order.center_id) == (ApprovalOrder.Kind.EXTENSION, center.pk)


def test_renewal_is_refused_before_the_last_60_days_and_for_another_centers_coordinator(
    client, report_source
):
    center, coordinator = coordinator_of("inclusive-sosh5")
    client.force_login(coordinator)
    url = reverse("centers_lifecycle:center_renewal", args=[center.pk])
    response = client.post(url, {"justification": "Рано.", "plan_of_work": "План"})
    assert response.status_code == 403
    assert "за 60 дней" in response.content.decode()
    other, _ = coordinator_of("career-ds9")
    assert client.get(reverse("centers_lifecycle:center_renewal", args=[other.pk])).status_code == 404
    assert not Application.objects.filter(kind=Application.Kind.RENEWAL).exists()
    assert report_source == []


def close(client, center, **overrides):
    data = {
        "number": "77-п",
        "date": timezone.localdate().isoformat(),
        "closing_date": timezone.localdate().isoformat(),
        "reason": "отсутствие спроса на направление",
        **overrides,
    }
    return client.post(reverse("centers_lifecycle:center_closing", args=[center.pk]), data)


def test_early_closing_ends_the_term_says_so_and_leaves_the_coordinators_read_access(client, directory, home):
    center, coordinator = coordinator_of("stem-poisk")
    material = MaterialPage.objects.live().filter(center=center).first()
    client.force_login(user("moderator"))
    assert close(client, center).status_code == 302
    center.refresh_from_db()
    assert center.closed_early_on == timezone.localdate()
    assert center.term_end == timezone.localdate() - datetime.timedelta(days=1)
    order = ApprovalOrder.objects.get(center=center, kind=ApprovalOrder.Kind.EARLY_CLOSING)
    assert order.closing_reason == "отсутствие спроса на направление" and order.document
    assert PageLogEntry.objects.filter(
        page=center, action="centers.close_early", user=user("moderator")
    ).exists()
    client.logout()
    banner = "Деятельность ресурсного центра прекращена досрочно приказом № 77-п от"
    page = client.get(center.url).content.decode()
    assert banner in page and "отсутствие спроса на направление" in page
    assert banner in client.get(material.url).content.decode()
    link = f'href="{center.url}"'
    assert link not in client.get(directory.url).content.decode()
    assert link in client.get(directory.url + "?status=ended").content.decode()
    assert link not in client.get(home.url).content.decode()

    client.force_login(coordinator)
    assert not center.permissions_for_user(coordinator).can_edit()
    assert not material.permissions_for_user(coordinator).can_edit()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[center.pk])).status_code in {302, 403}
    history = client.get(reverse("centers_lifecycle:center_history", args=[center.pk]))
    assert history.status_code == 200 and material.title in history.content.decode()
    _other, stranger = coordinator_of("inclusive-sosh5")
    client.force_login(stranger)
    assert client.get(reverse("centers_lifecycle:center_history", args=[center.pk])).status_code == 403


def test_early_closing_without_a_reason_is_refused_and_changes_nothing(client):
    center, coordinator = coordinator_of("stem-poisk")
    client.force_login(user("moderator"))
    response = close(client, center, reason="  ")
    assert response.status_code == 400
    center.refresh_from_db()
    assert center.closed_early_on is None
    assert center.permissions_for_user(coordinator).can_edit()
    client.force_login(coordinator)
    assert close(client, center).status_code == 403  # only the department closes a center


def approve_with(client, application, **files):
    client.force_login(user("moderator"))
    data = {
        "number": "412-п",
        "date": "2027-06-01",
        "term_start": "2027-09-01",
        "term_end": "2030-08-31",
        **files,
    }
    assert (
        client.post(reverse("centers_lifecycle:application_approve", args=[application.pk]), data).status_code
        == 302
    )
    return ApprovalOrder.objects.get(application=application)


def test_the_signed_order_scan_is_public_on_the_centers_page(client):
    order = approve_with(client, make_application(), document=SimpleUploadedFile("prikaz.pdf", PDF_BYTES))
    assert not order.document_is_draft
    client.logout()
    page = client.get(order.center.url).content.decode()
    url = reverse("centers_order_document", args=[order.pk])
    assert url in page and "Приказ № 412-п от 01.06.2027" in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    order.center.unpublish()
    assert client.get(url).status_code == 404


def test_without_a_scan_the_order_is_a_generated_draft_with_its_facts(client):
    order = approve_with(client, make_application())
    assert order.document_is_draft
    text = pdf_text(order.document.read())
    for fact in ["412-п", "1 июня 2027", order.center.title, "01.09.2027", "31.08.2030", "СОШ № 5"]:
        assert fact in text.replace("\n", " ") or fact in text


def test_a_scan_that_is_not_a_pdf_is_refused_and_no_order_is_registered(client):
    application = make_application()
    client.force_login(user("moderator"))
    data = {
        "number": "412-п",
        "date": "2027-06-01",
        "term_start": "2027-09-01",
        "term_end": "2030-08-31",
        "document": SimpleUploadedFile("prikaz.pdf", b"<html>not a pdf</html>"),
    }
    client.post(reverse("centers_lifecycle:application_approve", args=[application.pk]), data)
    assert not ApprovalOrder.objects.filter(application=application).exists()
