"""Provisioning centers, the department's groups, admin login protection, menus per role and the audit log."""

import datetime
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
    Workflow,
    WorkflowPage,
)

from centers.models import CenterIndexPage, CenterPage, Direction, Organization
from centers.roles.provisioning import (
    EXPERT_COUNCIL_GROUP,
    MODERATORS_GROUP,
    WORKFLOW_NAME,
    coordinators_group,
    names_of,
    provision_center,
)

pytestmark = pytest.mark.django_db

COUNTED = [
    Group,
    GroupPagePermission,
    GroupCollectionPermission,
    Page,
    Revision,
    Collection,
    WorkflowPage,
    Workflow,
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def new_pair():
    """An organization and a direction that host no center in the demo."""
    organization = Organization.objects.create(
        full_name="МБОУ «Средняя общеобразовательная школа № 2»", short_name="СОШ № 2", kind="school"
    )
    direction = Direction.objects.create(name="Одарённые дети", slug="gifted")
    return organization, direction


def test_provision_center_creates_page_collection_group_and_rights_once(new_pair):
    organization, direction = new_pair
    before = counts()
    center = provision_center(organization, direction, order_number="412-п")
    after_first = counts()
    provision_center(organization, direction, order_number="412-п")
    assert counts() == after_first

    sections = [
        model for model in CenterPage.allowed_subpage_models() if getattr(model, "section_slug", None)
    ]
    assert after_first["Page"] == before["Page"] + 1 + len(sections)  # the center and its section pages
    assert after_first["Group"] == before["Group"] + 1
    assert after_first["Collection"] == before["Collection"] + 1
    assert after_first["GroupPagePermission"] == before["GroupPagePermission"] + 3
    assert after_first["GroupCollectionPermission"] == before["GroupCollectionPermission"] + 6

    center = CenterPage.objects.get(pk=center.pk)
    assert center.live and center.get_parent().specific_class is CenterIndexPage
    assert center.title == "Ресурсный центр «Одарённые дети», СОШ № 2"
    group = coordinators_group(center)
    assert group.name == "Координаторы: СОШ № 2"
    assert center.collection.name == center.title
    assert center.collection.get_parent().name == "Ресурсные центры"
    page_rights = set(
        GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename")
    )
    assert page_rights == {(center.pk, "add_page"), (center.pk, "change_page"), (center.pk, "lock_page")}
    media_rights = set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", "permission__codename"
        )
    )
    assert {collection for collection, _ in media_rights} == {center.collection_id}
    assert {codename for _, codename in media_rights} == {
        "add_document",
        "change_document",
        "choose_document",
        "add_image",
        "change_image",
        "choose_image",
    }
    assert group.permissions.filter(codename="access_admin").exists()
    assert not group.permissions.filter(codename__startswith="publish").exists()


def test_reprovisioning_with_a_new_order_updates_the_term_and_keeps_the_coordinators_text(new_pair):
    organization, direction = new_pair
    center = provision_center(organization, direction, short_description="Работа с одарёнными детьми.")
    group = coordinators_group(center)
    provision_center(organization, direction, order_number="501-п", term_end=datetime.date(2030, 8, 31))
    center = CenterPage.objects.get(pk=center.pk)
    assert center.order_number == "501-п"
    assert center.term_end == datetime.date(2030, 8, 31)
    assert center.short_description == "Работа с одарёнными детьми."
    assert coordinators_group(center) == group


def test_provisioning_creates_each_declared_section_page_once(new_pair, monkeypatch):
    """No section page type exists on this branch: wagtailcore.Page stands in, declaring section_slug."""
    monkeypatch.setattr(CenterPage, "_clean_subpage_models", [Page])
    monkeypatch.setattr(Page, "section_slug", "materials", raising=False)
    monkeypatch.setattr(Page, "section_title", "Материалы", raising=False)
    center = provision_center(*new_pair)
    provision_center(*new_pair)
    [section] = center.get_children()
    assert (section.slug, section.title, section.live) == ("materials", "Материалы", True)


