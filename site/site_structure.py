"""The request's Wagtail site, kept with its root page until the site or the page tree changes
(centers.common.kept)."""

from wagtail.models import Site

from centers.common.kept import KEPT_FOR, kept_key, structure_cache


class KeptSiteMiddleware:
    """The request's Wagtail site from what was kept for its host and port (Wagtail's `find_for_request` then reads
    it from the request); after a miss, the site Wagtail found, with its root page ready to route, is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = f"site:{request._get_raw_host()}:{request.get_port()}"
        missed = False
        if not hasattr(request, "_wagtail_site"):
            site = structure_cache().get(kept_key(request, name))
            if site is not None:
                request._wagtail_site = site
            missed = site is None
        response = self.get_response(request)
        found = getattr(request, "_wagtail_site", None)
        if missed and found is not None:
            # Under the generation current now: the request itself may have started a new one (a first visit
            # creates the site's settings).
            structure_cache().set(kept_key(None, name), site_ready_to_route(found.pk), KEPT_FOR)
        return response


def site_ready_to_route(site_pk):
    """A fresh copy of the site with its root page and the root's specific page loaded (read again, not the one a
    view may have changed)."""
    site = Site.objects.select_related("root_page").get(pk=site_pk)
    site.root_page.specific  # noqa: B018 - loaded now, kept with the site
    return site
