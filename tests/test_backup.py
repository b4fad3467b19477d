import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Collection, Page

from portal.backups import media_checksums

from .backup_helpers import empty_database_fixture, empty_machine, run_manage, run_on  # noqa: F401 - a fixture
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
    "centers.Registration",
    "centers.ConsentRecord",
    "centers.Application",
    "centers.CouncilMeeting",
]

COUNT_SCRIPT = """
import json
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from centers.models import Application, CouncilMeeting
from portal.backups import media_checksums

client = Client()
client.force_login(get_user_model().objects.get(username="admin"))
scans = {}
for application in Application.objects.exclude(signed_scan="").order_by("pk"):
    response = client.get(reverse("centers_lifecycle:application_scan", args=[application.pk]))
    scans[application.pk] = [response.status_code, b"".join(response.streaming_content).hex()]
print(json.dumps({
    "counts": {label: apps.get_model(label).objects.count() for label in %r},
    "media": media_checksums(settings.MEDIA_ROOT),
    "private": media_checksums(settings.CENTERS_PRIVATE_MEDIA_ROOT),
    "scans": scans,
    "protocols": sorted(m.protocol.name for m in CouncilMeeting.objects.exclude(protocol="")),
}))
"""


def current_counts():
    from django.apps import apps

    return {label: apps.get_model(label).objects.count() for label in COUNTED_MODELS}


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
def test_backup_restores_into_an_empty_machine_with_the_same_rows_and_every_file(
    uploaded_site, empty_database, tmp_path
):
    from centers.models import Application, CouncilMeeting

    archive = tmp_path / "site.tar.gz"
    expected_counts = current_counts()
    expected_media = media_checksums(uploaded_site)
    private_root = Path(settings.CENTERS_PRIVATE_MEDIA_ROOT)
    expected_private = media_checksums(private_root)
    scanned = Application.objects.exclude(signed_scan="").order_by("pk")
    expected_scans = {
        str(a.pk): [200, (private_root / a.signed_scan.name).read_bytes().hex()] for a in scanned
    }
    protocols = sorted(m.protocol.name for m in CouncilMeeting.objects.exclude(protocol=""))
    assert expected_counts["centers.CenterDocument"] >= 1 and expected_counts["wagtailimages.Image"] >= 1
    assert len(expected_media) >= 2
    assert (
        expected_scans and protocols
    )  # the demo's application scans and council protocol, in private storage

    output = io.StringIO()
    call_command("backup", output=str(archive), stdout=output)
    assert f"{len(expected_private)} in private/" in output.getvalue()
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
        names = set(opened.getnames())
    assert manifest["files"]["private"] == expected_private
    assert manifest["release"]["migrations"]["centers"]
    assert {f"private/{name}" for name in expected_private} <= names

    machine = empty_machine(tmp_path, empty_database)
    result = run_manage("restore", str(archive), **machine)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all verified" in result.stdout

    restored = run_on(machine, COUNT_SCRIPT % COUNTED_MODELS)
    assert restored["counts"] == expected_counts
    assert restored["media"] == expected_media
    assert restored["private"] == expected_private
    assert restored["scans"] == expected_scans  # the admin's scan view answers 200 with the scan's own bytes
    assert restored["protocols"] == protocols
    assert media_checksums(tmp_path / "restored-private") == expected_private
    # the PDF uploaded through the admin is among the demo's own PDFs; it must come back byte for byte
    restored_pdfs = [
        Path(tmp_path / "restored-media", name).read_bytes()
        for name in expected_media
        if name.endswith(".pdf")
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
