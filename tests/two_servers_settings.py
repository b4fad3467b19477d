"""The production settings for tests/test_two_servers.py's servers, with static files served as they are (no
collectstatic for each server)."""

from portal.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SECURE_HSTS_SECONDS = 0
