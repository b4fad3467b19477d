import pytest

from centers.models import CenterPage

from .actions import follow


def has_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_visitor_switches_on_the_version_for_visually_impaired_and_it_stays_on(
    demo_server, browser_page, screenshot
):
    page = browser_page
    page.goto(demo_server.url + "/")
    follow(page, page.get_by_role("link", name="Версия для слабовидящих"))
    follow(page, page.get_by_role("link", name="Белым по чёрному"))
    body_colour = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(body_colour) == "rgb(0, 0, 0)"
    follow(
        page, page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Ресурсные центры")
    )
    assert page.url.endswith("/centers/")
    assert page.evaluate(body_colour) == "rgb(0, 0, 0)"
    assert page.get_by_role("link", name="Обычная версия").is_visible()
    center = CenterPage.objects.live().first()
    follow(page, page.get_by_role("link", name=center.title).first)
    assert page.evaluate(body_colour) == "rgb(0, 0, 0)"
    screenshot(page)
    page.reload(wait_until="load")  # a later visit: the cookie keeps the choice
    assert page.evaluate(body_colour) == "rgb(0, 0, 0)"
    follow(page, page.get_by_role("link", name="Обычная версия"))
    assert page.evaluate(body_colour) != "rgb(0, 0, 0)"
    assert page.get_by_role("link", name="Версия для слабовидящих").is_visible()


def test_images_can_be_hidden_and_font_enlarged(demo_server, browser_page):
    page = browser_page
    page.goto(demo_server.url + "/accessibility/?next=/")
    page.get_by_role("radio", name="Очень крупный").check()
    page.get_by_role("radio", name="Скрыть изображения").check()
    page.get_by_role("radio", name="С засечками").check()
    follow(page, page.get_by_role("button", name="Применить"))
    assert page.url == demo_server.url + "/"
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily")


@pytest.mark.parametrize(
    ("width", "scale", "a11y"),
    [(320, 1, None), (640, 2, None), (1280, 1, "huge")],
    ids=["320px", "zoom-200", "text-200"],
)
def test_home_page_has_no_horizontal_scroll(demo_server, browser, screenshot, width, scale, a11y):
    """320 px phones, 200% browser zoom (a 1280 px window seen at 640 CSS px), and 200% text in the special version."""
    context = browser.new_context(
        locale="ru-RU", viewport={"width": width, "height": 800}, device_scale_factor=scale
    )
    page = context.new_page()
    if a11y:
        page.goto(demo_server.url + f"/accessibility/change/?size={a11y}&next=/")
    for path in ["/", "/centers/", CenterPage.objects.live().first().url]:
        page.goto(demo_server.url + path)
        assert not has_horizontal_scroll(page), path
    page.goto(demo_server.url + "/")
    screenshot(page)
    context.close()


def test_hidden_images_are_not_shown(demo_server, browser_page):
    page = browser_page
    page.goto(demo_server.url + "/accessibility/change/?images=off&next=/")
    page.wait_for_load_state("load")
    assert page.locator("main img").count() > 0
    hidden = page.evaluate(
        "Array.from(document.querySelectorAll('main img')).every(img => getComputedStyle(img).display === 'none')"
    )
    assert hidden
