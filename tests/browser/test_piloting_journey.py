"""A school asks to pilot a project; the center's coordinator accepts it; the school sends its stage result through
the link in its letter; a department moderator approves it; the project page shows it."""

import re
from urllib.parse import urlsplit

from django.contrib.auth.models import Group
from django.core import mail

from centers.models import Organization, PilotSchool, ProjectPage, StageResult
from centers.roles.provisioning import MODERATORS_GROUP, coordinators_group

from .actions import follow, log_in_to_admin
from .test_moderation_journey import PASSWORD, with_known_password

SCHOOL_EMAIL = "pilot.journey@example.ru"
FOUND = "Шесть уроков с листами самооценки: ученики сами формулируют критерии."


def test_a_school_pilots_a_project_and_its_result_shows_once_approved(
    demo_server, browser, browser_page, screenshot, tmp_path
):
    project = ProjectPage.objects.get(center__slug="literacy-lyceum1", slug="piloting")
    organization = Organization.objects.exclude(pilot_projects__project=project).order_by("pk").first()
    coordinator = with_known_password(coordinators_group(project.center).user_set.order_by("pk").first())
    moderator = with_known_password(Group.objects.get(name=MODERATORS_GROUP).user_set.order_by("pk").first())

    school_page = browser_page
    school_page.goto(demo_server.url + project.url)
    follow(school_page, school_page.get_by_role("link", name="Стать пилотной площадкой"))
    school_page.get_by_role("combobox", name="Организация").select_option(str(organization.pk))
    school_page.get_by_label("Контактное лицо").fill("Белова Ксения Андреевна")
    school_page.get_by_label("Электронная почта контактного лица").fill(SCHOOL_EMAIL)
    school_page.get_by_label("Что и с кем").fill("Формирующее оценивание в 6-х классах, три учителя.")
    school_page.get_by_role("checkbox").check()
    follow(school_page, school_page.get_by_role("button", name="Отправить запрос"))
    assert school_page.url == demo_server.url + project.url + "pilot/sent/"
    school = PilotSchool.objects.get(email=SCHOOL_EMAIL)
    assert school.status == PilotSchool.Status.PENDING

    center_side = log_in_to_admin(browser, demo_server.url, coordinator, PASSWORD)
    center_side.goto(demo_server.url + "/admin/pilot_schools/")
    follow(center_side, center_side.get_by_role("link", name=organization.short_name).first)
    center_side.locator("select[name=status]").select_option(label="Принята")
    follow(center_side, center_side.get_by_role("button", name="Сохранить"))
    school.refresh_from_db()
    assert school.status == PilotSchool.Status.ACCEPTED
    letter = next(
        message
        for message in mail.outbox
        if message.to == [SCHOOL_EMAIL] and "/pilot/result/" in message.body
    )
    link = re.search(r"https?://\S+/pilot/result/\S+/", letter.body).group()
    link_path = urlsplit(link).path  # the site's address in the letter; the test server's own here

    report = tmp_path / "otchet.pdf"
    report.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    school_page.goto(demo_server.url + link_path)
    school_page.get_by_role("combobox", name="Этап").select_option(index=1)
    school_page.get_by_label("Что сделано").fill(FOUND)
    school_page.get_by_label("Файл").set_input_files(str(report))
    follow(school_page, school_page.get_by_role("button", name="Отправить результат"))
    assert "Результат отправлен" in school_page.content()
    result = StageResult.objects.get(school=school)
    school_page.goto(demo_server.url + project.url)
    assert FOUND not in school_page.content()  # not public before moderation

    department = log_in_to_admin(browser, demo_server.url, moderator, PASSWORD)
    department.goto(demo_server.url + "/admin/pilot_results/")
    screenshot(department, "results")
    follow(department, department.locator(f'a[href="/admin/pilot_results/edit/{result.pk}/"]').first)
    department.locator("select[name=status]").select_option(label="Одобрен")
    follow(department, department.get_by_role("button", name="Сохранить"))
    result.refresh_from_db()
    assert result.status == StageResult.Status.APPROVED

    school_page.goto(demo_server.url + project.url)
    assert FOUND in school_page.content()
    assert organization.short_name in school_page.locator(".pilot-schools").inner_text()
    screenshot(school_page, "project")
