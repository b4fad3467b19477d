import pytest

pytestmark = pytest.mark.django_db


def test_version_for_visually_impaired_is_one_click_from_every_page(client, home, directory):
    for url in (home.url, directory.url):
        html = client.get(url).content.decode()
        assert "Версия для слабовидящих" in html
        assert f'href="/accessibility/change/?next={url}"' in html


def test_switching_on_keeps_the_choice_across_pages_and_visits(client, home, directory):
    response = client.get("/accessibility/change/", {"next": directory.url})
    assert response.status_code == 302
    assert response["Location"] == directory.url
    cookie = response.cookies["a11y"]
    assert int(cookie["max-age"]) >= 365 * 24 * 3600 - 1
    css = client.get("/accessibility/style.css").content.decode()
    assert "font-size: 150%" in css
    assert ".a11y-panel { display: block; }" in css
    client.get(home.url)  # moving between pages does not reset it
    assert "font-size: 150%" in client.get("/accessibility/style.css").content.decode()


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"size": "huge"}, "font-size: 200%"),
        ({"size": "normal"}, "font-size: 100%"),
        ({"font": "serif"}, "Georgia"),
        ({"scheme": "wb"}, "color: #ffffff !important; background-color: #000000"),
        ({"scheme": "blue"}, "color: #063462 !important; background-color: #9dd1ff"),
        ({"scheme": "bw"}, "color: #000000 !important; background-color: #ffffff"),
        ({"spacing": "widest"}, "letter-spacing: 0.16em"),
        ({"images": "off"}, "main img"),
    ],
)
def test_each_choice_changes_the_stylesheet(client, choice, expected):
    client.get("/accessibility/change/", choice)
    assert expected in client.get("/accessibility/style.css").content.decode()


def test_normal_version_is_one_click_back(client):
    client.get("/accessibility/change/", {"scheme": "wb"})
    client.get("/accessibility/change/", {"version": "normal"})
    css = client.get("/accessibility/style.css").content.decode()
    assert "#000000" not in css
    # and the colours chosen before come back when the version is switched on again
    client.get("/accessibility/change/")
    assert "background-color: #000000" in client.get("/accessibility/style.css").content.decode()


def test_forged_cookie_values_cannot_inject_css(client):
    client.cookies["a11y"] = "on=1;size=}body{display:none;scheme=<script>"
    css = client.get("/accessibility/style.css").content.decode()
    assert "display:none" not in css
    assert "<script>" not in css
    assert "font-size: 150%" in css


def test_redirect_after_a_change_stays_on_this_site(client):
    response = client.get("/accessibility/change/", {"next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_settings_page_works_as_a_plain_form(client):
    html = client.get("/accessibility/").content.decode()
    assert html.count('type="radio"') >= 3 + 2 + 5 + 3 + 2
    assert 'action="/accessibility/change/"' in html


def test_stylesheet_answers_not_modified_when_unchanged(client):
    first = client.get("/accessibility/style.css")
    again = client.get("/accessibility/style.css", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_site_identity_refuses_a_brand_colour_white_text_cannot_be_read_on():
    from django.core.exceptions import ValidationError

    from portal.models import validate_brand_colour

    validate_brand_colour("#0b4f8a")
    with pytest.raises(ValidationError) as error:
        validate_brand_colour("#ffe066")
    assert "Контраст" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_brand_colour("red; } body { display: none")


def test_brand_colour_from_site_identity_reaches_the_stylesheet(client, home):
    from wagtail.models import Site

    from portal.models import SiteIdentity

    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.brand_colour = "#6a1b9a"
    identity.save()
    assert "--color-brand: #6a1b9a" in client.get("/accessibility/style.css").content.decode()
