"""The admin's slug fields transliterate Russian titles (igrovye-texnologii), as centers.common.slugs does in code."""

from django.db import models
from django.urls import NoReverseMatch, reverse
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput
from wagtail.models import Page

from centers.common.page_cache import LISTINGS_OUTSIDE_PAGES_HOOK

# Wagtail keeps Cyrillic in slugs while WAGTAIL_ALLOW_UNICODE_SLUGS is on (its default), which URLs then carry as
# %D0%B8%D0%B3...; without the attribute its slug field transliterates with its RUSSIAN_MAP. Existing Cyrillic slugs
# stay valid (the model field still allows them).
register_form_field_override(
    models.SlugField, override={"widget": SlugInput(attrs={"data-w-slug-allow-unicode-value": False})}
)


@hooks.register(LISTINGS_OUTSIDE_PAGES_HOOK)
def site_map():
    """The site map lists every page (where the host mounts centers.host_urls)."""
    try:
        return [(reverse("centers_sitemap"), (Page,))]
    except NoReverseMatch:
        return []
