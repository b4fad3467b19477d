"""A teacher goes from an event page to its registration form and registers; the same e-mail in other letters
is told the same and takes no second seat."""

from django.core import mail
from playwright.sync_api import expect

from centers.models import EventPage, Registration

from .actions import follow

EMAIL = "Teacher.Journey@example.ru"


def event_with_free_seats():
    """An upcoming one-time event with a seat limit and two seats the demo has left free (the link still says
    «Зарегистрироваться» after ours)."""
    for event in EventPage.objects.live().filter(capacity__isnull=False).order_by("start"):
        occurrence = event.open_occurrences().first()
        if occurrence is None or event.is_recurring:
            continue
        taken = Registration.objects.filter(
            occurrence=occurrence, status=Registration.Status.CONFIRMED
        ).count()
        if taken + 1 < event.capacity:
            return event, occurrence
    raise AssertionError("the demo has no upcoming event with free seats")


def fill_registration_form(page, email):
    page.get_by_label("Фамилия, имя, отчество").fill("Гарипова Лилия Ринатовна")
    page.get_by_label("Должность").fill("учитель начальных классов")
    page.get_by_label("Организация").fill("МБОУ «СОШ № 3»")
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Телефон").fill("+7 (912) 555-12-34")
    page.get_by_label("Я даю согласие на обработку моих персональных данных").check()


def test_teacher_registers_for_event_and_the_same_email_again_gets_the_same_answer_and_no_second_seat(
    demo_server, browser_page, screenshot
):
    event, occurrence = event_with_free_seats()
    taken = Registration.objects.filter(occurrence=occurrence, status=Registration.Status.CONFIRMED).count()
    page = browser_page
    page.goto(demo_server.url + event.url)
    assert page.get_by_role("heading", level=1).inner_text() == event.title
    expect(page.locator(".event__facts")).to_contain_text(
        f"{event.capacity - taken} из {event.capacity} свободно"
    )
    assert page.locator("form[method=post]").count() == 0  # the page is the same for everyone, and cached
    screenshot(page, "event")

    follow(page, page.get_by_role("link", name="Зарегистрироваться"))
    assert page.url == demo_server.url + event.url + "register/"
    assert page.get_by_role("heading", level=1).inner_text() == f"Регистрация: {event.title}"
    expect(
        page.get_by_role("navigation", name="Навигационная цепочка").get_by_role("link", name=event.title)
    ).to_be_visible()
    fill_registration_form(page, EMAIL)
    follow(page, page.get_by_role("button", name="Зарегистрироваться"))
    assert page.url.startswith(demo_server.url + event.url + "register/done/?r=")
    confirmation = page.get_by_role("status")
    assert "Вы зарегистрированы." in confirmation.inner_text()
    assert EMAIL.lower() in confirmation.inner_text()  # the same spelling whatever was typed before
    screenshot(page, "confirmed")
    page.reload(wait_until="load")  # reloading the result sends nothing again
    assert "Вы зарегистрированы." in page.get_by_role("status").inner_text()
    registration = Registration.objects.get(occurrence=occurrence, email__iexact=EMAIL)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.full_name == "Гарипова Лилия Ринатовна"
    assert registration.consent_given_at is not None
    # The live server runs in this process, so its locmem backend fills the same outbox.
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == [EMAIL]
    assert letter.subject == f"Вы зарегистрированы: {event.title}"
    assert [name for name, _content, _type in letter.attachments] and letter.attachments[0][
        2
    ] == "text/calendar; method=PUBLISH; charset=utf-8"

    follow(page, page.get_by_role("link", name="Вернуться к мероприятию"))
    expect(page.locator(".event__facts")).to_contain_text(
        f"{event.capacity - taken - 1} из {event.capacity} свободно"
    )
    follow(page, page.get_by_role("link", name="Зарегистрироваться"))
    fill_registration_form(page, EMAIL.upper())
    follow(page, page.get_by_role("button", name="Зарегистрироваться"))
    # The same answer as a new registration: whoever types an address learns nothing of its owner's registrations.
    again = page.get_by_role("status")
    assert "Вы зарегистрированы." in again.inner_text() and "уже" not in again.inner_text()
    screenshot(page, "registered-again")
    assert Registration.objects.filter(occurrence=occurrence, email__iexact=EMAIL).count() == 1
    # No second registration; the letter of the first goes again (a lost letter is what a retry usually means).
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [EMAIL] and mail.outbox[1].subject == letter.subject
