"""What the add-on creates is named in the admin's language, and found again whatever language created it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import Collection, GroupApprovalTask, Workflow, WorkflowPage

from centers.models import CenterIndexPage, Direction, Organization
from centers.roles.provisioning import (
    FORMER_NAMES,
    coordinators_group,
    ensure_department_roles,
    expert_council_group,
    moderators_group,
    provision_center,
)
from centers.roles.wagtail_hooks import is_moderator

pytestmark = pytest.mark.django_db

ENGLISH = {
    "moderators": "Department: moderators",
    "experts": "Expert council",
    "workflow": "Department moderation",
    "task": "Review by a department moderator",
    "collection": "Resource centers",
}
RUSSIAN = {
    "moderators": "Департамент: модераторы",
    "experts": "Экспертный совет",
    "workflow": "Модерация департамента",
    "task": "Проверка модератором департамента",
    "collection": "Ресурсные центры",
}


def forget_department_objects():
    """As on a site where the add-on has not run yet."""
    every_name = [*ENGLISH.values(), *RUSSIAN.values()]
    Group.objects.filter(name__in=every_name).delete()
    Workflow.objects.filter(name__in=every_name).delete()
    GroupApprovalTask.objects.filter(name__in=every_name).delete()
    Collection.objects.filter(name__in=every_name).update(
        name="Archive"
    )  # holds the demo centers' collections


def department_names():
    moderators = moderators_group()
    workflow = WorkflowPage.objects.get(page=CenterIndexPage.objects.get()).workflow
    return {
        "moderators": moderators.name,
        "experts": expert_council_group().name,
        "workflow": workflow.name,
        "task": workflow.tasks.get().name,
    }


def department_counts():
    return (Group.objects.count(), Workflow.objects.count(), GroupApprovalTask.objects.count())


@pytest.fixture
def new_pair():
    organization = Organization.objects.create(
        full_name="МБОУ «Средняя общеобразовательная школа № 2»", short_name="СОШ № 2", kind="school"
    )
    return organization, Direction.objects.create(name="Одарённые дети", slug="gifted")


def test_an_english_admin_gets_english_names_and_a_russian_one_finds_them(new_pair):
    forget_department_objects()
    with translation.override("en"):
        ensure_department_roles()
        assert department_names() == {
            key: ENGLISH[key] for key in ("moderators", "experts", "workflow", "task")
        }
        counts = department_counts()
    moderator = get_user_model().objects.create_user("en-moderator", password="x" * 12)
    moderator.groups.add(Group.objects.get(name=ENGLISH["moderators"]))
    with translation.override("ru"):
        ensure_department_roles()  # a Russian admin later: the same groups, no second set
        assert department_counts() == counts
        assert is_moderator(moderator)
        assert department_names()["moderators"] == ENGLISH["moderators"]


def test_a_russian_admin_gets_russian_names(new_pair):
    """Passes once the Russian catalogue is compiled (tools/translations/checks.json)."""
    forget_department_objects()
    with translation.override("ru"):
        ensure_department_roles()
        assert department_names() == {
            key: RUSSIAN[key] for key in ("moderators", "experts", "workflow", "task")
        }


def test_without_an_active_language_names_follow_the_sites_language(settings):
    forget_department_objects()
    settings.LANGUAGE_CODE = "en"
    with translation.override(None):  # as migrate runs its post_migrate receivers
        ensure_department_roles()
    with translation.override("en"):
        assert department_names()["moderators"] == ENGLISH["moderators"]


def test_an_existing_site_keeps_its_russian_groups_under_any_language(new_pair):
    forget_department_objects()
    for name in ("moderators", "experts"):
        Group.objects.create(name=RUSSIAN[name])
    Workflow.objects.create(name=RUSSIAN["workflow"])
    GroupApprovalTask.objects.create(name=RUSSIAN["task"])
    assert set(FORMER_NAMES.values()) == set(RUSSIAN.values())
    counts = department_counts()
    with translation.override("en"):
        ensure_department_roles()
        assert department_counts() == counts
        center = provision_center(*new_pair)
        assert department_names() == {
            key: RUSSIAN[key] for key in ("moderators", "experts", "workflow", "task")
        }
        assert coordinators_group(center).name == "Coordinators: СОШ № 2"


def test_a_new_sites_collection_and_coordinators_are_named_in_the_admins_language(new_pair):
    forget_department_objects()
    with translation.override("en"):
        center = provision_center(*new_pair)
    assert center.collection.get_parent().name == ENGLISH["collection"]
    assert coordinators_group(center).name == "Coordinators: СОШ № 2"
    assert Collection.objects.filter(name__in=[ENGLISH["collection"], RUSSIAN["collection"]]).count() == 1


@pytest.mark.parametrize(
    ("site", "admin", "titles"),
    [
        ("en", "ru", {"news": "News", "materials": "Methodological materials", "report": "Activity report"}),
        (
            "ru",
            "en",
            {"news": "Новости", "materials": "Методические материалы", "report": "Отчёт о деятельности"},
        ),
    ],
)
def test_section_titles_are_page_content_in_the_sites_language(settings, new_pair, site, admin, titles):
    """The sections are public pages: their titles follow LANGUAGE_CODE, not the language of the admin who
    provisions (the Russian titles need the compiled catalogue)."""
    settings.LANGUAGE_CODE = site
    with translation.override(admin):
        center = provision_center(*new_pair)
    sections = {page.slug: page.title for page in center.get_children()}
    assert {slug: sections[slug] for slug in titles} == titles
