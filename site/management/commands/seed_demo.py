"""`manage.py seed_demo`: the demo site, on development databases only.

It creates accounts and prints their passwords, so it must never run on a live database. The demo builder lives in
the development app `portal.devtools`, which production does not install; this command stays in portal so that
production answers with a clear refusal rather than "Unknown command".
"""

import io
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.test.utils import override_settings

DEVTOOLS_APP = "portal.devtools"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
REFUSAL = (
    "seed_demo не запускается с рабочими настройками: он создаёт демонстрационные учётные записи и печатает их "
    "пароли, а на живой базе это дыра в безопасности. Демо-данные есть только в приложении разработки "
    f"{DEVTOOLS_APP}, которое ставят настройки portal.settings.dev, test и bench (production его не ставит). "
    "Запустите команду на копии для разработки: DJANGO_SETTINGS_MODULE=portal.settings.dev."
)


class Command(BaseCommand):
    help = "Builds (or brings up to date) the demo municipal site; safe to run again (development settings only)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="where the demo is served (make demo's HOST)")
        parser.add_argument("--port", type=int, default=8000, help="its port (make demo's PORT)")

    def handle(self, *args, host, port, **options):
        if not apps.is_installed(DEVTOOLS_APP):
            raise CommandError(REFUSAL)
        from portal.devtools.demo.accounts import build_demo_site

        if settings.EMAIL_BACKEND != CONSOLE_BACKEND:  # tests (locmem) and other setups keep their own
            build_demo_site(self.stdout, self.style, address=(host, port))
            return
        # The demo's letters (some 390 lines on the console, sent when the build commits) go to files, and the
        # summary ending with the accounts is written after them, so the passwords stay on screen.
        letters = Path(settings.VAR_DIR) / "demo-letters"
        letters.mkdir(parents=True, exist_ok=True)
        before = {path.name for path in letters.iterdir()}
        summary = io.StringIO()
        with override_settings(EMAIL_BACKEND=FILE_BACKEND, EMAIL_FILE_PATH=str(letters)):
            build_demo_site(OutputWrapper(summary), self.style, address=(host, port))
        written = len({path.name for path in letters.iterdir()} - before)
        self.stdout.write(f"Letters the demo sent ({written}): {letters}/ (one file per connection)")
        self.stdout.write(summary.getvalue(), ending="")
