"""An editor types a Russian title in the admin: the slug Wagtail's own script makes is the one the public practice
form gives a sent-in practice (centers.common.slugs), letter for letter, never Cyrillic."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from centers.common.slugs import transliterated_slug
from centers.models import PracticeIndexPage

from .actions import log_in_to_admin

PASSWORD = "Транслитерация-2026"
TITLES = [
    "Игровые технологии на уроках истории: «щука» и ёж — № 5",
    "Цифровая образовательная среда: ХХI век, объём и съёмка",
    "Эффективный урок физкультуры в 1–4 классах",
]


def test_the_admins_slug_field_spells_a_russian_title_as_the_public_form_does(demo_server, browser):
    admin = get_user_model().objects.get(username="admin")
    admin.set_password(PASSWORD)
    admin.save()
    index = PracticeIndexPage.objects.live().first()
    editor = log_in_to_admin(browser, demo_server.url, admin, PASSWORD)
    editor.on("dialog", lambda dialog: dialog.accept())  # leaving an unsaved draft for the next title
    for title in TITLES:
        editor.goto(f"{demo_server.url}/admin/pages/add/centers/practicepage/{index.pk}/")
        editor.locator("#id_title").fill(title)
        editor.locator("#id_title").blur()
        slug_field = editor.locator(
            "#id_slug"
        )  # on the Promote tab, filled from the title by Wagtail's script
        expect(slug_field).not_to_have_value("")
        slug = slug_field.input_value()
        assert slug == transliterated_slug(title) and slug.isascii(), title
