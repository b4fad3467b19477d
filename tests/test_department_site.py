"""Issue 17, items 6-7: scheduled publishing by `manage.py publish_scheduled`; the department's moderators manage
redirects, the site identity and the vocabularies; the center page links to every section it has."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from centers.models import CenterPage, CommunityPage, NewsIndexPage, NewsPage, ReportPage
from tests.test_expert_council import user

pytestmark = pytest.mark.django_db


def test_a_page_with_a_go_live_date_is_published_by_publish_scheduled():
    news_index = NewsIndexPage.objects.live().first()
    news = NewsPage(
        title="Итоги конференции",
        slug="itogi-konferencii",
        date=timezone.localdate(),
        lead="Подведены итоги городской конференции.",
        live=False,
    )
    news_index.add_child(instance=news)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    news.go_live_at = go_live
    news.save_revision().publish()  # with a go-live date ahead: scheduled, not live
    news.refresh_from_db()
    assert not news.live
    call_command("publish_scheduled", stdout=io.StringIO())
    news.refresh_from_db()
    assert not news.live  # not yet
    later = go_live + datetime.timedelta(minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        call_command("publish_scheduled", stdout=io.StringIO())
    news.refresh_from_db()
    assert news.live


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("wagtailredirects:index", []),
        ("wagtailredirects:add", []),
        ("wagtailsettings:edit", ["portal", "siteidentity"]),
        ("wagtailsnippets_centers_direction:add", []),
        ("wagtailsnippets_centers_subject:add", []),
        ("wagtailsnippets_centers_educationlevel:add", []),
        ("wagtailsnippets_centers_eventformat:add", []),
        ("wagtailsnippets_centers_organization:add", []),
    ],
)
def test_moderators_manage_redirects_site_identity_and_vocabularies(client, url_name, args):
    client.force_login(user("moderator"))
    assert client.get(reverse(url_name, args=args), follow=True).status_code == 200  # settings: to the site's
    assert client.get(reverse(url_name, args=args), follow=True).redirect_chain[-1:] != [("/admin/", 302)]
    client.force_login(user("expert"))
    assert client.get(reverse(url_name, args=args)).status_code in {302, 403}


def test_a_moderator_adds_a_redirect(client):
    from wagtail.contrib.redirects.models import Redirect

    client.force_login(user("moderator"))
    response = client.post(
        reverse("wagtailredirects:add"),
        {
            "old_path": "/staryj-adres/",
            "site": "",
            "is_permanent": "on",
            "redirect_page": "",
            "redirect_link": "https://rc.example.ru/centers/",
        },
    )
    assert response.status_code == 302
    assert Redirect.objects.filter(old_path="/staryj-adres").exists()


def test_the_center_page_links_to_its_practices_plan_report_communities_and_orders(client):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    html = client.get(center.url).content.decode()
    assert f'href="{center.url}plan/"' in html and f'href="{center.url}report/"' in html
    report = ReportPage.objects.child_of(center).get()
    report.unpublish()
    assert f'href="{center.url}report/"' not in client.get(center.url).content.decode()
    report.save_revision().publish()
    html = client.get(center.url).content.decode()
    assert f'href="{center.url}plan/"' in html and f'href="{center.url}report/"' in html
    assert f'href="{center.url}practices/"' in html
    for community in CommunityPage.objects.live().filter(centers=center):
        assert f'href="{community.url}"' in html
    order = center.approval_orders.exclude(document="").first()
    if order is not None:
        assert reverse("centers_order_document", args=[order.pk]) in html
