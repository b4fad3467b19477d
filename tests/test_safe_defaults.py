"""What the add-on does when a host leaves a setting out: private files stay unserved, a host's caches stay whole."""

from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.test import Client
from wagtailcache.cache import clear_cache

from centers.common.page_cache import KEYRING, purge_everything
from centers.common.private_files import private_media_root
from centers.common.rate_limit import take_submission_slot
from centers.events.registration import register_participant
from centers.lifecycle.models import private_storage

from .events_helpers import make_event

STATUS = "X-Wagtail-Cache"
HOST_KEY = "host:session-like-entry"


def test_private_files_default_to_a_folder_beside_media_root_not_inside_it(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "public" / "media")
    del settings.CENTERS_PRIVATE_MEDIA_ROOT
    root = private_media_root()
    assert root == tmp_path / "public" / "private"
    assert not root.is_relative_to(Path(settings.MEDIA_ROOT))
    storage = private_storage()
    name = storage.save("applications/scan.pdf", ContentFile(b"%PDF-1.4"))
    assert (tmp_path / "public" / "private" / name).is_file()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_the_setting_names_the_private_folder(settings, tmp_path):
    settings.CENTERS_PRIVATE_MEDIA_ROOT = tmp_path / "elsewhere"
    storage = private_storage()
    name = storage.save("council/protocol.pdf", ContentFile(b"%PDF-1.4"))
    assert (tmp_path / "elsewhere" / name).is_file()
    with pytest.raises(ValueError):
        storage.url(name)  # no public address at all


def test_without_media_root_nor_the_setting_the_project_starts_and_saving_says_what_to_set(settings):
    settings.MEDIA_ROOT = ""
    del settings.CENTERS_PRIVATE_MEDIA_ROOT
    storage = private_storage()  # what model fields do at import: must not fail
    with pytest.raises(ImproperlyConfigured, match="CENTERS_PRIVATE_MEDIA_ROOT"):
        storage.save("applications/scan.pdf", ContentFile(b"%PDF-1.4"))


def test_rate_limits_count_in_the_default_cache_when_the_host_names_none(settings, rf):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "host"}
    }
    del settings.CENTERS_RATE_LIMIT_CACHE
    caches["default"].clear()
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    assert all(take_submission_slot("application", request) for _ in range(3))
    assert not take_submission_slot("application", request)
    assert all(
        key.startswith(":1:centers:") for key in caches["default"]._cache
    )  # locmem's keys: prefix:version:key
    caches["default"].clear()


@pytest.fixture
def host_page_cache_in_default(settings):
    """A host as wagtail-cache documents it: pages in the `default` cache, next to the host's own entries."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "host-default"},
    }
    settings.WAGTAIL_CACHE = True
    settings.WAGTAIL_CACHE_BACKEND = "default"
    default = caches["default"]
    default.clear()
    default.set(HOST_KEY, "kept", None)
    yield default
    default.clear()


def register(event, email):
    return register_participant(
        event.occurrences.get().pk,
        full_name="Петрова Анна Ивановна",
        position="учитель",
        organization="СОШ № 1",
        email=email,
    )


@pytest.mark.django_db
def test_a_registration_leaves_the_hosts_default_cache_without_keyring(
    settings, host_page_cache_in_default, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_CACHE_KEYRING = False  # wagtail-cache's default
    event = make_event(slug="host-cache-plain", capacity=5)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        register(event, "first@example.ru")
    assert callbacks  # the purge ran
    assert host_page_cache_in_default.get(HOST_KEY) == "kept"
    purge_everything()
    assert host_page_cache_in_default.get(HOST_KEY) == "kept"


@pytest.mark.django_db
def test_a_registration_purges_only_its_event_page_from_a_shared_default_cache(
    settings, host_page_cache_in_default, django_capture_on_commit_callbacks
):
    settings.WAGTAIL_CACHE_KEYRING = True
    event = make_event(slug="host-cache-keyring", capacity=5)
    other = make_event(slug="host-cache-other", capacity=5)
    host_page_cache_in_default.delete(
        KEYRING
    )  # never written yet: storing the first page must not empty the cache
    for page in (event, other):
        Client().get(page.url)
        assert Client().get(page.url)[STATUS] == "hit"
    assert host_page_cache_in_default.get(HOST_KEY) == "kept"
    with django_capture_on_commit_callbacks(execute=True):
        register(event, "first@example.ru")
    assert host_page_cache_in_default.get(HOST_KEY) == "kept"
    assert Client().get(event.url)[STATUS] == "miss"  # the seats left show at once
    assert Client().get(other.url)[STATUS] == "hit"
    purge_everything()  # e.g. the home page changed: every page goes, the host's entry stays
    assert Client().get(other.url)[STATUS] == "miss"
    assert host_page_cache_in_default.get(HOST_KEY) == "kept"


@pytest.mark.django_db
def test_a_cache_of_the_pages_own_is_still_emptied_when_its_keyring_is_lost(settings):
    settings.WAGTAIL_CACHE = True
    settings.WAGTAIL_CACHE_KEYRING = True
    clear_cache()
    event = make_event(slug="own-cache", capacity=5)
    Client().get(event.url)
    pages = caches[settings.WAGTAIL_CACHE_BACKEND]
    pages.delete(KEYRING)  # culled: the stored page is listed nowhere
    purge_everything()
    assert Client().get(event.url)[STATUS] == "miss"
    clear_cache()


def test_a_backup_takes_the_private_folder_the_add_on_writes_into_when_the_setting_is_unset(
    settings, tmp_path
):
    from portal.backups import PRIVATE_FOLDER, file_roots

    settings.MEDIA_ROOT = str(tmp_path / "media")
    del settings.CENTERS_PRIVATE_MEDIA_ROOT
    assert file_roots()[PRIVATE_FOLDER] == (tmp_path / "private").resolve()
