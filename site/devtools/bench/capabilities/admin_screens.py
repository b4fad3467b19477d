"""The admin screens coordinators and moderators use daily, timed logged in: the dashboard (a coordinator's and a
moderator's), the explorer of the first center's materials (10,000 of them at the large scale), a material's edit
view, the moderation queue and the participants of an event's meeting with this step's count of registrations (100
small, 1,000 large).

Both scales fill what a screen shows (a listing's page holds 50 rows, each costing Wagtail a few queries for its
buttons): the first center gets at least 60 materials and 60 pages wait in moderation at both scales, so the check
measures what the data behind a screen costs, not a longer page.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from centers.models import (
    CenterIndexPage,
    CenterPage,
    EventPage,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    Registration,
)
from centers.roles.provisioning import (
    coordinators_group,
    ensure_department_roles,
    equip_center,
    moderation_workflow,
    moderators_group,
)
from portal.devtools.bench.capabilities.registrations import organizations, registration_row
from portal.devtools.bench.registry import measured_admin_screens, seed_step
from portal.devtools.bench.seeding import add_live_children

COORDINATOR = "bench-coordinator"
MODERATOR = "bench-moderator"
FULL_LISTING = 60  # more than the 50 rows of a page of Wagtail's explorer and reports


def first_center():
    return CenterPage.objects.child_of(CenterIndexPage.objects.get()).order_by("path").first()


def bench_user(username, group):
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.ru"}
    )
    user.groups.add(group)
    return user


def measured_event(center):
    """The center's event whose first meeting has the most registrations (the one this step fills)."""
    return (
        EventPage.objects.descendant_of(center)
        .annotate(registered=Count("occurrences__registrations"))
        .order_by("-registered", "path")
        .first()
    )


def fill_meeting(event, count):
    """Registrations of the event's first meeting up to `count`; returns how many were added."""
    meeting = event.occurrences.order_by("start").first()
    existing = Registration.objects.filter(occurrence=meeting).count()
    schools = organizations()
    rows = [
        registration_row(1_000_000_000 + rank, meeting, rank, event.capacity, schools, meeting.start)
        for rank in range(existing, count)
    ]
    Registration.objects.bulk_create(Registration(**row) for row in rows)
    return len(rows)


def fill_explorer(center):
    """Materials in the first center's section up to a full page of the explorer (small scale: 20 of its own)."""
    section = MaterialIndexPage.objects.child_of(center).get()
    existing = MaterialPage.objects.child_of(section).count()
    material_type = MaterialType.objects.order_by("pk").first()
    add_live_children(
        section,
        [
            MaterialPage(
                title=f"Методическая разработка для замеров № {number}",
                slug=f"bench-admin-material-{number:03d}",
                abstract="Синтетический материал для замеров экранов администратора.",
                material_type=material_type,
                year=timezone.localdate().year,
                center=center,
            )
            for number in range(existing, FULL_LISTING)
        ],
    )


def send_to_moderation(center, user, count):
    """Materials of the center submitted to the department's moderation until `count` are waiting."""
    workflow = moderation_workflow()
    waiting = workflow.workflow_states.active().count()
    materials = MaterialPage.objects.descendant_of(center).order_by("path")[
        : max(0, count - waiting) + waiting
    ]
    for material in list(materials)[waiting:]:
        material.save_revision(user=user)
        workflow.start(material, user)


@seed_step(
    "admin",
    help="ensure the first center's coordinator and a moderator, an event meeting with this many registrations, "
    "a full explorer page of the center's materials and of pages in moderation",
    small=100,
    large=1_000,
    order=60,
)
def seed_admin(count, progress):
    ensure_department_roles()
    center = first_center()
    group = coordinators_group(center) or equip_center(center)
    coordinator = bench_user(COORDINATOR, group)
    bench_user(MODERATOR, moderators_group())
    with progress(count) as bar:
        added = fill_meeting(measured_event(center), count)
        fill_explorer(center)
        send_to_moderation(center, coordinator, FULL_LISTING)
        bar.update(count)
    return added


@measured_admin_screens(order=0)
def admin_screens():
    center = first_center()
    materials = MaterialIndexPage.objects.child_of(center).get()
    material = MaterialPage.objects.child_of(materials).order_by("path").first()
    event = measured_event(center)
    return {
        "Floor: admin account page": (COORDINATOR, "/admin/account/"),
        "Admin dashboard": (COORDINATOR, "/admin/"),
        # Wagtail's "awaiting your review" lists all 60 pages in moderation, each with its tasks and actions.
        "Admin dashboard: moderator": (MODERATOR, "/admin/"),
        "Admin explorer: center's materials": (COORDINATOR, f"/admin/pages/{materials.pk}/"),
        "Admin edit: material": (COORDINATOR, f"/admin/pages/{material.pk}/edit/"),
        "Admin moderation queue": (MODERATOR, "/admin/reports/workflow/"),
        "Admin event participants": (COORDINATOR, f"/admin/events/{event.pk}/participants/"),
    }
