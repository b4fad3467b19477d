"""A backup and a restore stream files: a 32 MB scan never sits in memory whole, either way."""

import io
import json
import os
import tarfile
import tracemalloc

import pytest
from django.core.management import call_command
from django.test import override_settings

from portal.backups import file_roots, placements, restore_files

MEGABYTE = 1024 * 1024
SIZE = 32 * MEGABYTE


def write_large_file(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as stream:
        for _ in range(SIZE // MEGABYTE):
            stream.write(os.urandom(MEGABYTE))  # incompressible: the archive is as large as the file


@pytest.mark.django_db
def test_a_large_file_goes_into_the_archive_and_back_without_being_held_in_memory(tmp_path):
    media = tmp_path / "media"
    write_large_file(media / "documents" / "large.pdf")
    archive_path = tmp_path / "site.tar.gz"
    with override_settings(MEDIA_ROOT=media):
        tracemalloc.start()
        try:
            call_command("backup", output=str(archive_path), stdout=io.StringIO())
            backup_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        roots = {**file_roots(), "media": tmp_path / "restored"}
    with tarfile.open(archive_path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        assert "documents/large.pdf" in manifest["files"]["media"]
        placed = {
            name: where for name, where in placements(manifest, roots).items() if name.startswith("media/")
        }
        tracemalloc.start()
        try:
            wrong = restore_files(archive, placed, roots)
            restore_peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert wrong == []
    assert (tmp_path / "restored" / "documents" / "large.pdf").stat().st_size == SIZE
    assert backup_peak < SIZE / 4, backup_peak
    assert restore_peak < SIZE / 4, restore_peak
