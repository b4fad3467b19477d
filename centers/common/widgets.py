"""Form widgets every capability shares.

A browser's native ``<input type="date">`` takes its value only as ``YYYY-MM-DD``: a localized value (``07.05.2026``
under the Russian locale) leaves the field empty on screen, so a required date looks missing and cannot be saved.
The browser itself shows the date in the reader's format and submits ISO, which Django parses under every locale.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"


class NativeDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)
