"""A teacher goes from a center's page to its consultation form, forgets the consent once, then sends the request."""

import re

from django.core import mail
from playwright.sync_api import expect

from centers.models import CenterPage, ConsultationRequest

from .actions import follow

TOPIC = "Индивидуальный маршрут для ученика с ЗПР"


def test_teacher_asks_a_center_for_a_consultation_from_its_page(demo_server, browser_page, screenshot):
    center = CenterPage.objects.get(slug="inclusive-sosh5")
    page = browser_page
    page.goto(demo_server.url + center.url)
    assert (
        page.locator("form[method=post]").count() == 0
    )  # the center page is the same for everyone, and cached
    screenshot(page, "center")

    follow(page, page.get_by_role("link", name="Запросить консультацию"))
    assert page.url == demo_server.url + center.url + "consultation/"
    assert page.get_by_role("heading", level=1).inner_text() == "Запросить консультацию"
    trail = page.get_by_role("navigation", name="Навигационная цепочка")
    expect(trail.get_by_role("link", name=center.title)).to_be_visible()
    page.get_by_label("Тема").fill(TOPIC)
    page.get_by_label("Вопрос").fill(
        "Как составить индивидуальный образовательный маршрут для третьеклассника?"
    )
    page.get_by_label("Организация").fill("МБОУ «СОШ № 7»")
    page.get_by_label("ФИО").fill("Сафина Алия Маратовна")
    page.get_by_label("Ваш адрес электронной почты").fill("safina.journey@example.ru")
    follow(page, page.get_by_role("button", name="Отправить запрос"))
    expect(page.get_by_text("Запрос не отправлен")).to_be_visible()
    assert page.get_by_label("Тема").input_value() == TOPIC  # what was typed stays
    consent = page.get_by_role("checkbox")
    expect(consent).to_have_accessible_description(re.compile("Без согласия"))  # read out on focus
    assert not ConsultationRequest.objects.filter(topic=TOPIC).exists()
    screenshot(page, "refused")

    consent.check()
    follow(page, page.get_by_role("button", name="Отправить запрос"))
    assert page.url == demo_server.url + center.url + "consultation/sent/"
    assert page.get_by_role("heading", level=1).inner_text() == "Запрос отправлен"
    stored = ConsultationRequest.objects.get(topic=TOPIC)
    assert stored.center_id == center.pk and stored.email == "safina.journey@example.ru"
    assert any(letter.to == ["safina.journey@example.ru"] for letter in mail.outbox)
    follow(page, page.get_by_role("link", name=f"Вернуться: «{center.title}»"))
    assert page.url == demo_server.url + center.url
