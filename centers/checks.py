"""System checks: what a host project must set for the add-on, said by `manage.py check` before anything breaks.

Errors (centers.E…) stop `migrate` and `runserver`; warnings (centers.W…) are printed. The checks that only matter
with several worker processes run with `manage.py check --deploy`. docs/settings.md lists every id with its fix.
"""

import os
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.module_loading import import_string

from centers.common.page_cache import page_cache_aliases_sharing_its_store
from centers.common.private_files import former_default_folder, private_media_root

DOCUMENT_MODEL = "centers.CenterDocument"
# What the add-on's models, blocks and admin stand on (imports, templates, migrations' dependencies).
REQUIRED_APPS = [
    "wagtail",
    "wagtail.admin",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.snippets",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]
# The read-only API (centers.urls.api_router) renders through Django REST framework's templates.
API_APPS = ["wagtail.api.v2", "rest_framework"]
API_NAMESPACE = "centers_api"
PER_PROCESS_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
# The caches the add-on reads (each falls back to "default"): setting -> (what it keeps, an alias to give it).
ADD_ON_CACHES = {
    "CENTERS_RATE_LIMIT_CACHE": ("the public forms' rate-limit counters", "rate_limits"),
    "LIBRARY_CACHE": ("the library's facet counts", "library"),
    "SITE_STRUCTURE_CACHE": ("the menus, trails and site identity every page shows", "structure"),
}
REQUEST_CONTEXT_PROCESSOR = "django.template.context_processors.request"


def setting_or_default(name):
    return getattr(settings, name, None) or "default"


@register("centers")
def check_document_model(app_configs=None, **kwargs):
    model = getattr(settings, "WAGTAILDOCS_DOCUMENT_MODEL", "wagtaildocs.Document")
    if model == DOCUMENT_MODEL:
        return []
    return [
        Error(
            f"WAGTAILDOCS_DOCUMENT_MODEL is {model!r}: the add-on's documents (private until published, their "
            "text searched by the library) need its own document model.",
            hint=f'Set WAGTAILDOCS_DOCUMENT_MODEL = "{DOCUMENT_MODEL}" before the first migrate.',
            id="centers.E001",
        )
    ]


def api_is_mounted():
    """True when the URLconf includes the add-on's API router (namespace centers_api), at any depth."""
    from django.urls import get_resolver

    def namespaces(resolver):
        for namespace, (_prefix, sub) in resolver.namespace_dict.items():
            yield namespace
            yield from namespaces(sub)

    try:
        return API_NAMESPACE in set(namespaces(get_resolver()))
    except Exception:  # a broken URLconf is reported by Django's own URL checks
        return False


@register("centers")
def check_installed_apps(app_configs=None, **kwargs):
    errors = []
    missing = [name for name in REQUIRED_APPS if not apps.is_installed(name)]
    if missing:
        errors.append(
            Error(
                "INSTALLED_APPS lacks what the add-on needs: " + ", ".join(missing) + ".",
                hint="Add " + ", ".join(f'"{name}"' for name in missing) + " to INSTALLED_APPS.",
                id="centers.E002",
            )
        )
    missing_api = [name for name in API_APPS if not apps.is_installed(name)]
    if missing_api and api_is_mounted():
        errors.append(
            Error(
                "The URLconf mounts the add-on's API (centers.urls.api_router), but INSTALLED_APPS lacks "
                + ", ".join(missing_api)
                + ".",
                hint="Add " + ", ".join(f'"{name}"' for name in missing_api) + " to INSTALLED_APPS.",
                id="centers.E008",
            )
        )
    return errors


def served_folders():
    """(setting, folder) of every folder a URL serves: MEDIA_ROOT, STATIC_ROOT, STATICFILES_DIRS, WHITENOISE_ROOT."""
    folders = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT", "WHITENOISE_ROOT"):
        value = getattr(settings, name, None)
        if value:
            folders.append((name, value))
    for entry in getattr(settings, "STATICFILES_DIRS", []):
        folders.append(("STATICFILES_DIRS", entry[1] if isinstance(entry, list | tuple) else entry))
    return [(name, Path(os.path.abspath(folder))) for name, folder in folders]


def within(path, folder):
    return path.resolve() == folder.resolve() or path.resolve().is_relative_to(folder.resolve())


@register("centers", Tags.security)
def check_private_files(app_configs=None, **kwargs):
    try:
        root = private_media_root()
    except ImproperlyConfigured:
        return [
            Error(
                "Neither CENTERS_PRIVATE_MEDIA_ROOT nor MEDIA_ROOT is set: the add-on has no folder for applications "
                "and other private files.",
                hint="Set CENTERS_PRIVATE_MEDIA_ROOT to an absolute folder that no URL serves, e.g. "
                'BASE_DIR / "private" (or set MEDIA_ROOT: the default is a folder "private" beside it).',
                id="centers.E003",
            )
        ]
    errors = []
    for name, folder in served_folders():
        if within(root, folder):
            errors.append(
                Error(
                    f"The private files' folder {root} lies in {name} ({folder}), which the web server serves: "
                    "applications and their signed scans would be public.",
                    hint="Set CENTERS_PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT, STATIC_ROOT and "
                    "STATICFILES_DIRS, and move the files there.",
                    id="centers.E004",
                )
            )
    former = former_default_folder()
    if former is not None and former.is_dir() and any(path.is_file() for path in former.rglob("*")):
        errors.append(
            Error(
                f"Private files of an earlier version lie in {former}, inside MEDIA_ROOT, which the web server serves.",
                hint=f"Move the folder's contents to {root} (the private folder now), or set "
                "CENTERS_PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT and move them there.",
                id="centers.E005",
            )
        )
    return errors


@register("centers")
def check_time_zone(app_configs=None, **kwargs):
    if not settings.USE_TZ:
        return [
            Error(
                "USE_TZ is off: the add-on stores meetings, deadlines and consents as aware times.",
                hint="Set USE_TZ = True (Django's default).",
                id="centers.E006",
            )
        ]
    if not settings.is_overridden("TIME_ZONE") or settings.TIME_ZONE in (None, "UTC", "Etc/UTC"):
        return [
            Warning(
                f"TIME_ZONE is {settings.TIME_ZONE!r}: meetings, application deadlines and certificates show in "
                "that zone, not the local one.",
                hint='Set TIME_ZONE to the region\'s zone, a name of the tz database such as "Europe/Samara"; if UTC is the '
                'local time, add "centers.W001" to SILENCED_SYSTEM_CHECKS.',
                id="centers.W001",
            )
        ]
    return []


@register("centers", Tags.caches)
def check_cache_aliases(app_configs=None, **kwargs):
    errors = []
    named = {name: getattr(settings, name, None) for name in ADD_ON_CACHES}
    if page_cache_in_use():
        named["WAGTAIL_CACHE_BACKEND"] = wagtail_cache_setting("WAGTAIL_CACHE_BACKEND")
    for name, alias in named.items():
        if alias and alias not in settings.CACHES:
            errors.append(
                Error(
                    f"{name} names the cache {alias!r}, which CACHES does not define.",
                    hint=f'Add CACHES["{alias}"], or remove {name} to use the "default" cache.',
                    id="centers.E007",
                )
            )
    return errors


@register("centers", Tags.caches, deploy=True)
def check_shared_caches(app_configs=None, **kwargs):
    """With several worker processes, a memory cache counts and forgets in each process on its own."""
    if settings.DEBUG:
        return []
    warnings = []
    for name, (purpose, suggested) in ADD_ON_CACHES.items():
        alias = setting_or_default(name)
        backend = settings.CACHES.get(alias, {}).get("BACKEND")
        if backend in PER_PROCESS_BACKENDS:
            rate_limits = name == "CENTERS_RATE_LIMIT_CACHE"
            warnings.append(
                Warning(
                    f"{purpose.capitalize()} are kept in the cache {alias!r} ({backend.rsplit('.', 1)[-1]}), "
                    "which each worker process keeps on its own: "
                    + (
                        "every worker counts its own limit, so a form accepts workers × the limit."
                        if rate_limits
                        else "a page published in one worker is not seen by the others until their copy expires."
                    ),
                    hint=f"Point {name} at a cache every worker shares (FileBasedCache, RedisCache), e.g. "
                    f'CACHES["{suggested}"] = {{"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", '
                    f'"LOCATION": "/var/cache/site/{suggested}"}} and {name} = "{suggested}".',
                    id="centers.W002" if rate_limits else "centers.W003",
                )
            )
    return warnings


def wagtail_cache_setting(name):
    from wagtailcache.settings import wagtailcache_settings

    return getattr(wagtailcache_settings, name)


def page_cache_in_use():
    """wagtail-cache is on and one of its middleware classes (or a subclass) is in MIDDLEWARE."""
    if not wagtail_cache_setting("WAGTAIL_CACHE"):
        return False
    from wagtailcache.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

    for path in settings.MIDDLEWARE:
        try:
            middleware = import_string(path)
        except ImportError:
            continue
        if isinstance(middleware, type) and issubclass(
            middleware, FetchFromCacheMiddleware | UpdateCacheMiddleware
        ):
            return True
    return False


@register("centers", Tags.caches)
def check_page_cache(app_configs=None, **kwargs):
    if not page_cache_in_use():
        return []
    warnings = []
    if not wagtail_cache_setting("WAGTAIL_CACHE_KEYRING"):
        warnings.append(
            Warning(
                "WAGTAIL_CACHE_KEYRING is off: a registration cannot take its event page out of the page cache, "
                "so the seats left show late (the add-on empties the page cache only when it holds nothing else).",
                hint="Set WAGTAIL_CACHE_KEYRING = True.",
                id="centers.W004",
            )
        )
    alias = wagtail_cache_setting("WAGTAIL_CACHE_BACKEND")
    sharing = page_cache_aliases_sharing_its_store()
    if alias == "default" or sharing:
        warnings.append(
            Warning(
                f"The page cache {alias!r} is shared"
                + (f" with {', '.join(sharing)}" if sharing else " (the default cache)")
                + ": the add-on never empties it, so a page stored before its keyring was lost stays until it "
                "expires.",
                hint='Give the pages a cache of their own: CACHES["pages"] = {...} and WAGTAIL_CACHE_BACKEND = "pages".',
                id="centers.W005",
            )
        )
    return warnings


@register("centers")
def check_admin_base_url(app_configs=None, **kwargs):
    if getattr(settings, "WAGTAILADMIN_BASE_URL", None):
        return []
    return [
        Error(
            "WAGTAILADMIN_BASE_URL is not set: the letters to moderators and coordinators link to the admin with "
            "it, and a consultation request could not be sent.",
            hint='Set WAGTAILADMIN_BASE_URL to the site\'s address, e.g. "https://rc.example.ru".',
            id="centers.E009",
        )
    ]


@register("centers")
def check_search(app_configs=None, **kwargs):
    """The library keeps its own index (centers.library.words): only its text search configuration matters."""
    from centers.library.words import search_config

    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql" or search_config():
        return []
    return [
        Warning(
            'The library has no text search configuration: it uses the database\'s default, often "simple", '
            "which finds no Russian word forms («рекомендаций» misses «рекомендации»).",
            hint='Set CENTERS_SEARCH_CONFIG = "russian" (or "SEARCH_CONFIG": "russian" in '
            'WAGTAILSEARCH_BACKENDS["default"]), then run manage.py refresh_library_entries.',
            id="centers.W007",
        )
    ]


@register("centers", Tags.templates)
def check_context_processors(app_configs=None, **kwargs):
    django_engines = [
        engine
        for engine in settings.TEMPLATES
        if engine.get("BACKEND") == "django.template.backends.django.DjangoTemplates"
    ]
    if any(
        REQUEST_CONTEXT_PROCESSOR in engine.get("OPTIONS", {}).get("context_processors", [])
        for engine in django_engines
    ):
        return []
    return [
        Warning(
            f"No DjangoTemplates engine has the context processor {REQUEST_CONTEXT_PROCESSOR!r}: the add-on's "
            "pagination and library filters read the request in views that are not pages.",
            hint=f'Add "{REQUEST_CONTEXT_PROCESSOR}" to TEMPLATES[0]["OPTIONS"]["context_processors"].',
            id="centers.W008",
        )
    ]
