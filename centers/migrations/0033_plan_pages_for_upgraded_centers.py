"""Every center gets its work plan at `<center>/plan/`; an old free page holding the address moves aside.

See centers/plans/upgrade.py: the old page becomes `plan-archive/` with a temporary redirect from `plan/`, and the
new plan starts as a draft there (published, empty, where the address was free).
"""

from django.db import migrations

from centers.plans.upgrade import give_every_center_its_plan


def forwards(apps, schema_editor):
    give_every_center_its_plan(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0032_outbox_failed_letters"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    # Going back leaves the pages as they are: they are content now.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
