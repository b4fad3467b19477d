"""The link list: pages of this site and other sites, with links to other sites marked as such."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from . import searchable


class LinkBlock(searchable.StructBlock):
    page = wagtail_blocks.PageChooserBlock(label=_("Page of this site"), required=False)
    url = wagtail_blocks.URLBlock(label=_("Address on another site"), required=False)
    title = wagtail_blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Says where the link leads; for a page of this site, its title is used if left empty."),
    )

    class Meta:
        icon = "link"
        label = _("Link")

    def clean(self, value):
        value = super().clean(value)
        if self.is_deferred_validation:
            return value
        if value.get("page") and value.get("url"):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choose a page or enter an address, not both."))}
            )
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter an address."))}
            )
        if value.get("url") and not (value.get("title") or "").strip():
            raise StructBlockValidationError(
                block_errors={"title": ValidationError(_("Enter the link text: say where the link leads."))}
            )
        return value


def resolve_link(link, request):
    """What the reader gets for one link: its address, its text and whether it leaves the site; None if gone."""
    page = link.get("page")
    if page is not None:
        if not page.live:
            return None
        return {
            "href": page.get_url(request=request),
            "text": link.get("title") or page.title,
            "external": False,
        }
    url = link.get("url")
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    own_host = request.get_host().split(":")[0].lower() if request is not None else None
    return {
        "href": url,
        "text": link.get("title") or url,
        "external": host != own_host,
        "host": host.removeprefix("www."),
    }


class LinkListBlock(searchable.StructBlock):
    heading = wagtail_blocks.CharBlock(label=_("Heading"), required=False, max_length=200)
    links = wagtail_blocks.ListBlock(LinkBlock(), label=_("Links"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Link list")
        template = "blocks/link_list.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["links"] = [entry for link in value["links"] if (entry := resolve_link(link, request))]
        return context
