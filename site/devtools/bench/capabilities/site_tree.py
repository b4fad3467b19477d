"""The floor (a bare Wagtail page) and the municipal home page."""

from wagtail.models import Page

from portal.devtools.bench.registry import measured_pages
from portal.devtools.bench.seeding import FLOOR_SLUG
from portal.models import HomePage

FLOOR = "Floor: bare Wagtail Page"


@measured_pages(order=0)
def site_pages():
    home = HomePage.objects.get()
    return {FLOOR: Page.objects.child_of(home).get(slug=FLOOR_SLUG).url, "HomePage": home.url}
