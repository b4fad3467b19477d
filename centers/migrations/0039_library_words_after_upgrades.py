"""The library's entries get their words from the library's code of today, once every column it writes exists (the
last migration that changes the entries is before this one; a later one that adds a column to them moves this step
after it).

Sites with up to WORDS_IN_MIGRATION searchable entries get their words here. A larger site keeps its PostgreSQL
documents as they were (searches go on finding them) and should run `manage.py refresh_library_entries` after
migrating; on SQLite its searches find nothing until then.
"""

from django.db import migrations

WORDS_IN_MIGRATION = 20_000


def fill_words(apps, schema_editor):
    """The words of every entry, computed by the library (entries are derived data)."""
    LibraryEntry = apps.get_model("centers", "LibraryEntry")
    count = LibraryEntry.objects.count()
    if not count:
        return
    if count > WORDS_IN_MIGRATION:
        print(
            f"\n  {count} library entries: run `manage.py refresh_library_entries` to compute their words"
            " (PostgreSQL keeps finding the words copied before; SQLite finds nothing until then)."
        )
        return
    from wagtail.models import Page

    from centers.library.entries import refresh_entries

    refresh_entries(Page.objects.filter(pk__in=list(LibraryEntry.objects.values_list("page_id", flat=True))))


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0038_coorganizing_invitations"),
    ]

    operations = [
        migrations.RunPython(fill_words, migrations.RunPython.noop),
    ]
