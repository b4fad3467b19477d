import os
import secrets

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, VAR_DIR


def own_secret_key(folder):
    """This clone's own key, made once and kept in var/ (never in the repository): a key every clone shared would
    let anyone forge the signed links of any reachable demo."""
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: read theirs
            pass
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


# The benchmark, the demo site and the load test's event: development tools that production never installs.
# test and bench settings import these settings and keep them.
INSTALLED_APPS = [*INSTALLED_APPS, "portal.devtools"]

DEBUG = True
# The demo answers a mistyped address with the site's Russian 404, as production does (before axes, kept last).
MIDDLEWARE = [*MIDDLEWARE[:-1], "portal.error_pages.NotFoundPageUnderDebugMiddleware", MIDDLEWARE[-1]]
SECRET_KEY = os.environ.get("SECRET_KEY") or own_secret_key(VAR_DIR)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
VAR_DIR.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise expects it even when finders serve
