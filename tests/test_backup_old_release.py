"""The archive of the release of 2026-11-26 (tests/fixtures/README.md says how it was made) restores into today's
site: its rows load at their own schema, are verified, and are migrated forward; its pages answer at their old
addresses and people's data are the archive's. The same test is the upgrade path of that release's database to
today's schema (restore = load at the old schema + `migrate`). The archive is dumpdata JSON: SQLite and PostgreSQL."""

import json
import tarfile
from pathlib import Path

from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader

from portal import backups

from .backup_helpers import empty_database_fixture, empty_machine, run_manage, run_on  # noqa: F401 - a fixture

ARCHIVE = Path(__file__).parent / "fixtures" / "backup-2026-11-26-0a4c22a.tar.gz"
PEOPLE = ["centers.registration", "centers.consentrecord"]

RESTORED_SCRIPT = """
import json
from django.conf import settings
from django.core import serializers
from django.test import Client
from wagtail.models import Page
from portal.backups import media_checksums

client = Client(HTTP_HOST="localhost")
pages = {}
old_addresses = %(pages)r
for page in Page.objects.filter(pk__in=old_addresses).specific():
    url = page.get_url()
    old = client.get(old_addresses[page.pk])
    pages[page.pk] = [url, client.get(url).status_code if url else None, old.status_code, old.get("Location")]
people = {}
for label in %(people)r:
    from django.apps import apps
    model = apps.get_model(label)
    people[label] = {
        str(item["pk"]): item["fields"]
        for item in json.loads(serializers.serialize("json", model.objects.order_by("pk")))
    }
print(json.dumps({"pages": pages, "people": people, "media": media_checksums(settings.MEDIA_ROOT)}))
"""


def archive_contents():
    with tarfile.open(ARCHIVE, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        objects = json.loads(archive.extractfile("database.json").read())
    return manifest, objects


def old_addresses(objects):
    """{page pk: its address on the old site}: the url_path below the site's root page."""
    pages = {o["pk"]: o["fields"] for o in objects if o["model"] == "wagtailcore.page"}
    (site,) = [o["fields"] for o in objects if o["model"] == "wagtailcore.site"]
    root = pages[site["root_page"]]["url_path"]
    return {
        pk: "/" + fields["url_path"][len(root) :]
        for pk, fields in pages.items()
        if fields["live"] and fields["url_path"].startswith(root)
    }


def test_the_old_archive_is_taken_for_its_release_by_what_it_holds():
    """Without the list of known releases, the tables and fields alone point to the release's own migrations."""
    with tarfile.open(ARCHIVE, "r:gz") as archive:
        manifest = backups.read_manifest(archive)
        fingerprint = backups.dump_fingerprint(archive, manifest)
    release, known = backups.infer_migrations(manifest, fingerprint)
    assert release == "the release of 2026-11-26 (commit 0a4c22a)"
    assert known["centers"] == ["0017_page_type_newest_index"]
    saved = backups.KNOWN_RELEASES
    backups.KNOWN_RELEASES = []
    try:
        release, inferred = backups.infer_migrations(manifest, fingerprint)
    finally:
        backups.KNOWN_RELEASES = saved
    assert release == "an earlier release"
    assert inferred.keys() == known.keys()
    # Where the guess differs from the release, it is by migrations that leave the tables and fields as they are:
    # it stops before a data step (which then runs again on restore), or goes past steps that are not data.
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    for app_label, [name] in known.items():
        guess = (app_label, inferred[app_label][0])
        release_node = (app_label, name)
        if guess == release_node:
            continue
        if guess in graph.forwards_plan(release_node):
            between = graph.forwards_plan(release_node)[graph.forwards_plan(release_node).index(guess) + 1 :]
            assert any(has_data_step(graph, key) for key in between if key[0] == app_label), guess
        else:
            between = graph.forwards_plan(guess)[graph.forwards_plan(guess).index(release_node) + 1 :]
            assert not any(has_data_step(graph, key) for key in between if key[0] == app_label), guess
    assert inferred["wagtailcore"] == known["wagtailcore"] and inferred["admin"] == known["admin"]


def has_data_step(graph, key):
    return any(isinstance(operation, RunPython) for operation in graph.nodes[key].operations)


def test_the_archive_of_the_2026_11_26_release_restores_migrates_and_serves_its_pages(
    empty_database, tmp_path
):
    manifest, objects = archive_contents()
    addresses = old_addresses(objects)
    people = {label: {str(o["pk"]): o["fields"] for o in objects if o["model"] == label} for label in PEOPLE}
    assert len(addresses) > 100 and all(people.values())  # what the demo of that release holds

    machine = empty_machine(tmp_path, empty_database)
    result = run_manage("restore", str(ARCHIVE), **machine)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the release of 2026-11-26 (commit 0a4c22a)" in result.stdout
    assert "counts verified" in result.stdout and "all verified" in result.stdout
    assert "Migrated forward:" in result.stdout

    restored = run_on(machine, RESTORED_SCRIPT % {"pages": addresses, "people": PEOPLE})
    answers = {int(pk): tuple(answer) for pk, answer in restored["pages"].items()}
    # Every old page answers at its address; a free page that held a center's plan/ moved aside for the new plan
    # (migration 0033), and its old address leads to it until the new plan is approved.
    moved = {
        pk: address[: -len("plan/")] + "plan-archive/"
        for pk, address in addresses.items()
        if address.endswith("/plan/")
    }
    assert len(moved) == 7
    assert answers == {
        pk: (moved[pk], 200, 302, moved[pk]) if pk in moved else (address, 200, 200, None)
        for pk, address in addresses.items()
    }
    for label, rows in people.items():
        assert restored["people"][label].keys() == rows.keys()
        for pk, fields in rows.items():
            assert {name: restored["people"][label][pk][name] for name in fields} == fields, (label, pk)
    # every archived file is back, byte for byte (serving the pages added image renditions beside them)
    assert {name: restored["media"].get(name) for name in manifest["media"]} == manifest["media"]
    assert len(manifest["media"]) == 36
    assert all(path.exists() for path in (tmp_path / "restored-media").joinpath("documents").iterdir())