def test_demo_centers_are_provisioned_with_their_coordinators(client):
    centers = CenterPage.objects.order_by("pk")
    for number, center in enumerate(centers, start=1):
        group = coordinators_group(center)
        assert group.user_set.filter(username=f"coordinator{number}").exists(), center.slug
        assert center.collection is not None
    assert Group.objects.get(name=MODERATORS_GROUP).user_set.filter(username="moderator").exists()
    assert Group.objects.get(name=EXPERT_COUNCIL_GROUP).user_set.filter(username="expert").exists()
    directory = CenterIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=directory).workflow.name == WORKFLOW_NAME


@pytest.mark.parametrize("username", ["moderator", "expert", "coordinator1", "coordinator7"])
def test_every_demo_account_can_log_into_the_admin(client, username):
    user = get_user_model().objects.get(username=username)
    user.set_password("Надёжный-пароль-2026")
    user.save()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": "Надёжный-пароль-2026"}
    )
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_post_migrate_restores_the_department_groups_and_workflow():
    Group.objects.filter(name__in=[MODERATORS_GROUP, EXPERT_COUNCIL_GROUP]).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    moderators = Group.objects.get(name=MODERATORS_GROUP)
    assert moderators.permissions.filter(codename="change_organization").exists()
    assert GroupPagePermission.objects.filter(
        group=moderators, page__depth=1, permission__codename="publish_page"
    ).exists()
    assert Group.objects.get(name=EXPERT_COUNCIL_GROUP).permissions.filter(codename="access_admin").exists()
    directory = CenterIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=directory).workflow.name == WORKFLOW_NAME


def test_provision_command_reports_the_center_and_refuses_unknown_names(new_pair):
    organization, direction = new_pair
    output = io.StringIO()
    call_command(
        "provision_center",
        organization="СОШ № 2",
        direction="gifted",
        order_number="415-п",
        term_start="2026-09-01",
        term_end="2029-08-31",
        stdout=output,
    )
    center = CenterPage.objects.get(organization=organization, direction=direction)
    assert str(center.term_end) == "2029-08-31"
    assert "Координаторы: СОШ № 2" in output.getvalue()
    call_command(
        "provision_center", organization=str(organization.pk), direction="gifted", stdout=io.StringIO()
    )
    assert CenterPage.objects.filter(organization=organization).count() == 1
    with pytest.raises(CommandError, match="не найдена"):
        call_command("provision_center", organization="СОШ № 99", direction="gifted")
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command(
            "provision_center", "--organization=СОШ № 2", "--direction=gifted", "--term-end=31.08.2029"
        )


def test_admin_login_locks_out_after_five_failures_even_with_the_right_password(client):
    user = get_user_model().objects.get(username="coordinator1")
    user.set_password("Правильный-пароль-2026")
    user.save()
    for _attempt in range(5):
        response = client.post(
            reverse("wagtailadmin_login"), {"username": "coordinator1", "password": "неверный"}
        )
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "coordinator1", "password": "Правильный-пароль-2026"}
    )
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    other = get_user_model().objects.get(username="coordinator2")
    other.set_password("Другой-пароль-2026")
    other.save()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "coordinator2", "password": "Другой-пароль-2026"}
    )
    assert response.status_code == 302


def test_weak_passwords_are_refused_when_the_department_creates_a_coordinator(client):
    client.force_login(get_user_model().objects.get(username="admin"))
    group = coordinators_group(CenterPage.objects.get(slug="stem-poisk"))
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "new-coordinator",
            "email": "new@example.ru",
            "first_name": "Новый",
            "last_name": "Координатор",
            "password1": "12345678",
            "password2": "12345678",
            "groups": [group.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="new-coordinator").exists()
    assert "пароль" in response.content.decode().lower()
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "new-coordinator",
            "email": "new@example.ru",
            "first_name": "Новый",
            "last_name": "Координатор",
            "password1": "Робототехника-в-школе-2026",
            "password2": "Робототехника-в-школе-2026",
            "groups": [group.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    created = get_user_model().objects.get(username="new-coordinator")
    assert list(created.groups.all()) == [group]
    entry = ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(created.pk)).get()
    assert entry.user.username == "admin"


