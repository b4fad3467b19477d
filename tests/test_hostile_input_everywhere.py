"""Every public address of the site (walked from the URL resolver, the page types' own routes included), with its
arguments and query parameters filled with NUL bytes, digits of other scripts, invisible characters and very long
values, answers a page, a redirect, a 400 or a 404: never a server error. Bounded to a few examples per address so it
stays well under a minute on PostgreSQL."""

import re
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

pytestmark = pytest.mark.django_db

NOT_PUBLIC = ("admin/", "django-admin/", "media/")  # media/: only under DEBUG, never in production


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern).replace("^", "").replace("$", "")
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name


def public_routes():
    """Every address but the admins' and Wagtail's catch-all of pages (the pages come from PAGE_ROUTES)."""
    return sorted(
        route
        for route, name in walk(get_resolver().url_patterns)
        if not route.startswith(NOT_PUBLIC) and name != "wagtail_serve"
    )


def page_routes():
    """Each page type's own routes (RoutablePageMixin), the page itself ("") for the others."""
    routes = []
    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page or model._meta.abstract:
            continue
        label = model._meta.label
        if issubclass(model, RoutablePageMixin):
            routes += [(label, route) for route, _ in walk(model.get_subpage_urls())]
        else:
            routes.append((label, ""))
    return sorted(set(routes))


ODD = [
    "\x00",
    "²",
    "①",
    "٢",
    "५",
    "𝟘",
    "\u200b",
    "\ufeff",
    "\u202e",
    "ё",
    "Ё",
    "'",
    '"',
    "<",
    ">",
    "%",
    "/",
    "\\",
    "\n",
    "\t",
    " ",
    "a",
    "1",
    "-",
    "_",
    ".",
    "&",
    "=",
    "?",
    "#",
    "+",
]
HOSTILE = st.one_of(
    st.text(alphabet=st.sampled_from(ODD), max_size=30),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "x" * 5000,
            "1" * 400,
            "٢٠٢٥",
            "²",
            "-1",
            "0",
            "99999999999999999999",
            "1e9",
            "NaN",
            "",
            "2026-02-30",
            "2026-12-01\x00",
            "литература" * 300,
        ]
    ),
)
# Query parameters the public views and the API read, and one nobody reads.
PARAMETERS = [
    "q",
    "page",
    "year",
    "month",
    "date",
    "when",
    "view",
    "format",
    "event_format",
    "status",
    "level",
    "subject",
    "direction",
    "center",
    "type",
    "kind",
    "keyword",
    "sort",
    "order",
    "from",
    "to",
    "limit",
    "offset",
    "fields",
    "search",
    "search_operator",
    "html_path",
    "child_of",
    "descendant_of",
    "slug",
    "id",
    "locale",
    "r",
    "p",
    "next",
    "occurrence",
    "version",
    "unknown",
]
QUERY = st.dictionaries(st.sampled_from(PARAMETERS) | HOSTILE, HOSTILE, max_size=4)
INTEGER = st.sampled_from(["0", "1", "2", "7", "99999999999999999999"])


class Fixed:
    """A drawer that always gives the same value of each kind: the extremes every address is tried with once."""

    def __init__(self, number, text):
        self.number, self.text = number, text

    def draw(self, strategy):
        return self.number if strategy is INTEGER else self.text


def fill(route, data):
    """The route with each converter given a drawn value: ints as ints (what the converter accepts), the rest
    hostile text, percent-encoded as a browser would send it."""

    def argument(match):
        kind = match.group(1) or match.group(2)
        if kind in ("int", r"\d+"):
            return data.draw(INTEGER)
        return quote(data.draw(HOSTILE), safe="") or "x"

    return re.sub(r"<(?:(\w+):)?\w+>|\((?:\?P<\w+>)?(\\d\+|\.\*)\)", argument, route)


def ask(client, address, query):
    response = client.get(address + ("?" + urlencode(query) if query else ""))
    assert response.status_code < 500, (address, query, response.status_code)


EXAMPLES = settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("route", public_routes())
@EXAMPLES
@given(data=st.data(), query=QUERY)
def test_every_public_address_refuses_hostile_input_without_a_500(client, route, data, query):
    ask(client, "/" + fill(route, data), query)


@pytest.mark.parametrize("model, route", page_routes())
@EXAMPLES
@given(data=st.data(), query=QUERY)
def test_every_page_route_refuses_hostile_input_without_a_500(client, model, route, data, query):
    page = apps.get_model(model).objects.live().public().first()
    if page is None:
        pytest.skip(f"the demo has no published {model}")
    ask(client, page.url + fill(route, data), query)


EXTREMES = [Fixed("99999999999999999999", "x" * 3000), Fixed("0", "٢٠٢٥²①"), Fixed("1", "\u202eё\u200b")]


@pytest.mark.parametrize("route", public_routes())
def test_every_public_address_takes_the_extremes(client, route):
    for fixed in EXTREMES:
        ask(
            client,
            "/" + fill(route, fixed),
            {"page": fixed.text, "year": fixed.number, "limit": fixed.number},
        )


@pytest.mark.parametrize("model, route", page_routes())
def test_every_page_route_takes_the_extremes(client, model, route):
    page = apps.get_model(model).objects.live().public().first()
    if page is None:
        pytest.skip(f"the demo has no published {model}")
    for fixed in EXTREMES:
        ask(
            client, page.url + fill(route, fixed), {"page": fixed.text, "year": fixed.number, "q": fixed.text}
        )


@pytest.mark.parametrize("address", ["/certificates/%00/", "/feeds/news/?q=%00", "/library/?year=2025%00"])
def test_a_nul_byte_is_a_russian_400_page(client, address):
    response = client.get(address)
    assert response.status_code == 400 and "Сайт не смог разобрать адрес" in response.content.decode()


@pytest.mark.parametrize(
    "address", ["/api/v2/events/?center=%00", "/api/v2/events/?event_format=%00", "/api/v2/pages/?slug=a%00"]
)
def test_a_nul_byte_in_the_api_is_a_russian_400_in_json(client, address):
    response = client.get(address)
    assert response.status_code == 400 and "символ NUL" in response.json()["message"]


def test_the_views_refuse_a_nul_byte_without_the_middleware(client, settings):
    """A host site that has not added the middleware yet still gets no 500 from the add-on's views."""
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if not name.endswith("RefuseNulBytesMiddleware")
    ]
    assert client.get("/certificates/%00/").status_code == 404
    for name in ("center", "event_format"):
        response = client.get("/api/v2/events/", {name: "\x00"})
        assert response.status_code == 400 and "slug" in response.json()["message"]


def test_the_walk_covers_the_public_addresses():
    routes = public_routes()
    for expected in ("certificates/<str:number>/", "api/v2/events/", "my/<str:token>/", "sitemap.xml"):
        assert expected in routes
    assert not [route for route in routes if route.startswith("admin/")]
    assert ("centers.EventPage", "ics/<int:occurrence_id>/") in page_routes()


@pytest.mark.parametrize("value", ["", "abc", "٢", "1.5", "99999999999999999999"])
@pytest.mark.parametrize("endpoint", ["pages", "events"])
def test_the_apis_find_takes_a_number_or_finds_nothing(client, endpoint, value):
    assert client.get(f"/api/v2/{endpoint}/find/", {"id": value}).status_code == 404
