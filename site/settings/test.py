import tempfile
from pathlib import Path

from .dev import *  # noqa: F403

DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"

# Uploaded files of a test run never mix with the demo's media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
