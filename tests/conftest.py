import os

import pytest
from django.conf import settings
from django.core.management import call_command


def on_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_sessionstart(session):
    if os.environ.get("REQUIRE_POSTGRES") == "1" and not on_postgres():
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL does not point at PostgreSQL.")


def pytest_collection_modifyitems(config, items):
    if on_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo site, seeded once per test database; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open(os.devnull, "w"))


@pytest.fixture(autouse=True)
def forget_library_facet_counts():
    """The library's cached facet counts and known words outlive a test's rolled-back transaction: every test
    starts without."""
    from centers.library.cache import forget_facet_counts
    from centers.library.search_form import forget_library_url
    from centers.library.suggestions import forget_known_words

    forget_facet_counts()
    forget_known_words()
    forget_library_url()
    yield


@pytest.fixture(autouse=True)
def forget_kept_structure():
    """What pages keep until a page changes (menus, trails, the site, centers' section links) outlives a test's
    rolled-back transaction: every test starts a new generation."""
    from django.core.cache import caches

    from centers.common.kept import forget_site_structure

    forget_site_structure()
    caches[
        "template_fragments"
    ].clear()  # keyed by a page's id and publish time, which a rolled-back test reuses
    yield


@pytest.fixture(autouse=True)
def forget_rate_limit_counters():
    """The public forms' counters live in their own cache, outside the rolled-back transaction: every test starts
    with none."""
    from django.core.cache import caches

    caches[settings.CENTERS_RATE_LIMIT_CACHE].clear()
    yield


@pytest.fixture(autouse=True)
def no_request_in_progress():
    """A test that left a response unclosed (a streaming one not read) must not keep the next test's letters waiting
    for an answer that never ends (centers.outbox.delivery.deliver_after_answer)."""
    from centers.outbox.delivery import letters_after_answer

    letters_after_answer.set(None)
    yield


@pytest.fixture
def cached(settings):
    """The page cache on (off in tests), empty before and after."""
    from wagtailcache.cache import clear_cache

    settings.WAGTAIL_CACHE = True
    settings.WAGTAIL_CACHE_KEYRING = True
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def home(db):
    from portal.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def directory(db):
    from centers.models import CenterIndexPage

    return CenterIndexPage.objects.get()
