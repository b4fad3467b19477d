"""Who may download a document: the pages that use it decide, the strictest of them, on top of its collection.

The rule (docs/operations.md, "Documents follow their pages"):
- a document used by at least one live page without a view restriction is public (subject to its collection);
- a document used only by live restricted pages asks for every restriction of every such page;
- a document used by any unpublished page, and by no live public one, goes only to who may edit it or that page;
- a document used by no page follows its collection, except one that came from a public form: that one stays
  with the editors until a page using it is published, and goes back to them when the page is unpublished or deleted.
Uses come from Wagtail's reference index (page fields, inline attachments, StreamField blocks, rich text links).
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import reverse
from django.views.decorators.cache import add_never_cache_headers
from wagtail.documents.permissions import permission_policy as document_permissions
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.wagtail_hooks import require_wagtail_login


def pages_using(document):
    """Every page whose stored content refers to `document` (live content for live pages, the draft otherwise)."""
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(page_id) for page_id in page_ids])


def may_edit(user, document, pages):
    """Editors see what they are working on: whoever may change the document or edit a page using it."""
    if not user.is_authenticated:
        return False
    if document_permissions.user_has_any_permission_for_instance(user, ["change", "choose"], document):
        return True
    return any(page.permissions_for_user(user).can_edit() for page in pages)


def editors_only(document, pages, request):
    """A visitor is sent to log in, a logged-in user without the right gets the page that is not there."""
    if may_edit(request.user, document, pages):
        return None
    if not request.user.is_authenticated:
        return require_wagtail_login(next=request.get_full_path())
    raise Http404


def restriction_response(restriction, page, request):
    """What Wagtail answers for the restricted page itself: its password form, or the login page."""
    if restriction.restriction_type == PageViewRestriction.PASSWORD:
        form = PasswordViewRestrictionForm(
            instance=restriction, initial={"return_url": request.get_full_path()}
        )
        action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
        return page.specific.serve_password_required_response(request, form, action_url)
    return require_wagtail_login(next=request.get_full_path())


def refuse_unless_pages_allow(document, request):
    """None when `request` may download `document` by the pages using it, else the response that refuses it."""
    pages = list(pages_using(document))
    if not pages:
        return editors_only(document, pages, request) if document.private_until_published else None
    if Page.objects.filter(pk__in=[page.pk for page in pages]).live().public().exists():
        return None
    if any(not page.live for page in pages):
        return editors_only(document, pages, request)
    for page in pages:
        for restriction in page.get_view_restrictions():
            if not restriction.accept_request(request):
                response = restriction_response(restriction, page, request)
                add_never_cache_headers(response)
                return response
    return None
