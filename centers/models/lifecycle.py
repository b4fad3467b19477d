"""Old import path, kept because migration 0006_lifecycle imports it."""

from centers.lifecycle.models import private_storage

__all__ = ["private_storage"]
