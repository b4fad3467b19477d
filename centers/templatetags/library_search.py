"""`{% library_search_form %}`: the search field a host site puts in its header (and, prominent, on its home page)."""

from urllib.parse import urlencode

from django import template

from centers.library.search_form import library_url

register = template.Library()


@register.inclusion_tag("centers/library/includes/search_form.html", takes_context=True)
def library_search_form(context, prominent=False):
    """A plain GET form to the library; nothing when the site has no live library."""
    request = context.get("request")
    return {
        "action": library_url(request),
        "prominent": prominent,
        "field_id": "home-search-q" if prominent else "site-search-q",
    }


@register.inclusion_tag("centers/library/includes/keyword_links.html", takes_context=True)
def keyword_links(context, keywords):
    """A page's keywords as links to the library's results for each (plain names without a live library)."""
    action = library_url(context.get("request"))
    return {
        "keywords": [
            {"name": tag.name, "url": f"{action}?{urlencode({'keyword': tag.slug})}" if action else None}
            for tag in keywords
        ]
    }
