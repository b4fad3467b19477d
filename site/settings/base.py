"""Settings shared by every environment; dev, test and production import this and adjust."""

import os
from pathlib import Path

import dj_database_url

SITE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SITE_DIR.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "portal",
    "centers",
    "blocks",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",  # last: its Russian messages must not replace Wagtail's form messages
    "csp",
]

# The page cache (wagtail-cache) wraps everything: its update step stores a response after every other middleware
# has added its headers. A visitor without a session cookie is served a hit right after the HTTPS redirect and the
# static files (nothing else is needed); with a session the lookup waits until the user is known, so editors never
# get a cached page.
MIDDLEWARE = [
    "portal.page_cache.BrowsersRevalidatePagesMiddleware",
    "portal.page_cache.KeyringLockedUpdateCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.security_headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL byte in the address or the query string: a Russian 400 before any cache or view looks it up.
    "centers.common.hostile_input.RefuseNulBytesMiddleware",
    "portal.page_cache.EarlyFetchFromCacheMiddleware",
    "portal.site_structure.KeptSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "portal.page_cache.LateFetchFromCacheMiddleware",
    "portal.database_unavailable.DatabaseUnavailableMiddleware",
    "portal.error_pages.MethodNotAllowedPageMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# Brute-force protection of the admin login (django-axes): the first backend refuses locked-out attempts.
# It has no get_user, so the test client's force_login picks ModelBackend and keeps working.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "centers/roles/login_locked.html"
# How many proxies in front append to X-Forwarded-For (1 behind docs/nginx.conf; `make serve` sets 1): the visitor's
# address is the N-th from the right. Rate limits, consent records and the login lockout all read it the same way.
CENTERS_TRUSTED_PROXY_COUNT = int(os.environ.get("CENTERS_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "centers.common.rate_limit.client_ip"
AXES_IPWARE_PROXY_COUNT = CENTERS_TRUSTED_PROXY_COUNT or None

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"


def database_from_environment(default_sqlite_path):
    """DATABASE_URL when set (PostgreSQL in CI and production), else the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_sqlite_path}"
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")))
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_from_environment(VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский")]
WAGTAIL_I18N_ENABLED = False
TIME_ZONE = "Asia/Yekaterinburg"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files that are never public (applications and their signed scans): outside MEDIA_ROOT, served only by admin views.
CENTERS_PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Ресурсные центры"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_DOCUMENT_MODEL = "centers.CenterDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Only what centers.common.uploads can recognise by content; the admin's document form checks the bytes as well.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "odp", "xlsx", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "centers.documents.forms.CenterDocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []  # every document downloads (Content-Disposition: attachment)
CENTERS_DOCUMENT_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENT_MAX_UPLOAD_SIZE", str(50 * 1024 * 1024)))
# What an office file (a ZIP archive) may unpack to in all; more is refused as an archive bomb (centers.common.uploads).
CENTERS_UPLOAD_MAX_UNPACKED_BYTES = int(os.environ.get("UPLOAD_MAX_UNPACKED_SIZE", str(200 * 1024 * 1024)))
WAGTAILIMAGES_IMAGE_FORM_BASE = "centers.documents.forms.CenterImageForm"
# The admin calls no outside server: no Gravatar (editors' e-mail hashes stay at home, 152-FZ), no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "russian"},
}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000  # a 2-core server renders such an image in about 200 MB of memory
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ресурсные центры <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Moderation mail goes to the department's moderators and the submitting coordinator, not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_NOTIFICATION_USE_HTML = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
CENTERS_SECTION_PARENT_PAGE_TYPES = ["portal.HomePage"]

# Registrations are anonymized this many days after their event (manage.py purge_registrations).
CENTERS_REGISTRATION_RETENTION_DAYS = int(os.environ.get("CENTERS_REGISTRATION_RETENTION_DAYS", "365"))
# Reminders go this many hours before a meeting (manage.py send_reminders).
CENTERS_REMINDER_HOURS = int(os.environ.get("CENTERS_REMINDER_HOURS", "24"))
# Feedback is asked only about meetings that ended within this many days (manage.py send_feedback_requests).
CENTERS_FEEDBACK_MAX_AGE_DAYS = int(os.environ.get("CENTERS_FEEDBACK_MAX_AGE_DAYS", "14"))
# Printed at the top of every certificate of participation (manage.py send_certificates).
CENTERS_DEPARTMENT_NAME = "Департамент образования и молодёжной политики администрации г. Нефтеюганска"
# The yearly application window (month, day), local time: opens at 00:00, closes at 23:59:59 (regulation 4.3).
CENTERS_APPLICATION_OPENS = (1, 15)
CENTERS_APPLICATION_DEADLINE = (5, 15)
CENTERS_APPLICATION_TIME_ZONE = "Asia/Yekaterinburg"
# The expert council decides with at least this many members present (centers/council/meetings.py).
CENTERS_COUNCIL_QUORUM = int(os.environ.get("CENTERS_COUNCIL_QUORUM", "3"))
# The department's moderators also manage the site's identity settings (the host's own models).
CENTERS_MODERATOR_PERMISSIONS = ["portal.change_siteidentity"]
# Anonymous pages are kept by wagtail-cache in their own cache; publishing, unpublishing, moving or deleting a page
# purges what shows it (portal.cache_purge). Off here; production turns it on with a cache shared by all workers.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": 300,
    },
    # The library's facet counts without a query (centers.search): exact, forgotten whenever a page changes.
    "library": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "library"},
    # Public forms' counters (centers.common.rate_limit); production shares them between workers.
    "rate_limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rate_limits"},
    # What every page shows around its content (site, menu, trail, identity) until a page changes (portal.site_structure).
    "structure": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "structure"},
    # Django's and Wagtail's fragment tags (`{% wagtailpagecache %}`): keyed by one page's revision, so nothing needs
    # to reach them on a change; each worker keeps its own (docs/caching.md).
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template_fragments",
        "TIMEOUT": 24 * 3600,
    },
}
SITE_STRUCTURE_CACHE = "structure"
CENTERS_RATE_LIMIT_CACHE = "rate_limits"
LIBRARY_CACHE = "library"
WAGTAIL_CACHE = False
WAGTAIL_CACHE_BACKEND = "pages"
# Remember which cache entries belong to which URL, so that a registration purges only its event page.
WAGTAIL_CACHE_KEYRING = True

# Security headers on every response. HSTS and secure cookies are in production (they need HTTPS).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views override it for themselves
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "browsing-topics": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
# Public pages: no inline script or style at all. The Wagtail admin needs inline code and gets a relaxed policy
# (portal.security_headers). Video hosts that editors may embed are listed in frame-src.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://rutube.ru",
            "https://vk.com",
            "https://vkvideo.ru",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CSP_RELAXED_URL_PREFIXES = ("/admin/", "/django-admin/")
