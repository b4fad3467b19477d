"""`manage.py setup_centers` in a host project without `portal`, and on the demo site that has everything already."""

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command

from centers.models import (
    ApplicationPage,
    CalendarPage,
    CenterIndexPage,
    CityPlanPage,
    CommunityIndexPage,
    LibraryPage,
)

ROOT = Path(__file__).resolve().parent.parent

# A host project: the minimal one of tests/standalone_settings.py, in English, with Django's old default primary
# key (a host may have any DEFAULT_AUTO_FIELD; the add-on's models keep theirs).
HOST_SETTINGS = """
from tests.standalone_settings import *  # noqa: F403

LANGUAGE_CODE = "en-us"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
"""

TREE = """
import json
from django.contrib.auth.models import Group
from wagtail.models import Collection, Page, Site, Workflow, WorkflowPage

home = Site.objects.get(is_default_site=True).root_page
print(json.dumps({
    "sections": [
        [page.specific_class.__name__, page.slug, page.title, page.live]
        for page in home.get_children().order_by("path")
    ],
    "groups": sorted(Group.objects.values_list("name", flat=True)),
    "workflows": list(Workflow.objects.values_list("name", flat=True)),
    "moderated": sorted(WorkflowPage.objects.values_list("page__slug", "workflow__name")),
    "collections": Collection.objects.count(),
}))
"""


def manage(tmp_path, *args):
    (tmp_path / "host_settings.py").write_text(textwrap.dedent(HOST_SETTINGS))
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": f"{tmp_path}:{ROOT}",
            "DJANGO_SETTINGS_MODULE": "host_settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'host.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_setup_centers_gives_a_fresh_host_its_sections_once(tmp_path):
    checked = manage(tmp_path, "check")
    assert "W042" not in checked  # the host's AutoField does not reach the add-on's models
    manage(tmp_path, "migrate", "--noinput")
    assert "No changes detected" in manage(tmp_path, "makemigrations", "--check", "--dry-run")

    first = manage(tmp_path, "setup_centers")
    second = manage(tmp_path, "setup_centers")
    tree = json.loads(manage(tmp_path, "shell", "-c", TREE).strip().splitlines()[-1])

    assert first.count("created: ") == 6 and "found: " not in first
    assert second.count("found: ") == 6 and "created: " not in second
    sections = [(name, slug, title) for name, slug, title, live in tree["sections"] if live]
    # Under Wagtail's welcome page, the site's root: the six sections, in English as the host speaks it.
    assert sections == [
        ("CenterIndexPage", "centers", "Resource centers"),
        ("LibraryPage", "library", "Methodological library"),
        ("CalendarPage", "calendar", "Calendar of events"),
        ("CityPlanPage", "plan", "The city's plan"),
        ("CommunityIndexPage", "communities", "City subject communities"),
        ("ApplicationPage", "application", "Application to open a resource center"),
    ]
    assert len(tree["sections"]) == 6
    # Wagtail's own workflow and the department's, each once
    assert len(tree["workflows"]) == len(set(tree["workflows"])) == 2
    assert tree["collections"] == 2  # Wagtail's root and the centers' collection
    # Wagtail's workflow stays on the root; everything in the directory goes through the department's
    [(directory, department_workflow)] = [pair for pair in tree["moderated"] if pair[0] != "root"]
    assert directory == "centers" and department_workflow in tree["workflows"]
    assert len(tree["moderated"]) == 2
    # Wagtail's Editors and Moderators, the department's moderators and expert council, each once
    assert len(tree["groups"]) == len(set(tree["groups"])) == 4
    assert "/centers/" in second and "/library/" in second


@pytest.mark.django_db
def test_setup_centers_finds_the_demo_sections_and_creates_nothing(settings):
    settings.LANGUAGE_CODE = "en-us"  # the command speaks the host's language; here its words are asserted
    models = [CenterIndexPage, LibraryPage, CalendarPage, CityPlanPage, CommunityIndexPage, ApplicationPage]
    before = [model.objects.count() for model in models]
    out = io.StringIO()
    call_command("setup_centers", stdout=out)
    assert [model.objects.count() for model in models] == before == [1, 1, 1, 1, 1, 1]
    assert out.getvalue().count("found") == 6
    assert "/library/" in out.getvalue()
