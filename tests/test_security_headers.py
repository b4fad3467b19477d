import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import Collection
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blocks.content import ParagraphBlock
from centers.models import CenterDocument

from .test_uploads import png_bytes

pytestmark = pytest.mark.django_db

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def policy(response):
    return dict(
        [*part.split(" ", 1), ""][:2]
        for part in (p.strip() for p in response["Content-Security-Policy"].split(";"))
    )


def test_public_pages_forbid_inline_scripts_and_styles_and_framing(client, home, directory):
    for url in [home.url, directory.url]:
        response = client.get(url)
        csp = policy(response)
        assert csp["script-src"] == "'self'"
        assert csp["style-src"] == "'self'"
        assert "unsafe" not in response["Content-Security-Policy"]
        assert csp["frame-ancestors"] == "'none'"
        assert csp["object-src"] == "'none'"


def test_public_pages_have_no_inline_script_or_style_the_policy_would_block(client, home, directory):
    for url in [home.url, directory.url]:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert "<style" not in html and " style=" not in html, url


def test_every_response_carries_nosniff_referrer_and_permissions_policies(client, home):
    for url in [home.url, "/no-such-page/", "/admin/login/", "/sitemap.xml"]:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert "camera=()" in response["Permissions-Policy"], url
        assert "geolocation=()" in response["Permissions-Policy"], url


def test_the_admin_alone_gets_inline_code_for_its_editor(client):
    admin = get_user_model().objects.get(username="admin")
    client.force_login(admin)
    csp = policy(client.get(reverse("wagtailadmin_home")))
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == "'self'"


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.pdf", MINIMAL_PDF), ("photo.png", None)],
)
def test_documents_download_as_attachments_that_browsers_may_not_sniff_or_run(
    client, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    if content is None:
        content = png_bytes()
    document = CenterDocument(title="План работы", collection=Collection.get_first_root_node())
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == content


SCRIPTED = '<p>Программа <script>alert("xss")</script><a href="javascript:alert(1)">семинара</a></p>'


def test_script_in_rich_text_never_reaches_the_page_after_an_editor_saves_it(client, home):
    client.force_login(get_user_model().objects.get(username="admin"))
    data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "lead": home.lead,
            "intro": rich_text(SCRIPTED),
            "collections": streamfield([]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            "action-publish": "publish",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    html = client.get(home.url).content.decode()
    assert "Программа" in html and "семинара" in html
    # The site's own scripts load from /static/; nothing the editor typed becomes a script.
    assert all(tag.startswith('<script src="/static/') for tag in re.findall(r"<script[^>]*>", html))
    assert "javascript:" not in html


def test_script_in_a_rich_text_block_is_dropped_by_the_editor_conversion():
    block = ParagraphBlock()
    value = block.value_from_datadict({"text": rich_text(SCRIPTED, features=block.features)}, {}, "text")
    html = block.render(value)
    assert "семинара" in html
    assert "<script" not in html and "javascript:" not in html


@pytest.mark.parametrize(
    "video_url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
        "https://vk.com/video-12345_67890",
    ],
)
def test_every_video_player_the_blocks_embed_is_allowed_to_frame(video_url):
    from urllib.parse import urlsplit

    from django.conf import settings

    from blocks.video import PLAYERS

    parts = urlsplit(video_url)
    player = PLAYERS[parts.hostname](parts)
    origin = "{0.scheme}://{0.hostname}".format(urlsplit(player))
    assert origin in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
