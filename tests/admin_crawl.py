"""Crawls the Wagtail admin as one user through Django's test client and reads each screen's visible text.

Used by tests/test_admin_in_russian.py. Every link under /admin/ is followed (GET only: a screen, never an action),
at most a few times per URL shape (the digits of ids replaced), so that a list of 200 pages costs two visits.
"""

import re
from collections import deque
from html import unescape
from html.parser import HTMLParser

SKIPPED = re.compile(
    r"/logout/|/login/|format=(csv|xlsx|ics|pdf)|/(export|download|protocol|scan|zip|preview|serve|"
    r"usage|workflow/|api/|chooser|jsi18n|autocomplete|bulk/|account/|results/|editing-sessions/|lock/|unlock/|"
    r"block-preview/)|\.(pdf|zip|xlsx|csv|ics|png|jpe?g|webp)\b"
    r"|[?&]export=|/images/\d+/generate_url"
)
INVISIBLE = {"script", "style", "template", "noscript", "svg", "textarea", "select"}
RAW_VALUES = re.compile(r"(?<![\w-])(True|False|None)(?![\w-])")
ENGLISH_OF = re.compile(r"\d+\s*(?:-|–)\s*\d+ of \d+|\bof\b")


class VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles, templates, hidden elements or select options."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = []  # tags whose content is not shown, innermost last
        self.parts = []
        self.links = []
        self.in_header = False  # inside a <th> whose first words are not read yet
        self.headers = []  # column headers starting in lower case

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "th":
            self.in_header = True
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}:
            return
        if self.skipping or tag in INVISIBLE or "hidden" in attrs:
            self.skipping.append(tag)

    def handle_endtag(self, tag):
        if tag == "th":
            self.in_header = False
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.parts.append(data.strip())
            if self.in_header:
                self.in_header = False
                if data.strip()[0].islower():
                    self.headers.append(data.strip())


ADMIN_URL = re.compile(r"""["'](/admin/[^"'\\\s<>]*)["']""")


def read(html):
    """The visible text, the column headers in lower case, and every admin URL of the page (the sidebar's too)."""
    parser = VisibleText()
    parser.feed(html)
    links = list(dict.fromkeys(parser.links + ADMIN_URL.findall(html)))
    return " | ".join(parser.parts), parser.headers, links


def shape(url):
    """The URL's path with its ids replaced: a listing and its orderings, pages and filters are one shape."""
    return re.sub(r"\d+", "N", url.partition("?")[0])


def problems_in(text):
    found = [match.group(0) for match in RAW_VALUES.finditer(text)]
    found += [f"«{match.group(0)}»" for match in ENGLISH_OF.finditer(text)]
    return found


def crawl(client, start=("/admin/",), limit=400, per_shape=2, extra_checks=()):
    """{url: [problems]} for every admin screen reached from `start` (answers 200 with HTML)."""
    seen, shapes, problems = set(), {}, {}
    queue = deque(start)
    visited = 0
    while queue and visited < limit:
        url = queue.popleft()
        if url in seen or SKIPPED.search(url):
            continue
        seen.add(url)
        key = shape(url)
        if shapes.get(key, 0) >= per_shape:
            continue
        shapes[key] = shapes.get(key, 0) + 1
        response = client.get(url)
        visited += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text, headers, links = read(response.content.decode())
        found = problems_in(text) + [f"column «{header}»" for header in headers]
        found += [problem for check in extra_checks for problem in check(url, text)]
        if found:
            problems[url] = sorted(set(found))
        for link in links:
            link = unescape(link).split("#")[0]
            if link.startswith("/admin/") and link not in seen:
                queue.append(link)
    return problems, visited
