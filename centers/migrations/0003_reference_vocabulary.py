"""Seeds the reference lists with the Russian vocabulary; the department edits them later."""

from django.db import migrations


def seed(apps, schema_editor):
    from centers.directory.vocabulary import ensure_vocabulary

    ensure_vocabulary(*(apps.get_model("centers", name) for name in ("Subject", "MaterialType", "EventFormat", "EducationLevel")))


class Migration(migrations.Migration):
    dependencies = [("centers", "0002_reference_lists")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
