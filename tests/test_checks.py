"""`manage.py check` tells a host what the add-on needs: each check fires on a bad setting, never on the site's own."""

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from unittest import mock

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

from centers import checks

ROOT = Path(__file__).resolve().parent.parent
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
FILES = "django.core.cache.backends.filebased.FileBasedCache"


def ids(messages):
    return [message.id for message in messages]


def add_on_ids(messages):
    return sorted(message.id for message in messages if message.id.startswith("centers."))


def test_the_sites_own_settings_raise_nothing_from_the_add_on():
    assert add_on_ids(run_checks()) == []
    call_command("check", fail_level="WARNING", stdout=io.StringIO())  # raises SystemCheckError otherwise
    # Production settings with --deploy: tests/test_settings.py (test_production_settings_pass_check_deploy...).


def test_wagtails_own_document_model_is_an_error(settings):
    settings.WAGTAILDOCS_DOCUMENT_MODEL = "wagtaildocs.Document"
    [error] = checks.check_document_model()
    assert error.id == "centers.E001" and "WAGTAILDOCS_DOCUMENT_MODEL" in error.msg
    assert 'WAGTAILDOCS_DOCUMENT_MODEL = "centers.CenterDocument"' in error.hint


def test_missing_apps_are_named_in_one_error():
    missing = {"taggit", "wagtail.contrib.table_block"}
    with mock.patch.object(checks.apps, "is_installed", side_effect=lambda name: name not in missing):
        [error] = checks.check_installed_apps()
    assert error.id == "centers.E002"
    assert '"wagtail.contrib.table_block", "taggit"' in error.hint


def test_the_mounted_api_needs_rest_framework(settings):
    with mock.patch.object(checks.apps, "is_installed", side_effect=lambda name: name != "rest_framework"):
        assert ids(checks.check_installed_apps()) == ["centers.E008"]  # the site mounts api/v2/
        settings.ROOT_URLCONF = "centers.urls"  # a host that does not mount the API needs no REST framework
        assert checks.check_installed_apps() == []


def test_no_folder_for_private_files_is_an_error(settings):
    settings.MEDIA_ROOT = ""
    del settings.CENTERS_PRIVATE_MEDIA_ROOT
    [error] = checks.check_private_files()
    assert error.id == "centers.E003" and "CENTERS_PRIVATE_MEDIA_ROOT" in error.hint


@pytest.mark.parametrize("served", ["MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"])
def test_private_files_in_a_served_folder_are_an_error(settings, tmp_path, served):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = [("assets", tmp_path / "assets")]
    folder = {"MEDIA_ROOT": "media", "STATIC_ROOT": "static", "STATICFILES_DIRS": "assets"}[served]
    settings.CENTERS_PRIVATE_MEDIA_ROOT = tmp_path / folder / "private"
    [error] = checks.check_private_files()
    assert error.id == "centers.E004" and served in error.msg
    settings.CENTERS_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    assert checks.check_private_files() == []


