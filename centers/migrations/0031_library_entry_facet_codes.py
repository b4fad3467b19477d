from django.db import migrations

import centers.library.facet_codes

SLOTS = 4
POSITIONS = "CASE facet WHEN 'subject' THEN 0 WHEN 'level' THEN 1 ELSE 2 END"


def fill_codes(apps, schema_editor):
    """Every entry's subjects, levels and keywords as codes (value * 4 + the facet's position)."""
    connection = schema_editor.connection
    aggregate = "array_agg" if connection.vendor == "postgresql" else "json_group_array"
    empty = "'{}'" if connection.vendor == "postgresql" else "'[]'"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE centers_libraryentry SET facet_codes = (SELECT coalesce({aggregate}(value * {SLOTS} + {POSITIONS}),"
            f" {empty}) FROM centers_libraryentryvalue AS value WHERE value.page_id = centers_libraryentry.page_id)"
        )


def compact(apps, schema_editor):
    """PostgreSQL: the update wrote every row anew; give the half-empty table back (a search reads its pages)."""
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("VACUUM FULL ANALYZE centers_libraryentry")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("centers", "0030_question_and_answer_pages"),
    ]

    operations = [
        migrations.RemoveField(model_name="libraryentry", name="facet_values"),
        migrations.AddField(
            model_name="libraryentry",
            name="facet_codes",
            field=centers.library.facet_codes.FacetCodesField(default=list),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop, atomic=True),
        migrations.RunPython(compact, migrations.RunPython.noop, atomic=False),
    ]