def collect(value, key):
    if isinstance(value, dict):
        found = [value[key]] if isinstance(value.get(key), str) else []
        return found + [item for child in value.values() for item in collect(child, key)]
    if isinstance(value, list):
        return [item for child in value for item in collect(child, key)]
    return []


def sidebar_urls(client):
    """The admin URLs the sidebar menu offers (Wagtail packs the menu as JSON props)."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    return set(collect(json.loads(props.group(1)), "url"))


def test_each_role_sees_only_the_menu_items_it_can_use(client):
    users = get_user_model().objects
    client.force_login(users.get(username="coordinator1"))
    coordinator = sidebar_urls(client)
    client.force_login(users.get(username="moderator"))
    moderator = sidebar_urls(client)
    client.force_login(users.get(username="expert"))
    expert = sidebar_urls(client)

    documents, images, users_url = (
        reverse("wagtaildocs:index"),
        reverse("wagtailimages:index"),
        "/admin/users/",
    )
    organizations = reverse("wagtailsnippets_centers_organization:list")
    assert {documents, images} <= coordinator
    assert not any(url.startswith(("/admin/snippets/", users_url, "/admin/groups/")) for url in coordinator)
    assert {documents, images, organizations} <= moderator
    assert not any(url.startswith((users_url, "/admin/groups/")) for url in moderator)
    assert not {documents, images, organizations, reverse("wagtailadmin_explore_root")} & expert
    assert not any(url.startswith(("/admin/snippets/", users_url)) for url in expert)


def test_a_coordinator_given_or_losing_a_center_sees_it_on_the_next_screen(client):
    """The menu and the dashboard read the user's rights once per request, never from an earlier one."""
    center = CenterPage.objects.get(slug="stem-poisk")
    group = coordinators_group(center)
    newcomer = get_user_model().objects.create_user("new-coordinator", password="x" * 16)
    newcomer.groups.add(
        group, Group.objects.get(name__in=names_of(EXPERT_COUNCIL_GROUP))
    )  # still in the admin after
    client.force_login(newcomer)
    invitations, requests = reverse("centers_cityplan:invitations"), reverse("consultation_requests:index")
    assert {invitations, requests} <= sidebar_urls(client)
    assert center.title in client.get(reverse("wagtailadmin_home")).content.decode()

    newcomer.groups.remove(group)
    assert not {invitations, requests} & sidebar_urls(client)
    assert center.title not in client.get(reverse("wagtailadmin_home")).content.decode()


