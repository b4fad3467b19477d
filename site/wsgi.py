import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
application = get_wsgi_application()

from portal.hit_replay import with_replayed_hits  # noqa: E402  (needs the settings configured above)

application = with_replayed_hits(application)
