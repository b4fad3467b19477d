"""A teacher opens /my/, types their e-mail, follows the link from the letter, downloads a certificate and cancels an
upcoming registration, all without an account; an attendee answers the feedback form from their letter's link."""

import re

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from centers.events.feedback import feedback_token
from centers.models import Certificate, Feedback, Registration
from portal.devtools.demo.records import demo_teacher_email

from ..certificates_helpers import pdf_text
from .actions import follow


def test_teacher_opens_the_record_from_the_letter_downloads_a_certificate_and_cancels(
    demo_server, browser_page, screenshot, tmp_path
):
    email = demo_teacher_email()
    upcoming = (
        Registration.objects.filter(email__iexact=email, status=Registration.Status.CONFIRMED)
        .filter(occurrence__start__gt=timezone.now())
        # a meeting its center cancelled (the closed center's) has nothing left to cancel
        .filter(occurrence__is_cancelled=False, occurrence__event__live=True)
        .order_by("occurrence__start", "pk")
        .first()
    )
    certificate = Certificate.objects.filter(email__iexact=email, revoked_at__isnull=True).first()
    assert upcoming is not None and certificate is not None, "the demo's teacher has both"
    mail.outbox.clear()
    page = browser_page
    page.goto(demo_server.url + "/my/")
    assert page.get_by_role("heading", level=1).inner_text() == "Мои регистрации и сертификаты"
    page.get_by_label("Электронная почта").fill(email)
    follow(page, page.get_by_role("button", name="Прислать ссылку"))
    assert page.url == demo_server.url + "/my/sent/"
    expect(page.get_by_role("status")).to_contain_text("Если этот адрес есть в наших записях")
    screenshot(page, "sent")

    [letter] = mail.outbox  # the live server runs in this process: its locmem backend fills the same outbox
    assert letter.to == [email]
    link = re.search(r"http://\S+/my/\S+/", letter.body).group(0)
    page.goto(link, wait_until="load")
    assert page.get_by_role("heading", level=1).inner_text() == "Моя страница"
    record = page.locator("article.record")
    expect(record).to_contain_text(upcoming.occurrence.event.title)
    expect(record).to_contain_text(certificate.event_title)
    screenshot(page, "record")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Скачать сертификат № {certificate.number} (PDF)").first.click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = pdf_text(saved.read_bytes())
    assert certificate.full_name in text and certificate.number in text

    title = upcoming.occurrence.event.title
    follow(page, page.get_by_role("button", name=f"Отменить регистрацию: {title}"))
    expect(page.get_by_role("status").first).to_contain_text("Регистрация отменена")
    expect(page.get_by_role("button", name=f"Отменить регистрацию: {title}")).to_have_count(0)
    upcoming.refresh_from_db()
    assert upcoming.status == Registration.Status.CANCELLED
    screenshot(page, "cancelled")

    # The erasure asks first, and says the certificate will stop verifying; leaving the page erases nothing.
    follow(page, page.get_by_role("link", name="Отозвать согласие и удалить мои данные…"))
    expect(page.locator("main, body").first).to_contain_text("будет отозван")
    expect(page.get_by_role("button", name="Да, отозвать согласие и удалить мои данные")).to_be_visible()
    screenshot(page, "erase-confirm")
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None


def test_an_attendee_answers_the_feedback_form_from_the_letters_link(demo_server, browser_page, screenshot):
    attended = (
        Registration.objects.filter(attended=True, feedback__isnull=True, anonymized_at__isnull=True)
        .exclude(email="")
        .first()
    )
    page = browser_page
    page.goto(demo_server.url + reverse("centers_feedback", args=[feedback_token(attended)]))
    assert page.get_by_role("heading", level=1).inner_text() == "Ваше мнение о встрече"
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Что было самым полезным?").fill("Разбор уроков коллег")
    screenshot(page, "form")
    follow(page, page.get_by_role("button", name="Отправить"))
    expect(page.get_by_role("status")).to_contain_text("Ваш ответ сохранён")
    feedback = Feedback.objects.get(registration=attended)
    assert (feedback.usefulness, feedback.most_useful) == (4, "Разбор уроков коллег")
