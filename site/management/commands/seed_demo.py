"""`manage.py seed_demo`: the demo site, on development databases only.

It creates accounts and prints their passwords, so it must never run on a live database. The demo builder lives in
the development app `portal.devtools`, which production does not install; this command stays in portal so that
production answers with a clear refusal rather than "Unknown command".
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

DEVTOOLS_APP = "portal.devtools"
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

        build_demo_site(self.stdout, self.style, address=(host, port))
