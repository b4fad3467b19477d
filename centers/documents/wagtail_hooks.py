"""Document downloads follow the pages that use them, after Wagtail's own collection privacy check."""

from wagtail import hooks

from centers.documents.privacy import refuse_unless_pages_allow


@hooks.register("before_serve_document")
def follow_the_pages_using_it(document, request):
    """An unpublished or restricted page's files are as private as the page (issue 15 item 4, issue 16 item 6)."""
    return refuse_unless_pages_allow(document, request)
