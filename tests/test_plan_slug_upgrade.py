"""Centers made before plan pages existed: an editor's page «План работы» held `<center>/plan/`.

Provisioning and migration 0033 move it to `plan-archive/` with a redirect from its old address, and give the
center its PlanPage at `plan/` (a draft there until approved, so the redirect keeps showing the old plan).
"""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from centers.models import CenterPage, ContentPage, Direction, Organization, PlanPage
from centers.roles.provisioning import provision_center

MIGRATION = "plan_pages_for_upgraded_centers"  # whatever number it has once the migrations are chained
OLD_TEXT = "Семинар для учителей начальных классов в марте"


@pytest.fixture
def old_center(db):
    """A center as an earlier version left it: no PlanPage, its plan a free page at `plan/` with a page below."""
    organization = Organization.objects.create(
        full_name="МАОУ «Гимназия № 77»", short_name="Гимназия № 77", kind="school"
    )
    direction = Direction.objects.create(name="Планы старых центров", slug="old-plans-77")
    center = provision_center(organization, direction, slug="old-center")
    PlanPage.objects.child_of(center).delete()
    center = CenterPage.objects.get(pk=center.pk)
    old = ContentPage(
        title="План работы",
        slug="plan",
        lead="План на учебный год.",
        body=[("paragraph", f"<p>{OLD_TEXT}</p>")],
    )
    center.add_child(instance=old)
    old.save_revision().publish()
    child = ContentPage(title="Март", slug="march", lead="Мартовские семинары.")
    old.add_child(instance=child)
    child.save_revision().publish()
    # An editor's draft on the old page: the next publish must not take `plan` back.
    old.lead = "Черновик редактора."
    old.save_revision()
    return CenterPage.objects.get(pk=center.pk), old, child


def assert_moved_with_redirects(client, center, old, child):
    old_url = f"{center.url}plan/"
    old.refresh_from_db()
    assert old.slug == "plan-archive"
    assert old.url == f"{center.url}plan-archive/"
    assert client.get(old.url).status_code == 200
    assert OLD_TEXT in client.get(old.url).content.decode()
    assert old.get_latest_revision().content["slug"] == "plan-archive"

    plan = PlanPage.objects.child_of(center).get()
    assert plan.slug == "plan" and plan.url == old_url and plan.center_id == center.pk
    assert not plan.live  # a draft until approved: meanwhile the old address shows the old plan
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (302, old.url)
    assert OLD_TEXT in client.get(old_url, follow=True).content.decode()
    response = client.get(f"{old_url}march/")
    assert (response.status_code, response["Location"]) == (301, f"{old.url}march/")
    child.refresh_from_db()
    assert client.get(child.url).status_code == 200

    # Approved, the new plan takes the address; the old one stays at its own.
    plan.save_revision().publish()
    response = client.get(old_url)
    assert response.status_code == 200 and OLD_TEXT not in response.content.decode()
    assert '<article class="plan">' in response.content.decode()  # the plan's own page, not a redirect
    assert OLD_TEXT in client.get(old.url).content.decode()
    # Publishing the old page's draft keeps its new address.
    old.get_latest_revision().publish()
    old.refresh_from_db()
    assert old.slug == "plan-archive" and PlanPage.objects.child_of(center).get().slug == "plan"
    assert not Page.find_problems()[0] and not any(Page.find_problems()[1:])


def test_provisioning_an_old_center_moves_its_plan_page_aside_and_adds_the_plan(client, old_center):
    center, old, child = old_center
    provision_center(center.organization, center.direction)
    assert_moved_with_redirects(client, center, old, child)
    provision_center(center.organization, center.direction)  # nothing moves a second time
    assert PlanPage.objects.child_of(center).count() == 1
    assert not Page.objects.child_of(center).filter(slug="plan-archive-2").exists()


def test_a_provisioned_center_gets_its_plan_published_at_plan(client, db):
    organization = Organization.objects.create(
        full_name="МАОУ «Лицей № 78»", short_name="Лицей № 78", kind="school"
    )
    direction = Direction.objects.create(name="Планы новых центров", slug="new-plans-78")
    center = provision_center(organization, direction)
    plan = PlanPage.objects.child_of(center).get()
    assert (plan.slug, plan.live, plan.title) == ("plan", True, "План работы")
    assert client.get(plan.url).status_code == 200
    assert not Redirect.objects.filter(old_path__startswith=center.url.rstrip("/")).exists()


def run_migration():
    """Migration 0033's own code, on the historical models of its state (no schema change to undo or redo)."""
    loader = MigrationLoader(connection)
    [name] = [name for app, name in loader.disk_migrations if app == "centers" and name.endswith(MIGRATION)]
    state = loader.project_state(("centers", name))
    importlib.import_module(f"centers.migrations.{name}").forwards(state.apps, None)


def test_migration_moves_an_old_plan_page_aside_and_gives_every_center_its_plan(client, old_center):
    center, old, child = old_center
    free = CenterPage.objects.exclude(pk=center.pk).order_by("pk").first()
    PlanPage.objects.child_of(free).delete()
    demo_plans = set(PlanPage.objects.values_list("pk", flat=True))

    run_migration()

    assert set(PlanPage.objects.values_list("pk", flat=True)) >= demo_plans  # centers with a plan keep theirs
    for each in CenterPage.objects.all():
        assert PlanPage.objects.child_of(each).count() == 1, each.slug
    plan = PlanPage.objects.child_of(free).get()
    assert plan.live and client.get(plan.url).status_code == 200
    assert_moved_with_redirects(client, center, old, child)
    run_migration()  # a second run finds every center with its plan
    assert PlanPage.objects.child_of(center).count() == 1
