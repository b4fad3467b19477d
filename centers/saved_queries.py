"""Old import path, kept because migration 0009_content_page_saved_queries imports it."""

from centers.library.saved_queries import type_choices

__all__ = ["type_choices"]
