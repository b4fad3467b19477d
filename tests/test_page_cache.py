import pytest
from django.contrib.auth import get_user_model
from wagtailcache.cache import clear_cache

pytestmark = pytest.mark.django_db

STATUS = "X-Wagtail-Cache"


@pytest.fixture
def page_cache(settings):
    settings.WAGTAIL_CACHE = True
    clear_cache()
    yield
    clear_cache()


def test_anonymous_visitors_get_the_page_from_the_cache_and_a_publish_shows_at_once(
    client, home, page_cache, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = client.get(home.url)
    assert first[STATUS] == "miss"
    with django_assert_num_queries(0):
        second = client.get(home.url)
    assert second[STATUS] == "hit"
    assert second.content == first.content

    home.lead = "Новый текст о сети ресурсных центров"
    with django_capture_on_commit_callbacks(execute=True):  # the purge waits for the commit
        home.save_revision().publish()

    after_publish = client.get(home.url)
    assert after_publish[STATUS] == "miss"
    assert "Новый текст о сети ресурсных центров" in after_publish.content.decode()


def test_unpublishing_a_center_removes_it_from_cached_pages(
    client, directory, page_cache, django_capture_on_commit_callbacks
):
    center = directory.get_children().live().first().specific
    assert center.title in client.get(directory.url).content.decode()
    assert client.get(directory.url)[STATUS] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        center.unpublish()
    assert center.title not in client.get(directory.url).content.decode()


def test_logged_in_editor_never_gets_a_cached_page(client, home, page_cache):
    client.get(home.url)
    assert client.get(home.url)[STATUS] == "hit"
    home.lead = "Черновик, который видит только редактор"
    home.save(
        update_fields=["lead"]
    )  # changed in the database without a publish: the cache still has the old one
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get(home.url)
    assert response[STATUS] == "skip"
    assert "Черновик, который видит только редактор" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_browsers_are_told_to_ask_again_so_a_publish_is_seen_there_too(client, home, page_cache):
    for response in (client.get(home.url), client.get(home.url)):
        assert response["Cache-Control"] == "no-cache"
        assert "Expires" not in response


def test_a_response_that_sets_a_cookie_is_never_cached_for_others(client, home, page_cache):
    url = f"/accessibility/change/?size=large&next={home.url}"
    first = client.get(url)
    assert first.status_code == 302 and "a11y" in first.cookies
    second = client.get(url)
    assert second[STATUS] != "hit"
    assert "a11y" in second.cookies


def test_document_downloads_handed_to_nginx_are_not_kept_in_the_page_cache(
    client, settings, tmp_path, page_cache
):
    from django.core.files.base import ContentFile
    from wagtail.models import Collection

    from centers.models import CenterDocument

    settings.MEDIA_ROOT = tmp_path
    settings.SENDFILE_BACKEND = "portal.documents_via_nginx"
    settings.SENDFILE_NGINX_LOCATION = "/protected-media/"
    document = CenterDocument(title="План работы", collection=Collection.get_first_root_node())
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    for _ in range(2):
        response = client.get(document.url)
        assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response[STATUS] == "skip"


def test_a_cached_page_is_served_before_the_session_and_user_steps_and_keeps_the_security_headers(
    client, home, page_cache
):
    client.get(home.url)
    hit = client.get(home.url)
    assert hit[STATUS] == "hit"
    assert not hasattr(hit.wsgi_request, "user") and not hasattr(hit.wsgi_request, "session")
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY" and hit["X-Content-Type-Options"] == "nosniff"
    assert (
        hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
        and "camera=()" in hit["Permissions-Policy"]
    )


def test_a_visitor_with_a_session_is_checked_before_getting_a_cached_page(client, home, page_cache):
    client.get(home.url)
    client.force_login(get_user_model().objects.get(username="admin"))
    assert client.get(home.url)[STATUS] == "skip"
    client.logout()  # the session cookie is gone; an anonymous visitor with one is served once the user is known
    client.cookies["sessionid"] = "not-a-session"
    response = client.get(home.url)
    assert response[STATUS] == "hit" and not response.wsgi_request.user.is_authenticated


def test_a_redirect_an_editor_adds_replaces_a_cached_not_found_page(client, home, page_cache):
    from wagtail.contrib.redirects.models import Redirect

    assert client.get("/old-plan/").status_code == 404
    assert client.get("/old-plan/")[STATUS] == "hit"
    Redirect.objects.create(old_path="/old-plan", redirect_link="/centers/")
    response = client.get("/old-plan/")
    assert response.status_code in (301, 302) and response["Location"].endswith("/centers/")


def test_the_accessibility_stylesheet_follows_the_visitors_choice_with_the_page_cache_on(
    client, home, page_cache
):
    client.get(f"/accessibility/change/?size=large&next={home.url}")
    assert client.get(home.url)[STATUS] in ("miss", "hit")  # the page itself is the shared copy
    assert "font-size: 150%" in client.get("/accessibility/style.css").content.decode()
    client.get(f"/accessibility/change/?scheme=bw&next={home.url}")  # a second choice keeps the first
    css = client.get("/accessibility/style.css").content.decode()
    assert "font-size: 150%" in css and "--color-bg: #fff" in css


def test_a_purge_in_one_worker_reaches_the_pages_another_worker_keeps_in_memory(
    client, home, settings, tmp_path, django_capture_on_commit_callbacks
):
    from portal.page_cache_backend import FileCacheWithLocalCopies

    folder = str(tmp_path / "pages")
    settings.WAGTAIL_CACHE, settings.WAGTAIL_CACHE_KEYRING = True, True
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": f"{FileCacheWithLocalCopies.__module__}.FileCacheWithLocalCopies",
            "LOCATION": folder,
        },
    }
    client.get(home.url)
    assert client.get(home.url)[STATUS] == "hit"
    other_worker = FileCacheWithLocalCopies(folder, {})
    keys = other_worker.get("keyring")
    page_key = next(key for url, entries in keys.items() if url.endswith(home.url) for key in entries)
    assert b"<html" in other_worker.get(page_key).content  # now kept in that worker's memory
    home.lead = "Анонс городского методического дня"
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    assert other_worker.get(page_key) is None
    assert "Анонс городского методического дня" in client.get(home.url).content.decode()
