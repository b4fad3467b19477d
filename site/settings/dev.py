from .base import *  # noqa: F403
from .base import INSTALLED_APPS, MIDDLEWARE, VAR_DIR

# The benchmark, the demo site and the load test's event: development tools that production never installs.
# test and bench settings import these settings and keep them.
INSTALLED_APPS = [*INSTALLED_APPS, "portal.devtools"]

DEBUG = True
# The demo answers a mistyped address with the site's Russian 404, as production does (before axes, kept last).
MIDDLEWARE = [*MIDDLEWARE[:-1], "portal.error_pages.NotFoundPageUnderDebugMiddleware", MIDDLEWARE[-1]]
SECRET_KEY = "dev-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
VAR_DIR.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise expects it even when finders serve
