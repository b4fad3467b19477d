"""`{% kept_fragment name key... %}...{% endkept_fragment %}`: a part of a page rendered once per generation of the
site's structure (centers.common.kept) and language, for what only a page change alters.

Never for what depends on the request (user, CSRF token, query string) or on the time (upcoming meetings); what
depends on the day (centers active today) passes `daily`, and is rendered again the next day.
"""

import hashlib

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from centers.common.kept import KEPT_FOR, kept_key, structure_cache

register = template.Library()


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
        cache = structure_cache()
        key = kept_key(request, name)
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, KEPT_FOR)
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
