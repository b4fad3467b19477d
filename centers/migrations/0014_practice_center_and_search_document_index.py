import django.db.models.deletion
from django.db import migrations, models

# Wagtail's PostgreSQL backend matches `(title || body) @@ query`; its GIN indexes are on each column alone, so
# every search with words read the whole index table. An index on the same expression lets it find the matches.
DOCUMENT_INDEX = "centers_search_document_gin"


def create_document_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {DOCUMENT_INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
    )
    schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop_document_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {DOCUMENT_INDEX}")


def set_practice_centers(apps, schema_editor):
    """Each practice's center is the CenterPage above it in the tree (the longest path that prefixes its own)."""
    PracticePage = apps.get_model("centers", "PracticePage")
    CenterPage = apps.get_model("centers", "CenterPage")
    centers = sorted(CenterPage.objects.values_list("path", "pk"), key=lambda row: -len(row[0]))
    for practice_id, path in PracticePage.objects.values_list("pk", "path").iterator():
        center_id = next((pk for center_path, pk in centers if path.startswith(center_path)), None)
        if center_id is not None:
            PracticePage.objects.filter(pk=practice_id).update(center_id=center_id)


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0013_material_filter_indexes"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="practicepage",
            name="center",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="centers.centerpage",
                verbose_name="resource center",
            ),
        ),
        migrations.RunPython(set_practice_centers, migrations.RunPython.noop),
        migrations.RunPython(create_document_index, drop_document_index),
    ]
