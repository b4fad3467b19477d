"""Building live pages in bulk, as `add_child` followed by `publish` would leave them, thousands per second.

Wagtail's `add_child` costs tens of milliseconds a page (a tree lock, a parent refresh, validation, signals), far too
slow for 100,000 pages. Here the treebeard paths are computed directly, the `Page` rows go in with one
`bulk_create`, the subclass's own columns with one multi-row insert per batch (Django refuses `bulk_create` for
multi-table models), and the parent's `numchild` is increased once. Pages get `url_path`, `draft_title`, the parent's
locale and publication times, so they route, list and edit like any other page. What they do not get: revisions
(the admin edits the page itself) and the search index (call `add_to_search_index` where search matters).
"""

from django.db import connections, router
from django.db.models import F
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from portal.devtools.demo.site_tree import build_directory, build_home

FLOOR_SLUG = "bench-floor"
BATCH_SIZE = 1000
# seed_bench --skip-search-index turns this off: Wagtail's PostgreSQL indexer costs some 10-20 ms of Python per
# page, most of the seeding time at 100,000 materials, and only the admin search and the API's ?search= read its
# index (the library computes its entries' words itself, in `refresh_missing_entries`).
search_indexing = {"enabled": True}


def batched(items, size=BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def concrete_page_classes(model):
    """The concrete classes whose tables hold a row of `model`, below `Page`, from the top down."""
    return [
        cls
        for cls in reversed(model.__mro__)
        if isinstance(cls, type)
        and issubclass(cls, Page)
        and cls is not Page
        and hasattr(cls, "_meta")
        and not cls._meta.abstract
        and not cls._meta.proxy
    ]


def insert_rows(model, objects, fields, using):
    """One multi-row INSERT per batch the database accepts, like bulk_create but allowed for child tables."""
    connection = connections[using]
    size = max(1, connection.ops.bulk_batch_size(fields, objects) or len(objects))
    for batch in batched(objects, size):
        model._base_manager.using(using)._insert(batch, fields=fields, using=using, raw=True)


def add_live_children(parent, pages):
    """Insert the unsaved specific pages `pages` (one model) as the last live children of `parent`; returns them."""
    if not pages:
        return pages
    model = type(pages[0])
    if any(type(page) is not model for page in pages):
        raise ValueError("add_live_children takes pages of one model per call.")
    using = router.db_for_write(Page)
    last_child = (
        Page.objects.using(using)
        .filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    position = Page._str2int(last_child[-Page.steplen :]) if last_child else 0
    if len(Page._int2str(position + len(pages))) > Page.steplen:
        raise ValueError(f"{parent} cannot hold {position + len(pages)} children (treebeard step length).")
    now = timezone.now()
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    rows = []
    for offset, page in enumerate(pages, start=1):
        page.path = Page._get_path(parent.path, parent.depth + 1, position + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.last_published_at or page.first_published_at
        rows.append(Page(**{field.attname: getattr(page, field.attname) for field in page_fields}))
    Page.objects.using(using).bulk_create(rows, batch_size=BATCH_SIZE)
    for page, row in zip(pages, rows, strict=True):
        page.id = row.id
    for cls in concrete_page_classes(model):
        for link in cls._meta.parents.values():
            for page in pages:
                setattr(page, link.attname, page.id)
        insert_rows(cls, pages, cls._meta.local_concrete_fields, using)
    for page in pages:
        page._state.adding = False
        page._state.db = using
    Page.objects.using(using).filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    return pages


def attach_parental_many_to_many(model, objects):
    """Load every ParentalManyToManyField of `objects` with one query each and keep it in memory on the objects.

    modelcluster's accessor ignores `prefetch_related`, so indexing would query each of them once per object.
    """
    for field in model._meta.get_fields():
        if not isinstance(field, ParentalManyToManyField):
            continue
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        related = {obj.pk: [] for obj in objects}
        links = through.objects.filter(**{f"{source}__in": list(related)}).select_related(target)
        for link in links.order_by("pk"):
            related[getattr(link, f"{source}_id")].append(getattr(link, target))
        for obj in objects:
            setattr(obj, field.name, related[obj.pk])


def add_to_search_index(objects):
    """Index bulk-created objects in every Wagtail search backend (saving them would have done it by signal).

    The objects are read again through `get_indexed_objects()`, which selects and prefetches what the search
    fields follow (type, subjects, authors...): indexed as they are, each costs a few queries per related field.
    """
    if not objects or not search_indexing["enabled"]:
        return
    model = type(objects[0])
    indexed = list(model.get_indexed_objects().filter(pk__in=[obj.pk for obj in objects]).order_by("pk"))
    attach_parental_many_to_many(model, indexed)
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, indexed)


def ensure_floor(home):
    """The floor of the table: a bare `wagtail.models.Page` with only a title (template `wagtailcore/page.html`)."""
    floor = Page.objects.child_of(home).filter(slug=FLOOR_SLUG).first()
    if floor is None:
        floor = home.add_child(instance=Page(title="Пустая страница Wagtail", slug=FLOOR_SLUG))
    return floor


def ensure_skeleton():
    """The home page as the site root, the directory of centers and the floor page; returns (home, directory)."""
    home = build_home()
    directory = build_directory(home)
    ensure_floor(home)
    return home, directory
