"""Download labels: the file's type is named once, in the brackets with its size."""

import re

from django import template

register = template.Library()


@register.filter
def without_file_kind(label, kind):
    """«Текст материала (PDF)» becomes «Текст материала» when the brackets beside it already say PDF."""
    if not label or not kind:
        return label
    return re.sub(rf"\s*\(\s*{re.escape(kind)}\s*\)\s*$", "", str(label), flags=re.IGNORECASE) or label
