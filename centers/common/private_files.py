"""Where the add-on keeps files that no URL may serve (applications, their scans, orders, council protocols).

`CENTERS_PRIVATE_MEDIA_ROOT` when set; otherwise a folder `private` beside MEDIA_ROOT (never inside it: a web server
serves MEDIA_ROOT to anyone). Every private storage and the system check (centers.E003, E004) read it here.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage

DEFAULT_FOLDER_NAME = "private"


def private_media_root():
    """The absolute folder of the private files; ImproperlyConfigured when neither setting names a folder."""
    configured = getattr(settings, "CENTERS_PRIVATE_MEDIA_ROOT", None)
    if configured:
        return Path(os.path.abspath(configured))
    if settings.MEDIA_ROOT:
        return Path(os.path.abspath(settings.MEDIA_ROOT)).parent / DEFAULT_FOLDER_NAME
    raise ImproperlyConfigured(
        "Set CENTERS_PRIVATE_MEDIA_ROOT to an absolute folder that no URL serves (outside MEDIA_ROOT and STATIC_ROOT)."
    )


def former_default_folder():
    """Where earlier versions kept private files when the setting was unset: MEDIA_ROOT/private, which is public."""
    if getattr(settings, "CENTERS_PRIVATE_MEDIA_ROOT", None) or not settings.MEDIA_ROOT:
        return None
    return Path(os.path.abspath(settings.MEDIA_ROOT)) / DEFAULT_FOLDER_NAME


class PrivateStorage(FileSystemStorage):
    """Files without a public address: only views that check permissions (or a file's approval) read and send them.

    The folder is read from the settings on every use, never fixed at import, so a project without a usable folder
    still starts and `manage.py check` says what to set (centers.E003).
    """

    @property
    def base_location(self):
        return str(private_media_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checking view.")
