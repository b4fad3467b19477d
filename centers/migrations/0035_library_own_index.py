"""The library keeps its own words: SQLite entries hold Snowball stems indexed by an FTS5 table of their own, and
every entry's words are computed from its page's search fields (no longer copied from Wagtail's search index).

The entries' words are computed at the end of the chain (0039_library_words_after_upgrades), by the library's code
of today, once every column it writes exists.
"""

from django.db import migrations, models


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
    """Moved to 0039_library_words_after_upgrades: the library's code of today writes columns later migrations add
    (an archive of an older release restored and migrated stopped here)."""


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
