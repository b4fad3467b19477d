"""Fast creation of many child pages for query-count tests: Wagtail's add_child takes ~0.1 s a page here."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from centers.library.entries import refresh_entries


def bulk_add_children(parent, pages):
    """Insert unsaved specific `pages` as live last children of `parent`: Page rows in one bulk insert with
    treebeard paths, then one raw insert per page into its own table (no revisions, no search indexing)."""
    parent = Page.objects.get(pk=parent.pk)
    last = parent.get_last_child()
    start = last._get_lastpos_in_path() if last else 0
    now = timezone.now()
    page_fields = [field for field in Page._meta.concrete_fields if field.attname != "id"]
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, parent.depth + 1, start + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = ContentType.objects.get_for_model(type(page))
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.first_published_at
    rows = Page.objects.bulk_create(
        [Page(**{field.attname: getattr(page, field.attname) for field in page_fields}) for page in pages]
    )
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.id
        page.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    # Like seed_bench after a bulk load: the library's entries of the new pages (raw saves send no refresh).
    refresh_entries(Page.objects.filter(pk__in=[page.pk for page in pages]))
    return pages
