"""`make bench`: the dev settings without DEBUG, on their own database, never the demo's or DATABASE_URL's.

`run_bench` re-executes itself with these settings. The database is BENCH_DATABASE_URL when set, else
var/bench.sqlite3; run_bench drops and recreates it.
"""

import os

import dj_database_url

from .dev import *  # noqa: F403
from .dev import VAR_DIR

DEBUG = False
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'bench.sqlite3'}"
    )
}
# Moderation the bench seeds would write to the console: the bench sends no letters.
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
