"""A letter the outbox gives up on is marked failed (with its reason in last_error) instead of blocking the others.

Letters that had already used up their attempts before this change are marked failed too, so that the department
sees them in the admin's list of failed letters.
"""

from django.db import migrations, models
from django.db.models.functions import Now

# centers.outbox.delivery.MAX_ATTEMPTS when this migration was written.
MAX_ATTEMPTS = 20


def mark_exhausted_letters_failed(apps, schema_editor):
    OutgoingLetter = apps.get_model("centers", "OutgoingLetter")
    OutgoingLetter.objects.filter(sent_at__isnull=True, attempts__gte=MAX_ATTEMPTS).update(failed_at=Now())


class Migration(migrations.Migration):
    dependencies = [
        ("centers", "0031_library_entry_facet_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingletter",
            name="failed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="given up at"),
        ),
        migrations.AddIndex(
            model_name="outgoingletter",
            index=models.Index(fields=["failed_at"], name="outbox_failed_idx"),
        ),
        migrations.RunPython(mark_exhausted_letters_failed, migrations.RunPython.noop),
    ]
