"""Crawl a running site's sitemap: every <loc> must point at the site's own address and answer 200.

    .venv/bin/python tools/crawl_sitemap.py --base http://127.0.0.1:8000     (make crawl, while make demo runs)

It reads <base>/sitemap.xml (following a sitemap index), checks that every location starts with <base>/ (so the
Wagtail Site is set to where the site is served) and requests each one without following redirects. Prints one line
per failure and a summary; exit status 1 on any failure.
"""

import argparse
import sys
import urllib.error
import urllib.request
from xml.etree import ElementTree

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is reported as it is: a sitemap should list the pages themselves."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch_over_http(url):
    """(status, body) of a GET, errors included, so that the crawl can report them."""
    try:
        with OPENER.open(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def locations(base, fetch, sitemap_url=None):
    """Every page location of the sitemap at `base`, following a sitemap index one level down."""
    status, body = fetch(sitemap_url or f"{base}/sitemap.xml")
    if status != 200:
        raise RuntimeError(f"{sitemap_url or base + '/sitemap.xml'}: HTTP {status}")
    root = ElementTree.fromstring(body)
    found = [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc")]
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        return [page for child in found for page in locations(base, fetch, child)]
    return found


def crawl(base, fetch=fetch_over_http):
    """(locations, failures): each failure is a line saying which location and why."""
    base = base.rstrip("/")
    pages = locations(base, fetch)
    failures = []
    for url in pages:
        if not url.startswith(f"{base}/"):
            failures.append(f"{url}: not at {base}/ (set the Site's address: manage.py set_site_address)")
            continue
        status, _body = fetch(url)
        if status != 200:
            failures.append(f"{url}: HTTP {status}")
    return pages, failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="the address make demo printed")
    arguments = parser.parse_args(argv)
    try:
        pages, failures = crawl(arguments.base)
    except (OSError, RuntimeError, ElementTree.ParseError) as error:
        print(f"crawl: {arguments.base}/sitemap.xml unreadable: {error}", file=sys.stderr)
        return 1
    for failure in failures:
        print(failure)
    print(
        f"{len(pages)} sitemap locations, {len(pages) - len(failures)} answered 200, {len(failures)} failed"
    )
    return 1 if failures or not pages else 0


if __name__ == "__main__":
    sys.exit(main())
