"""Every center gets its work plan at `<center>/plan/`; an old free page holding the address moves aside.

See centers/plans/upgrade.py: the old page becomes `plan-archive/` with a temporary redirect from `plan/`, and the
new plan starts as a draft there (published, empty, where the address was free).
"""

from django.apps import apps as installed_apps
from django.db import migrations

from centers.plans.upgrade import give_every_center_its_plan


def forwards(apps, schema_editor):
    give_every_center_its_plan(apps)


class Migration(migrations.Migration):
    # The redirects of moved pages need Wagtail's redirects app; a host without it migrates too (no redirects then).
    dependencies = [("centers", "0032_outbox_failed_letters")] + (
        [("wagtailredirects", "0008_add_verbose_name_plural")]
        if installed_apps.is_installed("wagtail.contrib.redirects")
        else []
    )

    # Going back leaves the pages as they are: they are content now.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
