"""The demo site in one transaction: pages, content, then accounts with fresh passwords, printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from centers.roles.provisioning import EXPERT_COUNCIL_GROUP, MODERATORS_GROUP, coordinators_group
from portal.devtools.demo.centers import build_centers
from portal.devtools.demo.certificates import build_certificates
from portal.devtools.demo.cityplan import build_city_plan
from portal.devtools.demo.content import build_center_content
from portal.devtools.demo.council import build_council
from portal.devtools.demo.events import build_events
from portal.devtools.demo.library import build_home_collections, build_library
from portal.devtools.demo.lifecycle import build_lifecycle
from portal.devtools.demo.piloting import build_piloting
from portal.devtools.demo.practices import build_practices
from portal.devtools.demo.privacy import build_privacy
from portal.devtools.demo.questions import build_questions
from portal.devtools.demo.records import build_records
from portal.devtools.demo.reports import build_reports
from portal.devtools.demo.site_tree import build_directory, build_home
from portal.devtools.demo.subscriptions import build_subscriptions
from portal.site_address import set_default_site_address


def set_demo_password(username, **fields):
    """Create or update a demo account with a fresh random password; only seed_demo's output shows it."""
    user, _ = get_user_model().objects.update_or_create(username=username, defaults=fields)
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save()
    return user, password


def build_accounts(centers):
    """The administrator, a moderator, an expert and one coordinator per center: [(user, password, role)]."""
    accounts = [
        set_demo_password(
            "admin",
            is_staff=True,
            is_superuser=True,
            first_name="Администратор",
            email="admin@example.ru",
        ),
        set_demo_password(
            "moderator", first_name="Мария", last_name="Модератова", email="moderator@example.ru"
        ),
        set_demo_password("expert", first_name="Эдуард", last_name="Экспертов", email="expert@example.ru"),
    ]
    accounts[1][0].groups.add(Group.objects.get(name=MODERATORS_GROUP))
    accounts[2][0].groups.add(Group.objects.get(name=EXPERT_COUNCIL_GROUP))
    roles = ["administrator", "the department's moderator", "expert council member"]
    accounts = [(user, password, role) for (user, password), role in zip(accounts, roles, strict=True)]
    for number, center in enumerate(centers, start=1):
        coordinator = set_demo_password(
            f"coordinator{number}",
            first_name="Координатор",
            last_name=center.slug,
            email=f"coordinator{number}@example.ru",
        )
        coordinator[0].groups.add(coordinators_group(center))
        role = f"coordinator of {center.title} ({center.organization.short_name}): {center.get_full_url()}"
        accounts.append((*coordinator, role))
    return accounts


@transaction.atomic
def build_demo_site(stdout, style, address=("127.0.0.1", 8000)):
    """Build (or bring up to date) the demo site served at `address` (host, port); write its accounts last."""
    build_privacy()  # before any form's consent is recorded: the texts name the operator
    home = build_home()
    site = set_default_site_address(*address)
    directory = build_directory(home)
    centers = build_centers(directory)
    build_practices(centers)
    build_questions(centers)
    build_events(home, centers)
    certificate_lines = build_certificates(site.root_url)
    build_center_content(centers)
    build_library(home)
    build_home_collections(home)
    accounts = build_accounts(centers)
    build_lifecycle(home)
    build_subscriptions()
    build_reports(centers)
    record_lines = build_records(site.root_url)  # after every attended meeting exists: all count as asked
    build_council()
    build_piloting()  # after the council's meeting: its recommendation names it
    build_city_plan(home)
    stdout.write(style.SUCCESS(f"Demo site ready: {len(centers)} centers."))
    for line in certificate_lines:
        stdout.write(line)
    for line in record_lines:
        stdout.write(line)
    stdout.write(f"Site: {site.root_url}/   Admin: {site.root_url}/admin/")
    stdout.write("Accounts (login, password, what it runs):")
    for user, password, role in accounts:
        stdout.write(f"  {user.username:<16} {password:<14} {role}")
