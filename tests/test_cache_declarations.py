"""The page types declare what shows them and which query parameters they read; the page cache purges and keys by
those declarations, and a type that declares nothing is still purged with its parents' listings."""

import re

import pytest
from django.db.models import Min
from django.http import QueryDict
from django.test import Client
from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from centers.common.page_cache import KEYRING, page_cache
from centers.models import CenterPage, EventPage, EventSpeaker, LibraryPage, MaterialIndexPage, MaterialPage
from portal import cache_purge
from portal.page_cache import declared_query_parameters

pytestmark = pytest.mark.django_db

STATUS = "X-Wagtail-Cache"


def stored(url):
    Client().get(url)
    assert Client().get(url)[STATUS] == "hit", url


def test_a_page_type_that_declares_nothing_still_purges_itself_and_its_parents_listings(
    cached, django_capture_on_commit_callbacks
):
    center = CenterPage.objects.get(slug="stem-poisk")
    other_center = CenterPage.objects.get(slug="inclusive-sosh5")
    section = MaterialIndexPage.objects.child_of(center).get()
    page = Page(title="Положение о городском конкурсе", slug="contest-rules", live=False)
    section.add_child(instance=page)
    listings = [section.url, f"{section.url}?page=2", center.url]
    for url in [*listings, other_center.url, "/sitemap.xml"]:
        stored(url)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    for url in [*listings, "/sitemap.xml"]:
        assert Client().get(url)[STATUS] == "miss", url
    assert Client().get(other_center.url)[STATUS] == "hit"
    assert "contest-rules" in Client().get("/sitemap.xml").content.decode()

    class Meta:
        abstract = True

    # A type written after this test, with no declaration at all: its page, its parents' lists with any query string.
    undeclared = type("UndeclaredPage", (Page,), {"__module__": __name__, "Meta": Meta})
    found = cache_purge.showing(f"{section.url_path}new-kind/", undeclared)
    shown = re.compile("|".join(found.patterns))
    for url in [
        f"{section.url}new-kind/",
        f"{section.url}new-kind/sub/",
        f"{section.url}?page=3",
        center.url,
    ]:
        assert shown.match(f"http://testserver{url}"), url
    assert not shown.match(f"http://testserver{other_center.url}")


def test_query_parameters_a_page_does_not_read_share_its_cache_entry(cached):
    material = MaterialPage.objects.live().order_by("path").first()
    for url in ("/library/", material.url):
        Client().get(url)
        assert Client().get(f"{url}?foo=1")[STATUS] == "hit", url
        assert Client().get(f"{url}?utm_source=x&foo=2")[STATUS] == "hit", url
    assert Client().get("/library/?type=material")[STATUS] == "miss"  # one it reads: a page of its own
    assert Client().get("/library/?foo=3&type=material")[STATUS] == "hit"
    # The first visit came with junk: the page is stored without it, and the bare address finds it.
    events = EventPage.objects.live().order_by("path").first()
    assert Client().get(f"{events.url}?ref=newsletter")[STATUS] == "miss"
    assert Client().get(events.url)[STATUS] == "hit"
    assert not [url for url in page_cache().get(KEYRING) if "foo" in url or "ref=" in url]


def test_a_page_sees_only_the_query_parameters_its_type_declares():
    """A parameter it reads without declaring it would have no effect: the library's words still find."""
    answer = Client().get("/library/?q=%D1%84%D0%B8%D0%B7%D0%B8%D0%BA%D0%B0&foo=1").content.decode()
    assert 'value="физика"' in answer
    assert 'name="foo"' not in answer  # the library's form no longer carries it along


class ReadsRecorded(QueryDict):
    """An empty query string that notes every parameter the page's code and templates look up (not a template's
    `request.GET.items`, which Django's templates try as a key first)."""

    def __init__(self, reads):
        super().__init__(mutable=True)
        self.reads = reads

    def note(self, key):
        if not hasattr(QueryDict, key):
            self.reads.add(key)

    def __getitem__(self, key):
        self.note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.note(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.note(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.note(key)
        return super().getlist(key, default)

    def __deepcopy__(self, memo):  # QueryDict.copy(): the copy's reads count too
        return ReadsRecorded(self.reads)


def addresses_of(page):
    """The page and its sub-routes that take no argument (a routable page's forms, feeds, confirmations)."""
    urls = [page.url]
    if isinstance(page, RoutablePageMixin):
        for pattern in page.get_subpage_urls():
            if pattern.name and pattern.pattern.regex.groups == 0:
                route = page.reverse_subpage(pattern.name).lstrip("/")
                if route:
                    urls.append(page.url + route)
    return urls


def test_every_page_type_declares_each_query_parameter_its_code_reads():
    one_of_each = (
        Page.objects.live().filter(depth__gt=1).order_by().values("content_type").annotate(first=Min("pk"))
    )
    pages = [Page.objects.get(pk=row["first"]).specific for row in one_of_each]
    reads = {}

    def record(page, request, serve_args, serve_kwargs):
        request.GET = ReadsRecorded(reads.setdefault(type(page), set()))

    client = Client(raise_request_exception=False)
    with hooks.register_temporarily("before_serve_page", record):
        for page in pages:
            for url in addresses_of(page):
                client.get(url)
    assert {LibraryPage, EventPage, CenterPage, MaterialPage} <= set(reads)
    assert "q" in reads[LibraryPage]  # the recording sees what the code reads
    undeclared = {
        model.__name__: sorted(read - declared_query_parameters(model))
        for model, read in reads.items()
        if read - declared_query_parameters(model)
    }
    assert undeclared == {}


def test_a_republished_speaker_list_shows_at_once(django_capture_on_commit_callbacks):
    event = EventPage.objects.live().order_by("path").first()
    event.speakers = [EventSpeaker(name="Иванова Мария Петровна", topic="Цифровая лаборатория")]
    event.save_revision().publish()
    assert "Иванова Мария Петровна" in Client().get(event.url).content.decode()
    event = EventPage.objects.get(pk=event.pk)
    event.speakers = [EventSpeaker(name="Петров Олег Иванович", topic="Цифровая лаборатория")]
    event.save_revision().publish()
    answer = Client().get(event.url).content.decode()
    assert "Петров Олег Иванович" in answer
    assert "Иванова Мария Петровна" not in answer


def test_what_a_rolled_back_transaction_gathered_is_not_purged_by_the_next_one(
    cached, django_capture_on_commit_callbacks
):
    other_center = CenterPage.objects.get(slug="inclusive-sosh5")
    material = MaterialPage.objects.live().descendant_of(CenterPage.objects.get(slug="stem-poisk")).first()
    stored(other_center.url)
    # A transaction that renamed a subject (everything to purge) and was rolled back: its callback never ran.
    cache_purge._pending.showing, cache_purge._pending.everything = cache_purge.Showing(patterns=set()), True
    cache_purge._pending.transaction = object()
    with django_capture_on_commit_callbacks(execute=True):
        material.save_revision().publish()
    assert Client().get(other_center.url)[STATUS] == "hit"
