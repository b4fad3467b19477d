"""Old import path, kept because migration 0006_lifecycle imports it."""

from centers.common.uploads import UploadValidator

__all__ = ["UploadValidator"]
