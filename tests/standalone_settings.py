"""A minimal Wagtail project that installs the add-on (`centers`, `blocks`) without the reference site."""

import os

import dj_database_url

SECRET_KEY = "standalone-test-only"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
INSTALLED_APPS = [
    "centers",
    "blocks",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "centers.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {}}]
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"
USE_TZ = True
TIME_ZONE = "Asia/Yekaterinburg"
WAGTAIL_SITE_NAME = "Standalone"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILDOCS_DOCUMENT_MODEL = "centers.CenterDocument"
# As `wagtail start` sets it: the add-on keeps private files in a folder beside it (centers.E003 without either).
MEDIA_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "standalone-media")
