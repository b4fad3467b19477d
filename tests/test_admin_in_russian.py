"""The Russian admin shows no English and no raw values on any screen the department, an expert or a coordinator
can open: a crawl of every screen reachable from /admin/ as each of the demo's roles (tests/admin_crawl.py) fails on
True/False/None as visible text, an English «of», a column header in lower case, or a block's or choice's raw name
(«h2», «heading») where its label belongs; a revision comparison names a heading's level by its label."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail import blocks as wagtail_blocks
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

from centers.models import CenterPage, NewsPage
from tests.admin_crawl import crawl

pytestmark = pytest.mark.django_db


def raw_names():
    """The machine names of every StreamField block and choice of the page types: none may stand as a label."""
    names = set()

    def walk(block):
        for name, child in getattr(block, "child_blocks", {}).items():
            names.add(name)
            walk(child)
        if isinstance(block, wagtail_blocks.ChoiceBlock):
            names.update(str(value) for value, _ in block.field.choices if value)
        if getattr(block, "child_block", None) is not None:
            walk(block.child_block)

    for model in get_page_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                walk(field.stream_block)
    return {name for name in names if name.isascii() and name.isidentifier()}


def raw_name_check(names):
    """Where pages and their revisions are shown (a listing of slugs may well show «video» as the slug it is)."""

    def check(url, text):
        if not url.startswith("/admin/pages/"):
            return []
        return [f"raw «{part}»" for part in text.split(" | ") if part.rstrip(":").split(": ")[-1] in names]

    return check


def logged_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.parametrize("username", ["moderator", "expert", "coordinator1"])
def test_no_screen_of_the_admin_shows_english_or_raw_values(client, username):
    problems, visited = crawl(logged_in(client, username), extra_checks=[raw_name_check(raw_names())])
    assert visited >= (5 if username == "expert" else 40)
    assert problems == {}


def test_a_revision_comparison_names_the_heading_level_by_its_label(client):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    news = NewsPage.objects.live().descendant_of(center).order_by("pk").first().specific
    before = news.save_revision()
    news.body.append(("heading", {"text": "Итоги семинара", "level": "h3"}))
    after = news.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=[news.pk, before.pk, after.pk])
    problems, visited = crawl(
        logged_in(client, "moderator"), start=[url], limit=1, extra_checks=[raw_name_check(raw_names())]
    )
    assert visited == 1 and problems == {}
    html = client.get(url).content.decode()
    assert "Итоги семинара" in html and "Заголовок подраздела" in html


def test_the_checks_catch_what_they_are_for():
    """The crawl's reading: the faults it must report, and Russian text it must let pass."""
    from tests.admin_crawl import problems_in, read

    text, headers, links = read(
        '<table><tr><th>состояние</th><th><a href="/admin/x/">Дата</a></th></tr></table>'
        "<p>Новые материалы: True</p><p>1-9 of 9 страницы</p><script>var a = None;</script>"
        "<select><option>None</option></select><p hidden>False</p><p>Уровень: h2</p>"
    )
    assert headers == ["состояние"] and links == ["/admin/x/"]
    assert problems_in(text) == ["True", "«1-9 of 9»"]
    assert raw_name_check({"h2"})("/admin/pages/5/revisions/", text) == ["raw «Уровень: h2»"]
    assert problems_in("Подтверждена | Да | 1–9 из 9 | Офис") == []
    assert Page.objects.exists()
