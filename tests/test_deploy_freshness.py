"""A deploy runs `migrate`: nothing kept or cached by the previous release's templates and code is shown after it."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.test import Client

from centers.common.kept import generation

pytestmark = pytest.mark.django_db


def test_migrating_starts_a_new_generation_and_empties_the_page_cache(cached, home):
    Client().get(home.url)
    assert Client().get(home.url)["X-Wagtail-Cache"] == "hit"
    before = generation()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert generation() != before
    assert Client().get(home.url)["X-Wagtail-Cache"] == "miss"
