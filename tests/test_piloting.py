"""Pilot schools of a piloting project: the public request, the center's decision in the admin, stage results sent
through the school's signed link and moderated, the council's recommendation (badge and library facet), reports."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from centers.models import (
    CenterPage,
    ConsentRecord,
    ImplementationRecommendation,
    MaterialPage,
    Organization,
    PilotSchool,
    ProjectPage,
    StageResult,
)
from centers.piloting.letters import result_token
from centers.reports.numbers import academic_year_of, center_numbers
from centers.roles.provisioning import MODERATORS_GROUP, expert_council_group
from tests.test_consultations import make_coordinator

pytestmark = pytest.mark.django_db

VISITOR_IP = "203.0.113.71"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def project():
    return ProjectPage.objects.get(center__slug="literacy-lyceum1", slug="piloting")


@pytest.fixture
def coordinator(project):
    return make_coordinator(CenterPage.objects.get(pk=project.center_id), "coord-pilot")


@pytest.fixture
def stranger():
    return make_coordinator(CenterPage.objects.get(slug="stem-poisk"), "coord-stranger")


@pytest.fixture
def new_organization(project):
    taken = PilotSchool.objects.filter(project=project).values("organization")
    return Organization.objects.exclude(pk__in=taken).exclude(pk=project.center.organization_id).first()


def request_data(chosen, **overrides):
    data = {
        "organization": str(chosen.pk),
        "contact_name": "Сидорова Анна Павловна",
        "email": "sidorova@example.ru",
        "phone": "",
        "plans": "Формирующее оценивание на уроках географии в 6-х классах.",
        "consent_personal_data": "on",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def apply(client, project, capture, chosen, **overrides):
    with capture(execute=True):
        return client.post(project.url + "pilot/", request_data(chosen, **overrides), REMOTE_ADDR=VISITOR_IP)


def accepted(project, organization, email="school@example.ru"):
    return PilotSchool.objects.create(
        project=project,
        organization=organization,
        contact_name="Иванова Мария",
        email=email,
        plans="Пробуем.",
        status=PilotSchool.Status.ACCEPTED,
    )


def test_the_demo_project_page_shows_its_pilot_schools_results_and_the_councils_mark(client, project):
    html = client.get(project.url).content.decode()
    schools = PilotSchool.objects.filter(project=project)
    shown = schools.filter(status=PilotSchool.Status.ACCEPTED)
    assert shown.count() == 3
    for school in shown:
        assert school.organization.short_name in html
    pending = schools.get(status=PilotSchool.Status.PENDING)
    assert f"<li>{pending.organization.short_name}</li>" not in html
    assert "Рекомендовано к внедрению" in html and "протокол № 1" in html
    assert f'href="{project.url}pilot/"' in html and "Стать пилотной площадкой" in html
    results = StageResult.objects.filter(school__project=project, status=StageResult.Status.APPROVED)
    assert results.count() == 3
    for result in results:
        assert result.summary[:40] in html
    with_file = results.exclude(file="").get()
    download = client.get(f"{project.url}pilot/files/{with_file.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_request_is_stored_with_consent_and_both_sides_are_told(
    client, project, coordinator, new_organization, django_capture_on_commit_callbacks
):
    form = client.get(project.url + "pilot/")
    assert form.status_code == 200 and "no-store" in form["Cache-Control"]
    assert "на обработку моих персональных данных" in form.content.decode()
    response = apply(client, project, django_capture_on_commit_callbacks, new_organization)
    assert response.status_code == 302 and response["Location"] == project.url + "pilot/sent/"
    school = PilotSchool.objects.get(email="sidorova@example.ru")
    assert school.project_id == project.pk and school.status == PilotSchool.Status.PENDING
    consent = ConsentRecord.objects.get(content_type__model="pilotschool", object_id=school.pk)
    assert consent.ip_address == VISITOR_IP
    receipt = next(message for message in mail.outbox if message.to == ["sidorova@example.ru"])
    assert project.title in receipt.subject
    notice = next(message for message in mail.outbox if "coord-pilot@example.ru" in message.to)
    assert f"/admin/pilot_schools/edit/{school.pk}/" in notice.body
    assert new_organization.short_name not in client.get(project.url).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"consent_personal_data": None}, "Без согласия на обработку персональных данных"),
        ({"organization": "999999"}, "Выберите свою организацию из списка"),
        ({"organization": "не число"}, "Выберите свою организацию из списка"),
        ({"email": "не адрес"}, "Введите правильный адрес электронной почты"),
        ({"website": "https://spam.example.com"}, "служебное поле"),
    ],
)
def test_a_bad_request_gets_a_russian_400_and_stores_nothing(
    client, project, new_organization, overrides, message, django_capture_on_commit_callbacks
):
    before = PilotSchool.objects.count()
    response = apply(client, project, django_capture_on_commit_callbacks, new_organization, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert PilotSchool.objects.count() == before and mail.outbox == []


def test_an_organization_already_piloting_cannot_ask_twice(
    client, project, django_capture_on_commit_callbacks
):
    piloting = PilotSchool.objects.filter(project=project, status=PilotSchool.Status.ACCEPTED).first()
    response = apply(client, project, django_capture_on_commit_callbacks, piloting.organization)
    assert response.status_code == 400 and "уже подала заявку" in response.content.decode()


def test_too_many_requests_get_429(client, project, settings, django_capture_on_commit_callbacks):
    settings.CENTERS_RATE_LIMITS = {"pilot_request": {"address": 1}}
    organizations = Organization.objects.exclude(pilot_projects__project=project)[:2]
    assert apply(client, project, django_capture_on_commit_callbacks, organizations[0]).status_code == 302
    refused = apply(
        client, project, django_capture_on_commit_callbacks, organizations[1], email="x@example.ru"
    )
    assert refused.status_code == 429 and "Слишком много" in refused.content.decode()
    assert not PilotSchool.objects.filter(organization=organizations[1], project=project).exists()


def test_the_coordinator_accepts_and_the_school_gets_its_link_another_center_sees_nothing(
    project, coordinator, stranger, new_organization, django_capture_on_commit_callbacks
):
    school = PilotSchool.objects.create(
        project=project,
        organization=new_organization,
        contact_name="Сидорова",
        email="s@example.ru",
        plans="—",
    )
    other = Client()
    other.force_login(stranger)
    assert new_organization.short_name not in other.get("/admin/pilot_schools/").content.decode()
    assert other.get(f"/admin/pilot_schools/edit/{school.pk}/").status_code in (403, 404)
    assert other.post(f"/admin/pilot_schools/edit/{school.pk}/", {"status": "accepted"}).status_code in (
        403,
        404,
    )
    school.refresh_from_db()
    assert school.status == PilotSchool.Status.PENDING

    own = Client()
    own.force_login(coordinator)
    assert new_organization.short_name in own.get("/admin/pilot_schools/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        saved = own.post(f"/admin/pilot_schools/edit/{school.pk}/", {"status": "accepted"})
    assert saved.status_code == 302
    school.refresh_from_db()
    assert school.status == PilotSchool.Status.ACCEPTED and school.decided_by == coordinator
    letter = next(message for message in mail.outbox if message.to == ["s@example.ru"])
    link = re.search(r"https?://\S+/pilot/result/\S+/", letter.body).group()
    opened = Client().get(re.sub(r"^https?://[^/]+", "", link))
    assert opened.status_code == 200 and school.organization.short_name in opened.content.decode()
    assert new_organization.short_name in Client().get(project.url).content.decode()


def test_a_school_sends_a_result_through_its_link_and_it_shows_once_approved(
    client, project, coordinator, new_organization, django_capture_on_commit_callbacks
):
    school = accepted(project, new_organization)
    stage = project.stages.order_by("sort_order").last()
    url = f"{project.url}pilot/result/{result_token(school)}/"
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    upload = SimpleUploadedFile("itogi.pdf", PDF_BYTES, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            url, {"stage": stage.pk, "summary": "Итоги этапа: всё получилось.", "file": upload}
        )
    assert sent.status_code == 302
    result = StageResult.objects.get(school=school)
    assert result.status == StageResult.Status.PENDING
    assert any(f"/admin/pilot_results/edit/{result.pk}/" in message.body for message in mail.outbox)
    assert "Итоги этапа: всё получилось." not in client.get(project.url).content.decode()
    assert client.get(f"{project.url}pilot/files/{result.pk}/").status_code == 404  # private until approved

    moderator = Client()
    moderator.force_login(coordinator)
    assert moderator.get(f"/admin/pilot_results/file/{result.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            moderator.post(f"/admin/pilot_results/edit/{result.pk}/", {"status": "approved"}).status_code
            == 302
        )
    html = client.get(project.url).content.decode()
    assert "Итоги этапа: всё получилось." in html and "itogi" in html
    assert client.get(f"{project.url}pilot/files/{result.pk}/").status_code == 200

    again = client.post(url, {"stage": stage.pk, "summary": "Другой текст"})
    assert again.status_code == 400 and "уже одобрен" in again.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stage": "999999", "summary": "Текст"}, "Выберите этап этого проекта"),
        ({"stage": "", "summary": "Текст"}, "Требуется заполнить это поле"),
        ({"summary": ""}, "Требуется заполнить это поле"),
        ({"file": ("page.pdf", b"<html><script>alert(1)</script></html>")}, "PDF"),
    ],
)
def test_a_bad_result_gets_a_russian_400(client, project, new_organization, data, message):
    school = accepted(project, new_organization)
    stage = project.stages.first()
    payload = {"stage": stage.pk, "summary": "Текст", **data}
    if "file" in data:
        payload["file"] = SimpleUploadedFile(data["file"][0], data["file"][1])
    response = client.post(f"{project.url}pilot/result/{result_token(school)}/", payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StageResult.objects.filter(school=school).exists()


def test_a_link_not_made_here_or_of_a_school_not_accepted_is_not_found(client, project, new_organization):
    assert client.get(f"{project.url}pilot/result/forged-token/").status_code == 404
    school = accepted(project, new_organization)
    school.status = PilotSchool.Status.DECLINED
    school.save()
    assert client.get(f"{project.url}pilot/result/{result_token(school)}/").status_code == 404
    other_project = ProjectPage.objects.exclude(pk=project.pk).first()
    school.status = PilotSchool.Status.ACCEPTED
    school.save()
    assert client.get(f"{other_project.url}pilot/result/{result_token(school)}/").status_code == 404


def test_the_recommendation_marks_the_projects_material_and_the_library_facet(
    client, project, django_capture_on_commit_callbacks
):
    material = project.linked_pages.get().page.specific
    assert isinstance(material, MaterialPage)
    assert "Рекомендовано к внедрению" in client.get(material.url).content.decode()
    library = client.get("/library/?recommended=1")
    titles = library.content.decode()
    assert project.title in titles and material.title in titles
    other = MaterialPage.objects.live().exclude(pk=material.pk).first()
    assert other.title not in titles
    searched = client.get(
        "/library/?q=грамотности&recommended=1"
    ).content.decode()  # words: the ranked search
    assert project.title in searched and other.title not in searched

    with django_capture_on_commit_callbacks(execute=True):
        ImplementationRecommendation.objects.filter(project=project).delete()
    assert "Рекомендовано к внедрению" not in client.get(material.url).content.decode()
    assert project.title not in client.get("/library/?recommended=1").content.decode()


def test_only_the_department_records_a_recommendation(
    project, coordinator, django_capture_on_commit_callbacks
):
    coordinator_client = Client()
    coordinator_client.force_login(coordinator)
    assert coordinator_client.get("/admin/implementation_recommendations/").status_code in (302, 403)

    moderator = get_user_model().objects.create_user("moderator-pilot", "mp@example.ru", "unused-pass-123")
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    department = Client()
    department.force_login(moderator)
    listing = department.get("/admin/implementation_recommendations/")
    assert listing.status_code == 200 and project.title in listing.content.decode()
    recommendation = ImplementationRecommendation.objects.get(project=project)
    other = ProjectPage.objects.exclude(pk=project.pk).first()
    data = {"project": other.pk, "meeting": recommendation.meeting_id, "protocol_item": "3", "decision": ""}
    with django_capture_on_commit_callbacks(execute=True):
        assert department.post("/admin/implementation_recommendations/new/", data).status_code == 302
    assert "Рекомендовано к внедрению" in Client().get(other.url).content.decode()
    twice = department.post("/admin/implementation_recommendations/new/", data)
    assert twice.status_code == 200 and "уже записана" in twice.content.decode()


def test_the_council_s_experts_see_recommendations_but_do_not_record_them(project):
    expert = get_user_model().objects.create_user("expert-pilot", "ep@example.ru", "unused-pass-123")
    expert.groups.add(expert_council_group())
    client = Client()
    client.force_login(expert)
    listing = client.get("/admin/implementation_recommendations/")
    assert listing.status_code == 200 and project.title in listing.content.decode()
    recommendation = ImplementationRecommendation.objects.get(project=project)
    assert client.get("/admin/implementation_recommendations/new/").status_code in (302, 403)
    edit = f"/admin/implementation_recommendations/edit/{recommendation.pk}/"
    assert client.post(edit, {"project": project.pk, "protocol_item": "9"}).status_code in (302, 403)
    recommendation.refresh_from_db()
    assert recommendation.protocol_item != "9"


def test_the_reports_count_pilot_schools_and_approved_results(project, client):
    from centers.lifecycle.reports import department_report

    numbers = center_numbers(
        project.center, academic_year_of(StageResult.objects.first().moderated_at.date())
    )
    assert (numbers.pilot_schools, numbers.pilot_results) == (3, 3)
    report = department_report(numbers.year)
    keys = [row.key for row in report["rows"]]
    line = next(line for line in report["lines"] if line["center"].pk == project.center_id)
    assert line["values"][keys.index("pilot_schools")] == 3
    assert line["values"][keys.index("pilot_results")] == 3


def test_project_page_names_a_pilot_school_once_and_its_partners_apart(client, project, new_organization):
    partner = (
        Organization.objects.exclude(pk=new_organization.pk).exclude(pk=project.center.organization_id).last()
    )
    project.organizations.add(new_organization, partner)
    project.save_revision().publish()
    accepted(project, new_organization)
    html = client.get(project.url).content.decode()
    assert html.count(new_organization.short_name) == 1
    assert "Другие организации-участники" in html and partner.short_name in html
