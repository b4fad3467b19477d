"""The library's entries: each searchable page's facet values in one narrow row (plus its subjects and levels), so
counting facets over thousands of matches reads a small table instead of every page type's own.

An entry follows its page: saved or published pages, changed subjects and levels, moved subtrees and a center's
new direction refresh the entries concerned; pages created in bulk get theirs from `refresh_missing_entries`.
An entry also keeps whether its page is live, its tree path and its words, computed here from the page's search
fields (`centers.library.words`: a tsvector on PostgreSQL, Snowball stems indexed by FTS5 on SQLite), so that a
search reads this one narrow table (`centers.library.ranked_search`) whatever search backend the site uses.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from centers.directory.models.center import CenterPage
from centers.library.facet_codes import MULTI_VALUED_FACETS, FacetCodesField, facet_code
from centers.library.page_facets import annotate_facets, related_tables
from centers.library.registry import recommended_among, searchable_types, type_of_page
from centers.library.words import words_of_pages, write_documents

BATCH = 5000
WORDS_BATCH = 1000  # pages whose words are computed and written at once


class LibraryEntry(models.Model):
    """A searchable page's single-valued facets in one narrow row: facet counts over many matches read only these."""

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    center = models.ForeignKey(CenterPage, null=True, on_delete=models.SET_NULL, related_name="+")
    direction = models.ForeignKey("centers.Direction", null=True, on_delete=models.SET_NULL, related_name="+")
    year = models.SmallIntegerField(null=True)
    live = models.BooleanField(default=False)
    path = models.CharField(max_length=255, default="")  # the page's, for view restrictions (kept_public_q)
    first_published_at = models.DateTimeField(null=True)
    # PostgreSQL: the page's title and body words with their weights (centers.library.words).
    document = SearchVectorField(null=True)
    # SQLite: the same words as Snowball stems, indexed by the FTS5 table centers_libraryentry_stems.
    title_stems = models.TextField(blank=True, default="")
    body_stems = models.TextField(blank=True, default="")
    # Its subjects, levels and keywords (the rows of LibraryEntryValue) as codes, counted in the same pass.
    facet_codes = FacetCodesField(default=list)
    # Carries the council's mark «recommended for implementation» (a project, or a material or practice of one).
    recommended = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")

    def __str__(self):
        return f"{self.page_id}: {self.content_type_id}, {self.center_id}, {self.direction_id}, {self.year}"


class LibraryEntryValue(models.Model):
    """One subject, level or keyword of a searchable page (a page may have several of each)."""

    class Facet(models.TextChoices):
        SUBJECT = "subject", _("Subject")
        LEVEL = "level", _("Level")
        KEYWORD = "keyword", _("Keyword")

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    facet = models.CharField(max_length=10, choices=Facet.choices)
    value = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("library entry value")
        verbose_name_plural = _("library entry values")
        constraints = [
            models.UniqueConstraint(fields=["page", "facet", "value"], name="centers_library_value_unique")
        ]

    def __str__(self):
        return f"{self.page_id}: {self.facet} {self.value}"


def entry_values(facet):
    """The subjects (or the levels) of every searchable page."""
    return LibraryEntryValue.objects.filter(facet=facet)


def refresh_entries(pages, types=None, objects=None):
    """Recompute the entries of the pages in the queryset `pages` (non-searchable and deleted pages drop out), their
    words included; `types` narrows the page types to look at (one page's own type when a single page changed) and
    `objects` ({page id: page as its own type}) gives pages whose words are read as they are in memory."""
    types = types or searchable_types()
    searchable = pages.type(*[searchable.model for searchable in types])
    ids = list(pages.values_list("pk", flat=True))
    rows = list(
        annotate_facets(Page.objects.filter(pk__in=searchable.values("pk"))).values_list(
            "pk",
            "facet_type",
            "facet_center",
            "facet_direction",
            "facet_year",
            "live",
            "path",
            "first_published_at",
        )
    )
    values = []
    facet_codes = {}
    for facet in MULTI_VALUED_FACETS:
        for through, page_column, value_column in related_tables(facet, types):
            for page_id, value in through.objects.filter(
                **{f"{page_column}__in": searchable.values("pk")}
            ).values_list(page_column, value_column):
                values.append(LibraryEntryValue(page_id=page_id, facet=facet, value=value))
                facet_codes.setdefault(page_id, []).append(facet_code(facet, value))
    recommended = recommended_among(searchable)
    stems = connection.vendor != "postgresql"
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            LibraryEntryValue.objects.filter(page_id__in=ids[start : start + BATCH]).delete()
            LibraryEntry.objects.filter(page_id__in=ids[start : start + BATCH]).delete()
        for start in range(0, len(rows), WORDS_BATCH):
            batch = rows[start : start + WORDS_BATCH]
            words = words_of_pages({row[0]: row[1] for row in batch}, objects)
            entries = []
            for pk, type_id, center, direction, year, live, path, published in batch:
                entry = LibraryEntry(
                    page_id=pk,
                    content_type_id=type_id,
                    center_id=center,
                    direction_id=direction,
                    year=year,
                    live=live,
                    path=path,
                    first_published_at=published,
                    facet_codes=facet_codes.get(pk, []),
                    recommended=pk in recommended,
                )
                if stems and pk in words:
                    entry.title_stems, entry.body_stems = words[pk].title_stems(), words[pk].body_stems()
                entries.append(entry)
            LibraryEntry.objects.bulk_create(entries, batch_size=WORDS_BATCH)
            write_documents(words)
        LibraryEntryValue.objects.bulk_create(values, batch_size=BATCH)


def refresh_missing_entries():
    """Entries for searchable pages that have none (pages created in bulk, without signals); how many."""
    missing = Page.objects.type(*[searchable.model for searchable in searchable_types()]).exclude(
        pk__in=LibraryEntry.objects.values("page_id")
    )
    count = missing.count()
    if count:
        refresh_entries(missing)
    return count


def refresh_entry_of_saved_page(sender, instance, raw=False, update_fields=None, **kwargs):
    """A page saved in full (a partial save only keeps revisions and tree bookkeeping) gets its entry anew."""
    if update_fields is not None:
        return
    own_type = type_of_page(instance) if isinstance(instance, Page) else None
    if raw or own_type is None:
        return
    refresh_entries(Page.objects.filter(pk=instance.pk), types=[own_type], objects={instance.pk: instance})
    if isinstance(instance, CenterPage):
        # Pages without a direction of their own take their center's.
        refresh_entries(Page.objects.filter(path__startswith=instance.path).exclude(pk=instance.pk))


def refresh_entry_of_published_page(sender, instance, **kwargs):
    """Subjects and levels are stored after the page row: once publishing is done they are final."""
    refresh_entry_of_saved_page(sender, instance.specific)


def refresh_entry_of_related_page(sender, instance, action, reverse=False, **kwargs):
    if action.startswith("post_") and not reverse and isinstance(instance, Page):
        refresh_entry_of_saved_page(sender, instance)


def refresh_entries_of_moved_subtree(sender, instance, **kwargs):
    """A moved subtree may now belong to another center (its pages' centers are recomputed first)."""
    moved = Page.objects.get(pk=instance.pk)
    refresh_entries(Page.objects.filter(path__startswith=moved.path))
