"""Old import path, kept because migration 0003_reference_vocabulary imports it."""

from centers.directory.vocabulary import ensure_vocabulary

__all__ = ["ensure_vocabulary"]
