"""Old import path, kept because migration 0015_library_entries imports it."""

from centers.library.entries import refresh_missing_entries

__all__ = ["refresh_missing_entries"]
