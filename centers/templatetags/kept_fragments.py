"""`{% kept_fragment name key... %}...{% endkept_fragment %}`: a part of a page rendered once per generation of the
site's structure (centers.common.kept) and language, for what only a page change alters.

Never for what depends on the request (user, CSRF token, query string) or on the time (upcoming meetings); what
depends on the day (centers active today) passes `daily`, and is rendered again the next day.
"""

import hashlib
import threading
from collections import OrderedDict

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from centers.common.kept import KEPT_FOR, kept_key, structure_cache

register = template.Library()

RECENT_CHARACTERS = 4_000_000  # what one process keeps of the fragments it last used, at most


class RecentFragments:
    """The HTML this process last rendered or read, by its key in the shared cache, which names the generation: a
    large fragment (a month of the city's plan at 10,000 meetings, a megabyte) is not read and unpickled from the
    shared cache on every request. A new generation names new keys, so nothing outdated is served; the least
    recently used go first beyond RECENT_CHARACTERS."""

    def __init__(self, limit=RECENT_CHARACTERS):
        self.limit, self.size, self.entries, self.lock = limit, 0, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            html = self.entries.get(key)
            if html is not None:
                self.entries.move_to_end(key)
            return html

    def add(self, key, html):
        if len(html) > self.limit:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = html
            self.size += len(html)
            while self.size > self.limit:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped)


recent = RecentFragments()


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, keys, daily=False):
        self.nodelist = nodelist
        self.keys = keys
        self.daily = daily

    def render(self, context):
        """The HTML kept under the current generation, rendered and kept on a miss; a preview shows its draft."""
        request = context.get("request")
        if getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        keys = [str(key.resolve(context)) for key in self.keys]
        if self.daily:
            keys.append(timezone.localdate().isoformat())
        name = ":".join(["fragment", get_language() or "", *keys])
        key = kept_key(request, name)
        html = recent.get(key)
        if html is not None:
            return html
        cache = structure_cache()
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, KEPT_FOR)
        recent.add(key, html)
        return html


@register.filter
def pks(objects):
    """The objects' primary keys as one key part: a list (of meetings shown now) kept as the HTML of its items."""
    return hashlib.md5(",".join(str(item.pk) for item in objects).encode(), usedforsecurity=False).hexdigest()


@register.tag
def kept_fragment(parser, token):
    """Arguments: the fragment's name and what it varies with (the page's pk), as template expressions; `daily` last
    for a fragment that depends on the date."""
    bits = token.split_contents()[1:]
    daily = bool(bits) and bits[-1] == "daily"
    if daily:
        bits = bits[:-1]
    if not bits:
        raise template.TemplateSyntaxError("kept_fragment needs at least a name")
    nodelist = parser.parse(("endkept_fragment",))
    parser.delete_first_token()
    return KeptFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits], daily)
