import io
import json
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Collection, Page

from portal.backups import media_checksums

from .test_settings import run_manage
from .test_uploads import MINIMAL_PDF, png_bytes

# What must survive a backup and restore; the events and applications branches append their models here.
COUNTED_MODELS = [
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "centers.CenterPage",
    "centers.Organization",
    "centers.CenterDocument",
    "wagtailimages.Image",
    "auth.User",
    "auth.Group",
]

COUNT_SCRIPT = """
import io
import json
from django.apps import apps
from django.conf import settings
from portal.backups import media_checksums
print(json.dumps({
    "counts": {label: apps.get_model(label).objects.count() for label in %r},
    "media": media_checksums(settings.MEDIA_ROOT),
}))
"""


def current_counts():
    from django.apps import apps

    return {label: apps.get_model(label).objects.count() for label in COUNTED_MODELS}


@pytest.fixture
def empty_database(tmp_path):
    """A second database with no tables: a fresh PostgreSQL database, or a new SQLite file."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    server = {
        key: params[name]
        for key, name in [("host", "HOST"), ("port", "PORT"), ("user", "USER")]
        if params[name]
    }
    if params["PASSWORD"]:
        server["password"] = params["PASSWORD"]
    name = f"{params['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = f"{server.get('user', '')}:{server.get('password', '')}@" if server.get("user") else ""
    location = f"{server.get('host', '')}:{server['port']}" if "port" in server else server.get("host", "")
    yield f"postgres://{credentials}{location}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def uploaded_site(django_db_setup, django_db_blocker, tmp_path):
    """The seeded demo plus a document and an image uploaded through the admin, committed (pg_dump sees them)."""
    from wagtail.images import get_image_model

    from centers.models import CenterDocument

    media = tmp_path / "media"
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        # Runs among the tests without a transaction, after the browser tests that flush the database.
        call_command("seed_demo", stdout=io.StringIO())
        client = Client()
        client.force_login(get_user_model().objects.get(username="admin"))
        root = Collection.get_first_root_node().pk
        document = client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Положение о ресурсном центре",
                "file": SimpleUploadedFile("polozhenie.pdf", MINIMAL_PDF),
                "collection": root,
            },
        )
        image = client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Семинар в СОШ № 1",
                "file": SimpleUploadedFile("seminar.png", png_bytes()),
                "collection": root,
            },
        )
        assert document.status_code == image.status_code == 302
        try:
            yield media
        finally:
            CenterDocument.objects.filter(title="Положение о ресурсном центре").delete()
            get_image_model().objects.filter(title="Семинар в СОШ № 1").delete()
            client.logout()


# Not wrapped in a rolled-back transaction: pg_dump runs in a process of its own and sees committed rows only.
def test_backup_restores_into_an_empty_database_with_the_same_rows_and_files(
    uploaded_site, empty_database, tmp_path
):
    archive = tmp_path / "site.tar.gz"
    expected_counts = current_counts()
    expected_media = media_checksums(uploaded_site)
    assert expected_counts["centers.CenterDocument"] >= 1 and expected_counts["wagtailimages.Image"] >= 1
    assert len(expected_media) >= 2

    call_command("backup", output=str(archive), stdout=io.StringIO())
    assert archive.exists()

    restored_media = tmp_path / "restored-media"
    target = {
        "DATABASE_URL": empty_database,
        "MEDIA_ROOT": str(restored_media),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",  # the test settings pick a media folder of their own
    }
    result = run_manage("restore", str(archive), **target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "verified" in result.stdout

    check = run_manage("shell", "-c", COUNT_SCRIPT % COUNTED_MODELS, **target)
    assert check.returncode == 0, check.stderr
    restored = json.loads(check.stdout.strip().splitlines()[-1])
    assert restored["counts"] == expected_counts
    assert restored["media"] == expected_media
    # the PDF uploaded through the admin is among the demo's own PDFs; it must come back byte for byte
    restored_pdfs = [
        Path(restored_media, name).read_bytes() for name in expected_media if name.endswith(".pdf")
    ]
    assert MINIMAL_PDF in restored_pdfs


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), portable=True, stdout=io.StringIO())
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Page.objects.count() == pages
