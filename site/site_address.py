"""The default Wagtail Site's address: sitemap, feeds, the API and letters build every absolute link from it."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def address_of(base_url):
    """(hostname, port) of a base URL such as https://rc.example.ru or http://127.0.0.1:8000."""
    try:
        parts = urlsplit(base_url.strip())
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in DEFAULT_PORTS or not parts.hostname or port is None:
        raise ValidationError(
            _("The address must look like https://rc.example.ru or http://127.0.0.1:8000, not “%(url)s”.")
            % {"url": base_url}
        )
    return parts.hostname, port


def set_default_site_address(hostname, port):
    """Point the default Site at where the site is really served, so that absolute links lead there."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise ValidationError(_("There is no default site yet: run migrate first."))
    taken = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists()
    if taken:
        raise ValidationError(
            _("Another site already answers at %(hostname)s:%(port)s.") % {"hostname": hostname, "port": port}
        )
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return site
