"""A clone's demo signs its links with a key of its own, made once under var/ and never in the repository; under
DEBUG the development server serves uploaded media but never the documents folder (issue 28, item 9)."""

import importlib.util
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import Http404
from django.test import RequestFactory, override_settings

from portal.media_files import serve_public_media

ROOT = Path(__file__).resolve().parent.parent


def demo_secret_key(var_dir):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE")}
    environment.update(DJANGO_SETTINGS_MODULE="portal.settings.dev", PORTAL_VAR_DIR=str(var_dir))
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_each_clone_makes_its_own_key_once_and_keeps_it_in_var(tmp_path):
    first, other = tmp_path / "clone-a", tmp_path / "clone-b"
    key = demo_secret_key(first)
    assert len(key) >= 50 and key == demo_secret_key(first)  # made once, kept: signed links stay valid
    assert (first / "secret_key").read_text().strip() == key
    assert stat.S_IMODE((first / "secret_key").stat().st_mode) == 0o600
    assert demo_secret_key(other) != key
    for settings_file in (ROOT / "site" / "settings").glob("*.py"):
        assert not re.search(r"^SECRET_KEY\s*=\s*['\"]", settings_file.read_text(), re.MULTILINE), (
            settings_file
        )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for folder in ("documents", "images", "private"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "file.pdf").write_bytes(b"%PDF-1.4 private")
    return tmp_path


@pytest.mark.parametrize(
    "path",
    [
        "documents/file.pdf",
        "./documents/file.pdf",
        "images/../documents/file.pdf",
        "/documents/file.pdf",
        "Documents/file.pdf",
        "private/file.pdf",
        "documents/",
    ],
)
def test_documents_are_never_served_from_media(media_root, path):
    request = RequestFactory().get("/media/" + path)
    with pytest.raises(Http404):
        serve_public_media(request, path)


def test_other_media_are_served(media_root):
    response = serve_public_media(RequestFactory().get("/media/images/file.pdf"), "images/file.pdf")
    assert response.status_code == 200


def test_under_debug_the_site_serves_media_only_through_that_view():
    spec = importlib.util.spec_from_file_location("debug_urls", ROOT / "site" / "urls.py")
    module = importlib.util.module_from_spec(spec)
    with override_settings(DEBUG=True):
        spec.loader.exec_module(module)
    callbacks = [getattr(pattern, "callback", None) for pattern in module.urlpatterns]
    assert serve_public_media in callbacks
    assert not [
        callback for callback in callbacks if getattr(callback, "__module__", "") == "django.views.static"
    ]