def dashboard_page_count(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return int(re.sub(r"\D", "", re.search(r'<a href="/admin/pages/\d+/">\s*([\d\s\xa0,]+)', html).group(1)))


def test_the_dashboards_page_count_is_kept_until_a_page_is_added(client):
    client.force_login(get_user_model().objects.get(username="moderator"))
    count = dashboard_page_count(client)
    assert count == Page.objects.count() - 1  # Wagtail's tree root is no page of the site
    Page.objects.get(depth=2).add_child(instance=Page(title="Новая страница", slug="kept-count-new-page"))
    assert dashboard_page_count(client) == count + 1


def test_publish_unpublish_move_and_delete_are_in_the_audit_log_with_the_user(client, monkeypatch):
    monkeypatch.setattr(Page, "is_creatable", True)
    monkeypatch.setattr(CenterPage, "_clean_subpage_models", [Page])
    moderator = get_user_model().objects.get(username="moderator")
    client.force_login(moderator)
    center_a = CenterPage.objects.get(slug="inclusive-sosh5")
    center_b = CenterPage.objects.get(slug="literacy-lyceum1")
    add = reverse("wagtailadmin_pages:add", args=["wagtailcore", "page", center_a.pk])
    client.post(add, {"title": "Объявление центра", "slug": "announcement-audit", "action-publish": "1"})
    page = Page.objects.get(slug="announcement-audit")
    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, center_b.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    actions = set(
        PageLogEntry.objects.filter(page_id=page.pk, user=moderator).values_list("action", flat=True)
    )
    assert {"wagtail.publish", "wagtail.unpublish", "wagtail.move", "wagtail.delete"} <= actions


def test_provisioning_is_in_the_audit_log(new_pair):
    admin = get_user_model().objects.get(username="admin")
    center = provision_center(*new_pair, user=admin)
    entry = PageLogEntry.objects.get(page_id=center.pk, action="centers.provision_center")
    assert entry.user == admin
    assert "подготовлен" in entry.message.lower()


def test_moderators_dashboard_warns_about_terms_ending_within_sixty_days(client):
    from django.utils import timezone

    center = CenterPage.objects.get(slug="stem-poisk")
    CenterPage.objects.filter(pk=center.pk).update(
        term_end=timezone.localdate() + datetime.timedelta(days=20)
    )
    client.force_login(get_user_model().objects.get(username="moderator"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Срок действия истекает в ближайшие 60 дней" in html
    assert center.title in html
    client.force_login(get_user_model().objects.get(username="coordinator1"))
    assert "Срок действия истекает" not in client.get(reverse("wagtailadmin_home")).content.decode()


class FormFields(HTMLParser):
    """What a browser would send for the admin's main form: values, checked boxes, selected options."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name and name != "wagtail-side-panel-width":
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            elif attrs.get("type") not in ("submit", "button", "file"):
                self.data.append((name, attrs.get("value") or ""))
        elif tag == "select" and name and "__prefix__" not in name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self.textarea = name
            self.data.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            name, value = self.data.pop()
            self.data.append((name, value + data))


def form_data(html):
    parser = FormFields()
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def test_a_permission_change_in_the_admin_is_in_the_audit_log_with_the_user(client):
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    group = coordinators_group(center)
    url = reverse("wagtailusers_groups:edit", args=[group.pk])
    data = form_data(client.get(url).content.decode())
    assert data["page_permissions-0-page"] == [str(center.pk)]
    data["page_permissions-0-permissions"].append("publish_page")
    response = client.post(url, data)
    assert response.status_code == 302
    assert GroupPagePermission.objects.filter(group=group, permission__codename="publish_page").exists()
    entry = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Group), object_id=str(group.pk), action="wagtail.edit"
    ).latest("timestamp")
    assert entry.user == admin
    assert entry.label == group.name


def test_a_new_order_reaches_the_live_center_without_publishing_the_coordinators_pending_draft(new_pair):
    organization, direction = new_pair
    center = provision_center(organization, direction, short_description="Прежнее описание.")
    coordinator = get_user_model().objects.create_user("coordinator-gifted", "gifted@example.ru")
    coordinator.groups.add(coordinators_group(center))
    draft = CenterPage.objects.get(pk=center.pk)
    draft.short_description = "Новое описание координатора."
    draft.save_revision(user=coordinator)

    provision_center(organization, direction, order_number="777-п", term_end=datetime.date(2031, 8, 31))
    live = CenterPage.objects.get(pk=center.pk)
    assert (live.order_number, live.term_end) == ("777-п", datetime.date(2031, 8, 31))
    assert live.short_description == "Прежнее описание."
    pending = live.get_latest_revision_as_object()
    assert pending.short_description == "Новое описание координатора."
    assert (pending.order_number, pending.term_end) == ("777-п", datetime.date(2031, 8, 31))


def test_a_center_created_by_hand_in_the_admin_is_equipped_like_a_provisioned_one(client, new_pair):
    organization, direction = new_pair
    moderator = get_user_model().objects.get(username="moderator")
    client.force_login(moderator)
    directory = CenterIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["centers", "centerpage", directory.pk])
    data = form_data(client.get(url).content.decode())
    data.update(
        title=["Ресурсный центр для одарённых детей"],
        slug=["gifted-sosh2"],
        organization=[str(organization.pk)],
        direction=[str(direction.pk)],
        short_description=["Олимпиадная подготовка и исследовательские проекты."],
    )
    for name in [key for key in data if key.endswith("-count")] or ["goals-count"]:
        data[name] = ["0"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    center = CenterPage.objects.get(slug="gifted-sosh2")
    group = coordinators_group(center)
    assert group.name == "Координаторы: СОШ № 2"
    assert center.collection.name == "Ресурсный центр для одарённых детей"
    assert center.get_latest_revision().content["collection"] == center.collection_id
    assert center.get_workflow().name == WORKFLOW_NAME
