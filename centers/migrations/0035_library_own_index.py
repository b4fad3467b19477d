"""The library keeps its own words: SQLite entries hold Snowball stems indexed by an FTS5 table of their own, and
every entry's words are computed from its page's search fields (no longer copied from Wagtail's search index).

Sites with up to WORDS_IN_MIGRATION searchable entries get their words here. A larger site keeps its PostgreSQL
documents as they were copied (searches go on finding them) and should run `manage.py refresh_library_entries`
after migrating; on SQLite its searches find nothing until then.
"""

from django.db import migrations, models

WORDS_IN_MIGRATION = 20_000


def create_stems_index(apps, schema_editor):
    """SQLite only: the FTS5 table over the entries' stems and the triggers that keep it."""
    from centers.library.words import ensure_stems_index

    ensure_stems_index(schema_editor.connection)


def drop_stems_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from centers.library.words import STEMS_TABLE, STEMS_TRIGGERS

        for name in STEMS_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {STEMS_TABLE}")


def fill_words(apps, schema_editor):
    """The words of every entry, computed by the library (the code of today: entries are derived data)."""
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
        ("centers", "0034_privacy_operator_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="libraryentry",
            name="title_stems",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="libraryentry",
            name="body_stems",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(create_stems_index, drop_stems_index),
        migrations.RunPython(fill_words, migrations.RunPython.noop),
    ]
