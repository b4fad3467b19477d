"""The city's plan: every center's items and meetings of the year (all the bench's events) with clashes and gaps."""

from centers.cityplan.models import CityPlanPage
from portal.devtools.bench.registry import measured_pages, seed_step
from portal.devtools.demo.site_tree import ensure_child
from portal.models import HomePage


@seed_step("cityplan", help="ensure the city's plan page exists (1)", small=1, large=1, order=90)
def seed_city_plan(count, progress):
    if CityPlanPage.objects.exists() or count <= 0:
        return 0
    ensure_child(HomePage.objects.get(), CityPlanPage, "plan", title="План города")
    return 1


@measured_pages(order=35)
def city_plan_pages():
    page = CityPlanPage.objects.live().get()
    return {"CityPlanPage": page.url, "CityPlanPage ?audience=teachers": f"{page.url}?audience=teachers"}
