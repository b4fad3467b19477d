"""The admin's slug fields transliterate Russian titles (igrovye-texnologii), as centers.common.slugs does in code."""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput

# Wagtail keeps Cyrillic in slugs while WAGTAIL_ALLOW_UNICODE_SLUGS is on (its default), which URLs then carry as
# %D0%B8%D0%B3...; without the attribute its slug field transliterates with its RUSSIAN_MAP. Existing Cyrillic slugs
# stay valid (the model field still allows them).
register_form_field_override(
    models.SlugField, override={"widget": SlugInput(attrs={"data-w-slug-allow-unicode-value": False})}
)
