"""axe-core in Chromium: no serious or critical violations on each public page type, in both versions."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from wagtail.models import Page

BLOCKING_IMPACTS = {"serious", "critical"}
EXTRA_PATHS = ["/accessibility/", "/centers/?status=ended"]
VERSIONS = {"normal": None, "visually-impaired": "scheme=wb&size=huge&images=off"}


def form_pages():
    """The forms that have their own page below an event or a center: the registration and consultation forms."""
    from centers.models import CenterPage, EventPage

    event = next(
        event for event in EventPage.objects.live().order_by("start") if event.open_occurrences().exists()
    )
    center = next(
        center for center in CenterPage.objects.live().order_by("path") if not center.term_has_ended
    )
    return [event.url + "register/", center.url + "consultation/"]


def one_page_per_type():
    """The first live page of every page type in the demo, so a page type added later is checked too."""
    seen = {}
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
        seen.setdefault(page.content_type_id, page.url)
    return list(seen.values()) + form_pages() + EXTRA_PATHS


def blocking_violations(results):
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("version", sorted(VERSIONS))
def test_every_page_type_passes_axe_core(demo_server, browser_page, version):
    page = browser_page
    if VERSIONS[version]:
        page.goto(demo_server.url + f"/accessibility/change/?{VERSIONS[version]}&next=/")
    axe = Axe()
    problems = {}
    paths = one_page_per_type()
    assert len(paths) >= 5
    for path in paths:
        page.goto(demo_server.url + path, wait_until="load")
        found = blocking_violations(axe.run(page))
        if found:
            problems[path] = found
    assert problems == {}