def test_private_files_left_in_the_former_public_default_are_an_error(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    del settings.CENTERS_PRIVATE_MEDIA_ROOT
    assert checks.check_private_files() == []  # the default is beside MEDIA_ROOT
    (tmp_path / "media" / "private" / "applications").mkdir(parents=True)
    (tmp_path / "media" / "private" / "applications" / "scan.pdf").write_bytes(b"%PDF-1.4")
    [error] = checks.check_private_files()
    assert error.id == "centers.E005" and str(tmp_path / "private") in error.hint


def test_naive_times_are_an_error_and_utc_a_warning(settings):
    settings.USE_TZ = False
    assert ids(checks.check_time_zone()) == ["centers.E006"]
    settings.USE_TZ = True
    settings.TIME_ZONE = "UTC"
    [warning] = checks.check_time_zone()
    assert warning.id == "centers.W001" and "TIME_ZONE" in warning.hint
    settings.TIME_ZONE = "Europe/Moscow"
    assert checks.check_time_zone() == []


def test_a_cache_setting_naming_no_cache_is_an_error(settings):
    settings.CENTERS_RATE_LIMIT_CACHE = "counters"
    [error] = checks.check_cache_aliases()
    assert error.id == "centers.E007" and "CENTERS_RATE_LIMIT_CACHE" in error.msg


def test_memory_caches_in_production_are_warned_about(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": LOCMEM}}
    for name in ("CENTERS_RATE_LIMIT_CACHE", "LIBRARY_CACHE", "SITE_STRUCTURE_CACHE"):
        delattr(settings, name)  # the add-on falls back to the default cache
    assert ids(checks.check_shared_caches()) == ["centers.W002", "centers.W003", "centers.W003"]
    settings.CACHES = {"default": {"BACKEND": FILES, "LOCATION": "/tmp/portal-check-cache"}}
    assert checks.check_shared_caches() == []
    settings.CACHES = {"default": {"BACKEND": LOCMEM}}
    settings.DEBUG = True  # one development process
    assert checks.check_shared_caches() == []


def test_a_page_cache_without_keyring_or_of_its_own_is_warned_about(settings):
    settings.WAGTAIL_CACHE = True
    settings.WAGTAIL_CACHE_KEYRING = True
    assert checks.check_page_cache() == []  # the site's: a keyring and an alias of its own
    settings.WAGTAIL_CACHE_KEYRING = False
    assert ids(checks.check_page_cache()) == ["centers.W004"]
    settings.WAGTAIL_CACHE_KEYRING = True
    settings.WAGTAIL_CACHE_BACKEND = "default"
    assert ids(checks.check_page_cache()) == ["centers.W005"]
    settings.WAGTAIL_CACHE = False
    assert checks.check_page_cache() == []


def test_wagtails_plain_search_backend_is_enough_for_the_library(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "russian"}
    }
    with mock.patch.object(checks.connections["default"], "vendor", "postgresql"):
        assert checks.check_search() == []


def test_postgresql_without_a_search_configuration_is_warned_about(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    with mock.patch.object(checks.connections["default"], "vendor", "postgresql"):
        [warning] = checks.check_search()
        assert warning.id == "centers.W007" and 'CENTERS_SEARCH_CONFIG = "russian"' in warning.hint
        settings.CENTERS_SEARCH_CONFIG = "russian"
        assert checks.check_search() == []


def test_no_admin_address_is_an_error(settings):
    del settings.WAGTAILADMIN_BASE_URL
    [error] = checks.check_admin_base_url()
    assert error.id == "centers.E009" and "WAGTAILADMIN_BASE_URL" in error.hint


def test_templates_without_the_request_are_warned_about(settings):
    engine = {**settings.TEMPLATES[0], "OPTIONS": {"context_processors": []}}
    settings.TEMPLATES = [engine]
    assert ids(checks.check_context_processors()) == ["centers.W008"]


FRESH_PROJECT = """
    import os
    BASE_DIR = {base!r}
    SECRET_KEY = "fresh-project-check-only"
    DEBUG = True
    INSTALLED_APPS = [
        "centers", "blocks",
        "wagtail.contrib.forms", "wagtail.contrib.redirects", "wagtail.contrib.routable_page",
        "wagtail.contrib.table_block", "wagtail.embeds", "wagtail.sites", "wagtail.users", "wagtail.snippets",
        "wagtail.documents", "wagtail.images", "wagtail.search", "wagtail.admin", "wagtail",
        "modelcluster", "taggit",
        "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
        "django.contrib.messages", "django.contrib.staticfiles",
    ]
    MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ]
    ROOT_URLCONF = "centers.urls"
    TEMPLATES = [{{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {{"context_processors": [
            "django.template.context_processors.request",
            "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages",
        ]}},
    }}]
    DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(BASE_DIR, "db.sqlite3")}}}}
    DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
    LANGUAGE_CODE = "en-us"
    TIME_ZONE = "UTC"
    USE_TZ = True
    STATIC_URL = "/static/"
    STATIC_ROOT = os.path.join(BASE_DIR, "static")
    MEDIA_URL = "/media/"
    MEDIA_ROOT = os.path.join(BASE_DIR, "media")
    WAGTAIL_SITE_NAME = "fresh"
    WAGTAILADMIN_BASE_URL = "http://example.com"
"""
RECOMMENDED = """
    TIME_ZONE = "Asia/Yekaterinburg"
    WAGTAILDOCS_DOCUMENT_MODEL = "centers.CenterDocument"
    CENTERS_SEARCH_CONFIG = "russian"
"""


def check_project(tmp_path, *parts):
    (tmp_path / "fresh_settings.py").write_text("".join(textwrap.dedent(part) for part in parts))
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    environment.update(DJANGO_SETTINGS_MODULE="fresh_settings", PYTHONPATH=str(tmp_path))
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_fresh_wagtail_project_is_told_what_to_set_and_then_passes(tmp_path):
    result = check_project(tmp_path, FRESH_PROJECT.format(base=str(tmp_path)))
    assert result.returncode != 0  # an error stops it
    for expected in ("centers.E001", "centers.W001"):
        assert expected in result.stderr, result.stderr
    assert "centers.E003" not in result.stderr and "centers.E004" not in result.stderr  # private beside media

    result = check_project(tmp_path, FRESH_PROJECT.format(base=str(tmp_path)), RECOMMENDED)
    assert result.returncode == 0, result.stderr
    assert "centers." not in result.stdout + result.stderr
